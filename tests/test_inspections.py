"""Inspections: the plan, criteria with evidence from the data, the team's grant through the scoping
function, findings, the conclusion notice (DOCX/PDF read back), follow-up with files, shortcomings in
the notebook, overdue flags on both home pages, the review figures, bad input, query counts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document
from pypdf import PdfReader

from lamtheo.core.exceptions import ConcurrentEditError
from lamtheo.inspections import access, services
from lamtheo.inspections.models import (
    Assessment,
    Inspection,
    InspectionState,
    Requirement,
    RequirementReport,
    RequirementState,
)
from lamtheo.notebook.models import (
    Evaluation,
    Pledge,
    QualityVerdict,
    Registration,
    RegistrationState,
    Shortcoming,
    ShortcomingSource,
)
from lamtheo.organizations.scoping import Capability, visible_to
from tests.inspections_fixtures import PDF, build, ensure_criteria, open_, period, plan, province_officer, year

pytestmark = pytest.mark.django_db


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


# --- the plan -------------------------------------------------------------------------------------


def test_plan_with_bad_input_answers_at_the_fields_and_saves_nothing(world, client_for):
    client = client_for(world.commune_officer)
    url = reverse("inspections:create", args=[world.commune.pk])
    response = client.post(
        url,
        {
            "kind": "inspection",
            "year": "abc",
            "subject": "",
            "units": [world.cell_d.pk],  # outside the commune
            "period_from": "31/12/2026",
            "period_to": "32/01/2026",
            "starts_on": "",
            "ends_on": "01/01/2026",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hãy nhập năm." in html
    assert "Hãy ghi nội dung kiểm tra." in html
    assert "họn trong danh sách." in html
    assert "nhập ngày theo dạng ngày/tháng/năm" in html
    assert Inspection.objects.count() == 0


def test_service_refuses_crossed_dates_and_units_outside(world):
    ensure_criteria()
    with pytest.raises(ValidationError) as exc:
        services.create_inspection(
            actor=world.commune_officer,
            organization=world.commune,
            kind="inspection",
            year=year(),
            subject="Kiểm tra",
            period_from=dt.date(year(), 6, 1),
            period_to=dt.date(year(), 1, 1),
            starts_on=dt.date(year(), 6, 1),
            ends_on=dt.date(year(), 5, 1),
            units=[world.commune],
        )
    errors = exc.value.message_dict
    assert set(errors) == {"period_to", "ends_on", "units"}
    assert Inspection.objects.count() == 0
    with pytest.raises(ValidationError):  # a secretary does not plan the commune's inspections
        plan(world.secretary, world.commune, [world.cell_a])


def test_the_plan_copies_the_default_criteria_which_the_team_adapts(world):
    inspection = plan(world.commune_officer, world.commune, [world.cell_a], kind="supervision", head=world.inspector)
    titles = list(inspection.criteria.values_list("metric", flat=True))
    assert titles[:4] == ["vague_share", "reviewed_share", "evaluated", "reported"]
    assert len(titles) == 6
    open_(world.commune_officer, inspection)
    added = services.add_criterion(
        actor=world.inspector, inspection=inspection, title="Tiêu chí riêng", description="", metric="evaluated"
    )
    assert Assessment.objects.get(criterion=added).denominator == 3  # pre-filled for the unit at once
    services.remove_criterion(actor=world.inspector, criterion=inspection.criteria.first())
    assert inspection.criteria.count() == 6
    with pytest.raises(ValidationError) as exc:
        services.add_criterion(actor=world.inspector, inspection=inspection, title=" ", metric="nonsense")
    assert "title" in exc.value.message_dict
    with pytest.raises(ValidationError):  # a team member who is not the head does not adapt the criteria
        services.add_criterion(actor=world.secretary, inspection=inspection, title="X")


def _cell_a_data(world) -> None:
    """cell_a in the covered year: An approved (reviewed) with 2 items, one vague; Bình sent, not
    reviewed, 1 specific item; An evaluated; An presented a report at a held meeting."""
    from lamtheo.meetings.models import Meeting, MemberReport

    y = year()
    an = Registration.objects.create(
        person=world.an,
        organization=world.cell_a,
        year=y,
        state=RegistrationState.APPROVED,
        reviewed_at=timezone.now(),
    )
    binh = Registration.objects.create(
        person=world.binh, organization=world.cell_a, year=y, state=RegistrationState.SUBMITTED
    )
    Pledge.objects.create(registration=an, position=1, text="Học tập tốt", verdict=QualityVerdict.VAGUE)
    Pledge.objects.create(registration=an, position=2, text="Đọc 12 cuốn sách", verdict=QualityVerdict.SPECIFIC)
    Pledge.objects.create(registration=binh, position=1, text="Đi làm đúng giờ", verdict=QualityVerdict.SPECIFIC)
    Registration.objects.create(  # another year: outside the period
        person=world.binh, organization=world.cell_a, year=y - 1, state=RegistrationState.APPROVED
    )
    Evaluation.objects.create(person=world.an, organization=world.cell_a, year=y, text="Tốt", level="good")
    meeting = Meeting.objects.create(
        cell=world.cell_a, date=dt.date(y, 1, 5), start_time=dt.time(8), duration_minutes=90, state="held"
    )
    MemberReport.objects.create(meeting=meeting, person=world.an, state="presented", reason="rotation")


def test_opening_prefills_the_evidence_from_the_period(world):
    _cell_a_data(world)
    inspection = plan(world.commune_officer, world.commune, [world.cell_a], head=world.inspector)
    assert not Assessment.objects.filter(criterion__inspection=inspection).exists()
    open_(world.commune_officer, inspection)
    evidence = {
        a.criterion.metric: (a.numerator, a.denominator)
        for a in Assessment.objects.filter(criterion__inspection=inspection).select_related("criterion")
    }
    assert evidence["vague_share"] == (1, 3)
    assert evidence["reviewed_share"] == (1, 2)
    assert evidence["evaluated"] == (1, 3)  # An, Bình, Lê Văn Thư are the cell's people
    assert evidence["reported"] == (1, 3)
    assert evidence[""] == (None, None)


def test_opening_needs_a_head(world):
    inspection = plan(world.commune_officer, world.commune, [world.cell_a])
    with pytest.raises(ValidationError, match="trưởng đoàn"):
        open_(world.commune_officer, inspection)
    assert Inspection.objects.get(pk=inspection.pk).state == InspectionState.PLANNED


# --- the team's grant -----------------------------------------------------------------------------


def test_the_grant_is_read_only_for_the_period_and_ends_with_the_notice(world):
    from lamtheo.accounts.models import User

    y = year()
    inside = Registration.objects.create(person=world.dung, organization=world.cell_d, year=y)
    earlier = Registration.objects.create(
        person=world.dung, organization=world.cell_d, year=y - 1, state=RegistrationState.APPROVED
    )
    officer = province_officer(world)
    inspection = plan(officer, world.province, [world.cell_d], head=world.inspector)

    def reads(capability: Capability = Capability.VIEW, user=None) -> set[int]:
        if user is None:
            user = User.objects.get(pk=world.inspector.pk)
            access.load(user)  # what the inspection pages do (one query), kept in the session
        return set(visible_to(Registration.objects.all(), user, capability).values_list("pk", flat=True))

    assert inside.pk not in reads()
    open_(officer, inspection)
    assert inside.pk in reads() and earlier.pk not in reads()
    assert inside.pk not in reads(Capability.REVIEW)  # never a write capability
    stale = User.objects.get(pk=world.inspector.pk)
    access.load(stale)  # grants kept in a session from while the inspection was open
    other = User.objects.get(pk=world.commune_officer.pk)
    assert not visible_to(Registration.objects.filter(pk=inside.pk), other).exists()
    services.add_finding(actor=world.inspector, unit=inspection.units.get(), kind="strength", text="Tốt")
    services.save_conclusion(
        actor=world.inspector,
        inspection=inspection,
        expected_version=None,
        number="",
        place="",
        summary="Tốt",
        signer_name="",
        signer_position="",
    )
    inspection.refresh_from_db()
    services.issue_conclusion(actor=officer, inspection=inspection, expected_version=inspection.version)
    assert inside.pk not in reads()
    assert inside.pk not in reads(user=stale)  # the query itself checks the inspection is still open


def test_users_without_grants_get_the_same_query(world):
    """The grant source adds nothing to the SQL of a user who is on no open team."""
    from lamtheo.accounts.models import User
    from lamtheo.organizations import scoping

    user = User.objects.get(pk=world.commune_officer.pk)
    access.load(user)
    with_sources = str(visible_to(Registration.objects.all(), user).query)
    saved = list(scoping._GRANT_SOURCES)
    scoping._GRANT_SOURCES.clear()
    try:
        without = str(visible_to(Registration.objects.all(), user).query)
    finally:
        scoping._GRANT_SOURCES.extend(saved)
    assert with_sources == without


def test_the_unit_page_lists_the_units_data_through_the_grant(world, client_for):
    y = year()
    registration = Registration.objects.create(
        person=world.dung, organization=world.cell_d, year=y, state=RegistrationState.SUBMITTED
    )
    Pledge.objects.create(registration=registration, text="Làm tốt công việc", verdict=QualityVerdict.VAGUE)
    officer = province_officer(world)
    inspection = plan(officer, world.province, [world.cell_d], head=world.inspector)
    open_(officer, inspection)
    html = client_for(world.inspector).get(reverse("inspections:unit", args=[inspection.units.get().pk])).content
    text = html.decode()
    assert "Đỗ Văn Dũng" in text and "Làm tốt công việc" in text
    assert reverse("notebook:registration", args=[registration.pk]) in text


# --- findings, the notice -------------------------------------------------------------------------


def test_finding_links_must_be_pages_of_the_site(world, client_for):
    inspection = plan(world.commune_officer, world.commune, [world.cell_a], head=world.inspector)
    open_(world.commune_officer, inspection)
    unit = inspection.units.get()
    client = client_for(world.inspector)
    url = reverse("inspections:finding_add", args=[unit.pk])
    response = client.post(url, {"kind": "shortcoming", "text": "Chung chung", "links": "http://evil.example/x"})
    assert response.status_code == 400
    assert "không phải là một trang của hệ thống" in response.content.decode()
    assert not unit.findings.exists()
    response = client.post(url, {"kind": "bad", "text": ""})
    assert "Hãy ghi nội dung phát hiện." in response.content.decode()
    good = reverse("organizations:detail", args=[world.cell_a.pk])
    response = client.post(url, {"kind": "shortcoming", "text": "Chung chung", "links": good})
    assert response.status_code == 302
    assert unit.findings.get().link_list == [good]


def test_conclusion_notice_docx_and_pdf(world, client_for):
    built = build(world)
    client = client_for(world.outsider)  # the inspected unit reads the issued notice
    deadline = built.requirements["p"].deadline.strftime("%d/%m/%Y")
    docx = client.get(reverse("inspections:notice", args=[built.inspections["p"].pk, "docx"]))
    assert docx.status_code == 200
    text = docx_text(b"".join(docx.streaming_content) if docx.streaming else docx.content)
    for expected in (
        "THÔNG BÁO",
        "Kết luận kiểm tra: Việc thực hiện Chỉ thị 05-CT/TW",
        "I. ƯU ĐIỂM",
        "Chi bộ thôn 3: Chi bộ làm tốt.",
        "III. YÊU CẦU",
        f"1 | Báo cáo định kỳ. | Chi bộ thôn 3 | {deadline}",
        "T/M BAN THƯỜNG VỤ",
        "Trần Tỉnh",
    ):
        assert expected in text, expected
    pdf = client.get(reverse("inspections:notice", args=[built.inspections["p"].pk, "pdf"]))
    data = b"".join(pdf.streaming_content) if pdf.streaming else pdf.content
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "THÔNG BÁO" in text and "Báo cáo định kỳ." in text and deadline in text
    # the open inspection's draft: the team reads it, the inspected cell does not yet
    assert (
        client_for(world.secretary)
        .get(reverse("inspections:notice", args=[built.inspections["c1"].pk, "docx"]))
        .status_code
        == 404
    )


def test_issuing_needs_a_conclusion_and_a_finding(world):
    inspection = plan(world.commune_officer, world.commune, [world.cell_a], head=world.inspector)
    open_(world.commune_officer, inspection)
    inspection.refresh_from_db()
    with pytest.raises(ValidationError, match="kết luận"):
        services.issue_conclusion(
            actor=world.commune_officer, inspection=inspection, expected_version=inspection.version
        )
    with pytest.raises(ValidationError):  # the team head drafts, the committee issues
        services.issue_conclusion(actor=world.inspector, inspection=inspection, expected_version=inspection.version)
    assert Inspection.objects.get(pk=inspection.pk).state == InspectionState.OPEN


# --- follow-up ------------------------------------------------------------------------------------


def _issue_c1(world, built) -> Requirement:
    c1 = built.inspections["c1"]
    c1.refresh_from_db()
    services.issue_conclusion(actor=world.commune_officer, inspection=c1, expected_version=c1.version)
    return Requirement.objects.get(pk=built.requirements["c1"].pk)


def test_unit_reports_team_returns_then_accepts(world, client_for):
    built = build(world)
    requirement = _issue_c1(world, built)
    url = reverse("inspections:requirement", args=[requirement.pk])
    unit = client_for(world.secretary)
    bad = SimpleUploadedFile("virus.exe", b"MZ\x90\x00binary", content_type="application/octet-stream")
    response = unit.post(
        url, {"action": "report", "version": requirement.version, "text": "Đã làm", "attachments": bad}
    )
    assert response.status_code == 400
    assert "virus.exe" in response.content.decode()  # the upload check names the refused file
    assert not RequirementReport.objects.filter(requirement=requirement).exists()
    assert Requirement.objects.get(pk=requirement.pk).state == RequirementState.OPEN

    good = SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")
    response = unit.post(
        url, {"action": "report", "version": requirement.version, "text": "Đã rà soát", "attachments": good}
    )
    assert response.status_code == 302
    report = RequirementReport.objects.get(requirement=requirement)
    assert report.files.get().name == "bien-ban.pdf"
    file_response = unit.get(reverse("inspections:report_file", args=[report.files.get().pk]))
    assert b"".join(file_response.streaming_content) == PDF

    team = client_for(world.inspector)
    response = team.post(url, {"action": "decide", "decision": "returned", "note": ""})
    assert "Hãy ghi những gì còn thiếu." in response.content.decode()
    assert Requirement.objects.get(pk=requirement.pk).state == RequirementState.REPORTED
    team.post(url, {"action": "decide", "decision": "returned", "note": "Thiếu biên bản họp"})
    requirement.refresh_from_db()
    assert requirement.state == RequirementState.RETURNED
    unit = client_for(world.secretary)  # one test client: log in again as each side
    unit.post(url, {"action": "report", "version": requirement.version, "text": "Bổ sung biên bản"})
    assert Requirement.objects.get(pk=requirement.pk).state == RequirementState.REPORTED
    team = client_for(world.inspector)
    team.post(url, {"action": "decide", "decision": "accepted", "note": ""})
    assert Requirement.objects.get(pk=requirement.pk).state == RequirementState.ACCEPTED
    # a cell that is not responsible cannot report (404, never 403)
    assert client_for(world.outsider).post(url, {"action": "report", "text": "x"}).status_code == 404


def test_stale_report_is_refused(world):
    built = build(world)
    requirement = _issue_c1(world, built)
    with pytest.raises(ConcurrentEditError):
        services.report_requirement(
            actor=world.secretary, requirement=requirement, expected_version=requirement.version + 5, text="x"
        )


def test_overdue_requirements_are_flagged_on_both_home_pages(world, client_for):
    built = build(world)
    requirement = _issue_c1(world, built)
    Requirement.objects.filter(pk=requirement.pk).update(deadline=timezone.localdate() - dt.timedelta(days=3))
    for user in (world.secretary, world.inspector, world.commune_officer):
        html = client_for(user).get(reverse("core:home")).content.decode()
        assert "Yêu cầu sau kiểm tra đã quá hạn" in html, user.username
        assert "Rà soát bản đăng ký." in html
    assert "cần báo cáo" in client_for(world.secretary).get(reverse("core:home")).content.decode()
    assert "cần theo dõi" in client_for(world.inspector).get(reverse("core:home")).content.decode()
    for user in (world.member, world.outsider, world.judge):
        assert "quá hạn" not in client_for(user).get(reverse("core:home")).content.decode()


def test_a_requirement_creates_shortcomings_in_the_notebook(world, client_for):
    built = build(world)
    requirement = _issue_c1(world, built)
    url = reverse("inspections:requirement", args=[requirement.pk])
    client = client_for(world.secretary)
    response = client.post(url, {"action": "shortcomings", "text": "Đăng ký chung chung"})
    assert "Hãy chọn người liên quan." in response.content.decode()
    assert not Shortcoming.objects.exists()
    response = client.post(url, {"action": "shortcomings", "people": [world.dung.pk], "text": "x"})
    assert "họn trong danh sách." in response.content.decode()  # outside the cell: not a choice
    response = client.post(
        url, {"action": "shortcomings", "people": [world.an.pk, world.binh.pk], "text": "Chung chung"}
    )
    assert response.status_code == 302
    rows = list(Shortcoming.objects.all())
    assert {s.person_id for s in rows} == {world.an.pk, world.binh.pk}
    assert all(s.source == ShortcomingSource.INSPECTION and "3-TB/ĐU" in s.source_note for s in rows)
    assert "Chung chung" in client.get(url).content.decode()


# --- figures and speed ----------------------------------------------------------------------------


def test_review_figures_count_units_findings_and_requirements(world):
    from lamtheo.reviews import figures

    built = build(world)
    requirement = _issue_c1(world, built)
    Requirement.objects.filter(pk=requirement.pk).update(deadline=timezone.localdate() - dt.timedelta(days=1))
    start, _end = period()
    fs = figures.compute(world.province, start, dt.date(year(), 12, 31))
    totals = fs.totals()
    assert totals["inspections.inspected"] == 3  # cell_a, cell_b (c1) and cell_d (p)
    assert totals["inspections.shortcomings"] == 1 and totals["inspections.strengths"] == 1
    if requirement.deadline.year == year() and built.requirements["p"].deadline.year == year():
        assert totals["inspections.requirements"] == 2
    assert totals["inspections.overdue"] == 1
    by_unit = figures.compute(world.commune, start, dt.date(year(), 12, 31)).by_unit()
    assert by_unit[world.cell_a.path]["inspections.overdue"] == 1


def test_pages_run_a_bounded_number_of_queries(world, client_for):
    from lamtheo.organizations import services as org_services

    def counts(inspection) -> tuple[int, int]:
        client = client_for(world.inspector)
        unit = inspection.units.first()
        client.get(reverse("inspections:home"))  # warm up: the session keeps the team's grants
        with CaptureQueriesContext(connection) as detail:
            assert client.get(reverse("inspections:detail", args=[inspection.pk])).status_code == 200
        with CaptureQueriesContext(connection) as page:
            assert client.get(reverse("inspections:unit", args=[unit.pk])).status_code == 200
        return len(detail), len(page)

    small = plan(world.commune_officer, world.commune, [world.cell_a], head=world.inspector)
    open_(world.commune_officer, small)
    cells = [
        org_services.create_organization(parent=world.commune, kind="cell", code=f"C1-X{i}", name=f"Chi bộ {i}")
        for i in range(4)
    ]
    big = plan(world.commune_officer, world.commune, [world.cell_a, world.cell_b, *cells], head=world.inspector)
    open_(world.commune_officer, big)
    for iu in big.units.all():
        for n in range(3):
            services.add_finding(actor=world.inspector, unit=iu, kind="shortcoming", text=f"Hạn chế {n}")
    assert counts(big) == counts(small)
