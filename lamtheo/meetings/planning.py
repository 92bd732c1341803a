"""The year plan of a cell as a pure function: which meetings, on which days.

A regular meeting every month (sinh hoạt thường kỳ) and a thematic meeting (sinh hoạt chuyên đề)
in the months the cell chose (at least one per quarter; the thematic meeting does not replace
the regular one). Days that do not exist in a month (31 April) fall on the month's last day.
No database here; the service turns the result into Meeting rows.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

REGULAR = "regular"
THEMATIC = "thematic"


@dataclass(frozen=True)
class PlanRules:
    meeting_day: int = 5
    thematic_day: int = 20
    start_time: dt.time = dt.time(8, 0)
    duration_minutes: int = 90
    place: str = ""
    thematic_months: tuple[int, ...] = (3, 6, 9, 12)


@dataclass(frozen=True)
class PlannedMeeting:
    kind: str
    date: dt.date
    start_time: dt.time
    duration_minutes: int
    place: str

    @property
    def quarter(self) -> int:
        return (self.date.month - 1) // 3 + 1


def day_in(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(max(day, 1), calendar.monthrange(year, month)[1]))


def quarters_missing(months: Iterable[int]) -> list[int]:
    """The quarters (1–4) without a thematic month: each quarter needs at least one."""
    covered = {(m - 1) // 3 + 1 for m in months if 1 <= m <= 12}
    return [q for q in (1, 2, 3, 4) if q not in covered]


def year_plan(
    year: int, rules: PlanRules, *, from_month: int = 1, existing: Collection[tuple[str, int]] = ()
) -> list[PlannedMeeting]:
    """The meetings to create for `year` from `from_month` on, leaving out (kind, month) in `existing`."""
    planned: list[PlannedMeeting] = []
    thematic = set(rules.thematic_months)
    for month in range(max(from_month, 1), 13):
        if (REGULAR, month) not in existing:
            planned.append(
                PlannedMeeting(
                    REGULAR,
                    day_in(year, month, rules.meeting_day),
                    rules.start_time,
                    rules.duration_minutes,
                    rules.place,
                )
            )
        if month in thematic and (THEMATIC, month) not in existing:
            planned.append(
                PlannedMeeting(
                    THEMATIC,
                    day_in(year, month, rules.thematic_day),
                    rules.start_time,
                    rules.duration_minutes,
                    rules.place,
                )
            )
    return sorted(planned, key=lambda m: (m.date, m.kind))
