"""Writes on contests: keyword-only, atomic, audited (django-auditlog on the models).

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
import uuid
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lamtheo.core.versioning import save_versioned
from lamtheo.organizations.models import Organization, Person
from lamtheo.organizations.scoping import Capability, can
from lamtheo.organizations.selectors import reaches
from lamtheo.study.uploads import CheckedDocument, attach

from . import ranking
from .models import (
    Contest,
    ContestJudge,
    ContestKind,
    Criterion,
    Entry,
    EntryAuthor,
    EntryState,
    EntryType,
    Phase,
    PrizeChange,
    PrizeTier,
    Score,
    ScoreItem,
    SpecialPrize,
    SpecialRule,
    TierLevel,
)

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_TEXT = 20_000


def _dmy(day: dt.date) -> str:
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


# --- entries -------------------------------------------------------------------------------------


@dataclass
class AuthorRow:
    full_name: str
    birth_year: int | None
    person: Person | None = None


AUTHOR_LINE = re.compile(r"^(?P<name>.+?)[\s,;|-]+(?P<year>\d{4})$")


def parse_outsiders(text: str, *, today: dt.date | None = None) -> list[AuthorRow]:
    """Lines "full name, year of birth" for authors from outside the roster."""
    this_year = (today or timezone.localdate()).year
    rows: list[AuthorRow] = []
    for number, raw in enumerate((text or "").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        match = AUTHOR_LINE.match(line)
        if not match:
            raise ValidationError(
                _("Line %(n)s: write the full name and the year of birth, e.g. “Nguyễn Thị Hoa, 1958”.") % {"n": number}
            )
        year = int(match["year"])
        if not this_year - 110 <= year <= this_year - 3:
            raise ValidationError(
                _("Line %(n)s: %(year)s is not a believable year of birth.") % {"n": number, "year": year}
            )
        rows.append(AuthorRow(match["name"].strip()[:150], year))
    return rows


def sending_units(actor: User, contest: Contest) -> list[Organization]:
    """Units the actor may send entries for: those they manage in the contest's subtree, and
    their own cell (for their own entries)."""
    from .selectors import managed_units

    units = list(managed_units(actor, contest))
    person = actor.person if actor.person_id else None
    if person is not None and person.cell.path.startswith(contest.organization.path) and person.cell not in units:
        units.append(person.cell)
    return units


def _check_open(contest: Contest, today: dt.date) -> None:
    if contest.phase != Phase.ENTRIES:
        raise ValidationError(_("The entries are closed: the contest is judging or has its results."), code="closed")
    if today < contest.entries_open:
        raise ValidationError(
            _("The entries open on %(day)s; nothing was saved.") % {"day": _dmy(contest.entries_open)}, code="closed"
        )
    if today > contest.entries_close:
        raise ValidationError(
            _("The entries closed on %(day)s; nothing was saved.") % {"day": _dmy(contest.entries_close)},
            code="closed",
        )


def _may_edit(actor: User, entry: Entry) -> bool:
    if actor.person_id and entry.person_id == actor.person_id:
        return True
    return reaches(actor, entry.unit, Capability.MANAGE_CAMPAIGN)


@transaction.atomic
def save_entry(
    *,
    actor: User,
    contest: Contest,
    entry: Entry | None = None,
    unit: Organization | None = None,
    collective: bool = False,
    entry_type: str,
    title: str,
    summary: str = "",
    video_url: str = "",
    members: list[Person] | None = None,
    outsiders: list[AuthorRow] | None = None,
    document: CheckedDocument | None = None,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Entry:
    """Send (or change) an entry. A manager of the unit sends for it; a member without that role
    sends their own entry (they are its first author)."""
    today = today or timezone.localdate()
    members = list(members or [])
    outsiders = list(outsiders or [])
    if entry is None:
        if unit is None or unit not in sending_units(actor, contest):
            raise PermissionDenied
        entry = Entry(contest=contest, unit=unit, sent_by=actor)
    elif not _may_edit(actor, entry) or entry.is_withdrawn:
        raise PermissionDenied
    _check_open(contest, today)
    manager = reaches(actor, entry.unit, Capability.MANAGE_CAMPAIGN)
    own_person = actor.person if actor.person_id else None
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if not title:
        errors.setdefault("title", []).append(_("Give the entry a title."))
    if entry_type not in contest.entry_types:
        errors.setdefault("entry_type", []).append(_("This contest does not take entries of this type."))
    if entry_type == EntryType.VIDEO and not (video_url or "").strip():
        errors.setdefault("video_url", []).append(_("Give the link to the video."))
    has_file = bool(entry.file) or document is not None
    if entry_type in (EntryType.FILE, EntryType.WRITTEN) and not has_file and not (summary or "").strip():
        errors.setdefault("file", []).append(_("Attach the file of the entry (or write it in the summary)."))
    outside = [p for p in members if not p.cell.path.startswith(entry.unit.path)]
    if outside:
        errors.setdefault("members", []).append(_("Choose people of the sending unit."))
    if not manager:  # a member's own entry: they are among its authors
        collective = False
        if own_person is None:
            raise PermissionDenied
        if own_person not in members:
            members.insert(0, own_person)
    if not members and not outsiders:
        errors.setdefault("members", []).append(_("Name at least one author or performer."))
    if contest.entry_limit and entry.pk is None:
        sent = Entry.objects.filter(contest=contest, unit=entry.unit, state=EntryState.SENT).count()
        if sent >= contest.entry_limit:
            errors.setdefault("__all__", []).append(
                _("%(unit)s has already sent %(n)s entries, the most this contest takes from a unit.")
                % {"unit": entry.unit.name, "n": sent}
            )
    if errors:
        raise ValidationError(errors)
    entry.entry_type = entry_type
    entry.title = title[:300]
    entry.summary = (summary or "").strip()[:MAX_TEXT]
    entry.video_url = (video_url or "").strip()
    entry.person = None if collective else (own_person if not manager else (members[0] if members else None))
    attach(entry, document=document)
    if entry.pk is None:
        entry.save()
    else:
        save_versioned(entry, expected_version=expected_version)
    entry.authors.all().delete()
    rows = [AuthorRow(p.full_name, p.birth_date.year if p.birth_date else None, p) for p in members] + outsiders
    EntryAuthor.objects.bulk_create(
        [
            EntryAuthor(entry=entry, person=r.person, full_name=r.full_name, birth_year=r.birth_year, order=i)
            for i, r in enumerate(rows, 1)
        ]
    )
    return entry


@transaction.atomic
def withdraw_entry(*, actor: User, entry: Entry, today: dt.date | None = None) -> Entry:
    if not _may_edit(actor, entry) or entry.is_withdrawn:
        raise PermissionDenied
    _check_open(entry.contest, today or timezone.localdate())
    entry.state = EntryState.WITHDRAWN
    save_versioned(entry, expected_version=None)
    return entry


# --- judging -------------------------------------------------------------------------------------


@transaction.atomic
def score_entry(
    *, actor: User, entry: Entry, values: dict[int, str], comment: str = "", abstain: bool = False
) -> Score:
    """A judge's one sheet for an entry: every criterion from 0 to its maximum, or an abstention."""
    contest = entry.contest
    if not can(actor, Capability.JUDGE, entry) or entry.is_withdrawn:
        raise PermissionDenied
    if contest.phase != Phase.JUDGING:
        raise ValidationError(_("The judging is not open."), code="phase")
    done = Score.objects.filter(entry=entry, judge=actor).first()
    if done is not None:
        raise ValidationError(
            _("You already scored this entry on %(day)s; a judge scores each entry once. Nothing was changed.")
            % {"day": _dmy(timezone.localtime(done.created_at).date())},
            code="twice",
        )
    errors: dict[str, list[str]] = {}
    parsed: dict[int, Decimal] = {}
    criteria = list(contest.criteria.all())
    if not abstain:
        for criterion in criteria:
            raw = str(values.get(criterion.pk, "") or "").strip().replace(",", ".")
            field = f"c{criterion.pk}"
            if not raw:
                errors.setdefault(field, []).append(_("Give a score."))
                continue
            try:
                value = Decimal(raw)
            except InvalidOperation:
                errors.setdefault(field, []).append(_("Enter a number."))
                continue
            if not value.is_finite() or not 0 <= value <= criterion.max_score:
                errors.setdefault(field, []).append(_("The score is from 0 to %(max)s.") % {"max": criterion.max_score})
            elif value != value.quantize(Decimal("0.01")):
                errors.setdefault(field, []).append(_("Use at most two decimals."))
            else:
                parsed[criterion.pk] = value
    comment = (comment or "").strip()
    if len(comment) > 4000:
        errors.setdefault("comment", []).append(_("Keep the comment under 4000 characters."))
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            score = Score.objects.create(entry=entry, judge=actor, abstained=abstain, comment=comment)
    except IntegrityError:
        raise ValidationError(
            _("You already scored this entry; a judge scores each entry once. Nothing was changed."), code="twice"
        ) from None
    ScoreItem.objects.bulk_create([ScoreItem(score=score, criterion_id=pk, value=v) for pk, v in parsed.items()])
    return score


