"""Ranking, prize tiers and special prizes: pure functions of plain data (no database).

Scores
    A judge's sheet gives each criterion a value from 0 to its maximum. The sheet's total is the
    weighted mean of the criteria, each brought to a 100-point scale:
    total = Σ weightᵢ · (valueᵢ / maxᵢ) · 100 / Σ weightᵢ. An entry's score is the plain mean of
    its judges' totals; abstentions do not count. Exact fractions throughout.

Ranking (the stated tie-break)
    1. the higher score;
    2. on a tie, the higher mean on the heaviest criterion (the first of them in the rubric's order);
    3. then the entry sent earlier;
    4. then the lower entry id (never reached in practice: it only makes the order total).
    Entries without any counted sheet are not ranked.

Tiers
    In rank order, the first `count` ranked entries get the first tier, the next ones the second…

Special prizes
    Oldest / youngest entrant: among the authors with a birth year of the entries ranked or not
    (withdrawn ones are left out by the caller), the earliest / latest birth year; a tie goes to
    the author of the better-ranked entry, then the lower entry id. Unit with most entries: the
    unit with the most entries; a tie goes to the unit whose best entry ranks higher, then the
    lower unit id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction


@dataclass(frozen=True)
class Rubric:
    criterion_id: int
    weight: int
    max_score: int


@dataclass
class Sheet:
    """One judge's sheet: criterion id → value; `abstained` sheets count for nothing."""

    values: dict[int, Fraction]
    abstained: bool = False


@dataclass
class Candidate:
    entry_id: int
    sent_order: int  # smaller = sent earlier (a timestamp or a sequence)
    sheets: list[Sheet] = field(default_factory=list)


@dataclass(frozen=True)
class Ranked:
    entry_id: int
    rank: int
    score: Fraction
    judges: int


def sheet_total(sheet: Sheet, rubric: Sequence[Rubric]) -> Fraction:
    """The weighted mean of a sheet on a 100-point scale."""
    weights = sum(r.weight for r in rubric)
    if not weights:
        return Fraction(0)
    total = sum(
        (Fraction(r.weight) * Fraction(sheet.values.get(r.criterion_id, 0)) / r.max_score for r in rubric), Fraction(0)
    )
    return total * 100 / weights


def _counted(candidate: Candidate) -> list[Sheet]:
    return [s for s in candidate.sheets if not s.abstained]


def entry_score(candidate: Candidate, rubric: Sequence[Rubric]) -> Fraction | None:
    sheets = _counted(candidate)
    if not sheets:
        return None
    return sum((sheet_total(s, rubric) for s in sheets), Fraction(0)) / len(sheets)


def _heaviest(rubric: Sequence[Rubric]) -> Rubric | None:
    best: Rubric | None = None
    for item in rubric:
        if best is None or item.weight > best.weight:
            best = item
    return best


def rank(candidates: Iterable[Candidate], rubric: Sequence[Rubric]) -> list[Ranked]:
    """The ranked entries, best first, with ranks 1, 2, 3… (see the module doc for the tie-break)."""
    heaviest = _heaviest(rubric)
    keyed = []
    for candidate in candidates:
        score = entry_score(candidate, rubric)
        if score is None:
            continue
        sheets = _counted(candidate)
        second = Fraction(0)
        if heaviest is not None:
            second = sum((Fraction(s.values.get(heaviest.criterion_id, 0)) for s in sheets), Fraction(0)) / len(sheets)
        keyed.append(((-score, -second, candidate.sent_order, candidate.entry_id), candidate, score, len(sheets)))
    keyed.sort(key=lambda row: row[0])
    return [Ranked(c.entry_id, i, score, n) for i, (_, c, score, n) in enumerate(keyed, 1)]


def assign_tiers(ranked: Sequence[Ranked], tiers: Sequence[tuple[int, int]]) -> dict[int, int]:
    """Entry id → tier id, filling the tiers (id, count) in order from the top of the ranking."""
    result: dict[int, int] = {}
    slots = [tier_id for tier_id, count in tiers for _ in range(max(count, 0))]
    for row, tier_id in zip(ranked, slots, strict=False):
        result[row.entry_id] = tier_id
    return result


@dataclass(frozen=True)
class Entrant:
    author_id: int
    entry_id: int
    birth_year: int | None


def _rank_of(ranks: dict[int, int], entry_id: int) -> int:
    return ranks.get(entry_id, 10**9)


def oldest(entrants: Iterable[Entrant], ranks: dict[int, int]) -> Entrant | None:
    """The entrant born earliest; tie: better-ranked entry, then lower entry id."""
    rows = [e for e in entrants if e.birth_year]
    if not rows:
        return None
    return min(rows, key=lambda e: (e.birth_year, _rank_of(ranks, e.entry_id), e.entry_id, e.author_id))


def youngest(entrants: Iterable[Entrant], ranks: dict[int, int]) -> Entrant | None:
    """The entrant born latest; tie: better-ranked entry, then lower entry id."""
    rows = [e for e in entrants if e.birth_year]
    if not rows:
        return None
    return min(rows, key=lambda e: (-(e.birth_year or 0), _rank_of(ranks, e.entry_id), e.entry_id, e.author_id))


def most_entries(entry_units: dict[int, int], ranks: dict[int, int]) -> tuple[int, int] | None:
    """(unit id, number of entries) of the unit with most entries, from entry id → unit id;
    tie: the unit whose best entry ranks higher, then the lower unit id."""
    counts: dict[int, int] = {}
    best: dict[int, int] = {}
    for entry_id, unit_id in entry_units.items():
        counts[unit_id] = counts.get(unit_id, 0) + 1
        best[unit_id] = min(best.get(unit_id, 10**9), _rank_of(ranks, entry_id))
    if not counts:
        return None
    unit = min(counts, key=lambda u: (-counts[u], best[u], u))
    return unit, counts[unit]
