"""Meeting pages through the test client: forms answer bad input at the field (never a 500),
uploads, the minutes read back from DOCX and PDF, the to-do block and the notebook tag, the
reminder task, and bounded query counts on the list pages."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pypdf
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from lamtheo.meetings import services, services_minutes
from lamtheo.meetings import services_reports as reports
from lamtheo.meetings.models import Attendance, Meeting, MeetingDocument, MeetingSettings, MemberReport
from lamtheo.meetings.tasks import send_meeting_reminders
from lamtheo.notebook.models import Shortcoming
from lamtheo.organizations import services as org_services
from lamtheo.organizations.models import OrganizationKind
from tests.meetings_fixtures import TEXT, advance, make_meeting, make_report, today

pytestmark = pytest.mark.django_db


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def errors_in(response) -> list[str]:
    form = response.context["form"]
    return [str(e) for errors in form.errors.values() for e in errors]


# --- the year plan --------------------------------------------------------------------------------


def test_secretary_plans_the_year_from_the_plan_page(world, client_for):
    client = client_for(world.secretary)
    year = today().year + 1
    page = client.get(reverse("meetings:cell", args=[world.cell_a.pk]) + f"?year={year}")
    assert page.status_code == 200
    assert reverse("meetings:generate", args=[world.cell_a.pk, year]) in page.content.decode()
    response = client.post(reverse("meetings:generate", args=[world.cell_a.pk, year]), {"from_month": "1"})
    assert response.status_code == 302
    assert Meeting.objects.filter(cell=world.cell_a, year=year).count() == 16
    page = client.get(reverse("meetings:cell", args=[world.cell_a.pk]) + f"?year={year}")
    html = page.content.decode()
    assert "Nguyễn Văn An" in html and "Trần Thị Bình" in html  # the forecast names the reporters


def test_generate_answers_a_bad_month_at_the_field(world, client_for):
    client = client_for(world.secretary)
    year = today().year + 1
    response = client.post(reverse("meetings:generate", args=[world.cell_a.pk, year]), {"from_month": "13"})
    assert response.status_code == 200 and response.context["form"].errors["from_month"]
    assert not Meeting.objects.exists()


def test_member_reads_the_plan_without_the_forecast(world, client_for):
    make_meeting(world.cell_a)
    page = client_for(world.member).get(reverse("meetings:cell", args=[world.cell_a.pk]))
    assert page.status_code == 200
    assert not page.context["plan"].can_manage
    assert reverse("meetings:generate", args=[world.cell_a.pk, today().year]) not in page.content.decode()


def test_settings_form(world, client_for):
    client = client_for(world.secretary)
    url = reverse("meetings:settings", args=[world.cell_a.pk])
    assert client.get(url).status_code == 200
    data = {
        "reporters_per_month": "2",
        "small_cell_threshold": "5",
        "small_cell_reports_per_member": "2",
        "thematic_months": ["3", "6", "9"],
        "meeting_day": "5",
        "thematic_day": "20",
        "start_time": "19:30",
        "duration_minutes": "90",
        "place": "Nhà văn hóa",
        "locality": "Hòa An",
        "draft_days_before": "7",
        "review_days_before": "3",
        "finalise_days_after": "7",
    }
    response = client.post(url, data)
    assert response.status_code == 200 and response.context["form"].errors["thematic_months"]
    response = client.post(url, {**data, "start_time": "7 giờ"})
    assert response.status_code == 200 and response.context["form"].errors["start_time"]
    response = client.post(url, {**data, "thematic_months": ["3", "6", "9", "12"]})
    assert response.status_code == 302
    assert MeetingSettings.objects.get(cell=world.cell_a).reporters_per_month == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date": "31/02/2027"}, "date"),
        ({"date": ""}, "date"),
        ({"start_time": "25:00"}, "start_time"),
        ({"duration_minutes": "60"}, "duration_minutes"),
        ({"duration_minutes": "abc"}, "duration_minutes"),
        ({"kind": "party"}, "kind"),
        ({"theme": "99999"}, "theme"),
        ({"place": "x" * 300}, "place"),
    ],
)
def test_meeting_form_answers_bad_input_at_the_field(world, client_for, changes, field):
    client = client_for(world.secretary)
    data = {"kind": "regular", "date": "05/01/2027", "start_time": "19:30", "duration_minutes": "90", "place": "A"}
    response = client.post(reverse("meetings:meeting_add", args=[world.cell_a.pk]), {**data, **changes})
    assert response.status_code == 200
    assert response.context["form"].errors[field]
    assert not Meeting.objects.exists()


def test_meeting_edit_with_a_stale_version(world, client_for):
    meeting = make_meeting(world.cell_a)
    client = client_for(world.secretary)
    data = {"version": "1", "kind": "regular", "date": meeting.date.strftime("%d/%m/%Y"), "start_time": "19:30"}
    data |= {"duration_minutes": "90", "place": "B"}
    assert client.post(reverse("meetings:meeting_edit", args=[meeting.pk]), data).status_code == 302
    response = client.post(reverse("meetings:meeting_edit", args=[meeting.pk]), {**data, "place": "C"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    meeting.refresh_from_db()
    assert meeting.place == "B"


# --- reporters and the report pages ---------------------------------------------------------------


def test_assign_page_proposes_with_reasons_and_assigns(world, client_for):
    meeting = make_meeting(world.cell_a)
    client = client_for(world.secretary)
    page = client.get(reverse("meetings:assign", args=[meeting.pk]))
    assert page.status_code == 200
    proposal = page.context["proposal"]
    assert proposal.rotation.picks
    response = client.post(reverse("meetings:assign", args=[meeting.pk]), {"people": [str(world.an.pk)]})
    assert response.status_code == 302
    assert MemberReport.objects.get(meeting=meeting).person == world.an
    response = client.post(reverse("meetings:assign", args=[meeting.pk]), {"people": [str(world.dung.pk)]})
    assert response.status_code == 200 and response.context["form"].errors["people"]


def test_reporter_drafts_from_the_prefill_and_submits(world, client_for):
    meeting = make_meeting(world.cell_a)
    report = make_report(meeting, world.an)
    Shortcoming.objects.create(person=world.an, year=meeting.year, text="Còn đi họp muộn")
    client = client_for(world.member)
    url = reverse("meetings:report_edit", args=[report.pk])
    page = client.get(url)
    assert page.status_code == 200 and page.context["prefilled"]
    assert "Còn đi họp muộn" in page.context["form"].initial["remedied"]
    response = client.post(url, {"version": "1", "done": "", "direction": "", "submit": "1"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) >= {"done", "direction"}
    response = client.post(url, {"version": "1", **TEXT, "submit": "1"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "submitted"
    response = client.post(url, {"version": "2", **TEXT, "save": "1"})  # no longer editable
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "submitted"


def test_review_page(world, client_for):
    report = advance(
        make_report(make_meeting(world.cell_a), world.an), "submitted", reporter=world.member, committee=world.secretary
    )
    client = client_for(world.secretary)
    url = reverse("meetings:report_review", args=[report.pk])
    response = client.post(url, {"version": str(report.version), "decision": "return", "comment": ""})
    assert response.status_code == 200 and response.context["form"].errors["comment"]
    response = client.post(url, {"version": str(report.version), "decision": "maybe"})
    assert response.status_code == 200 and response.context["form"].errors["decision"]
    response = client.post(url, {"version": str(report.version), "decision": "return", "comment": "Thêm số liệu"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "returned"


def test_action_buttons_refuse_the_wrong_role_with_404(world, client_for):
    report = advance(
        make_report(make_meeting(world.cell_a, date=today()), world.an),
        "accepted",
        reporter=world.member,
        committee=world.secretary,
    )
    member = client_for(world.member)
    assert member.post(reverse("meetings:report_act", args=[report.pk, "present"]), {"version": "1"}).status_code == 404
    assert member.post(reverse("meetings:report_act", args=[report.pk, "explode"]), {"version": "1"}).status_code == 404
    secretary = client_for(world.secretary)
    response = secretary.post(reverse("meetings:report_act", args=[report.pk, "present"]), {"version": "abc"})
    assert response.status_code == 302  # incomplete form: a message, nothing saved
    report.refresh_from_db()
    assert report.state == "accepted"
    response = secretary.post(
        reverse("meetings:report_act", args=[report.pk, "present"]), {"version": str(report.version)}
    )
    report.refresh_from_db()
    assert response.status_code == 302 and report.state == "presented"


def test_conclude_page_turns_lines_into_shortcomings(world, client_for):
    report = advance(
        make_report(make_meeting(world.cell_a), world.an), "presented", reporter=world.member, committee=world.secretary
    )
    client = client_for(world.secretary)
    url = reverse("meetings:report_conclude", args=[report.pk])
    response = client.post(url, {"version": str(report.version), "good_points": "", "corrections": ""})
    assert response.status_code == 200 and response.context["form"].errors
    response = client.post(
        url,
        {
            "version": str(report.version),
            "good_points": "Tích cực",
            "corrections": "- Đi họp đúng giờ\n\n• Phát biểu nhiều hơn",
        },
    )
    assert response.status_code == 302
    assert sorted(Shortcoming.objects.filter(person=world.an, source="meeting").values_list("text", flat=True)) == [
        "Phát biểu nhiều hơn",
        "Đi họp đúng giờ",
    ]


def test_comments_page(world, client_for):
    report = advance(
        make_report(make_meeting(world.cell_a), world.an), "presented", reporter=world.member, committee=world.secretary
    )
    client = client_for(world.secretary)
    url = reverse("meetings:report_comments", args=[report.pk])
    response = client.post(url, {"version": str(report.version), "speaker_1": str(world.dung.pk), "text_1": "x"})
    assert response.status_code == 200 and response.context["form"].errors["speaker_1"]
    response = client.post(
        url, {"version": str(report.version), "speaker_1": str(world.binh.pk), "text_1": "Cụ thể hơn"}
    )
    assert response.status_code == 302
    assert report.comments.get().speaker == world.binh


def test_attendance_page(world, client_for):
    meeting = make_meeting(world.cell_a)
    client = client_for(world.secretary)
    url = reverse("meetings:attendance", args=[meeting.pk])
    page = client.get(url)
    assert page.status_code == 200
    response = client.post(url, {"version": "1", f"status_{world.an.pk}": "excused", f"reason_{world.an.pk}": ""})
    assert response.status_code == 200 and response.context["form"].errors
    response = client.post(url, {"version": "1", f"status_{world.an.pk}": "sick"})
    assert response.status_code == 200 and response.context["form"].errors[f"status_{world.an.pk}"]
    response = client.post(
        url,
        {
            "version": "1",
            f"status_{world.an.pk}": "excused",
            f"reason_{world.an.pk}": "Ốm",
            f"status_{world.binh.pk}": "present",
        },
    )
    assert response.status_code == 302
    assert Attendance.objects.filter(meeting=meeting).count() == 2


# --- documents ------------------------------------------------------------------------------------


def test_documents_upload_and_download_in_scope(world, client_for, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    meeting = make_meeting(world.cell_a)
    client = client_for(world.secretary)
    url = reverse("meetings:document_add", args=[meeting.pk])
    response = client.post(url, {"file": SimpleUploadedFile("x.exe", b"MZ"), "title": ""})
    assert response.status_code == 200 and response.context["form"].errors["file"]
    response = client.post(url, {"title": ""})
    assert response.status_code == 200 and response.context["form"].errors["file"]
    response = client.post(
        url, {"file": SimpleUploadedFile("chuong-trinh.pdf", b"%PDF-1.4 hello"), "title": "Chương trình"}
    )
    assert response.status_code == 302
    document = MeetingDocument.objects.get()
    download = client_for(world.member).get(reverse("meetings:document", args=[document.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert client_for(world.outsider).get(reverse("meetings:document", args=[document.pk])).status_code == 404


# --- the minutes ----------------------------------------------------------------------------------


@pytest.fixture
def held_meeting(world):
    services.save_settings(
        actor=world.secretary,
        cell=world.cell_a,
        data={
            "reporters_per_month": 1,
            "small_cell_threshold": 10,
            "small_cell_reports_per_member": 2,
            "thematic_months": [3, 6, 9, 12],
            "reports_in_thematic_months": False,
            "meeting_day": 5,
            "thematic_day": 20,
            "start_time": dt.time(19, 30),
            "duration_minutes": 90,
            "place": "",
            "locality": "Hòa An",
            "draft_days_before": 7,
            "review_days_before": 3,
            "finalise_days_after": 7,
        },
        expected_version=None,
    )
    meeting = make_meeting(world.cell_a, date=today() - dt.timedelta(days=1))
    report = advance(make_report(meeting, world.an), "concluded", reporter=world.member, committee=world.secretary)
    meeting.refresh_from_db()
    services_minutes.record_attendance(
        actor=world.secretary,
        meeting=meeting,
        rows=[
            {"person": world.an, "status": "present", "reason": ""},
            {"person": world.binh, "status": "excused", "reason": "Đi viện"},
        ],
        expected_version=meeting.version,
    )
    meeting.refresh_from_db()
    services_minutes.save_minutes(
        actor=world.secretary,
        meeting=meeting,
        data={
            "chair": "Lê Văn Thư",
            "recorder": "Nguyễn Văn An",
            "started_at": dt.time(19, 30),
            "ended_at": dt.time(21, 0),
            "news": "Tin thời sự tháng",
            "review_text": "",
            "follow_text": "Học tập chuyên đề năm",
            "tasks_text": "Dọn vệ sinh đường làng",
            "conclusions": "Chi bộ thống nhất các nội dung.",
        },
        held=True,
        expected_version=meeting.version,
    )
    return meeting, report


def test_minutes_read_back_from_docx_and_pdf(world, client_for, held_meeting):
    meeting, _report = held_meeting
    client = client_for(world.commune_officer)
    response = client.get(reverse("meetings:export", args=[meeting.pk, "docx"]))
    assert response.status_code == 200
    text = docx_text(response.content)
    for expected in [
        "BIÊN BẢN",
        "CHI BỘ THÔN 1",
        "ĐẢNG ỦY XÃ HÒA AN",
        "Hòa An, ngày",
        "Trần Thị Bình (Đi viện)",
        "Lê Văn Thư",
        "Nhiệt tình giúp dân",  # the chair's conclusion on An's report
        "Đi họp đúng giờ",  # the correction
        "Chi bộ thống nhất các nội dung.",
        "THƯ KÝ",
        "CHỦ TRÌ",
        "19 giờ 30 phút",
    ]:
        assert expected in text, expected
    pdf = client.get(reverse("meetings:export", args=[meeting.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = pdf_text(pdf.content)
    assert "BIÊN BẢN" in text and "Trần Thị Bình" in text and "Đi họp đúng giờ" in text
    assert client.get(reverse("meetings:export", args=[meeting.pk, "odt"])).status_code == 404
    assert client_for(world.outsider).get(reverse("meetings:export", args=[meeting.pk, "pdf"])).status_code == 404


def test_minutes_page_warns_about_a_short_meeting(world, client_for):
    meeting = make_meeting(world.cell_a, date=today() - dt.timedelta(days=1))
    Attendance.objects.create(meeting=meeting, person=world.an, status="present")
    client = client_for(world.secretary)
    data = {"version": "1", "chair": "Thư", "recorder": "An", "started_at": "19:30", "ended_at": "20:00", "held": "on"}
    response = client.post(reverse("meetings:minutes", args=[meeting.pk]), data, follow=True)
    assert response.status_code == 200
    assert any("42-HD/BTCTW" in str(m) for m in response.context["messages"])
    meeting.refresh_from_db()
    assert meeting.state == "held"
    response = client.post(reverse("meetings:minutes", args=[meeting.pk]), {**data, "version": "2", "ended_at": "xx"})
    assert response.status_code == 200 and response.context["form"].errors["ended_at"]


# --- to do, the notebook tag, reminders -----------------------------------------------------------


def test_todo_block(world, client_for):
    meeting = make_meeting(world.cell_a)
    report = make_report(meeting, world.an, draft_due=meeting.date - dt.timedelta(days=7))
    page = client_for(world.member).get(reverse("meetings:mine"))
    todo = page.context["todo"]
    assert [t.kind for t in todo] == ["draft"] and todo[0].url == reverse("meetings:report_edit", args=[report.pk])
    advance(report, "submitted", reporter=world.member, committee=world.secretary)
    page = client_for(world.secretary).get(reverse("meetings:home"))
    kinds = {t.kind for t in page.context["todo"]}
    assert "review" in kinds and "documents" not in kinds  # the meeting is 20 days away
    html = Template("{% load meeting_reports %}{% meeting_todo %}").render(
        Context({"request": _request(world.secretary)})
    )
    assert reverse("meetings:report_review", args=[report.pk]) in html


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_member_reports_tag_shows_finalised_reports_with_corrections(world):
    meeting = make_meeting(world.cell_a)
    advance(make_report(meeting, world.an), "finalised", reporter=world.member, committee=world.secretary)
    template = Template("{% load meeting_reports %}{% member_reports person year %}")
    html = template.render(Context({"request": _request(world.member), "person": world.an, "year": meeting.year}))
    assert "Nhiệt tình giúp dân" in html and "Đi họp đúng giờ" in html
    outsider = template.render(Context({"request": _request(world.outsider), "person": world.an, "year": meeting.year}))
    assert "Đi họp đúng giờ" not in outsider


def test_reminders_go_by_email_only_when_configured(world, settings):
    world.member.email = "an@example.org"
    world.member.save()
    world.secretary.email = "thu@example.org"
    world.secretary.save()
    meeting = make_meeting(world.cell_a, date=today() + dt.timedelta(days=5))
    make_report(meeting, world.an, draft_due=today() + dt.timedelta(days=1))
    other = make_report(make_meeting(world.cell_a, date=today() + dt.timedelta(days=40)), world.binh, state="submitted")
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    assert send_meeting_reminders() == 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox.clear()
    assert send_meeting_reminders.delay().get() == 2  # inline without a broker
    by_address = {m.to[0]: m.body for m in mail.outbox}
    assert meeting.date.strftime("%d/%m/%Y") in by_address["an@example.org"]
    assert other.person.full_name in by_address["thu@example.org"]


# --- query counts ---------------------------------------------------------------------------------


def grow(world, n: int):
    """n more cells under the commune, each with 4 members, 3 meetings and 2 reports."""
    for i in range(n):
        cell = org_services.create_organization(
            parent=world.commune, kind=OrganizationKind.CELL, code=f"X{n}-{i}", name=f"Chi bộ {n}-{i}"
        )
        people = [
            org_services.create_person(cell=cell, full_name=f"Đảng viên {n}-{i}-{k}", started_on=dt.date(2020, 1, 1))
            for k in range(4)
        ]
        for j in range(3):
            meeting = make_meeting(cell, date=today() - dt.timedelta(days=10 + j), state="held")
            make_report(meeting, people[j], state="finalised")


def test_overview_query_count_does_not_grow(world, client_for, django_assert_max_num_queries):
    client = client_for(world.commune_officer)
    url = reverse("meetings:overview", args=[world.commune.pk]) + f"?year={today().year}"
    grow(world, 2)
    with django_assert_max_num_queries(14):
        small = client.get(url)
    grow(world, 15)
    with django_assert_max_num_queries(14):
        large = client.get(url)
    assert small.status_code == large.status_code == 200
    rows = {r.cell.name: r for r in large.context["data"].rows}
    row = rows["Chi bộ 15-0"]
    assert (row.members, row.regular_held, row.presented, row.never) == (4, 3, 3, 1)
    assert row.never_names == ["Đảng viên 15-0-3"]
    assert rows["Chi bộ thôn 1"].never == 3
    assert large.context["data"].totals["presented"] == 3 * 17


def test_plan_page_query_count_does_not_grow(world, client_for, django_assert_max_num_queries):
    client = client_for(world.secretary)
    year = today().year + 1
    url = reverse("meetings:cell", args=[world.cell_a.pk]) + f"?year={year}"
    services.generate_year_plan(actor=world.secretary, cell=world.cell_a, year=year, from_month=11)
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200
    services.generate_year_plan(actor=world.secretary, cell=world.cell_a, year=year)
    for meeting in Meeting.objects.filter(cell=world.cell_a, year=year, kind="regular")[:6]:
        reports.assign_reporters(actor=world.secretary, meeting=meeting, people=[world.an])
    with django_assert_max_num_queries(20):
        assert client.get(url).status_code == 200


def test_meeting_and_report_pages_render(world, client_for, held_meeting):
    meeting, report = held_meeting
    for user in (world.secretary, world.member, world.commune_officer):
        client = client_for(user)
        assert client.get(reverse("meetings:meeting", args=[meeting.pk])).status_code == 200
        assert client.get(reverse("meetings:report", args=[report.pk])).status_code == 200
    assert client_for(world.member).get(reverse("meetings:report_edit", args=[report.pk])).status_code == 200
    assert client_for(world.secretary).get(reverse("meetings:home")).status_code == 200