def candidates(contest: Contest) -> tuple[list[ranking.Candidate], list[ranking.Rubric]]:
    """The contest's entries and rubric as plain data for `ranking` (three queries)."""
    rubric = [ranking.Rubric(c.pk, c.weight, c.max_score) for c in contest.criteria.all()]
    entries = list(Entry.objects.filter(contest=contest, state=EntryState.SENT).order_by("sent_at", "pk"))
    by_entry = {e.pk: ranking.Candidate(e.pk, i) for i, e in enumerate(entries)}
    sheets: dict[int, ranking.Sheet] = {}
    for score in Score.objects.filter(entry__in=entries):
        sheet = ranking.Sheet({}, score.abstained)
        sheets[score.pk] = sheet
        by_entry[score.entry_id].sheets.append(sheet)
    for item in ScoreItem.objects.filter(score_id__in=list(sheets)):
        sheets[item.score_id].values[item.criterion_id] = Fraction(item.value)
    return list(by_entry.values()), rubric


@transaction.atomic
def lock_results(*, actor: User, contest: Contest) -> list[ranking.Ranked]:
    """The chair locks the judging: ranks, scores and tiers are written; special prizes computed."""
    if not is_chair(actor, contest):
        raise PermissionDenied
    if contest.phase != Phase.JUDGING:
        raise ValidationError(_("Only a contest in judging can be locked."))
    cands, rubric = candidates(contest)
    ranked = ranking.rank(cands, rubric)
    if not ranked:
        raise ValidationError(_("No entry has been scored yet; nothing to lock."))
    tiers = ranking.assign_tiers(ranked, [(t.pk, t.count) for t in contest.tiers.all()])
    entries = {e.pk: e for e in Entry.objects.filter(contest=contest)}
    for entry in entries.values():
        entry.rank, entry.score, entry.tier_id = None, None, None  # type: ignore[attr-defined]
    for row in ranked:
        entry = entries[row.entry_id]
        entry.rank = row.rank
        entry.score = Decimal(row.score.numerator) / Decimal(row.score.denominator)
        entry.score = entry.score.quantize(Decimal("0.001"))
        entry.tier_id = tiers.get(row.entry_id)  # type: ignore[attr-defined]
    Entry.objects.bulk_update(list(entries.values()), ["rank", "score", "tier"])
    compute_specials(contest, {r.entry_id: r.rank for r in ranked})
    contest.phase = Phase.RESULTS
    contest.locked_at = timezone.now()
    contest.locked_by = actor
    save_versioned(contest, expected_version=None)
    return ranked


