"""Inspections on the test world (tests/conftest.py), built through the services.

- "c1": planned by the commune C1 (canbo_xa) over cell_a and cell_b, team head kiemtra; OPEN, with a
  finding, a drafted conclusion and a requirement for cell_a;
- "p": planned by the province P ("tinhuy", a province committee member made here) over cell_d in
  the other commune, team head kiemtra (whose own role is on C1 only); CONCLUDED, with a requirement
  for cell_d that bithu_d (the outsider) reported on with a file.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def ensure_criteria() -> None:
    """The default criteria of the data migration (a browser test's flush removes them)."""
    from lamtheo.inspections.models import CriterionTemplate

    if not CriterionTemplate.objects.exists():
        importlib.import_module("lamtheo.inspections.migrations.0002_default_criteria").add_defaults(apps, None)


def year() -> int:
    return timezone.localdate().year


def period() -> tuple[dt.date, dt.date]:
    return dt.date(year(), 1, 1), dt.date(year(), 12, 31)


def province_officer(world: Any) -> Any:
    from lamtheo.accounts.models import User
    from lamtheo.organizations.models import Role
    from tests.conftest import make_user

    found = User.objects.filter(username="tinhuy").first()
    return found or make_user("tinhuy", role=Role.COMMITTEE, org=world.province)


def plan(actor: Any, node: Any, units: list[Any], *, kind: str = "inspection", head: Any = None) -> Any:
    from lamtheo.inspections import services

    ensure_criteria()
    start, end = period()
    inspection = services.create_inspection(
        actor=actor,
        organization=node,
        kind=kind,
        year=year(),
        subject="Việc thực hiện Chỉ thị 05-CT/TW",
        period_from=start,
        period_to=end,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + dt.timedelta(days=10),
        units=units,
    )
    if head is not None:
        services.set_team(actor=actor, inspection=inspection, head=head, members=[])
    return inspection


def open_(actor: Any, inspection: Any) -> Any:
    from lamtheo.inspections import services

    inspection.refresh_from_db()
    return services.open_inspection(actor=actor, inspection=inspection, expected_version=inspection.version)


@dataclass
class Built:
    inspections: dict[str, Any]
    units: dict[str, Any]
    criteria: dict[str, Any]
    assessments: dict[str, Any]
    findings: dict[str, Any]
    requirements: dict[str, Any]
    files: dict[str, Any]
    province_officer: Any


def build(world: Any) -> Built:
    from lamtheo.inspections import services

    deadline = timezone.localdate() + dt.timedelta(days=20)
    c1 = plan(world.commune_officer, world.commune, [world.cell_a, world.cell_b], head=world.inspector)
    open_(world.commune_officer, c1)
    c1_unit = c1.units.get(unit=world.cell_a)
    c1_finding = services.add_finding(
        actor=world.inspector, unit=c1_unit, kind="shortcoming", text="Đăng ký còn chung chung."
    )
    services.save_conclusion(
        actor=world.inspector,
        inspection=c1,
        expected_version=None,
        number="3-TB/ĐU",
        place="Hòa An",
        summary="Chi bộ đã triển khai.",
        signer_name="Nguyễn Văn Xã",
        signer_position="Phó Bí thư",
    )
    c1_req = services.add_requirement(
        actor=world.inspector, inspection=c1, unit=world.cell_a, text="Rà soát bản đăng ký.", deadline=deadline
    )

    officer = province_officer(world)
    p = plan(officer, world.province, [world.cell_d], head=world.inspector)
    open_(officer, p)
    p_unit = p.units.get()
    p_finding = services.add_finding(actor=world.inspector, unit=p_unit, kind="strength", text="Chi bộ làm tốt.")
    services.save_conclusion(
        actor=world.inspector,
        inspection=p,
        expected_version=None,
        number="7-TB/TU",
        place="Bình Sơn",
        summary="Đơn vị thực hiện tốt.",
        signer_name="Trần Tỉnh",
        signer_position="Phó Bí thư",
    )
    p_req = services.add_requirement(
        actor=world.inspector, inspection=p, unit=world.cell_d, text="Báo cáo định kỳ.", deadline=deadline
    )
    p.refresh_from_db()
    services.issue_conclusion(actor=officer, inspection=p, expected_version=p.version)
    p_req.refresh_from_db()
    report = services.report_requirement(
        actor=world.outsider,
        requirement=p_req,
        expected_version=p_req.version,
        text="Đã thực hiện.",
        files=[SimpleUploadedFile("bao-cao.pdf", PDF, content_type="application/pdf")],
    )
    return Built(
        inspections={"c1": c1, "p": p},
        units={"c1": c1_unit, "p": p_unit},
        criteria={"c1": c1.criteria.first(), "p": p.criteria.first()},
        assessments={"c1": c1_unit.assessments.first(), "p": p_unit.assessments.first()},
        findings={"c1": c1_finding, "p": p_finding},
        requirements={"c1": c1_req, "p": p_req},
        files={"p": report.files.get()},
        province_officer=officer,
    )
