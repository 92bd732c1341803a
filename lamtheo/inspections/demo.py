"""Demo inspections on the demo tree, built through the services (called by the demo campaign).

- a concluded inspection of the first half of the year by the commune committee (`capuy`), team
  head `kiemtra`, of the demo cell and another cell: findings from the seeds (vague registrations,
  the cell committee not commenting regularly), the conclusion notice, three requirements — one
  remedied (reported by `bithu`, accepted by `kiemtra`), one overdue (flagged on both home
  pages), one still running;
- an open supervision of the year for `kiemtra` to work on: evidence pre-filled, nothing assessed yet.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

from lamtheo.accounts.models import User
from lamtheo.organizations.models import CELL_KINDS, Organization

from . import services
from .models import Decision, FindingKind, InspectionKind, Requirement

if TYPE_CHECKING:
    from lamtheo.core.demo_campaign import Cast


def seed_inspections(cast: Cast, *, year: int) -> list[str]:
    """Seed the demo inspections; returns notes on what was left out (no `kiemtra`, a single cell)."""
    inspector = User.objects.filter(username="kiemtra", is_active=True).first()
    members = [u for u in User.objects.filter(username="giupviec", is_active=True)]
    if inspector is None:
        return ["no kiemtra account: no demo inspection"]
    others = list(
        Organization.objects.filter(path__startswith=cast.commune.path, kind__in=CELL_KINDS)
        .exclude(pk=cast.cell.pk)
        .order_by("path")[:2]
    )
    today = timezone.localdate()
    committee = cast.committee
    first_half = (dt.date(year, 1, 1), min(dt.date(year, 6, 30), today))
    concluded = services.create_inspection(
        actor=committee,
        organization=cast.commune,
        kind=InspectionKind.INSPECTION,
        year=year,
        subject="Việc thực hiện Chỉ thị 05-CT/TW và Sổ tay làm theo gương Bác ở các chi bộ",
        period_from=first_half[0],
        period_to=first_half[1],
        starts_on=first_half[1],
        ends_on=first_half[1],
        units=[cast.cell, *others[:1]],
    )
    services.set_team(actor=committee, inspection=concluded, head=inspector, members=members)
    services.open_inspection(actor=committee, inspection=concluded, expected_version=concluded.version)
    units = {iu.unit_id: iu for iu in concluded.units.all()}
    cell_unit = units[cast.cell.pk]
    services.add_finding(
        actor=inspector,
        unit=cell_unit,
        kind=FindingKind.STRENGTH,
        text="Chi bộ tổ chức cho đảng viên đăng ký làm theo, nhiều nội dung thiết thực, gắn với công việc chuyên môn.",
    )
    services.add_finding(
        actor=inspector,
        unit=cell_unit,
        kind=FindingKind.SHORTCOMING,
        text="Một số đảng viên đăng ký nội dung chung chung, chưa cụ thể, chưa sát với công việc thường xuyên.",
        criterion=concluded.criteria.filter(metric="vague_share").first(),
    )
    services.add_finding(
        actor=inspector,
        unit=cell_unit,
        kind=FindingKind.SHORTCOMING,
        text="Chi ủy chưa thường xuyên, định kỳ nhận xét việc thực hiện nội dung đăng ký trong sinh hoạt chi bộ.",
        criterion=concluded.criteria.filter(metric="reviewed_share").first(),
    )
    services.save_conclusion(
        actor=inspector,
        inspection=concluded,
        expected_version=None,
        number="",
        place=cast.commune.name.replace("Đảng ủy xã ", "").replace("Đảng ủy ", ""),
        summary="Các chi bộ đã chủ động triển khai việc học tập và làm theo; nhận thức của đảng viên được nâng lên.",
        signer_name=committee.get_full_name() or committee.username,
        signer_position="Phó Bí thư",
    )
    deadline = today + dt.timedelta(days=30)
    remedied = services.add_requirement(
        actor=inspector,
        inspection=concluded,
        unit=cast.cell,
        text="Rà soát, bổ sung bản đăng ký làm theo của đảng viên cho cụ thể, lượng hóa được.",
        deadline=deadline,
    )
    late = services.add_requirement(
        actor=inspector,
        inspection=concluded,
        unit=cast.cell,
        text="Đưa việc nhận xét thực hiện nội dung đăng ký vào sinh hoạt chi bộ định kỳ hằng tháng.",
        deadline=deadline,
    )
    running = [
        services.add_requirement(
            actor=inspector,
            inspection=concluded,
            unit=other,
            text="Tổ chức cho đảng viên liên hệ, báo cáo việc làm theo trong sinh hoạt chi bộ.",
            deadline=deadline + dt.timedelta(days=30),
        )
        for other in others[:1]
    ]
    concluded.refresh_from_db()
    services.issue_conclusion(actor=committee, inspection=concluded, expected_version=concluded.version)
    remedied.refresh_from_db()
    report = services.report_requirement(
        actor=cast.secretary,
        requirement=remedied,
        expected_version=remedied.version,
        text="Chi bộ đã rà soát 100% bản đăng ký; các đảng viên bổ sung chỉ tiêu, thời hạn cụ thể.",
    )
    services.decide_report(actor=inspector, report=report, decision=Decision.ACCEPTED, note="Đạt yêu cầu.")
    # The demo needs an overdue requirement: its deadline passed last week (a service refuses a past deadline).
    Requirement.objects.filter(pk=late.pk).update(deadline=today - dt.timedelta(days=7))
    del running

    supervision = services.create_inspection(
        actor=committee,
        organization=cast.commune,
        kind=InspectionKind.SUPERVISION,
        year=year,
        subject="Giám sát việc đảng viên liên hệ, báo cáo làm theo gương Bác trong sinh hoạt chi bộ",
        period_from=dt.date(year, 1, 1),
        period_to=today if today.year == year else dt.date(year, 12, 31),
        starts_on=today,
        ends_on=today + dt.timedelta(days=14),
        units=[cast.cell, *others[1:2]],
    )
    services.set_team(actor=committee, inspection=supervision, head=inspector, members=members)
    services.open_inspection(actor=committee, inspection=supervision, expected_version=supervision.version)
    return [] if others else ["a single cell: the inspections cover the demo cell only"]
