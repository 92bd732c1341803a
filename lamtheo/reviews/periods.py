"""Review periods: a quarter, a half year, a year, several years, or any dates.

Year-bound records (registrations, self-reports, evaluations) belong to a period by their
year: a registration of year Y counts when the period overlaps Y; a mid-year self-report when
the period overlaps the first half of Y; a year-end self-report and an evaluation when it
overlaps the second half of Y (see `years`, `first_half_years`, `second_half_years`).
"""

from __future__ import annotations

import datetime as dt
import re

from django.utils.translation import gettext as _

from .models import PeriodKind, ReviewKind

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_YEARS = 10  # a review covers at most ten years (two party terms)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")


def parse_date(text: str) -> dt.date:
    """A dd/mm/yyyy date; ValueError with a Vietnamese message otherwise."""
    match = _DATE.match(text or "")
    if not match:
        raise ValueError(_("“%(value)s” is not a date in the form dd/mm/yyyy.") % {"value": text})
    day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise ValueError(_("“%(value)s” is not a valid date.") % {"value": text}) from None


def check_range(date_from: dt.date, date_to: dt.date) -> None:
    """ValueError (Vietnamese) unless the dates make a period a review can cover."""
    if date_to < date_from:
        raise ValueError(_("The end date is before the start date."))
    if date_from.year < MIN_YEAR or date_to.year > MAX_YEAR:
        raise ValueError(_("Dates must be between %(low)s and %(high)s.") % {"low": MIN_YEAR, "high": MAX_YEAR})
    if date_to.year - date_from.year + 1 > MAX_YEARS:
        raise ValueError(_("A review covers at most %(n)s years.") % {"n": MAX_YEARS})


def is_past(date_to: dt.date, today: dt.date | None = None) -> bool:
    return date_to < (today or dt.date.today())


def deadline_allowed(deadline: dt.date, date_to: dt.date, today: dt.date | None = None) -> bool:
    """A deadline may be in the past only for a period that is already over (back entry)."""
    today = today or dt.date.today()
    return deadline >= today or date_to < today


def default_issued_on(date_to: dt.date, today: dt.date) -> dt.date:
    """The report's date when nobody sets it: the period's end for a past period, else today."""
    return date_to if date_to < today else today


def quarter_dates(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return start, end - dt.timedelta(days=1)


def half_dates(year: int, half: int) -> tuple[dt.date, dt.date]:
    return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if half == 1 else (dt.date(year, 7, 1), dt.date(year, 12, 31))


def period_dates(kind: str, year: int, part: int | None = None, year_to: int | None = None) -> tuple[dt.date, dt.date]:
    """Dates of a quarter (part 1–4), a half (part 1–2), a year, or the years `year`..`year_to`."""
    if kind == PeriodKind.QUARTER:
        return quarter_dates(year, part or 1)
    if kind == PeriodKind.HALF:
        return half_dates(year, part or 1)
    if kind == PeriodKind.YEARS:
        return dt.date(year, 1, 1), dt.date(year_to or year, 12, 31)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def classify(date_from: dt.date, date_to: dt.date) -> str:
    """The PeriodKind that the dates are exactly, else CUSTOM."""
    year = date_from.year
    if date_from.month == 1 and date_from.day == 1 and date_to.month == 12 and date_to.day == 31:
        return PeriodKind.YEAR if date_to.year == year else PeriodKind.YEARS
    if date_to.year == year:
        for half in (1, 2):
            if (date_from, date_to) == half_dates(year, half):
                return PeriodKind.HALF
        for quarter in (1, 2, 3, 4):
            if (date_from, date_to) == quarter_dates(year, quarter):
                return PeriodKind.QUARTER
    return PeriodKind.CUSTOM


def years(date_from: dt.date, date_to: dt.date) -> list[int]:
    return list(range(date_from.year, date_to.year + 1))


def first_half_years(date_from: dt.date, date_to: dt.date) -> list[int]:
    """Years whose January–June the period overlaps (their mid-year self-reports count)."""
    return [y for y in years(date_from, date_to) if date_from <= dt.date(y, 6, 30) and date_to >= dt.date(y, 1, 1)]


def second_half_years(date_from: dt.date, date_to: dt.date) -> list[int]:
    """Years whose July–December the period overlaps (year-end self-reports, evaluations)."""
    return [y for y in years(date_from, date_to) if date_from <= dt.date(y, 12, 31) and date_to >= dt.date(y, 7, 1)]


def label(date_from: dt.date, date_to: dt.date) -> str:
    """How a Vietnamese report names the period: "quý I năm 2026", "6 tháng đầu năm 2026", "năm 2026"…"""
    kind = classify(date_from, date_to)
    year = date_from.year
    if kind == PeriodKind.YEAR:
        return _("the year %(year)s") % {"year": year}
    if kind == PeriodKind.YEARS:
        return _("the years %(start)s–%(end)s") % {"start": year, "end": date_to.year}
    if kind == PeriodKind.HALF:
        if date_from.month == 1:
            return _("the first six months of %(year)s") % {"year": year}
        return _("the last six months of %(year)s") % {"year": year}
    if kind == PeriodKind.QUARTER:
        return _("quarter %(q)s of %(year)s") % {"q": ROMAN[(date_from.month + 2) // 3], "year": year}
    return _("from %(start)s to %(end)s") % {
        "start": date_from.strftime("%d/%m/%Y"),
        "end": date_to.strftime("%d/%m/%Y"),
    }


def default_title(kind: str, date_from: dt.date, date_to: dt.date) -> str:
    """The subject line: "Sơ kết năm 2026 việc học tập và làm theo …"."""
    period = label(date_from, date_to)
    if kind == ReviewKind.FINAL:
        return _("Final review of %(period)s of studying and following Ho Chi Minh's thought, ethics and style") % {
            "period": period
        }
    return _("Interim review of %(period)s of studying and following Ho Chi Minh's thought, ethics and style") % {
        "period": period
    }
