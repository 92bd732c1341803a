"""Writes on contests (the set-up, the jury, the phases): keyword-only, atomic, audited
(django-auditlog on the models). Entries are in `services_entries`, the jury's work in
`services_judging`.

Bad input is a ValidationError with Vietnamese messages by field (nothing is saved); what the
actor may not do is PermissionDenied (the views answer 404). Who does what:

- the organiser's managers (MANAGE_CAMPAIGN on the organising node) set the contest up, name the
  judges, move it from entries to judging, issue the documents and forward the winners;
- a unit's managers send entries for their unit; a member sends their own (from their cell);
  both edit or withdraw them until the entries close;
- a judge named on the contest scores each entry they reach once (never one of their own unit);
- the jury chair locks the results (ranking, tiers, computed special prizes) and changes a prize
  or picks the jury's prize, with a reason.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lamtheo.core.versioning import save_versioned
from lamtheo.organizations.models import Organization
from lamtheo.organizations.scoping import Capability, can
from lamtheo.organizations.selectors import reaches
from lamtheo.study.uploads import CheckedDocument

from .models import (
    Contest,
    ContestJudge,
    ContestKind,
    Criterion,
    EntryType,
    Phase,
    PrizeTier,
    Score,
    SpecialPrize,
    SpecialRule,
    TierLevel,
)

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_TEXT = 20_000


def dmy(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def can_manage(user: User, contest: Contest) -> bool:
    return can(user, Capability.MANAGE_CAMPAIGN, contest)


def is_chair(user: User, contest: Contest) -> bool:
    return ContestJudge.objects.filter(contest=contest, user=user, is_chair=True).exists()


# --- the contest ---------------------------------------------------------------------------------


@dataclass
class CriterionRow:
    name: str
    weight: int
    max_score: int


@dataclass
class TierRow:
    name: str
    count: int
    level: str


LINE = re.compile(r"^(?P<name>[^|]+?)\s*\|\s*(?P<a>\d{1,3})\s*(?:\|\s*(?P<b>[\w]+)\s*)?$")


def parse_criteria(text: str) -> list[CriterionRow]:
    """Lines "name | weight | maximum"; ValidationError naming the bad line."""
    rows: list[CriterionRow] = []
    for number, raw in enumerate((text or "").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        match = LINE.match(line)
        if not match or not (match["b"] or "").isdigit():
            raise ValidationError(
                _("Line %(n)s: write “name | weight | maximum score”, e.g. “Nội dung | 4 | 10”.") % {"n": number}
            )
        weight, top = int(match["a"]), int(match["b"])
        if not 1 <= weight <= 100 or not 1 <= top <= 100:
            raise ValidationError(_("Line %(n)s: the weight and the maximum are from 1 to 100.") % {"n": number})
        rows.append(CriterionRow(match["name"].strip()[:200], weight, top))
    if not rows:
        raise ValidationError(_("Give at least one scoring criterion."))
    return rows


def parse_tiers(text: str) -> list[TierRow]:
    """Lines "name | count | level" (level: first, second, third, consolation, other)."""
    rows: list[TierRow] = []
    for number, raw in enumerate((text or "").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        match = LINE.match(line)
        level = (match["b"] or TierLevel.OTHER) if match else ""
        if not match or level not in TierLevel.values:
            raise ValidationError(
                _("Line %(n)s: write “name | number of prizes | level”, e.g. “Giải Nhất | 1 | first”.") % {"n": number}
            )
        count = int(match["a"])
        if not 1 <= count <= 500:
            raise ValidationError(_("Line %(n)s: the number of prizes is from 1 to 500.") % {"n": number})
        rows.append(TierRow(match["name"].strip()[:120], count, level))
    return rows


@transaction.atomic
def save_contest(
    *,
    actor: User,
    organization: Organization | None = None,
    contest: Contest | None = None,
    kind: ContestKind,
    year: int,
    title: str,
    theme: str = "",
    rules: str = "",
    entries_open: dt.date,
    entries_close: dt.date,
    judging_until: dt.date | None = None,
    results_on: dt.date | None = None,
    entry_types: list[str],
    entry_limit: int | None = None,
    blind: bool = False,
    next_round: Contest | None = None,
    criteria: str,
    tiers: str,
    specials: dict[str, str] | None = None,
    document: CheckedDocument | None = None,
    expected_version: int | None = None,
) -> Contest:
    """Create or change a contest with its rubric, prize tiers and special prizes.

    The rubric cannot change once judging has begun (the scores refer to it)."""
    if contest is None:
        if organization is None or not reaches(actor, organization, Capability.MANAGE_CAMPAIGN):
            raise PermissionDenied
        contest = Contest(organization=organization)
    elif not can_manage(actor, contest):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if not title:
        errors.setdefault("title", []).append(_("Give the contest a title."))
    if not MIN_YEAR <= year <= MAX_YEAR:
        errors.setdefault("year", []).append(
            _("Enter a year between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}
        )
    if entries_close < entries_open:
        errors.setdefault("entries_close", []).append(_("The entries cannot close before they open."))
    if judging_until and judging_until < entries_close:
        errors.setdefault("judging_until", []).append(_("Judging ends after the entries close."))
    if results_on and results_on < entries_close:
        errors.setdefault("results_on", []).append(_("The results come after the entries close."))
    types = [t for t in entry_types if t in EntryType.values]
    if not types:
        errors.setdefault("entry_types", []).append(_("Choose at least one type of entry."))
    if next_round is not None and (
        next_round.pk == contest.pk
        or not contest.organization.path.startswith(next_round.organization.path)
        or next_round.organization_id == contest.organization_id
    ):
        errors.setdefault("next_round", []).append(_("Choose a contest of a level above the organiser."))
    rubric: list[CriterionRow] = []
    tier_rows: list[TierRow] = []
    try:
        rubric = parse_criteria(criteria)
    except ValidationError as exc:
        errors.setdefault("criteria", []).extend(exc.messages)
    try:
        tier_rows = parse_tiers(tiers)
    except ValidationError as exc:
        errors.setdefault("tiers", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    contest.kind = kind
    contest.year = year
    contest.title = title[:300]
    contest.theme = (theme or "").strip()[:500]
    contest.rules = (rules or "").strip()[:MAX_TEXT]
    contest.entries_open, contest.entries_close = entries_open, entries_close
    contest.judging_until, contest.results_on = judging_until, results_on
    contest.entry_types = types
    contest.entry_limit = entry_limit or None
    contest.blind = blind
    contest.next_round = next_round
    if document is not None:
        _attach_rules(contest, document)
    if contest.pk is None:
        contest.save()
    else:
        save_versioned(contest, expected_version=expected_version)
    _save_rubric(contest, rubric)
    _save_tiers(contest, tier_rows)
    _save_specials(contest, specials or {})
    return contest


def _attach_rules(contest: Contest, document: CheckedDocument) -> None:
    contest.rules_file.save(document.storage_name, document.content, save=False)
    contest.rules_file_name = document.original_name


def _save_rubric(contest: Contest, rows: list[CriterionRow]) -> None:
    current = list(contest.criteria.all())
    same = [(c.name, c.weight, c.max_score) for c in current] == [(r.name, r.weight, r.max_score) for r in rows]
    if same:
        return
    if contest.phase != Phase.ENTRIES or Score.objects.filter(entry__contest=contest).exists():
        raise ValidationError({"criteria": [_("The criteria cannot change once judging has begun.")]})
    contest.criteria.all().delete()
    Criterion.objects.bulk_create(
        [
            Criterion(contest=contest, name=r.name, weight=r.weight, max_score=r.max_score, order=i)
            for i, r in enumerate(rows, 1)
        ]
    )


def _save_tiers(contest: Contest, rows: list[TierRow]) -> None:
    current = list(contest.tiers.all())
    if [(t.name, t.count, t.level) for t in current] == [(r.name, r.count, r.level) for r in rows]:
        return
    if contest.phase == Phase.RESULTS:
        raise ValidationError({"tiers": [_("The prize structure cannot change once the results are locked.")]})
    contest.tiers.all().delete()
    PrizeTier.objects.bulk_create(
        [PrizeTier(contest=contest, name=r.name, count=r.count, level=r.level, order=i) for i, r in enumerate(rows, 1)]
    )


def _save_specials(contest: Contest, specials: dict[str, str]) -> None:
    """`specials`: rule → prize name (an empty name drops the prize)."""
    existing = {s.rule: s for s in contest.special_prizes.all()}
    for rule in SpecialRule.values:
        name = (specials.get(rule) or "").strip()[:200]
        prize = existing.get(rule)
        if name and prize is None:
            SpecialPrize.objects.create(contest=contest, rule=rule, name=name)
        elif name and prize is not None and prize.name != name:
            prize.name = name
            prize.save(update_fields=["name"])
        elif not name and prize is not None:
            prize.delete()


@transaction.atomic
def name_judge(*, actor: User, contest: Contest, user: User, chair: bool = False) -> ContestJudge:
    if not can_manage(actor, contest):
        raise PermissionDenied
    if contest.phase == Phase.RESULTS:
        raise ValidationError(_("The results are locked; the jury can no longer change."))
    if not user.is_active:
        raise ValidationError({"user": [_("This account is not active.")]})
    seat, _created = ContestJudge.objects.get_or_create(contest=contest, user=user)
    if chair:
        ContestJudge.objects.filter(contest=contest, is_chair=True).exclude(pk=seat.pk).update(is_chair=False)
    if seat.is_chair != chair:
        seat.is_chair = chair
        seat.save(update_fields=["is_chair"])
    return seat


@transaction.atomic
def remove_judge(*, actor: User, seat: ContestJudge) -> None:
    if not can_manage(actor, seat.contest):
        raise PermissionDenied
    if Score.objects.filter(entry__contest=seat.contest, judge=seat.user).exists():
        raise ValidationError(_("This judge has already scored entries and stays on the jury."))
    seat.delete()


@transaction.atomic
def start_judging(*, actor: User, contest: Contest) -> Contest:
    """Close the entries and open the judging (the organiser's managers)."""
    if not can_manage(actor, contest):
        raise PermissionDenied
    if contest.phase != Phase.ENTRIES:
        raise ValidationError(_("Judging has already begun."))
    if not contest.judges.exists():
        raise ValidationError(_("Name the judges first."))
    if not contest.judges.filter(is_chair=True).exists():
        raise ValidationError(_("Name the jury chair first."))
    contest.phase = Phase.JUDGING
    save_versioned(contest, expected_version=None)
    return contest
