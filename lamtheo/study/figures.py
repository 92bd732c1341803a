"""Study statistics of a node: counts by block and by child unit, in a fixed number of queries.

Everything is grouped in the database by the child's path prefix (treebeard paths: a
descendant's path starts with its ancestor's), by the block of the person's cell and by the
person's kind. Rates are never stored or averaged: each level adds its parts' counts (see
`rates.Rate`).

Who is eligible: the people whose cell membership (organizations.Membership) is open on the
`as_of` day — the end of the period, or today if the period has not ended — in the node's
subtree; party members and non-member officials are counted apart, and the block is the block
of their cell. A person who attended several classes on a theme in the period counts once for
that theme; attending is counted at the unit they belong to on `as_of`, so the attended count of
a unit never exceeds its eligible count.

The reviews (issue 6) call `study_figures(org, date_from, date_to)`; the caller checks that the
user may read `org` (this module does not scope: it answers for the node's whole subtree).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.utils import timezone

from lamtheo.campaigns.models import Theme
from lamtheo.organizations.models import Block, Membership, Organization, PersonKind

from .models import (
    Attendance,
    Essay,
    EssayGrade,
    EssayState,
    PilotUnit,
    PropagandaActivity,
    PropagandaKind,
    StudySession,
)
from .rates import Rate

NO_RATE = Rate()

STEP = Organization.steplen
K = TypeVar("K")


@dataclass(frozen=True)
class Counts:
    """What is counted for a unit or a block (all additive)."""

    members: Rate = NO_RATE
    officials: Rate = NO_RATE
    essays: int = 0  # sent to the cell or assessed
    assessed: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.members + other.members,
            self.officials + other.officials,
            self.essays + other.essays,
            self.assessed + other.assessed,
        )

    @property
    def everyone(self) -> Rate:
        return self.members + self.officials


ZERO = Counts()


@dataclass
class UnitFigures:
    """A child unit of the node (or, when `unit` is None, the people placed directly in it)."""

    unit: Organization | None
    counts: Counts
    pilot: bool = False


@dataclass
class BlockFigures:
    block: str
    label: str
    counts: Counts


@dataclass
class ThemeFigures:
    theme: Theme
    total: Counts
    by_block: list[BlockFigures]
    by_unit: list[UnitFigures]
    grades: dict[str, int]  # grade → assessed essays


@dataclass
class SessionTally:
    sessions: int = 0
    named: int = 0  # attendances recorded by name (lượt người)
    mass: int = 0  # attendances counted for mass audiences (lượt người)

    def __add__(self, other: SessionTally) -> SessionTally:
        return SessionTally(self.sessions + other.sessions, self.named + other.named, self.mass + other.mass)

    @property
    def attendances(self) -> int:
        return self.named + self.mass


@dataclass
class PropagandaFigures:
    kind: str
    label: str
    quantity: int
    records: int


@dataclass
class StudyFigures:
    """The study figures of `organization` for a period (see the module docstring)."""

    organization: Organization
    date_from: dt.date
    date_to: dt.date
    as_of: dt.date
    eligible: Counts  # eligible people of the whole subtree (members, officials), attended = 0
    eligible_by_block: list[BlockFigures]
    themes: list[ThemeFigures]
    sessions: SessionTally
    sessions_by_block: list[tuple[str, str, SessionTally]]  # (block or "", label, tally)
    propaganda: list[PropagandaFigures]
    pilots: list[PilotUnit] = field(default_factory=list)

    def theme(self, theme_id: int) -> ThemeFigures | None:
        return next((t for t in self.themes if t.theme.pk == theme_id), None)


# --- the queries -----------------------------------------------------------------------------------


def open_memberships(node: Organization, as_of: dt.date) -> QuerySet[Membership]:
    """Memberships in `node`'s subtree open on `as_of` (a move's day belongs to the new cell)."""
    return Membership.objects.filter(cell__path__startswith=node.path, started_on__lte=as_of).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=as_of)
    )


def _unit(node: Organization, path_field: str) -> Substr:
    return Substr(path_field, 1, len(node.path) + STEP)


def _rate_key(kind: str) -> str:
    return "members" if kind == PersonKind.MEMBER else "officials"


def _eligible_rows(node: Organization, as_of: dt.date) -> dict[tuple[str, str, str], int]:
    rows = (
        open_memberships(node, as_of)
        .annotate(unit=_unit(node, "cell__path"))
        .values("unit", "cell__block", "person__kind")
        .annotate(n=Count("person_id", distinct=True))
        .order_by()
    )
    return {(r["unit"], r["cell__block"], r["person__kind"]): r["n"] for r in rows}


def _attended_rows(
    node: Organization, as_of: dt.date, date_from: dt.date, date_to: dt.date
) -> dict[tuple[int, str, str, str], int]:
    """Eligible people who attended a class on each theme in the period (each once per theme)."""
    rows = (
        open_memberships(node, as_of)
        .filter(person__study_attendances__session__starts_on__range=(date_from, date_to))
        .annotate(unit=_unit(node, "cell__path"), theme_id=F("person__study_attendances__session__theme_id"))
        .values("theme_id", "unit", "cell__block", "person__kind")
        .annotate(n=Count("person_id", distinct=True))
        .order_by()
    )
    return {(r["theme_id"], r["unit"], r["cell__block"], r["person__kind"]): r["n"] for r in rows}


def _essay_rows(node: Organization, date_from: dt.date, date_to: dt.date) -> list[dict[str, object]]:
    return list(
        Essay.objects.filter(cell__path__startswith=node.path, year__gte=date_from.year, year__lte=date_to.year)
        .exclude(state=EssayState.DRAFT)
        .annotate(unit=_unit(node, "cell__path"))
        .values("theme_id", "unit", "cell__block", "state", "grade")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _session_tallies(node: Organization, date_from: dt.date, date_to: dt.date) -> dict[str, SessionTally]:
    sessions = StudySession.objects.filter(
        organization__path__startswith=node.path, starts_on__range=(date_from, date_to)
    )
    tallies: dict[str, SessionTally] = defaultdict(SessionTally)
    for row in sessions.values("audience_block").annotate(n=Count("pk"), mass=Sum("mass_count")).order_by():
        tallies[row["audience_block"]] += SessionTally(sessions=row["n"], mass=row["mass"] or 0)
    named = (
        Attendance.objects.filter(session__in=sessions)
        .values("session__audience_block")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in named:
        tallies[row["session__audience_block"]] += SessionTally(named=row["n"])
    return tallies


def _propaganda(node: Organization, date_from: dt.date, date_to: dt.date) -> list[PropagandaFigures]:
    rows = {
        r["kind"]: r
        for r in PropagandaActivity.objects.filter(
            organization__path__startswith=node.path, year__gte=date_from.year, year__lte=date_to.year
        )
        .values("kind")
        .annotate(q=Sum("quantity"), n=Count("pk"))
        .order_by()
    }
    return [
        PropagandaFigures(kind, str(label), rows[kind]["q"] or 0, rows[kind]["n"])
        for kind, label in PropagandaKind.choices
        if kind in rows
    ]


# --- assembling ------------------------------------------------------------------------------------


def _one(kind: str, *, attended: int = 0, eligible: int = 0) -> Counts:
    rate = Rate(attended, eligible)
    return Counts(members=rate) if kind == PersonKind.MEMBER else Counts(officials=rate)


def _add(target: dict[K, Counts], key: K, value: Counts) -> None:
    target[key] = target.get(key, ZERO) + value


def _block_label(block: str) -> str:
    return str(Block(block).label) if block in Block.values else block


def study_figures(
    org: Organization,
    date_from: dt.date,
    date_to: dt.date,
    *,
    themes: Iterable[Theme] = (),
    today: dt.date | None = None,
) -> StudyFigures:
    """Counts of the study work of `org`'s subtree between `date_from` and `date_to` (inclusive).

    Returns a `StudyFigures`:
    - `eligible`, `eligible_by_block`: party members and officials of the subtree on `as_of`;
    - `themes`: per theme studied in the period (classes dated in it, organised anywhere: a
      province's class counts for the communes' people who attended), plus the `themes` asked
      for: `total`, `by_block` and `by_unit` (each child of `org`, flagged `pilot` when it is a
      pilot unit in the period) with members and officials as `Rate`s (attended/eligible), and
      the essays sent (`essays`) and assessed (`assessed`), with `grades`;
    - `sessions`, `sessions_by_block`: classes organised in the subtree in the period and their
      attendances (by name and as mass counts, lượt người) by audience block;
    - `propaganda`: quantities per kind; `pilots`: pilot units of the subtree.
    Essays and propaganda are counted by the years the period touches (they carry a year, not a
    date). Every total is the sum of the parts' counts. About ten queries whatever the size.
    """
    today = today or timezone.localdate()
    as_of = min(date_to, today)
    eligible = _eligible_rows(org, as_of)
    attended = _attended_rows(org, as_of, date_from, date_to)
    essay_rows = _essay_rows(org, date_from, date_to)
    tallies = _session_tallies(org, date_from, date_to)
    organised_themes = set(
        StudySession.objects.filter(
            organization__path__startswith=org.path, starts_on__range=(date_from, date_to)
        ).values_list("theme_id", flat=True)
    )
    wanted = {t.pk: t for t in themes}
    theme_ids = {k[0] for k in attended} | organised_themes | set(wanted)
    missing = theme_ids - set(wanted)
    loaded = {**wanted, **{t.pk: t for t in Theme.objects.filter(pk__in=missing)}} if missing else dict(wanted)

    pilots = list(
        PilotUnit.objects.filter(
            organization__path__startswith=org.path, year__gte=date_from.year, year__lte=date_to.year
        ).select_related("organization", "designated_by")
    )
    pilot_paths = {p.organization.path for p in pilots}
    units = {u for (u, _b, _k) in eligible} | {k[1] for k in attended} | {str(r["unit"]) for r in essay_rows}
    children = {
        c.path: c
        for c in Organization.objects.filter(path__startswith=org.path, depth=org.depth + 1).filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=date_to)
        )
        if c.is_active_on(date_to) or c.is_active_on(date_from) or c.path in units
    }
    unit_paths = sorted(set(children) | (units - {org.path}))
    missing_units = [p for p in unit_paths if p not in children]
    if missing_units:
        children.update({c.path: c for c in Organization.objects.filter(path__in=missing_units)})
    block_order = {b: i for i, b in enumerate(Block.values)}
    blocks = sorted(
        {b for (_u, b, _k) in eligible} | {k[2] for k in attended} | {str(r["cell__block"]) for r in essay_rows},
        key=lambda b: (block_order.get(b, 99), b),
    )

    # One pass over the rows: the eligible part (same for every theme), then each theme's part.
    elig_unit: dict[str, Counts] = {}
    elig_block: dict[str, Counts] = {}
    for (u, b, k), n in eligible.items():
        _add(elig_unit, u, _one(k, eligible=n))
        _add(elig_block, b, _one(k, eligible=n))
    by_unit_theme: dict[tuple[int, str], Counts] = {}
    by_block_theme: dict[tuple[int, str], Counts] = {}
    for (t, u, b, k), n in attended.items():
        _add(by_unit_theme, (t, u), _one(k, attended=n))
        _add(by_block_theme, (t, b), _one(k, attended=n))
    grades: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(EssayGrade.values, 0))
    for r in essay_rows:
        t, u, b, n = int(r["theme_id"]), str(r["unit"]), str(r["cell__block"]), int(r["n"])  # type: ignore[call-overload]
        assessed = r["state"] == EssayState.ASSESSED
        essays = Counts(essays=n, assessed=n if assessed else 0)
        _add(by_unit_theme, (t, u), essays)
        _add(by_block_theme, (t, b), essays)
        if assessed and r["grade"] in EssayGrade.values:
            grades[t][str(r["grade"])] += n

    theme_figures = []
    for theme_id in sorted(theme_ids, key=lambda i: (-loaded[i].year_from, loaded[i].title, i)):
        by_unit = [
            UnitFigures(children[p], elig_unit.get(p, ZERO) + by_unit_theme.get((theme_id, p), ZERO), p in pilot_paths)
            for p in unit_paths
        ]
        if org.path in units:
            direct = elig_unit.get(org.path, ZERO) + by_unit_theme.get((theme_id, org.path), ZERO)
            by_unit.append(UnitFigures(None, direct))
        theme_figures.append(
            ThemeFigures(
                theme=loaded[theme_id],
                total=sum((u.counts for u in by_unit), ZERO),
                by_block=[
                    BlockFigures(b, _block_label(b), elig_block.get(b, ZERO) + by_block_theme.get((theme_id, b), ZERO))
                    for b in blocks
                ],
                by_unit=by_unit,
                grades=grades[theme_id],
            )
        )
    session_blocks = sorted(tallies, key=lambda b: (b != "", block_order.get(b, 99), b))
    return StudyFigures(
        organization=org,
        date_from=date_from,
        date_to=date_to,
        as_of=as_of,
        eligible=sum(elig_unit.values(), ZERO),
        eligible_by_block=[BlockFigures(b, _block_label(b), elig_block.get(b, ZERO)) for b in blocks],
        themes=theme_figures,
        sessions=sum(tallies.values(), SessionTally()),
        sessions_by_block=[(b, _block_label(b) if b else "", tallies[b]) for b in session_blocks],
        propaganda=_propaganda(org, date_from, date_to),
        pilots=pilots,
    )


def year_figures(org: Organization, year: int, *, themes: Iterable[Theme] = ()) -> StudyFigures:
    """`study_figures` for a calendar year."""
    return study_figures(org, dt.date(year, 1, 1), dt.date(year, 12, 31), themes=themes)


def participation(org: Organization, theme: Theme, date_from: dt.date, date_to: dt.date) -> Counts:
    """The members and officials of `org`'s subtree who attended a class on `theme` (2 queries)."""
    as_of = min(date_to, timezone.localdate())
    total = ZERO
    for (_u, _b, kind), n in _eligible_rows(org, as_of).items():
        total += _one(kind, eligible=n)
    for (theme_id, _u, _b, kind), n in _attended_rows(org, as_of, date_from, date_to).items():
        if theme_id == theme.pk:
            total += _one(kind, attended=n)
    return total