def compute_specials(contest: Contest, ranks: dict[int, int]) -> None:
    """Fill the computed special prizes (oldest, youngest, unit with most entries); the reason is
    document text, kept in Vietnamese."""
    with translation.override("vi"):
        _compute_specials(contest, ranks)


def _compute_specials(contest: Contest, ranks: dict[int, int]) -> None:
    entries = dict(Entry.objects.filter(contest=contest, state=EntryState.SENT).values_list("pk", "unit_id"))
    entrants = [
        ranking.Entrant(a.pk, a.entry_id, a.birth_year) for a in EntryAuthor.objects.filter(entry_id__in=list(entries))
    ]
    for prize in contest.special_prizes.exclude(rule=SpecialRule.JURY):
        prize.entry = prize.author = prize.unit = None  # type: ignore[assignment]
        prize.reason = ""
        if prize.rule in (SpecialRule.OLDEST, SpecialRule.YOUNGEST):
            pick = (ranking.oldest if prize.rule == SpecialRule.OLDEST else ranking.youngest)(entrants, ranks)
            if pick is not None:
                prize.author_id = pick.author_id  # type: ignore[attr-defined]
                prize.entry_id = pick.entry_id  # type: ignore[attr-defined]
                prize.reason = _("born in %(year)s") % {"year": pick.birth_year}
        else:
            most = ranking.most_entries(entries, ranks)
            if most is not None:
                prize.unit_id = most[0]  # type: ignore[attr-defined]
                prize.reason = _("%(n)s entries") % {"n": most[1]}
        prize.save()


