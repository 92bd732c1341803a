"""Writes on meetings: the cell's settings, the year plan in one step, single meetings.

Each function is atomic and keyword-only, checks the actor's capability on the cell (views
check first; this is the second lock) and raises ValidationError with a translated message at
the field. The audit trail comes from auditlog. Documents, attendance, minutes and volunteers
are in `services_minutes`; the member-report workflow is in `services_reports`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lamtheo.core.exceptions import ConcurrentEditError
from lamtheo.core.versioning import save_versioned
from lamtheo.organizations.models import Organization

from . import planning, selectors
from .models import (
    Meeting,
    MeetingKind,
    MeetingRule,
    MeetingSettings,
    MeetingState,
)

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

TEXT_LIMIT = 5000
MAX_DURATION = 600


def require_manage(actor: User, cell: Organization) -> None:
    if not selectors.can_manage(actor, cell):
        raise ValidationError(_("Only the cell committee can do this."), code="role")


def clean_text(value: Any, field: str, errors: dict[str, str], limit: int = TEXT_LIMIT) -> str:
    text = str(value or "").strip()
    if len(text) > limit:
        errors[field] = _("Please keep this under %(n)s characters.") % {"n": limit}
    return text


def _between(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def raise_errors(errors: Mapping[str, Any]) -> None:
    if errors:
        raise ValidationError(dict(errors), code="invalid")


# --- settings -------------------------------------------------------------------------------------

SETTING_FIELDS = (
    "reporters_per_month",
    "small_cell_threshold",
    "small_cell_reports_per_member",
    "thematic_months",
    "reports_in_thematic_months",
    "meeting_day",
    "thematic_day",
    "start_time",
    "duration_minutes",
    "place",
    "locality",
    "draft_days_before",
    "review_days_before",
    "finalise_days_after",
)


def _clean_settings(data: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {key: data.get(key) for key in SETTING_FIELDS}
    if cleaned["reporters_per_month"] not in (1, 2):
        errors["reporters_per_month"] = _("One or two members report at a regular meeting.")
    for key in ("meeting_day", "thematic_day"):
        if not _between(cleaned[key], 1, 31):
            errors[key] = _("Choose a day between 1 and 31.")
    months = sorted({int(m) for m in cleaned["thematic_months"] or []})
    if any(not 1 <= m <= 12 for m in months):
        errors["thematic_months"] = _("Choose months between 1 and 12.")
    elif missing := planning.quarters_missing(months):
        errors["thematic_months"] = _(
            "Hold a thematic meeting at least once a quarter; none is planned in quarter %(q)s."
        ) % {"q": ", ".join(str(q) for q in missing)}
    cleaned["thematic_months"] = months
    if not _between(cleaned["small_cell_threshold"], 0, 200):
        errors["small_cell_threshold"] = _("Enter a number of members between 0 and 200.")
    if not _between(cleaned["small_cell_reports_per_member"], 1, 12):
        errors["small_cell_reports_per_member"] = _("Enter a number between 1 and 12.")
    if not _between(cleaned["duration_minutes"], 30, MAX_DURATION):
        errors["duration_minutes"] = _("Enter a length between 30 and %(max)s minutes.") % {"max": MAX_DURATION}
    elif (rule := selectors.rule_on(selectors.today())) and cleaned["duration_minutes"] < rule.min_minutes:
        errors["duration_minutes"] = _too_short(rule, rule.min_minutes)
    if not isinstance(cleaned["start_time"], dt.time):
        errors["start_time"] = _("Enter the time as hours:minutes, e.g. 19:30.")
    for key in ("draft_days_before", "review_days_before", "finalise_days_after"):
        if not _between(cleaned[key], 0, 60):
            errors[key] = _("Enter a number of days between 0 and 60.")
    cleaned["place"] = clean_text(cleaned["place"], "place", errors, 255)
    cleaned["locality"] = clean_text(cleaned["locality"], "locality", errors, 120)
    cleaned["reports_in_thematic_months"] = bool(cleaned["reports_in_thematic_months"])
    raise_errors(errors)
    return cleaned


@transaction.atomic
def save_settings(
    *, actor: User, cell: Organization, data: Mapping[str, Any], expected_version: int | None
) -> MeetingSettings:
    require_manage(actor, cell)
    cleaned = _clean_settings(data)
    current = MeetingSettings.objects.filter(cell=cell).first()
    if current is None:
        if expected_version not in (None, 1):
            raise ConcurrentEditError()
        current = MeetingSettings(cell=cell, **cleaned)
        current.save()
        return current
    for key, value in cleaned.items():
        setattr(current, key, value)
    save_versioned(current, expected_version=expected_version)
    return current


# --- meetings -------------------------------------------------------------------------------------


def _too_short(rule: MeetingRule, minutes: int) -> str:
    return _("A cell meeting lasts at least %(min)s minutes (%(source)s).") % {"min": minutes, "source": rule.source}


def default_agenda(kind: str) -> str:
    if kind == MeetingKind.THEMATIC:
        lines = [
            _("1. Presentation of the theme."),
            _("2. Discussion: how the cell and each member apply it."),
            _("3. Conclusion of the chair."),
        ]
    else:
        lines = [
            _("1. News and information."),
            _("2. Results of the past month; tasks for the coming month."),
            _("3. Studying and following Ho Chi Minh's example: members' reports and comments."),
            _("4. Conclusion of the chair."),
        ]
    return "\n".join(lines)


def default_title(kind: str, date: dt.date) -> str:
    if kind == MeetingKind.THEMATIC:
        return _("Thematic meeting, quarter %(q)s") % {"q": (date.month - 1) // 3 + 1}
    return ""


MEETING_FIELDS = (
    "kind",
    "date",
    "start_time",
    "duration_minutes",
    "place",
    "title",
    "theme",
    "presenter",
    "material",
    "agenda",
)


def _clean_meeting(cell: Organization, data: Mapping[str, Any], *, meeting: Meeting | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    cleaned = {key: data.get(key) for key in MEETING_FIELDS}
    if cleaned["kind"] not in MeetingKind.values:
        errors["kind"] = _("Choose the kind of meeting.")
    date = cleaned["date"]
    if not isinstance(date, dt.date):
        errors["date"] = _("Enter the date as day/month/year, e.g. 05/01/2026.")
    elif not selectors.valid_year(date.year):
        errors["date"] = _("Choose a date between %(first)s and the end of next year.") % {
            "first": selectors.FIRST_YEAR
        }
    if not isinstance(cleaned["start_time"], dt.time):
        errors["start_time"] = _("Enter the time as hours:minutes, e.g. 19:30.")
    duration = cleaned["duration_minutes"]
    if not isinstance(duration, int) or not 1 <= duration <= MAX_DURATION:
        errors["duration_minutes"] = _("Enter a length between 1 and %(max)s minutes.") % {"max": MAX_DURATION}
    elif isinstance(date, dt.date) and "kind" not in errors:
        rule = selectors.rule_on(date)
        partner = None
        if rule is not None:
            # a thematic and a regular meeting on the same day are one session (HD 42: 120 minutes together)
            other_kind = MeetingKind.REGULAR if cleaned["kind"] == MeetingKind.THEMATIC else MeetingKind.THEMATIC
            same_day = Meeting.objects.filter(cell=cell, date=date, kind=other_kind).exclude(
                state=MeetingState.CANCELLED
            )
            if meeting is not None:
                same_day = same_day.exclude(pk=meeting.pk)
            partner = same_day.first()
        if rule is not None and partner is not None:
            if duration + partner.duration_minutes < rule.min_minutes_combined:
                errors["duration_minutes"] = _(
                    "The thematic and the regular meeting on the same day last at least %(min)s minutes "
                    "together (%(source)s)."
                ) % {"min": rule.min_minutes_combined, "source": rule.source}
        elif rule is not None and duration < rule.min_minutes:
            errors["duration_minutes"] = _too_short(rule, rule.min_minutes)
    theme = cleaned["theme"]
    if theme is not None and isinstance(date, dt.date) and not theme.covers(date.year):
        errors["theme"] = _("This theme is not for %(year)s.") % {"year": date.year}
    cleaned["place"] = clean_text(cleaned["place"], "place", errors, 255)
    cleaned["title"] = clean_text(cleaned["title"], "title", errors, 300)
    cleaned["presenter"] = clean_text(cleaned["presenter"], "presenter", errors, 150)
    cleaned["material"] = clean_text(cleaned["material"], "material", errors)
    cleaned["agenda"] = clean_text(cleaned["agenda"], "agenda", errors)
    if cleaned["kind"] == MeetingKind.THEMATIC and not cleaned["title"] and theme is None:
        errors["title"] = _("Give the thematic meeting a topic or choose a theme.")
    raise_errors(errors)
    return cleaned


@transaction.atomic
def generate_year_plan(*, actor: User, cell: Organization, year: int, from_month: int = 1) -> list[Meeting]:
    """Create the year's meetings from the cell's settings in one step; months that already have
    a meeting of the kind are left as they are, so running it again adds only what is missing."""
    require_manage(actor, cell)
    if not cell.is_cell:
        raise ValidationError(_("Meetings are planned for a party cell."), code="not_cell")
    if not selectors.valid_year(year):
        raise ValidationError(
            {
                "year": _("Choose a year between %(first)s and %(last)s.")
                % {"first": selectors.FIRST_YEAR, "last": selectors.this_year() + 1}
            }
        )
    if not 1 <= from_month <= 12:
        raise ValidationError({"from_month": _("Choose a month between 1 and 12.")})
    settings = selectors.settings_for(cell)
    existing = set(
        Meeting.objects.filter(cell=cell, year=year).exclude(state=MeetingState.CANCELLED).values_list("kind", "month")
    )
    created = []
    for planned in planning.year_plan(year, selectors.plan_rules(settings), from_month=from_month, existing=existing):
        rule = selectors.rule_on(planned.date)
        duration = max(planned.duration_minutes, rule.min_minutes if rule else 0)
        meeting = Meeting(
            cell=cell,
            kind=planned.kind,
            date=planned.date,
            start_time=planned.start_time,
            duration_minutes=duration,
            place=planned.place,
            title=default_title(planned.kind, planned.date),
            agenda=default_agenda(planned.kind),
        )
        meeting.save()
        created.append(meeting)
    return created


@transaction.atomic
def create_meeting(*, actor: User, cell: Organization, data: Mapping[str, Any]) -> Meeting:
    require_manage(actor, cell)
    if not cell.is_cell:
        raise ValidationError(_("Meetings are planned for a party cell."), code="not_cell")
    cleaned = _clean_meeting(cell, data, meeting=None)
    if not cleaned["agenda"]:
        cleaned["agenda"] = default_agenda(cleaned["kind"])
    meeting = Meeting(cell=cell, **cleaned)
    meeting.save()
    return meeting


@transaction.atomic
def update_meeting(*, actor: User, meeting: Meeting, data: Mapping[str, Any], expected_version: int | None) -> Meeting:
    require_manage(actor, meeting.cell)
    if meeting.state == MeetingState.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."), code="state")
    cleaned = _clean_meeting(meeting.cell, data, meeting=meeting)
    if meeting.reports.exclude(state="cancelled").exists() and cleaned["date"].year != meeting.year:
        raise ValidationError(
            {"date": _("Members report at this meeting; keep it within %(year)s.") % {"year": meeting.year}}
        )
    for key, value in cleaned.items():
        setattr(meeting, key, value)
    save_versioned(meeting, expected_version=expected_version)
    return meeting


@transaction.atomic
def cancel_meeting(*, actor: User, meeting: Meeting, reason: str, expected_version: int | None) -> Meeting:
    require_manage(actor, meeting.cell)
    if meeting.state != MeetingState.PLANNED:
        raise ValidationError(_("Only a planned meeting can be cancelled."), code="state")
    reason = str(reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the meeting is cancelled.")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("Please keep this under %(n)s characters.") % {"n": 300}})
    if meeting.reports.exclude(state="cancelled").exists():
        raise ValidationError(
            _("Members report at this meeting. Move or cancel their reports first."), code="has_reports"
        )
    meeting.state = MeetingState.CANCELLED
    meeting.cancel_reason = reason
    save_versioned(meeting, expected_version=expected_version)
    return meeting
