"""Services of the meetings app: settings, the year plan, meeting rules (HD 42 as data), the
reporter assignment, the report workflow with its history, the conclusion creating notebook
shortcomings, attendance moving reporters on, minutes, volunteers, uploads and the draft prefill."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from lamtheo.core.exceptions import ConcurrentEditError
from lamtheo.meetings import prefill, selectors, services, services_minutes
from lamtheo.meetings import services_reports as reports
from lamtheo.meetings.models import (
    Attendance,
    Meeting,
    MeetingRule,
    MeetingSettings,
    MemberReport,
    MemberReportEvent,
    ReportCorrection,
    Volunteer,
)
from lamtheo.notebook.models import Pledge, Registration, Shortcoming
from tests.meetings_fixtures import TEXT, advance, make_meeting, make_report, today

pytestmark = pytest.mark.django_db


def settings_data(**changes):
    data = {
        "reporters_per_month": 1,
        "small_cell_threshold": 10,
        "small_cell_reports_per_member": 2,
        "thematic_months": [3, 6, 9, 12],
        "reports_in_thematic_months": False,
        "meeting_day": 5,
        "thematic_day": 20,
        "start_time": dt.time(19, 30),
        "duration_minutes": 90,
        "place": "Nhà văn hóa thôn 1",
        "locality": "Hòa An",
        "draft_days_before": 7,
        "review_days_before": 3,
        "finalise_days_after": 7,
    }
    data.update(changes)
    return data


def errors_of(exc: pytest.ExceptionInfo) -> dict:
    return exc.value.message_dict


# --- rules as data --------------------------------------------------------------------------------


def test_hd42_rule_is_data_with_dates(world):
    rule = MeetingRule.objects.get(source="42-HD/BTCTW")
    assert (rule.min_minutes, rule.min_minutes_combined, rule.documents_days_before) == (90, 120, 1)
    assert selectors.rule_on(dt.date(2025, 10, 28)) == rule
    assert selectors.rule_on(dt.date(2025, 10, 27)) is None
    newer = MeetingRule.objects.create(
        source="99-HD/TEST",
        valid_from=dt.date(2030, 1, 1),
        min_minutes=100,
        min_minutes_combined=150,
        documents_days_before=2,
    )
    assert selectors.rule_on(dt.date(2030, 5, 1)) == newer
    assert selectors.rule_on(dt.date(2029, 5, 1)) == rule


# --- settings -------------------------------------------------------------------------------------


def test_settings_are_saved_and_versioned(world):
    saved = services.save_settings(
        actor=world.secretary, cell=world.cell_a, data=settings_data(), expected_version=None
    )
    assert saved.pk and saved.version == 1 and saved.start_time == dt.time(19, 30)
    services.save_settings(
        actor=world.secretary, cell=world.cell_a, data=settings_data(meeting_day=10), expected_version=1
    )
    assert MeetingSettings.objects.get(cell=world.cell_a).meeting_day == 10
    with pytest.raises(ConcurrentEditError):
        services.save_settings(actor=world.secretary, cell=world.cell_a, data=settings_data(), expected_version=1)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"thematic_months": [3, 6, 9]}, "thematic_months"),  # quarter 4 has none
        ({"reporters_per_month": 3}, "reporters_per_month"),
        ({"duration_minutes": 60}, "duration_minutes"),  # HD 42: at least 90
        ({"meeting_day": 0}, "meeting_day"),
        ({"start_time": None}, "start_time"),
        ({"place": "x" * 300}, "place"),
    ],
)
def test_bad_settings_are_refused_at_the_field(world, changes, field):
    with pytest.raises(ValidationError) as caught:
        services.save_settings(
            actor=world.secretary, cell=world.cell_a, data=settings_data(**changes), expected_version=None
        )
    assert field in errors_of(caught)
    assert not MeetingSettings.objects.exists()


def test_too_short_names_the_guidance(world):
    with pytest.raises(ValidationError) as caught:
        services.save_settings(
            actor=world.secretary, cell=world.cell_a, data=settings_data(duration_minutes=60), expected_version=None
        )
    assert "42-HD/BTCTW" in errors_of(caught)["duration_minutes"][0]


def test_only_the_cell_committee_changes_settings(world):
    for actor in (world.commune_officer, world.member, world.outsider):
        with pytest.raises(ValidationError):
            services.save_settings(actor=actor, cell=world.cell_a, data=settings_data(), expected_version=None)


# --- the year plan --------------------------------------------------------------------------------


def test_year_plan_in_one_step(world):
    year = today().year + 1
    created = services.generate_year_plan(actor=world.secretary, cell=world.cell_a, year=year)
    assert len(created) == 16
    regular = Meeting.objects.filter(cell=world.cell_a, year=year, kind="regular")
    thematic = Meeting.objects.filter(cell=world.cell_a, year=year, kind="thematic")
    assert sorted(regular.values_list("month", flat=True)) == list(range(1, 13))
    assert sorted(thematic.values_list("month", flat=True)) == [3, 6, 9, 12]
    first = regular.get(month=1)
    assert first.date == dt.date(year, 1, 5) and first.duration_minutes >= 90 and first.state == "planned"
    assert first.agenda  # the default agenda, editable
    assert thematic.get(month=3).title
    # again: nothing missing, nothing added
    assert services.generate_year_plan(actor=world.secretary, cell=world.cell_a, year=year) == []


def test_year_plan_from_a_month_and_after_an_edit(world):
    year = today().year + 1
    services.save_settings(
        actor=world.secretary, cell=world.cell_a, data=settings_data(meeting_day=31), expected_version=None
    )
    created = services.generate_year_plan(actor=world.secretary, cell=world.cell_a, year=year, from_month=10)
    assert {(m.kind, m.month) for m in created} == {("regular", 10), ("regular", 11), ("regular", 12), ("thematic", 12)}
    assert Meeting.objects.get(cell=world.cell_a, kind="regular", month=11).date.day == 30


def test_year_plan_is_for_the_cell_committee_and_for_cells(world):
    year = today().year + 1
    with pytest.raises(ValidationError):
        services.generate_year_plan(actor=world.commune_officer, cell=world.cell_a, year=year)
    with pytest.raises(ValidationError):
        services.generate_year_plan(actor=world.superuser, cell=world.commune, year=year)
    with pytest.raises(ValidationError) as caught:
        services.generate_year_plan(actor=world.secretary, cell=world.cell_a, year=year + 5)
    assert "year" in errors_of(caught)
    assert not Meeting.objects.exists()


# --- meetings -------------------------------------------------------------------------------------


def meeting_data(**changes):
    data = {
        "kind": "regular",
        "date": today() + dt.timedelta(days=30),
        "start_time": dt.time(19, 30),
        "duration_minutes": 90,
        "place": "Hội trường",
        "title": "",
        "theme": None,
        "presenter": "",
        "material": "",
        "agenda": "",
    }
    data.update(changes)
    return data


def test_meeting_duration_follows_the_rule_of_its_date(world):
    with pytest.raises(ValidationError) as caught:
        services.create_meeting(actor=world.secretary, cell=world.cell_a, data=meeting_data(duration_minutes=60))
    assert "90" in errors_of(caught)["duration_minutes"][0]
    before_rule = services.create_meeting(
        actor=world.secretary, cell=world.cell_a, data=meeting_data(date=dt.date(2025, 6, 5), duration_minutes=60)
    )
    assert before_rule.duration_minutes == 60  # no rule was in force then


def test_thematic_and_regular_on_one_day_need_120_minutes_together(world):
    day = today() + dt.timedelta(days=30)
    services.create_meeting(actor=world.secretary, cell=world.cell_a, data=meeting_data(date=day, duration_minutes=90))
    with pytest.raises(ValidationError) as caught:
        services.create_meeting(
            actor=world.secretary,
            cell=world.cell_a,
            data=meeting_data(date=day, kind="thematic", title="Chuyên đề", duration_minutes=20),
        )
    assert "120" in errors_of(caught)["duration_minutes"][0]
    ok = services.create_meeting(
        actor=world.secretary,
        cell=world.cell_a,
        data=meeting_data(date=day, kind="thematic", title="Chuyên đề", duration_minutes=30),
    )
    assert ok.pk  # 90 + 30: one session of 120 minutes
    with pytest.raises(ValidationError):  # alone on another day, 30 minutes is too short
        services.create_meeting(
            actor=world.secretary,
            cell=world.cell_a,
            data=meeting_data(date=day + dt.timedelta(days=1), kind="thematic", title="x", duration_minutes=30),
        )


def test_thematic_meeting_needs_a_topic_or_theme(world):
    with pytest.raises(ValidationError) as caught:
        services.create_meeting(actor=world.secretary, cell=world.cell_a, data=meeting_data(kind="thematic"))
    assert "title" in errors_of(caught)


def test_meeting_edit_is_versioned(world):
    meeting = make_meeting(world.cell_a)
    services.update_meeting(
        actor=world.secretary, meeting=meeting, data=meeting_data(place="Nhà ông Ba"), expected_version=1
    )
    meeting.refresh_from_db()
    assert meeting.place == "Nhà ông Ba" and meeting.version == 2
    stale = Meeting.objects.get(pk=meeting.pk)
    stale.version = 1
    with pytest.raises(ConcurrentEditError):
        services.update_meeting(actor=world.secretary, meeting=stale, data=meeting_data(), expected_version=1)


def test_cancel_needs_a_reason_and_no_live_reports(world):
    meeting = make_meeting(world.cell_a)
    with pytest.raises(ValidationError):
        services.cancel_meeting(actor=world.secretary, meeting=meeting, reason=" ", expected_version=1)
    report = make_report(meeting, world.an)
    with pytest.raises(ValidationError):
        services.cancel_meeting(actor=world.secretary, meeting=meeting, reason="Bão", expected_version=1)
    report.state = "cancelled"
    report.save()
    services.cancel_meeting(actor=world.secretary, meeting=meeting, reason="Bão", expected_version=1)
    meeting.refresh_from_db()
    assert meeting.state == "cancelled" and meeting.cancel_reason == "Bão"


# --- assignment -----------------------------------------------------------------------------------


def big_cell_settings(world, **changes):
    """cell_a counts as an ordinary cell (threshold 0): one reporter a month."""
    services.save_settings(
        actor=world.secretary,
        cell=world.cell_a,
        data=settings_data(small_cell_threshold=0, **changes),
        expected_version=None,
    )


def test_proposal_picks_the_fewest_and_says_why(world):
    big_cell_settings(world)
    earlier = make_meeting(world.cell_a, date=today() - dt.timedelta(days=20), state="held")
    make_report(earlier, world.an, state="finalised")
    meeting = make_meeting(world.cell_a)
    proposal = selectors.proposal(world.secretary, meeting)
    assert proposal.places == 1
    pick = proposal.rotation.picks[0]
    assert pick.person_id != world.an.pk and pick.reason == "fewest" and pick.count == 0
    created = reports.assign_reporters(actor=world.secretary, meeting=meeting, people=[world.binh])
    report = created[0]
    expected = "fewest" if pick.person_id == world.binh.pk else "chosen"
    assert report.reason == expected and report.state == "assigned"
    assert report.draft_due == meeting.date - dt.timedelta(days=7)
    assert MemberReportEvent.objects.filter(report=report, action="assign").count() == 1


def test_choosing_someone_not_proposed_is_recorded_as_the_committees_choice(world):
    big_cell_settings(world)
    meeting = make_meeting(world.cell_a)
    proposal = selectors.proposal(world.secretary, meeting)
    other = next(p for p in proposal.members if p.pk not in proposal.rotation.person_ids)
    (report,) = reports.assign_reporters(actor=world.secretary, meeting=meeting, people=[other])
    assert report.reason == "chosen"


def test_volunteers_take_precedence_and_excused_members_are_passed_over(world):
    big_cell_settings(world, reporters_per_month=2)
    previous = make_meeting(world.cell_a, date=today() + dt.timedelta(days=1))
    meeting = make_meeting(world.cell_a, date=today() + dt.timedelta(days=30))
    earlier = make_meeting(world.cell_a, date=today() - dt.timedelta(days=40), state="held")
    make_report(earlier, world.binh, state="finalised")  # Bình has reported once
    services_minutes.record_volunteers(actor=world.secretary, meeting=previous, people=[world.binh])
    assert Volunteer.objects.get().meeting == meeting
    Attendance.objects.create(meeting=meeting, person=world.an, status="excused", reason="Đi công tác")
    proposal = selectors.proposal(world.secretary, meeting)
    first = proposal.rotation.picks[0]
    assert (first.person_id, first.reason) == (world.binh.pk, "volunteer")
    assert world.an.pk not in proposal.rotation.person_ids
    assert world.an.pk in proposal.rotation.passed_over


def test_assignment_refuses_outsiders_and_too_many(world):
    big_cell_settings(world)
    meeting = make_meeting(world.cell_a)
    with pytest.raises(ValidationError):
        reports.assign_reporters(actor=world.secretary, meeting=meeting, people=[world.cuong])
    with pytest.raises(ValidationError):
        reports.assign_reporters(actor=world.secretary, meeting=meeting, people=[])
    sec_person = world.secretary.person
    with pytest.raises(ValidationError):
        reports.assign_reporters(actor=world.secretary, meeting=meeting, people=[world.an, world.binh, sec_person])
    with pytest.raises(ValidationError):
        reports.assign_reporters(actor=world.commune_officer, meeting=meeting, people=[world.an])
    assert not MemberReport.objects.exists()


def test_small_cell_aims_at_two_reports_each(world):
    """cell_a has 3 members: 6 reports over the 8 report months of a generated year → 1 a month."""
    year = today().year + 1
    services.generate_year_plan(actor=world.secretary, cell=world.cell_a, year=year)
    meeting = Meeting.objects.get(cell=world.cell_a, year=year, kind="regular", month=1)
    proposal = selectors.proposal(world.secretary, meeting)
    assert proposal.small and proposal.places == 1
    assert proposal.rotation.picks[0].reason == "small_cell"


def test_year_plan_forecast_rotates_everyone(world):
    year = today().year + 1
    services.generate_year_plan(actor=world.secretary, cell=world.cell_a, year=year)
    plan = selectors.year_plan(world.secretary, world.cell_a, year)
    forecasts = [m.forecast for month in plan.months for m in month.meetings if getattr(m, "forecast", None)]
    assert len(forecasts) == 8  # regular months without a thematic meeting
    named = [pid for f in forecasts for pid in f.person_ids]
    assert {named.count(pid) for pid in set(named)} <= {2, 3} and len(set(named)) == 3


# --- the report workflow --------------------------------------------------------------------------


@pytest.fixture
def report(world):
    meeting = make_meeting(world.cell_a, date=today() + dt.timedelta(days=14))
    return make_report(meeting, world.an)


def test_full_cycle_keeps_history_and_makes_shortcomings(world, report):
    final = advance(report, "finalised", reporter=world.member, committee=world.secretary)
    assert final.state == "finalised" and final.finalised_at and final.presented_at and final.concluded_at
    actions = list(final.events.values_list("action", flat=True))
    assert actions == ["save", "submit", "accept", "present", "comment", "conclude", "finalise"]
    shortcoming = Shortcoming.objects.get(person=world.an)
    assert shortcoming.source == "meeting" and shortcoming.text == "Đi họp đúng giờ"
    assert shortcoming.source_note == report.meeting.date.strftime("%d/%m/%Y")
    assert shortcoming.year == report.meeting.year and shortcoming.recorded_by == world.secretary
    assert ReportCorrection.objects.get(report=final).shortcoming == shortcoming


def test_return_needs_comments_and_resubmission_works(world, report):
    r = advance(report, "submitted", reporter=world.member, committee=world.secretary)
    with pytest.raises(ValidationError) as caught:
        reports.act(actor=world.secretary, report=r, action="return", comment="", expected_version=r.version)
    assert "comment" in errors_of(caught)
    reports.act(actor=world.secretary, report=r, action="return", comment="Bổ sung số liệu", expected_version=r.version)
    r.refresh_from_db()
    assert r.state == "returned" and r.committee_comment == "Bổ sung số liệu"
    reports.save_report(actor=world.member, report=r, fields=TEXT, expected_version=r.version, submit=True)
    r.refresh_from_db()
    assert r.state == "submitted"


def test_submitting_needs_the_main_parts(world, report):
    with pytest.raises(ValidationError) as caught:
        reports.save_report(
            actor=world.member, report=report, fields={"done": "", "direction": ""}, expected_version=1, submit=True
        )
    assert {"done", "direction"} <= set(errors_of(caught))
    report.refresh_from_db()
    assert report.state == "assigned" and report.version == 1


def test_roles_are_checked(world, report):
    with pytest.raises(ValidationError):  # the committee does not write the member's report
        reports.save_report(actor=world.secretary, report=report, fields=TEXT, expected_version=1)
    r = advance(report, "submitted", reporter=world.member, committee=world.secretary)
    with pytest.raises(ValidationError):  # a member does not accept their own report
        reports.act(actor=world.member, report=r, action="accept", expected_version=r.version)
    with pytest.raises(ValidationError):  # nor does the level above
        reports.act(actor=world.commune_officer, report=r, action="accept", expected_version=r.version)
    with pytest.raises(ValidationError):  # nor another cell's secretary
        reports.act(actor=world.outsider, report=r, action="accept", expected_version=r.version)


def test_steps_out_of_order_are_refused(world, report):
    with pytest.raises(ValidationError):
        reports.act(actor=world.secretary, report=report, action="present", expected_version=1)
    with pytest.raises(ValidationError):
        reports.conclude(actor=world.secretary, report=report, good_points="x", corrections=[], expected_version=1)
    with pytest.raises(ValidationError):
        reports.save_report(actor=world.member, report=report, fields=TEXT, expected_version=1, finalise=True)


def test_conclusion_needs_content_and_limits(world, report):
    r = advance(report, "presented", reporter=world.member, committee=world.secretary)
    with pytest.raises(ValidationError):
        reports.conclude(
            actor=world.secretary, report=r, good_points=" ", corrections=[" "], expected_version=r.version
        )
    with pytest.raises(ValidationError):
        reports.conclude(
            actor=world.secretary, report=r, good_points="x", corrections=["a"] * 11, expected_version=r.version
        )
    assert not Shortcoming.objects.exists()
    reports.conclude(actor=world.secretary, report=r, good_points="Tốt", corrections=[], expected_version=r.version)
    r.refresh_from_db()
    assert r.state == "concluded" and not Shortcoming.objects.exists()


def test_stale_version_is_refused(world, report):
    reports.save_report(actor=world.member, report=report, fields=TEXT, expected_version=1)
    report.refresh_from_db()
    with pytest.raises(ConcurrentEditError):
        reports.save_report(actor=world.member, report=report, fields=TEXT, expected_version=1)


def test_comments_name_members_of_the_cell(world, report):
    r = advance(report, "presented", reporter=world.member, committee=world.secretary)
    with pytest.raises(ValidationError):
        reports.record_comments(
            actor=world.secretary, report=r, comments=[{"speaker": world.dung, "text": "x"}], expected_version=r.version
        )
    with pytest.raises(ValidationError):
        reports.record_comments(actor=world.secretary, report=r, comments=[{"text": " "}], expected_version=r.version)
    reports.record_comments(
        actor=world.secretary,
        report=r,
        comments=[{"speaker": world.binh, "text": "Cần cụ thể hơn"}],
        expected_version=r.version,
    )
    r.refresh_from_db()
    assert r.state == "commented" and r.comments.get().speaker == world.binh


# --- attendance moves reporters on ----------------------------------------------------------------


def test_excused_reporter_is_moved_to_the_next_meeting(world):
    meeting = make_meeting(world.cell_a, date=today() + dt.timedelta(days=5))
    following = make_meeting(world.cell_a, date=today() + dt.timedelta(days=35))
    make_meeting(world.cell_a, date=today() + dt.timedelta(days=6), kind="thematic")  # not a regular one
    report = make_report(meeting, world.an, state="draft")
    rows = [
        {"person": world.an, "status": "excused", "reason": "Ốm"},
        {"person": world.binh, "status": "present", "reason": ""},
    ]
    services_minutes.record_attendance(actor=world.secretary, meeting=meeting, rows=rows, expected_version=1)
    report.refresh_from_db()
    assert report.meeting == following and report.reason == "moved" and report.state == "draft"
    event = report.events.get(action="move")
    assert "Ốm" in event.comment
    assert Attendance.objects.filter(meeting=meeting).count() == 2


def test_attendance_checks_each_row(world):
    meeting = make_meeting(world.cell_a)
    with pytest.raises(ValidationError):
        services_minutes.record_attendance(
            actor=world.secretary,
            meeting=meeting,
            rows=[{"person": world.an, "status": "excused", "reason": ""}],
            expected_version=1,
        )
    with pytest.raises(ValidationError):
        services_minutes.record_attendance(
            actor=world.secretary,
            meeting=meeting,
            rows=[{"person": world.dung, "status": "present", "reason": ""}],
            expected_version=1,
        )
    assert not Attendance.objects.exists()


# --- minutes --------------------------------------------------------------------------------------


def minutes_data(**changes):
    data = {
        "chair": "Lê Văn Thư",
        "recorder": "Trần Thị Bình",
        "started_at": dt.time(19, 30),
        "ended_at": dt.time(21, 15),
        "news": "",
        "review_text": "",
        "follow_text": "Đồng chí An báo cáo.",
        "tasks_text": "",
        "conclusions": "Thống nhất.",
    }
    data.update(changes)
    return data


def test_minutes_and_held(world):
    past = make_meeting(world.cell_a, date=today() - dt.timedelta(days=2))
    with pytest.raises(ValidationError) as caught:
        services_minutes.save_minutes(
            actor=world.secretary, meeting=past, data=minutes_data(), held=True, expected_version=1
        )
    assert "held" in errors_of(caught)  # attendance first
    Attendance.objects.create(meeting=past, person=world.an, status="present")
    services_minutes.save_minutes(
        actor=world.secretary, meeting=past, data=minutes_data(), held=True, expected_version=1
    )
    past.refresh_from_db()
    assert past.state == "held" and services_minutes.minutes_length(past) == 105


def test_minutes_refuse_bad_times_and_future_meetings(world):
    future = make_meeting(world.cell_a)
    Attendance.objects.create(meeting=future, person=world.an, status="present")
    with pytest.raises(ValidationError) as caught:
        services_minutes.save_minutes(
            actor=world.secretary, meeting=future, data=minutes_data(), held=True, expected_version=1
        )
    assert "held" in errors_of(caught)
    with pytest.raises(ValidationError) as caught:
        services_minutes.save_minutes(
            actor=world.secretary,
            meeting=future,
            data=minutes_data(ended_at=dt.time(19, 0)),
            held=False,
            expected_version=1,
        )
    assert "ended_at" in errors_of(caught)


# --- documents ------------------------------------------------------------------------------------


def upload(name, content):
    return SimpleUploadedFile(name, content)


def test_documents_are_type_checked(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    meeting = make_meeting(world.cell_a)
    doc = services_minutes.add_document(
        actor=world.secretary, meeting=meeting, upload=upload("tai-lieu.pdf", b"%PDF-1.4 x")
    )
    assert doc.title == "tai-lieu.pdf" and doc.size == 10
    for name, content in [
        ("virus.exe", b"MZ..."),
        ("gia.pdf", b"not a pdf"),
        ("rong.txt", b""),
        ("nhi-phan.txt", b"\xff\xfe\x00\x81" * 10),
    ]:
        with pytest.raises(ValidationError) as caught:
            services_minutes.add_document(actor=world.secretary, meeting=meeting, upload=upload(name, content))
        assert "file" in errors_of(caught)
    big = upload("lon.pdf", b"%PDF" + b"0" * services_minutes.MAX_DOCUMENT_BYTES)
    with pytest.raises(ValidationError):
        services_minutes.add_document(actor=world.secretary, meeting=meeting, upload=big)
    assert meeting.documents.count() == 1


# --- prefill --------------------------------------------------------------------------------------


def test_draft_is_prefilled_from_the_notebook(world):
    year = today().year
    meeting = make_meeting(world.cell_a, date=dt.date(year, 12, 5) if today().month < 12 else today())
    registration = Registration.objects.create(person=world.an, organization=world.cell_a, year=meeting.year)
    Pledge.objects.create(registration=registration, position=1, text="Giúp 5 hộ nghèo", measure="5 hộ")
    Shortcoming.objects.create(person=world.an, year=year, text="Đi họp muộn")
    Shortcoming.objects.create(person=world.an, year=year, text="Đã sửa", status="remedied")
    earlier = make_meeting(world.cell_a, date=meeting.date - dt.timedelta(days=60), state="held")
    old = make_report(earlier, world.an, state="finalised")
    old.comments.create(text="Cần gương mẫu hơn")
    report = make_report(meeting, world.an)
    draft = prefill.draft(report)
    assert "Giúp 5 hộ nghèo (5 hộ)" in draft["done"]
    assert "Đi họp muộn" in draft["remedied"] and "Đã sửa" not in draft["remedied"]
    assert "Cần gương mẫu hơn" in draft["remedied"]
    assert draft["weaknesses"] == "" and draft["direction"] == ""