@transaction.atomic
def change_prize(*, actor: User, entry: Entry, tier: PrizeTier | None, reason: str) -> Entry:
    """The jury (its chair) changes an entry's prize after the lock, giving the reason."""
    contest = entry.contest
    if not is_chair(actor, contest):
        raise PermissionDenied
    if contest.phase != Phase.RESULTS:
        raise ValidationError(_("Prizes are changed after the results are locked."))
    reason = (reason or "").strip()
    errors: dict[str, list[str]] = {}
    if not reason:
        errors["reason"] = [_("Give the reason for the change.")]
    if tier is not None and tier.contest_id != contest.pk:
        errors["tier"] = [_("Choose a prize of this contest.")]
    if tier is not None and entry.rank is None:
        errors["tier"] = [_("An entry that was not ranked gets no prize.")]
    if tier is not None and not errors:
        given = Entry.objects.filter(contest=contest, tier=tier).exclude(pk=entry.pk).count()
        if given >= tier.count:
            errors["tier"] = [
                _("All %(n)s prizes of “%(tier)s” are given; take one back first.")
                % {"n": tier.count, "tier": tier.name}
            ]
    if errors:
        raise ValidationError(errors)
    PrizeChange.objects.create(entry=entry, old_tier=entry.tier, new_tier=tier, reason=reason[:500], changed_by=actor)
    entry.tier = tier
    save_versioned(entry, expected_version=None)
    return entry


@transaction.atomic
def choose_jury_prize(*, actor: User, prize: SpecialPrize, entry: Entry | None, reason: str) -> SpecialPrize:
    contest = prize.contest
    if not is_chair(actor, contest) or prize.rule != SpecialRule.JURY:
        raise PermissionDenied
    if contest.phase != Phase.RESULTS:
        raise ValidationError(_("The jury's prize is chosen after the results are locked."))
    if entry is not None and (entry.contest_id != contest.pk or entry.is_withdrawn):
        raise ValidationError({"entry": [_("Choose an entry of this contest.")]})
    if entry is not None and not (reason or "").strip():
        raise ValidationError({"reason": [_("Give the reason for the jury's choice.")]})
    prize.entry = entry
    prize.unit = None
    prize.author = None
    prize.reason = (reason or "").strip()[:500]
    prize.save()
    return prize


# --- up the levels -------------------------------------------------------------------------------


@transaction.atomic
def forward_winners(*, actor: User, contest: Contest, entries: list[Entry]) -> list[Entry]:
    """Send prize winners on to the next level's round as entries of the organiser, with their
    authors and file; the new entry keeps `forwarded_from` (the history)."""
    if not can_manage(actor, contest):
        raise PermissionDenied
    target = contest.next_round
    if target is None:
        raise ValidationError(_("This contest has no next level's round."))
    if contest.phase != Phase.RESULTS:
        raise ValidationError(_("Winners go on once the results are locked."))
    if target.phase != Phase.ENTRIES:
        raise ValidationError(_("The next level's round no longer takes entries."))
    if not entries:
        raise ValidationError({"entries": [_("Choose the winners to send on.")]})
    wrong = [e for e in entries if e.contest_id != contest.pk or e.tier_id is None]
    if wrong:
        raise ValidationError({"entries": [_("Only prize winners of this contest go on.")]})
    already = set(
        Entry.objects.filter(contest=target, forwarded_from__in=entries).values_list("forwarded_from_id", flat=True)
    )
    if already:
        raise ValidationError({"entries": [_("Some of these entries were already sent on.")]})
    created: list[Entry] = []
    for entry in entries:
        copy = Entry(
            contest=target,
            unit=contest.organization,
            person=entry.person,
            entry_type=entry.entry_type if entry.entry_type in target.entry_types else target.entry_types[0],
            title=entry.title,
            summary=entry.summary,
            video_url=entry.video_url,
            forwarded_from=entry,
            sent_by=actor,
        )
        if entry.file:
            with entry.file.open("rb") as handle:
                suffix = PurePath(entry.file.name).suffix
                copy.file.save(f"{uuid.uuid4().hex}{suffix}", ContentFile(handle.read()), save=False)
            copy.file_name = entry.file_name
        copy.save()
        EntryAuthor.objects.bulk_create(
            [
                EntryAuthor(entry=copy, person=a.person, full_name=a.full_name, birth_year=a.birth_year, order=a.order)
                for a in entry.authors.all()
            ]
        )
        created.append(copy)
    return created


def history(entry: Entry) -> list[Entry]:
    """The entry's earlier rounds, nearest first (a few queries, at most the depth of the tree)."""
    chain: list[Entry] = []
    current = entry
    while current.forwarded_from_id and len(chain) < 10:
        current = Entry.objects.select_related("contest__organization", "tier").get(pk=current.forwarded_from_id)
        chain.append(current)
    return chain
