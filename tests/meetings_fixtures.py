"""Helpers for the meetings tests: meetings and reports built straight through the ORM, and a
report driven through the workflow services up to a given state."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

STEPS = ["draft", "submitted", "accepted", "presented", "commented", "concluded", "finalised"]


def today() -> dt.date:
    return timezone.localdate()


def make_meeting(cell, *, date=None, kind="regular", state="planned", duration=90, **extra):
    from lamtheo.meetings.models import Meeting

    meeting = Meeting(
        cell=cell,
        kind=kind,
        date=date or today() + dt.timedelta(days=20),
        start_time=dt.time(8, 0),
        duration_minutes=duration,
        place="Nhà văn hóa",
        state=state,
        title=extra.pop("title", "Chuyên đề" if kind == "thematic" else ""),
        **extra,
    )
    meeting.save()
    return meeting


def make_report(meeting, person, *, state="assigned", reason="fewest", **extra):
    from lamtheo.meetings.models import MemberReport

    return MemberReport.objects.create(meeting=meeting, person=person, state=state, reason=reason, **extra)


TEXT = {
    "done": "Đã giúp 5 hộ nghèo làm hồ sơ vay vốn.",
    "remedied": "Đã khắc phục việc đi họp muộn.",
    "weaknesses": "Còn ngại phát biểu.",
    "direction": "Tháng tới phát biểu ít nhất một lần mỗi buổi.",
}


def meeting_day_comes(meeting) -> None:
    """Reports are presented only once their meeting has taken place: bring its date to today."""
    from lamtheo.meetings.models import Meeting

    if meeting.date > today():
        Meeting.objects.filter(pk=meeting.pk).update(date=today())
        meeting.refresh_from_db()


def advance(report, to: str, *, reporter, committee, corrections=("Đi họp đúng giờ",)):
    """Drive `report` (assigned) through the services up to state `to`."""
    from lamtheo.meetings import services_reports as svc

    def fresh():
        report.refresh_from_db()
        return report

    for step in STEPS[: STEPS.index(to) + 1]:
        r = fresh()
        if step == "draft":
            svc.save_report(actor=reporter, report=r, fields=TEXT, expected_version=r.version)
        elif step == "submitted":
            svc.act(actor=reporter, report=r, action="submit", expected_version=r.version)
        elif step == "accepted":
            svc.act(actor=committee, report=r, action="accept", comment="Tốt", expected_version=r.version)
        elif step == "presented":
            meeting_day_comes(r.meeting)
            svc.act(actor=committee, report=r, action="present", expected_version=r.version)
        elif step == "commented":
            svc.record_comments(
                actor=committee, report=r, comments=[{"speaker": None, "text": "Ý kiến"}], expected_version=r.version
            )
        elif step == "concluded":
            svc.conclude(
                actor=committee,
                report=r,
                good_points="Nhiệt tình giúp dân",
                corrections=list(corrections),
                expected_version=r.version,
            )
        elif step == "finalised":
            svc.save_report(actor=reporter, report=r, fields=TEXT, expected_version=r.version, finalise=True)
    return fresh()
