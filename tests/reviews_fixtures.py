"""Known data for the reviews tests, on top of the shared `world` (all through the ORM).

Year 2025 (YEAR). People: cell_a = An, Bình (probationary), Thư (the secretary's person);
cell_b = Cường and Công (a non-member official); cell_d (commune C2) = Dũng.

Notebook 2025
- An: approved registration, items "specific" and "vague"; mid-year report (done, partly) and
  year-end report (done, not yet) sent; evaluated "good". An also has an older version of the
  2025 registration (not current) and an approved 2024 registration — neither counts for 2025.
- Bình: registration sent (awaiting the committee), one vague item.
- Thư: a draft registration (does not count as registered).
- Cường: approved, one specific item; year-end report (done) sent; evaluated "excellent".
- Công: nothing.
- Dũng: approved, one specific item; evaluated "fulfilled".
- cell_a: an approved collective registration.
Study 2025: a class of C1 on 10/03/2025 attended by An and Cường, plus 10 mass attendances;
An's essay sent. Meetings of cell_a: held 05/05/2025 (regular; An present and reported, Bình
absent), held 20/06/2025 (thematic; Bình's report planned), cancelled 05/07/2025.

Expected figures of C1 for the year 2025 are in `EXPECTED_C1`; by cell in `EXPECTED_CELL_A/B`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

YEAR = 2025
FROM, TO = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)

EXPECTED_C1 = {
    "organizations.cells": 2,
    "organizations.people": 5,
    "organizations.members": 4,
    "organizations.full": 3,
    "organizations.probationary": 1,
    "organizations.officials": 1,
    "notebook.expected": 5,
    "notebook.registered": 3,
    "notebook.not_registered": 2,
    "notebook.approved": 2,
    "notebook.pending": 1,
    "notebook.collective": 1,
    "notebook.pledges": 4,
    "notebook.specific": 2,
    "notebook.vague": 2,
    "notebook.mid_expected": 2,
    "notebook.mid_reported": 1,
    "notebook.end_expected": 2,
    "notebook.end_reported": 2,
    "notebook.items_reported": 3,
    "notebook.items_done": 2,
    "notebook.items_partly": 0,
    "notebook.items_not_yet": 1,
    "notebook.eval_expected": 5,
    "notebook.evaluated": 2,
    "notebook.eval_excellent": 1,
    "notebook.eval_good": 1,
    "notebook.eval_fulfilled": 0,
    "notebook.eval_not_fulfilled": 0,
    "study.members_eligible": 4,
    "study.members_attended": 2,
    "study.officials_eligible": 1,
    "study.officials_attended": 0,
    "study.sessions": 1,
    "study.attendances": 12,
    "study.essays": 1,
    "study.essays_assessed": 0,
    "meetings.held": 2,
    "meetings.thematic": 1,
    "meetings.reports_planned": 2,
    "meetings.reports_presented": 1,
}
EXPECTED_CELL_A = {
    "organizations.people": 3,
    "organizations.members": 3,
    "notebook.expected": 3,
    "notebook.registered": 2,
    "notebook.not_registered": 1,
    "notebook.collective": 1,
    "notebook.pledges": 3,
    "notebook.vague": 2,
    "notebook.evaluated": 1,
    "meetings.held": 2,
}
EXPECTED_CELL_B = {
    "organizations.people": 2,
    "organizations.members": 1,
    "organizations.officials": 1,
    "notebook.expected": 2,
    "notebook.registered": 1,
    "notebook.not_registered": 1,
    "notebook.pledges": 1,
    "notebook.vague": 0,
    "notebook.evaluated": 1,
    "meetings.held": 0,
}


@dataclass
class ReviewData:
    thu: object
    cong: object
    reg_an: object
    reg_binh: object
    reg_cuong: object
    reg_dung: object


def registration(
    person, state="approved", year=YEAR, items=(("Đọc sách về Bác mỗi tháng 1 cuốn", "specific"),), **extra
):
    from lamtheo.notebook.models import Pledge, Registration

    reg = Registration.objects.create(
        person=person,
        organization=person.cell if person is not None else extra.pop("organization"),
        year=year,
        state=state,
        submitted_at=None if state == "draft" else timezone.now(),
        **extra,
    )
    for i, (text, verdict) in enumerate(items, start=1):
        Pledge.objects.create(registration=reg, position=i, text=text, verdict=verdict)
    return reg


def self_report(reg, period, statuses):
    from lamtheo.notebook.models import SelfReport, SelfReportItem

    report = SelfReport.objects.create(registration=reg, period=period, summary="", submitted_at=timezone.now())
    for pledge, status in zip(reg.pledges.order_by("position"), statuses, strict=True):
        SelfReportItem.objects.create(report=report, pledge=pledge, status=status)
    return report


def build_review_data(world) -> ReviewData:
    from lamtheo.campaigns.models import Theme
    from lamtheo.meetings.models import Attendance as MeetingAttendance
    from lamtheo.meetings.models import Meeting, MemberReport
    from lamtheo.notebook.models import Evaluation, Registration
    from lamtheo.organizations import services
    from lamtheo.organizations.models import Person
    from lamtheo.study.models import Attendance, Essay, StudySession

    Person.objects.filter(pk=world.binh.pk).update(member_status="probationary")
    thu = Person.objects.get(full_name="Lê Văn Thư")
    cong = services.create_person(
        cell=world.cell_b,
        full_name="Hoàng Văn Công",
        kind="official",
        staff_code="CC-01",
        started_on=dt.date(2020, 1, 1),
    )

    old = registration(world.an, items=(("Làm theo Bác", "vague"),))
    Registration.objects.filter(pk=old.pk).update(is_current=False)
    registration(world.an, year=YEAR - 1)
    reg_an = registration(
        world.an,
        items=(("Vận động 5 hộ hiến đất làm đường trong quý III", "specific"), ("Sống tốt hơn", "vague")),
        number=2,
    )
    reg_binh = registration(world.binh, state="submitted", items=(("Học tập tốt", "vague"),))
    registration(thu, state="draft")
    reg_cuong = registration(world.cuong)
    reg_dung = registration(world.dung)
    registration(None, organization=world.cell_a, items=(("Việc hôm nay không để ngày mai", "specific"),))

    self_report(reg_an, "mid_year", ["done", "partly"])
    self_report(reg_an, "year_end", ["done", "not_yet"])
    self_report(reg_cuong, "year_end", ["done"])
    Evaluation.objects.create(person=world.an, organization=world.cell_a, year=YEAR, text="Tốt", level="good")
    Evaluation.objects.create(
        person=world.cuong, organization=world.cell_b, year=YEAR, text="Xuất sắc", level="excellent"
    )
    Evaluation.objects.create(
        person=world.dung, organization=world.cell_d, year=YEAR, text="Hoàn thành", level="fulfilled"
    )
    Evaluation.objects.create(person=world.an, organization=world.cell_a, year=YEAR - 1, text="Cũ", level="good")

    theme = Theme.objects.create(organization=world.province, title="Chuyên đề năm 2025", year_from=YEAR, year_to=YEAR)
    session = StudySession.objects.create(
        organization=world.commune,
        theme=theme,
        title="Học tập chuyên đề 2025",
        starts_on=dt.date(YEAR, 3, 10),
        ends_on=dt.date(YEAR, 3, 10),
        mass_count=10,
    )
    Attendance.objects.create(session=session, person=world.an)
    Attendance.objects.create(session=session, person=world.cuong)
    Essay.objects.create(
        person=world.an, cell=world.cell_a, theme=theme, year=YEAR, title="Bài thu hoạch", state="submitted"
    )

    def meeting(day, kind="regular", state="held"):
        return Meeting.objects.create(
            cell=world.cell_a, kind=kind, date=day, start_time=dt.time(8, 0), duration_minutes=90, state=state
        )

    m1 = meeting(dt.date(YEAR, 5, 5))
    m2 = meeting(dt.date(YEAR, 6, 20), kind="thematic")
    meeting(dt.date(YEAR, 7, 5), state="cancelled")
    MeetingAttendance.objects.create(meeting=m1, person=world.an, status="present")
    MeetingAttendance.objects.create(meeting=m1, person=world.binh, status="absent")
    MemberReport.objects.create(meeting=m1, person=world.an, state="presented", reason="chosen")
    MemberReport.objects.create(meeting=m2, person=world.binh, state="assigned", reason="fewest")
    return ReviewData(thu, cong, reg_an, reg_binh, reg_cuong, reg_dung)


@pytest.fixture(name="rdata")
def rdata_fixture(world) -> ReviewData:
    return build_review_data(world)


@pytest.fixture(name="media")
def media_fixture(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"
