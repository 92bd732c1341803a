"""Year end services: the ethics self-review, the masses' comments and their limits, moderation,
the grading rule and its cap, quarterly grades."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from lamtheo.notebook.models import Shortcoming, ShortcomingSource
from lamtheo.yearend import selectors, services
from lamtheo.yearend.models import (
    CommentChannel,
    CommentStatus,
    GradingRule,
    MassComment,
    MassOrganization,
    QuarterGrade,
    ReviewState,
)
from tests.yearend_fixtures import FIRST, LAST, YEAR, make_comment, make_round, ye_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


# --- ethics self-review ---------------------------------------------------------------------------


def test_session_names_people_and_links_their_registration(world, ye):
    session = services.create_session(
        actor=world.secretary,
        organization=world.cell_a,
        title="  Kiểm điểm lãnh đạo  ",
        date_from=FIRST,
        date_to=LAST,
        people=[world.an, world.binh, world.an],
    )
    reviews = {r.person_id: r for r in session.reviews.all()}
    assert session.title == "Kiểm điểm lãnh đạo"
    assert set(reviews) == {world.an.pk, world.binh.pk}
    assert reviews[world.an.pk].registration_id == ye.registration.pk
    assert reviews[world.binh.pk].registration_id is None


def test_session_refuses_people_outside_the_unit_bad_periods_and_other_units(world, ye):
    kw = {"actor": world.secretary, "organization": world.cell_a, "title": "X", "date_from": FIRST, "date_to": LAST}
    with pytest.raises(ValidationError) as exc:
        services.create_session(**{**kw, "people": [world.an, world.dung]})
    assert "Đỗ Văn Dũng" in str(exc.value.message_dict["people"])
    with pytest.raises(ValidationError) as exc:
        services.create_session(**{**kw, "date_to": FIRST - dt.timedelta(days=1), "people": [world.an]})
    assert "date_to" in exc.value.message_dict
    with pytest.raises(ValidationError):
        services.create_session(**{**kw, "people": []})
    with pytest.raises(PermissionDenied):
        services.create_session(**{**kw, "organization": world.cell_d, "people": [world.dung]})
    with pytest.raises(PermissionDenied):  # the commune's committee member reads, the cell runs it
        services.create_session(**{**kw, "actor": world.commune_officer, "people": [world.an]})


def test_only_the_person_writes_the_self_review_and_the_cell_concludes_into_the_notebook(world, ye):
    review = ye.reviews["a"]
    with pytest.raises(PermissionDenied):
        services.write_self_review(
            actor=world.secretary, review=review, self_review="x", example="y", expected_version=review.version
        )
    with pytest.raises(ValidationError) as exc:
        services.write_self_review(
            actor=world.member, review=review, self_review=" ", example="y", expected_version=review.version
        )
    assert "self_review" in exc.value.message_dict
    services.write_self_review(
        actor=world.member,
        review=review,
        self_review="Tôi giữ gìn đạo đức, lối sống giản dị.",
        example="Đã giúp 3 hộ nghèo làm hồ sơ vay vốn.",
        expected_version=review.version,
    )
    review.refresh_from_db()
    assert review.state == ReviewState.WRITTEN and review.registration_id == ye.registration.pk
    with pytest.raises(PermissionDenied):
        services.conclude_review(
            actor=world.member, review=review, conclusion="x", corrections=[], expected_version=review.version
        )
    services.record_discussion(
        actor=world.secretary,
        review=review,
        comments=[{"speaker": "Trần Thị Bình", "text": "Đồng chí cần đi cơ sở nhiều hơn."}],
        expected_version=review.version,
    )
    review.refresh_from_db()
    services.conclude_review(
        actor=world.secretary,
        review=review,
        conclusion="Đồng chí có ý thức tu dưỡng tốt.",
        corrections=["Đi cơ sở ít nhất 2 lần mỗi tháng", "  "],
        expected_version=review.version,
    )
    review.refresh_from_db()
    assert review.state == ReviewState.CONCLUDED
    correction = review.corrections.get()
    shortcoming = Shortcoming.objects.get(pk=correction.shortcoming_id)
    assert shortcoming.person_id == world.an.pk and shortcoming.year == YEAR
    assert shortcoming.source == ShortcomingSource.SELF_CRITICISM and shortcoming.text.startswith("Đi cơ sở")
    assert shortcoming.source_note == ye.sessions["a"].title
    with pytest.raises(ValidationError):  # concluded: the person can no longer change it
        services.write_self_review(
            actor=world.member, review=review, self_review="a", example="b", expected_version=review.version
        )


def test_a_stale_version_does_not_overwrite(world, ye):
    review = ye.reviews["a"]
    services.write_self_review(
        actor=world.member, review=review, self_review="Lần một", example="Kết quả", expected_version=1
    )
    with pytest.raises(ValidationError) as exc:
        services.write_self_review(
            actor=world.member, review=review, self_review="Lần hai", example="K", expected_version=1
        )
    assert exc.value.code == "stale"


# --- the masses' comments -------------------------------------------------------------------------


def _submit(round_, subject, text="Ý kiến đóng góp xây dựng cho đồng chí.", device="dev-1", address="10.0.0.1"):
    return services.submit_public_comment(
        round_=round_, subject_id=subject.pk, text=text, device=device, address=address
    )


def test_a_comment_through_the_link_is_anonymous_and_once_per_device_and_person(world, ye):
    round_, subject = ye.rounds["a"], ye.subjects["a"]
    comment = _submit(round_, subject)
    assert comment.channel == CommentChannel.LINK and comment.status == CommentStatus.PENDING
    assert comment.device_hash and "dev-1" not in comment.device_hash and "10.0.0.1" not in comment.ip_hash
    assert comment.entered_by_id is None
    with pytest.raises(ValidationError) as exc:
        _submit(round_, subject, text="Một ý kiến khác nữa của tôi.")
    assert exc.value.code == "duplicate"
    _submit(round_, subject, device="dev-2")  # another device may
    assert MassComment.objects.filter(subject=subject).count() == 3


def test_comments_are_refused_when_closed_out_of_round_too_short_or_too_long(world, ye):
    round_, subject = ye.rounds["a"], ye.subjects["a"]
    with pytest.raises(ValidationError) as exc:
        _submit(round_, ye.subjects["d"])  # a person of another round
    assert "subject" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _submit(round_, subject, text="ngắn")
    assert "text" in exc.value.message_dict
    with pytest.raises(ValidationError):
        _submit(round_, subject, text="x" * (services.COMMENT_LIMIT + 1))
    with pytest.raises(ValidationError) as exc:
        _submit(round_, subject, device="")
    assert exc.value.code == "device"
    services.set_round_open(actor=world.secretary, round_=round_, is_open=False)
    with pytest.raises(ValidationError) as exc:
        _submit(round_, subject, device="dev-9")
    assert exc.value.code == "closed"


def test_flooding_from_one_device_or_address_is_refused(world, ye, monkeypatch):
    people = [world.an, world.binh]
    round_, subjects = make_round(world.cell_a, people, title="Vòng 2")
    monkeypatch.setattr(services, "FLOOD_PER_DEVICE", 2)
    monkeypatch.setattr(services, "FLOOD_PER_ADDRESS", 3)
    _submit(round_, subjects[0], device="d1")
    _submit(round_, subjects[1], device="d1")
    round_3, subjects_3 = make_round(world.cell_a, people, title="Vòng 3")
    _submit(round_, subjects[0], device="d2")
    with pytest.raises(ValidationError) as exc:  # the address sent 3 in the window
        _submit(round_, subjects[1], device="d3")
    assert exc.value.code == "flood"
    # Another round counts on its own, and the window passes.
    _submit(round_3, subjects_3[0], device="d1")
    MassComment.objects.filter(subject__round=round_).update(created_at=timezone.now() - dt.timedelta(hours=1))
    _submit(round_, subjects[1], device="d3")


def test_the_secretary_enters_conference_comments_for_people_and_organisations(world, ye):
    round_, subject = ye.rounds["a"], ye.subjects["a"]
    women = MassOrganization.objects.get(name="Hội Liên hiệp Phụ nữ")
    made = services.enter_comments(
        actor=world.secretary,
        round_=round_,
        rows=[
            {"subject": subject, "text": "Hội Phụ nữ đề nghị đồng chí quan tâm hộ nghèo.", "mass_organization": women},
            {"subject": subject.pk, "text": "Một người dân: đồng chí nhiệt tình.", "mass_organization": None},
            {"subject": subject, "text": ""},
        ],
    )
    assert [c.channel for c in made] == [CommentChannel.CONFERENCE] * 2
    assert made[0].mass_organization == women and made[0].entered_by == world.secretary
    with pytest.raises(ValidationError) as exc:
        services.enter_comments(
            actor=world.secretary,
            round_=round_,
            rows=[{"subject": ye.subjects["d"], "text": "Ý kiến dài đủ mười ký tự"}],
        )
    assert "Comment 1" in str(exc.value) or "Ý kiến 1" in str(exc.value)
    with pytest.raises(PermissionDenied):
        services.enter_comments(
            actor=world.commune_officer, round_=round_, rows=[{"subject": subject, "text": "x" * 20}]
        )


def test_moderation_upholds_into_the_notebook_merges_and_dismisses_with_a_reason(world, ye):
    subject = ye.subjects["a"]
    first = ye.comments["a"]
    second = make_comment(subject, text="Đồng chí cần gần dân hơn nữa.")
    third = make_comment(subject, text="Nội dung không liên quan đến đồng chí.")
    services.moderate(actor=world.secretary, comment=first, decision="uphold", expected_version=first.version)
    first.refresh_from_db()
    assert first.status == CommentStatus.UPHELD
    shortcoming = Shortcoming.objects.get(pk=first.shortcoming_id)
    assert shortcoming.person_id == world.an.pk and shortcoming.text == first.text
    assert shortcoming.source == ShortcomingSource.OTHER and ye.rounds["a"].title in shortcoming.source_note
    with pytest.raises(ValidationError):  # decided once
        services.moderate(
            actor=world.secretary, comment=first, decision="dismiss", reason="x", expected_version=first.version
        )
    with pytest.raises(ValidationError) as exc:
        services.moderate(
            actor=world.secretary, comment=second, decision="merge", merge_into=ye.comments["d"], expected_version=1
        )
    assert "merge_into" in exc.value.message_dict
    services.moderate(actor=world.secretary, comment=second, decision="merge", merge_into=first, expected_version=1)
    with pytest.raises(ValidationError) as exc:
        services.moderate(actor=world.secretary, comment=third, decision="dismiss", expected_version=1)
    assert "reason" in exc.value.message_dict
    services.moderate(
        actor=world.secretary, comment=third, decision="dismiss", reason="Không đúng đối tượng", expected_version=1
    )
    assert Shortcoming.objects.filter(person=world.an).count() == 1
    with pytest.raises(PermissionDenied):
        services.moderate(actor=world.outsider, comment=make_comment(subject), decision="uphold", expected_version=1)


def test_the_person_reads_only_upheld_comments_as_text(world, ye):
    comment = ye.comments["a"]
    make_comment(ye.subjects["a"], text="Ý kiến còn chờ xem xét.")
    services.moderate(actor=world.secretary, comment=comment, decision="uphold", expected_version=1)
    groups = selectors.upheld_about(world.member, world.an)
    assert [g.texts for g in groups] == [[comment.text]]
    assert selectors.upheld_about(world.member, world.binh) == []


# --- grading rule, cap, quarterly grades ----------------------------------------------------------


def test_the_rule_in_force_changes_with_the_date(db):
    from tests.yearend_fixtures import ensure_rows

    ensure_rows()
    assert selectors.rule_for(dt.date(2024, 12, 31)).source == "124-QĐ/TW"
    rule = selectors.rule_for(dt.date(2025, 12, 31))
    assert rule.source == "366-QĐ/TW" and rule.scale_max == 100 and rule.quarterly
    assert selectors.rule_for(dt.date(2020, 1, 1)) is None
    assert selectors.grade_for_score(rule, 90) == "excellent"
    assert selectors.grade_for_score(rule, 89) == "good"
    assert selectors.grade_for_score(rule, 50) == "fulfilled"
    assert selectors.grade_for_score(rule, 12) == "not_fulfilled"


def test_the_cap_counts_on_the_rules_base(db):
    rule = GradingRule(source="T", valid_from=dt.date(2025, 1, 1), cap_percent=20, cap_base="good")
    grades = ["excellent", "excellent"] + ["good"] * 5 + ["fulfilled"] * 3
    check = selectors.cap_check(rule, grades)
    assert (check.excellent, check.base, check.allowed, check.exceeded) == (2, 5, 1, True)
    rule.cap_base = "all"
    check = selectors.cap_check(rule, grades)
    assert (check.base, check.allowed, check.exceeded) == (10, 2, False)
    rule.cap_percent = None
    assert not selectors.cap_check(rule, grades).exceeded


def test_quarterly_grades_are_saved_by_the_secretary_only_for_the_cells_members(world):
    saved = services.save_quarter_grades(
        actor=world.secretary, cell=world.cell_a, year=YEAR, quarter=2, grades={world.an.pk: ("good", 80)}
    )
    assert saved == 1
    assert QuarterGrade.objects.get(person=world.an, quarter=2).score == 80
    services.save_quarter_grades(
        actor=world.secretary, cell=world.cell_a, year=YEAR, quarter=2, grades={world.an.pk: ("", None)}
    )
    assert not QuarterGrade.objects.exists()
    with pytest.raises(ValidationError):
        services.save_quarter_grades(
            actor=world.secretary, cell=world.cell_a, year=YEAR, quarter=2, grades={world.dung.pk: ("good", 80)}
        )
    with pytest.raises(ValidationError):
        services.save_quarter_grades(
            actor=world.secretary, cell=world.cell_a, year=YEAR, quarter=2, grades={world.an.pk: ("best", 80)}
        )
    with pytest.raises(PermissionDenied):
        services.save_quarter_grades(
            actor=world.commune_officer, cell=world.cell_a, year=YEAR, quarter=2, grades={world.an.pk: ("good", 80)}
        )


# --- the review provider --------------------------------------------------------------------------


def test_the_review_provider_counts_people_comments_and_shortcomings(world, ye):
    from lamtheo.notebook import services as notebook_services
    from lamtheo.reviews import figures

    review = ye.reviews["a"]
    services.write_self_review(
        actor=world.member, review=review, self_review="Giản dị.", example="Kết quả.", expected_version=1
    )
    services.conclude_review(
        actor=world.secretary, review=review, conclusion="Tốt.", corrections=["Sửa một", "Sửa hai"], expected_version=2
    )
    services.moderate(actor=world.secretary, comment=ye.comments["a"], decision="uphold", expected_version=1)
    make_comment(ye.subjects["a"], text="Một ý kiến khác chưa xử lý.")
    first = review.corrections.order_by("position").first().shortcoming
    notebook_services.update_shortcoming(
        actor=world.secretary,
        shortcoming=first,
        expected_version=first.version,
        status="remedied",
        remedy_note="Đã sửa",
    )
    fs = figures.compute(world.commune, FIRST, LAST)
    by_unit = fs.by_unit()
    cell_a = by_unit[world.cell_a.path]
    assert (cell_a["yearend.reviewed"], cell_a["yearend.concluded"]) == (1, 1)
    assert (cell_a["yearend.comments"], cell_a["yearend.upheld"]) == (2, 1)
    assert (cell_a["yearend.shortcomings"], cell_a["yearend.remedied"]) == (3, 1)
    assert by_unit[world.cell_b.path]["yearend.reviewed"] == 1 and by_unit[world.cell_b.path]["yearend.upheld"] == 0
    assert fs.total("yearend.comments") == 3  # cells a (2) and b (1); cell d is in another commune
    assert figures.compute(world.commune, dt.date(2020, 1, 1), dt.date(2020, 12, 31)).total("yearend.reviewed") == 0
