"""Cell meetings held in the period and members' reports presented.

Registers only when the meetings app's models exist (imported lazily). A meeting counts when it
was held (`state == "held"`) on a date in the period; a member's report counts as presented in
the states from "presented" on. Attendance (who came to each meeting) is a separate provider,
off by default because of its size (see `MeetingAttendanceProvider`).
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from ..figures import BaseProvider, Indicator, Key, Rate, Scope, register

PRESENTED = ("presented", "commented", "concluded", "finalised")


def _models_exist() -> bool:
    try:
        apps.get_model("meetings", "Meeting")
        apps.get_model("meetings", "MemberReport")
        apps.get_model("meetings", "Attendance")
    except LookupError:
        return False
    return True


class MeetingsProvider(BaseProvider):
    key = "meetings"
    title = _("Cell meetings and members' reports")
    order = 40
    cost = 2
    indicators = (
        Indicator("meetings.held", _("Meetings held")),
        Indicator("meetings.thematic", _("Thematic meetings held")),
        Indicator("meetings.reports_planned", _("Members' reports planned")),
        Indicator("meetings.reports_presented", _("Members' reports presented")),
    )
    rates = (
        Rate(
            "meetings.presented_rate",
            _("Share of planned reports presented"),
            "meetings.reports_presented",
            "meetings.reports_planned",
            headline=True,
        ),
    )

    def compute(self, scope: Scope) -> dict[Key, dict[str, int]]:
        meeting_model = apps.get_model("meetings", "Meeting")
        report_model = apps.get_model("meetings", "MemberReport")
        period = (scope.date_from, scope.date_to)
        held = Q(state="held")
        result = scope.grouped(
            meeting_model.objects.filter(date__range=period),
            org="cell",
            counts={"held": Count("pk", filter=held), "thematic": Count("pk", filter=held & Q(kind="thematic"))},
        )
        for key, counts in scope.grouped(
            report_model.objects.filter(meeting__date__range=period).exclude(state="cancelled"),
            org="meeting__cell",
            counts={"reports_planned": Count("pk"), "reports_presented": Count("pk", filter=Q(state__in=PRESENTED))},
        ).items():
            result.setdefault(key, {}).update(counts)
        return result


class MeetingAttendanceProvider(BaseProvider):
    """Attendance at the meetings held: one row per member per meeting (about 1.2 million a year in
    a province), which costs about 0.3 s of the province review; on only with the setting
    `REVIEWS_MEETING_ATTENDANCE = True`."""

    key = "attendance"
    title = _("Attendance at cell meetings")
    order = 45
    cost = 3
    indicators = (
        Indicator("attendance.recorded", _("Attendance records at the meetings held")),
        Indicator("attendance.present", _("Members present")),
    )
    rates = (Rate("attendance.rate", _("Meeting attendance"), "attendance.present", "attendance.recorded"),)

    def compute(self, scope: Scope) -> dict[Key, dict[str, int]]:
        attendance_model = apps.get_model("meetings", "Attendance")
        return scope.grouped(
            attendance_model.objects.filter(
                meeting__date__range=(scope.date_from, scope.date_to), meeting__state="held"
            ),
            org="meeting__cell",
            counts={"recorded": Count("pk"), "present": Count("pk", filter=Q(status="present"))},
        )


if _models_exist():
    register(MeetingsProvider)
    if getattr(settings, "REVIEWS_MEETING_ATTENDANCE", False):
        register(MeetingAttendanceProvider)
