"""Writes of the jury: a judge's one score sheet per entry, the chair's lock (ranking, tiers,
special prizes), prize changes with a reason, the jury's prize, and forwarding the winners to the
next level's round. Same conventions as `services`."""

from __future__ import annotations

import uuid
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
from lamtheo.organizations.scoping import Capability, can

from . import ranking
from .models import (
    Contest,
    Entry,
    EntryAuthor,
    EntryState,
    Phase,
    PrizeChange,
    PrizeTier,
    Score,
    ScoreItem,
    SpecialPrize,
    SpecialRule,
)
from .services import can_manage, dmy, is_chair

if TYPE_CHECKING:
    from lamtheo.accounts.models import User


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
            % {"day": dmy(timezone.localtime(done.created_at).date())},
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
