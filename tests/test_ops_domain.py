"""The domain bugs and small things of issue 9 (item 9), each with the behaviour that was wrong."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from lamtheo.accounts import audit
from lamtheo.meetings import services_reports
from lamtheo.meetings.models import MemberReport
from lamtheo.notebook import selectors_results
from lamtheo.notebook.models import SelfReportItem
from lamtheo.notebook.services_results import ItemResult, save_self_report
from lamtheo.organizations import services as org_services
from lamtheo.organizations.models import Person
from lamtheo.organizations.spreadsheet import ROSTER, ROSTER_COLUMNS
from lamtheo.reviews import services as review_services
from lamtheo.reviews.models import ReviewExport, ReviewKind
from lamtheo.study.models import Attendance as StudyAttendance
from tests.meetings_fixtures import advance, make_meeting, make_report, today
from tests.notebook_res_fixtures import approved_registration, nb_fixture  # noqa: F401
from tests.reviews_fixtures import FROM, TO, rdata_fixture  # noqa: F401
from tests.study_fixtures import make_session, make_theme

pytestmark = pytest.mark.django_db


# --- meetings -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["meetings:assign", "meetings:volunteers"])
def test_a_forty_digit_member_id_is_a_form_error_not_a_500(world, client_for, name):
    meeting = make_meeting(world.cell_a)
    response = client_for(world.secretary).post(reverse(name, args=[meeting.pk]), {"people": ["9" * 40]})
    assert response.status_code == 200
    assert "Chọn đảng viên của chi bộ này." in response.context["form"].errors["people"]


def test_a_report_is_presented_and_concluded_only_once_its_meeting_took_place(world, client_for):
    meeting = make_meeting(world.cell_a, date=today() + dt.timedelta(days=5))
    report = make_report(meeting, world.an)
    report = advance(report, "accepted", reporter=world.member, committee=world.secretary)
    response = client_for(world.secretary).post(
        reverse("meetings:report_act", args=[report.pk, "present"]), {"version": str(report.version)}, follow=True
    )
    report.refresh_from_db()
    assert report.state == "accepted" and report.presented_at is None
    assert "chưa diễn ra" in response.content.decode()
    MemberReport.objects.filter(pk=report.pk).update(state="presented")  # as an old record might be
    report.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        services_reports.conclude(
            actor=world.secretary, report=report, good_points="Tốt", corrections=[], expected_version=report.version
        )
    assert refused.value.code == "not_held"
    with pytest.raises(ValidationError):
        services_reports.record_comments(
            actor=world.secretary, report=report, comments=[{"text": "Ý kiến"}], expected_version=report.version
        )
    assert not report.corrections.exists()


def test_on_the_day_of_the_meeting_the_report_is_presented(world):
    report = make_report(make_meeting(world.cell_a, date=today()), world.an)
    report = advance(report, "accepted", reporter=world.member, committee=world.secretary)
    done = services_reports.act(actor=world.secretary, report=report, action="present", expected_version=report.version)
    assert done.state == "presented"


# --- notebook -----------------------------------------------------------------------------------


def test_an_empty_draft_on_a_new_version_does_not_hide_the_submitted_mid_year_report(world, nb, client_for):
    pledge = nb.reg_an.pledges.order_by("position").first()
    save_self_report(
        actor=world.member,
        registration=nb.reg_an,
        period="mid_year",
        items=[ItemResult(pledge_id=p.pk, status="done", achieved="Đã giúp 5 hộ") for p in nb.reg_an.pledges.all()],
        summary="Báo cáo giữa năm đã gửi chi bộ",
        submit=True,
    )
    type(nb.reg_an).objects.filter(pk=nb.reg_an.pk).update(is_current=False)  # a new version replaces it
    version2, _pledges = approved_registration(world.an, number=2, texts=("Giúp 6 hộ nghèo làm hồ sơ vay vốn",))
    save_self_report(actor=world.member, registration=version2, period="mid_year", items=[], summary="")
    assert pledge is not None
    results = selectors_results.notebook_results(world.member, world.an, nb.year)
    mid_year = next(p for p in results.periods if p.period == "mid_year")
    assert mid_year.report is not None and mid_year.report.summary == "Báo cáo giữa năm đã gửi chi bộ"
    response = client_for(world.member).get(reverse("notebook:print", args=[world.an.pk, nb.year]) + "?format=docx")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "Báo cáo giữa năm đã gửi chi bộ" in text


def test_the_photo_error_is_announced_at_the_top_of_the_self_report_form(world, nb, client_for):
    url = reverse("notebook:self_report", args=[nb.reg_an.pk, "mid_year"])
    bad = SimpleUploadedFile("anh.jpg", b"this is not an image", content_type="image/jpeg")
    response = client_for(world.member).post(url, {"version": "0", "action": "save", "photos": [bad]})
    assert response.status_code == 200
    html = response.content.decode()
    summary = html.index("Vui lòng sửa các lỗi sau:")
    assert summary < html.index("nb-item") < html.index('name="photos"')
    assert re.search(r'<a href="#id_photos">[^<]+:', html[summary:])


# --- roster import ------------------------------------------------------------------------------


def test_roster_import_checks_dates_phones_and_formula_cells(world, client_for):
    book = Workbook()
    sheet = book.active
    sheet.append([str(c.title) for c in ROSTER_COLUMNS])

    def row(**values):
        base = {"card_number": "300001", "full_name": "Hoàng Thị Mai", "cell_code": "C1-A", **values}
        sheet.append([base.get(c.key) for c in ROSTER_COLUMNS])

    next_year = dt.date.today().year + 1
    row(card_number="300001", birth_date=f"01/01/{next_year}")  # row 2: born in the future
    row(card_number="300002", birth_date="02/09/1990", admission_date="01/01/1985")  # row 3: admitted before birth
    row(card_number="300003", phone="không có")  # row 4: not a phone
    row(card_number="300004", full_name='=CONCATENATE("Lê ","Văn")')  # row 5: a formula without its value
    row(card_number="300005", phone="0912 345 678")  # row 6: fine
    out = io.BytesIO()
    book.save(out)
    before = Person.objects.count()
    response = client_for(world.admin).post(
        reverse("organizations:import"),
        {"kind": ROSTER, "file": SimpleUploadedFile("danh-sach.xlsx", out.getvalue())},
    )
    result = response.context["result"]
    errors = {(e.row, e.column): e.message for e in result.errors}
    assert errors[(2, "Ngày sinh")] == "Ngày sinh ở tương lai."
    assert errors[(3, "Ngày vào Đảng")] == "Ngày vào Đảng trước ngày sinh."
    assert "không phải số điện thoại" in errors[(4, "Điện thoại")]
    assert "công thức" in errors[(5, "Họ và tên")] and "bắt buộc" not in errors[(5, "Họ và tên")]
    assert not any(row == 6 for row, _column in errors)
    assert Person.objects.count() == before  # nothing saved half-way


# --- audit trail --------------------------------------------------------------------------------


def test_audit_trail_does_not_name_units_outside_the_viewer_subtree(world, client_for):
    org_services.transfer_person(world.dung, to_cell=world.cell_a)  # from the other commune
    html = client_for(world.commune_officer).get(reverse("organizations:audit")).content.decode()
    assert "Đỗ Văn Dũng" in html  # now in the viewer's commune
    # The change of his cell does not name where he came from: another commune's business.
    assert f'<span class="old">{world.cell_d.name}</span>' not in html
    assert "(ngoài các đơn vị đồng chí quản lý)" in html
    admin_html = client_for(world.admin).get(reverse("organizations:audit")).content.decode()
    assert f'<span class="old">{world.cell_d.name}</span>' in admin_html  # the province sees both


def test_audit_trail_speaks_vietnamese(world, client_for):
    with translation.override("vi"):
        assert audit.field_label(StudyAttendance, "session") == "Lớp học tập"
        assert audit.field_label(StudyAttendance, "recorded_by") == "Người ghi"
        assert audit.field_label(Person, "cell") != "Cell"
        assert audit.model_label(SelfReportItem, plural=True) == "Kết quả từng việc tự đánh giá"
        assert "Self report items" not in dict(audit.model_choices()).values()
        field = Person._meta.get_field("full_name")
        assert audit._show(field, "null", {}) == "—"
    html = client_for(world.member).get(reverse("core:home")).content.decode()
    assert "Danh mục" in html and ">Menu<" not in html


# --- study attendance ---------------------------------------------------------------------------


def test_the_chosen_cells_roll_comes_first_with_a_tick_all_button(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    session = make_session(world.commune, make_theme(world.province))
    url = reverse("study:attendance", args=[session.pk]) + f"?cell={world.cell_a.pk}"
    html = client_for(world.commune_officer).get(url).content.decode()
    assert html.index('id="st-roll"') < html.index("st-cell-list")  # the roll, then the other cells
    assert 'data-tick-all="st-roll-boxes"' in html and 'id="st-roll-boxes"' in html
    assert "ops/tick-all.js" in html
    assert re.search(r"<details[^>]*>\s*<summary><h2 id=\"st-cells\">Chọn chi bộ khác", html)


# --- review exports -----------------------------------------------------------------------------


def test_review_exports_do_not_pile_up(world, rdata, django_capture_on_commit_callbacks, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    review = review_services.create_review(
        actor=world.commune_officer, organization=world.commune, kind=ReviewKind.INTERIM, date_from=FROM, date_to=TO
    )
    queued = review_services.start_export(actor=world.commune_officer, review=review, fmt="xlsx")
    again = review_services.start_export(actor=world.commune_officer, review=review, fmt="xlsx")
    assert again.pk == queued.pk  # a build under way is reused, not queued twice
    ReviewExport.objects.filter(pk=queued.pk).update(status="failed")
    with django_capture_on_commit_callbacks(execute=True):
        first = review_services.start_export(actor=world.commune_officer, review=review, fmt="xlsx")
    first.refresh_from_db()
    assert first.status == "done" and first.file
    old_name = first.file.name
    with django_capture_on_commit_callbacks(execute=True):
        second = review_services.start_export(actor=world.commune_officer, review=review, fmt="xlsx")
    assert list(ReviewExport.objects.filter(review=review, fmt="xlsx").values_list("pk", flat=True)) == [second.pk]
    assert not (tmp_path / old_name).exists() or old_name == ReviewExport.objects.get().file.name
