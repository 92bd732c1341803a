"""Template tags of the meetings app.

- `{% load meeting_reports %}{% member_reports person year %}`: the member's finalised meeting
  reports of the year, with the chair's conclusion and the corrections to follow up (for the
  notebook page);
- `{% meeting_todo %}`: the "to do" block of the signed-in user (reports to write, comment on,
  conclude or finalise; documents to post; meetings to record), for the home page;
- filters for the reason a reporter was chosen.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from lamtheo.meetings import selectors_overview
from lamtheo.meetings.models import MemberReport, ReportReason
from lamtheo.meetings.rotation import Pick, Reason

register = template.Library()


def _viewer(context: template.Context) -> Any:
    request = context.get("request")
    return getattr(request, "user", None) or context.get("user")


@register.inclusion_tag("meetings/_member_reports.html", takes_context=True)
def member_reports(context: template.Context, person: Any, year: Any) -> dict[str, Any]:
    user = _viewer(context)
    reports = selectors_overview.finalised_reports(user, person, int(year)) if user is not None else []
    return {"reports": reports, "person": person, "year": year, "request": context.get("request")}


@register.inclusion_tag("meetings/_todo.html", takes_context=True)
def meeting_todo(context: template.Context) -> dict[str, Any]:
    user = _viewer(context)
    return {"todo": selectors_overview.todo(user) if user is not None else [], "request": context.get("request")}


def _reason(reason: str, count: int) -> str:
    if reason in (ReportReason.FEWEST, Reason.FEWEST):
        if count == 0:
            return _("Has not reported yet this year")
        return _("Fewest reports this year (%(n)s so far)") % {"n": count}
    if reason in (ReportReason.SMALL_CELL, Reason.SMALL_CELL):
        return _("Small cell: each member reports about twice a year (%(n)s so far)") % {"n": count}
    try:
        return str(ReportReason(reason).label)
    except ValueError:
        return reason


@register.filter
def pick_reason(pick: Pick) -> str:
    """Why the rotation proposes this member."""
    return _reason(str(pick.reason), pick.count)


@register.filter
def report_reason(report: MemberReport) -> str:
    """Why this member was chosen to report."""
    return _reason(report.reason, report.reason_count)


@register.filter
def person_name(people: dict[int, Any], person_id: int) -> str:
    """The name of a person in a {id: Person} map (the rotation works with ids)."""
    person = people.get(person_id)
    return person.full_name if person is not None else ""
