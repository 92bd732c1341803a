"""The first draft of a member's report, from their notebook (read only).

- "registered items": the items of the member's current registration for the meeting's year,
  one line each, to complete with how far each is done;
- "how earlier shortcomings were remedied": the member's shortcomings not yet remedied (from the
  last self-criticism, earlier meetings, inspections) and the comments made on their last report;
- the other parts stay empty for the member to write.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from lamtheo.notebook.models import Registration, Shortcoming, ShortcomingStatus

from .models import MemberReport, ReportState

FIELDS = ("done", "remedied", "weaknesses", "direction")


def _date(value: object) -> str:
    return value.strftime("%d/%m/%Y") if hasattr(value, "strftime") else ""


def registered_lines(report: MemberReport) -> list[str]:
    registration = (
        Registration.objects.filter(person_id=report.person_id, year=report.meeting.year, is_current=True)
        .prefetch_related("pledges")
        .first()
    )
    if registration is None:
        return []
    lines = []
    for pledge in sorted(registration.pledges.all(), key=lambda p: (p.position, p.pk)):
        details = [part for part in (pledge.measure, _date(pledge.deadline)) if part]
        suffix = f" ({'; '.join(details)})" if details else ""
        lines.append(_("- %(item)s%(details)s: how far it is done …") % {"item": pledge.text, "details": suffix})
    return lines


def shortcoming_lines(report: MemberReport) -> list[str]:
    found = Shortcoming.objects.filter(person_id=report.person_id).exclude(status=ShortcomingStatus.REMEDIED)
    lines = []
    for item in found.order_by("year", "pk"):
        source = str(item.get_source_display())
        if item.source_note:
            source = f"{source} {item.source_note}"
        lines.append(_("- %(text)s (%(source)s): how it was remedied …") % {"text": item.text, "source": source})
    return lines


def last_comment_lines(report: MemberReport) -> list[str]:
    previous = (
        MemberReport.objects.filter(
            person_id=report.person_id,
            state__in=[ReportState.CONCLUDED, ReportState.FINALISED],
            meeting__date__lt=report.meeting.date,
        )
        .select_related("meeting")
        .prefetch_related("comments")
        .order_by("-meeting__date", "-pk")
        .first()
    )
    if previous is None:
        return []
    lines = [
        _("Comments at the meeting of %(date)s:") % {"date": _date(previous.meeting.date)},
        *(f"- {c.text}" for c in previous.comments.all()),
    ]
    return lines if len(lines) > 1 else []


def draft(report: MemberReport) -> dict[str, str]:
    """Initial values for the draft form of a report that has not been written yet."""
    remedied = [*shortcoming_lines(report)]
    comments = last_comment_lines(report)
    if comments:
        remedied += ["", *comments] if remedied else comments
    return {
        "done": "\n".join(registered_lines(report)),
        "remedied": "\n".join(remedied),
        "weaknesses": "",
        "direction": "",
    }
