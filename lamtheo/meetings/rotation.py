"""Who reports at a regular meeting: a pure function of the cell, its history and its rules.

Rules (Issue 4, seed 004):

- 1–2 members report at each regular meeting (`Rules.reporters_per_month`);
- members who volunteered at the previous meeting come first, in the order they volunteered;
  volunteering is a choice, so a volunteer may report again before everyone has reported once;
- the other places go to the members with the fewest reports this year, then to whoever reported
  longest ago (never first), then in roster order: nobody reports twice before everyone once;
- members who are excused, absent or exempt for the meeting are passed over this time and keep
  their place for the next one;
- in a small cell (at most `Rules.small_cell_threshold` members) the number of places is set so
  that every member reports about `Rules.small_cell_reports_per_member` times a year.

Every pick says why it was made. No database and no Django models here.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

MAX_REPORTERS = 2  # the guidance says 1–2 members report in a month


class Reason(enum.StrEnum):
    VOLUNTEER = "volunteer"
    FEWEST = "fewest"
    SMALL_CELL = "small_cell"


@dataclass(frozen=True)
class Rules:
    reporters_per_month: int = 1
    small_cell_threshold: int = 0
    small_cell_reports_per_member: int = 2

    def is_small(self, members: int) -> bool:
        return 0 < members <= self.small_cell_threshold


@dataclass(frozen=True)
class Pick:
    person_id: int
    reason: Reason
    count: int  # reports this year before this one


@dataclass(frozen=True)
class Rotation:
    picks: list[Pick] = field(default_factory=list)
    passed_over: list[int] = field(default_factory=list)  # unavailable members who were next in line

    @property
    def person_ids(self) -> list[int]:
        return [p.person_id for p in self.picks]


def places(rules: Rules, *, members: int, reports_so_far: int = 0, months_left: int = 1) -> int:
    """How many members report at the next regular meeting.

    In a small cell: enough to reach `small_cell_reports_per_member` reports per member by the
    end of the year (spread over the `months_left` report months, this one included), between 1
    and MAX_REPORTERS. Elsewhere: the cell's `reporters_per_month`, between 1 and MAX_REPORTERS.
    """
    if members <= 0:
        return 0
    if rules.is_small(members):
        wanted = rules.small_cell_reports_per_member * members - reports_so_far
        per_month = math.ceil(max(wanted, 0) / max(months_left, 1))
        return max(1, min(MAX_REPORTERS, per_month))
    return max(1, min(MAX_REPORTERS, rules.reporters_per_month))


def choose(
    *,
    members: Sequence[int],
    counts: Mapping[int, int],
    slots: int,
    last: Mapping[int, int] | None = None,
    volunteers: Sequence[int] = (),
    unavailable: Collection[int] = (),
    exclude: Collection[int] = (),
    small_cell: bool = False,
) -> Rotation:
    """The reporters for one meeting.

    `members`: the cell's members in roster order; `counts`: reports this year per member;
    `last`: an ordinal of each member's latest report (a day number; missing = never);
    `volunteers`: who volunteered, in order; `unavailable`: excused, absent or exempt;
    `exclude`: already reporting at this meeting (they take no new place).
    """
    last = last or {}
    order = {pid: i for i, pid in enumerate(dict.fromkeys(members))}
    blocked = set(unavailable) | set(exclude)
    available = [pid for pid in order if pid not in blocked]
    picks: list[Pick] = []
    taken: set[int] = set()
    for pid in volunteers:
        if len(picks) >= slots:
            break
        if pid in order and pid not in blocked and pid not in taken:
            picks.append(Pick(pid, Reason.VOLUNTEER, counts.get(pid, 0)))
            taken.add(pid)

    def rank(pid: int) -> tuple[int, int, int]:
        return (counts.get(pid, 0), last.get(pid, -1), order[pid])

    fill_reason = Reason.SMALL_CELL if small_cell else Reason.FEWEST
    for pid in sorted((p for p in available if p not in taken), key=rank):
        if len(picks) >= slots:
            break
        picks.append(Pick(pid, fill_reason, counts.get(pid, 0)))
        taken.add(pid)

    # The unavailable members who were due: no more reports than the members the rotation chose
    # (or everyone unavailable, when places stayed empty).
    fillers = [counts.get(p.person_id, 0) for p in picks if p.reason != Reason.VOLUNTEER]
    away = set(unavailable) - set(exclude)
    if fillers:
        passed = [pid for pid in sorted(order, key=rank) if pid in away and counts.get(pid, 0) <= max(fillers)]
    elif len(picks) < slots:
        passed = [pid for pid in sorted(order, key=rank) if pid in away]
    else:
        passed = []
    return Rotation(picks=picks, passed_over=passed)


@dataclass(frozen=True)
class Month:
    """One regular meeting to forecast: its key, who volunteered, who cannot come, who is already in."""

    key: int
    day: int  # an ordinal of the meeting date, recorded as `last` for whoever reports
    volunteers: Sequence[int] = ()
    unavailable: Collection[int] = ()
    assigned: Collection[int] = ()


def forecast(
    *,
    members: Sequence[int],
    counts: Mapping[int, int],
    months: Sequence[Month],
    rules: Rules,
    last: Mapping[int, int] | None = None,
) -> dict[int, Rotation]:
    """Run `choose` month after month, counting each month's reporters in the next.

    `counts` and `last` describe the reports *before* the forecast months; members already
    assigned to a month (`Month.assigned`) are counted there and only the remaining places of that
    month are filled.
    """
    tally = dict(counts)
    latest = dict(last or {})
    roster = set(members)
    small = rules.is_small(len(members))
    result: dict[int, Rotation] = {}
    for index, month in enumerate(months):
        total = places(
            rules,
            members=len(members),
            reports_so_far=sum(tally.get(p, 0) for p in roster),
            months_left=len(months) - index,
        )
        assigned = list(dict.fromkeys(pid for pid in month.assigned if pid in roster))
        rotation = choose(
            members=members,
            counts=tally,
            slots=max(total - len(assigned), 0),
            last=latest,
            volunteers=month.volunteers,
            unavailable=month.unavailable,
            exclude=assigned,
            small_cell=small,
        )
        for pid in [*assigned, *rotation.person_ids]:
            tally[pid] = tally.get(pid, 0) + 1
            latest[pid] = month.day
        result[month.key] = rotation
    return result
