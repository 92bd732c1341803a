"""Year end pages: the public link (abuse: flooding, a reused link, script, closed round), the
committee's moderation, what the person reads, grades with the cap warning, evidence sheets
read back (DOCX and PDF) with a bounded number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from lamtheo.meetings.models import ReportCorrection
from lamtheo.notebook import services_results
from lamtheo.notebook.models import Evaluation, Shortcoming, ShortcomingSource
from lamtheo.yearend import services
from lamtheo.yearend.models import CommentStatus, MassComment, QuarterGrade, ReviewState
from lamtheo.yearend.views_public import COOKIE
from tests.documents_fixtures import pdf_text, read_docx
from tests.meetings_fixtures import make_meeting, make_report
from tests.yearend_fixtures import YEAR, make_comment, ye_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script> Đồng chí cần sửa lại cách làm việc.'


def public_url(round_) -> str:
    return reverse("yearend:public", args=[round_.token])


def docx_text(data: bytes) -> str:
    document = read_docx(data)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


# --- the public link ------------------------------------------------------------------------------


def test_a_villager_comments_once_and_sees_no_comment(client, world, ye):
    round_, subject = ye.rounds["a"], ye.subjects["a"]
    page = client.get(public_url(round_))
    assert page.status_code == 200 and COOKIE in page.cookies
    assert page["Cache-Control"] == "no-store" and page["Referrer-Policy"] == "same-origin"
    body = page.content.decode()
    assert "Nguyễn Văn An" in body and ye.comments["a"].text not in body  # names only, never comments
    assert "Đỗ Văn Dũng" not in body
    sent = client.post(public_url(round_), {"subject": subject.pk, "text": SCRIPT})
    assert sent.status_code == 302 and sent["Location"].endswith("?sent=1")
    assert "Cảm ơn" in client.get(sent["Location"]).content.decode()
    again = client.post(public_url(round_), {"subject": subject.pk, "text": "Lại góp ý thêm một lần nữa."})
    assert again.status_code == 400 and "đã góp ý" in again.content.decode()
    assert MassComment.objects.filter(subject=subject).count() == 2


def test_bad_input_on_the_link_is_answered_at_the_field(client, world, ye):
    round_ = ye.rounds["a"]
    client.get(public_url(round_))
    for data in (
        {"subject": ye.subjects["a"].pk, "text": "ngắn"},
        {"subject": ye.subjects["d"].pk, "text": "Một ý kiến đủ dài cho người khác."},
        {"subject": "abc", "text": "Một ý kiến đủ dài."},
        {"subject": ye.subjects["a"].pk, "text": "x" * 1001},
    ):
        response = client.post(public_url(round_), data)
        assert response.status_code == 400, data
        assert 'class="error"' in response.content.decode()
    assert MassComment.objects.filter(subject__round=round_).count() == 1


def test_without_the_cookie_nothing_is_saved(client, ye):
    response = client.post(public_url(ye.rounds["a"]), {"subject": ye.subjects["a"].pk, "text": "Ý kiến không cookie."})
    assert response.status_code == 400 and "cookie" in response.content.decode()


def test_flooding_the_link_is_refused(client, world, ye, monkeypatch):
    monkeypatch.setattr(services, "FLOOD_PER_ADDRESS", 2)
    round_ = ye.rounds["a"]
    from tests.yearend_fixtures import make_round

    round_, subjects = make_round(
        world.cell_a, [world.an, world.binh, world.cell_a.people.exclude(pk__in=[world.an.pk, world.binh.pk]).get()]
    )
    for i, subject in enumerate(subjects):
        client.cookies.clear()
        client.get(public_url(round_))
        response = client.post(public_url(round_), {"subject": subject.pk, "text": f"Ý kiến số {i} của người dân."})
        assert response.status_code == (302 if i < 2 else 400)
    assert "Quá nhiều" in response.content.decode() or "short time" in response.content.decode()


def test_a_reused_link_after_renewal_and_a_closed_round_refuse(client, world, ye):
    round_ = ye.rounds["a"]
    old = public_url(round_)
    client.force_login(world.secretary)
    assert client.post(reverse("yearend:round_act", args=[round_.pk, "relink"])).status_code == 302
    client.logout()
    assert client.get(old).status_code == 404
    assert client.post(old, {"subject": ye.subjects["a"].pk, "text": "Một ý kiến đủ dài."}).status_code == 404
    round_.refresh_from_db()
    assert client.get(public_url(round_)).status_code == 200
    round_.is_open = False
    round_.save()
    closed = client.post(public_url(round_), {"subject": ye.subjects["a"].pk, "text": "Một ý kiến đủ dài."})
    assert closed.status_code == 410 and "đã kết thúc" in closed.content.decode()
    assert MassComment.objects.filter(subject__round=round_).count() == 1


def test_the_link_of_one_round_reaches_nothing_else(client, ye):
    client.get(public_url(ye.rounds["a"]))
    assert client.get(reverse("yearend:round", args=[ye.rounds["a"].pk])).status_code == 302
    assert client.get(reverse("yearend:home")).status_code == 302
    assert client.get(public_url(ye.rounds["a"]) + "../").status_code in (302, 404)


# --- moderation and what the person reads ---------------------------------------------------------


def test_the_committee_moderates_and_script_stays_text(client_for, world, ye):
    comment = make_comment(ye.subjects["a"], text=SCRIPT)
    client = client_for(world.secretary)
    page = client.get(reverse("yearend:round", args=[ye.rounds["a"].pk])).content.decode()
    assert "&lt;script&gt;alert" in page and '<script>alert("x")' not in page
    assert reverse("yearend:round_qr", args=[ye.rounds["a"].pk]) in page and ye.rounds["a"].token in page
    qr = client.get(reverse("yearend:round_qr", args=[ye.rounds["a"].pk]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    url = reverse("yearend:comment_moderate", args=[comment.pk])
    response = client.post(url, {"version": "1", "decision": "dismiss", "reason": ""})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PENDING  # no reason: refused with a message
    client.post(url, {"version": "1", "decision": "uphold"})
    comment.refresh_from_db()
    assert comment.status == CommentStatus.UPHELD
    assert Shortcoming.objects.get(pk=comment.shortcoming_id).source == ShortcomingSource.OTHER
    assert client.post(url, {"version": "2", "decision": "bogus"}).status_code == 302


def test_the_person_sees_upheld_comments_never_who_wrote_them(client_for, world, ye):
    from lamtheo.yearend.models import MassOrganization

    women = MassOrganization.objects.get(name="Hội Liên hiệp Phụ nữ")
    upheld = make_comment(
        ye.subjects["a"],
        text="Hội đề nghị đồng chí gần dân hơn.",
        mass_organization=women,
        channel="conference",
        entered_by=world.secretary,
    )
    pending = make_comment(ye.subjects["a"], text="Ý kiến đang chờ quyết định.")
    services.moderate(actor=world.secretary, comment=upheld, decision="uphold", expected_version=1)
    page = client_for(world.member).get(reverse("yearend:home")).content.decode()
    assert upheld.text in page and pending.text not in page and ye.comments["a"].text not in page
    assert "Hội Liên hiệp Phụ nữ" not in page and "Lê Văn Thư" not in page and "Tại hội nghị" not in page
    # and the committee's page stays closed to the person
    assert client_for(world.member).get(reverse("yearend:round", args=[ye.rounds["a"].pk])).status_code == 404


def test_the_ethics_review_pages_walk_the_whole_path(client, world, ye):
    review = ye.reviews["a"]
    client.force_login(world.member)
    write = reverse("yearend:review_write", args=[review.pk])
    bad = client.post(write, {"version": "1", "self_review": "", "example": ""})
    assert bad.status_code == 200 and "Trường này là bắt buộc" in bad.content.decode()
    client.post(write, {"version": "1", "self_review": "Tôi giản dị, trung thực.", "example": "Giúp 3 hộ vay vốn."})
    review.refresh_from_db()
    assert review.state == ReviewState.WRITTEN and review.registration_id == ye.registration.pk
    client.force_login(world.secretary)
    page = client.get(reverse("yearend:review", args=[review.pk])).content.decode()
    assert "Giúp 3 hộ nghèo làm hồ sơ vay vốn" in page  # the linked registration
    client.post(
        reverse("yearend:review_discuss", args=[review.pk]),
        {"version": "2", "speaker": "Bình", "text": "Cần đi cơ sở."},
    )
    stale = client.post(reverse("yearend:review_conclude", args=[review.pk]), {"version": "2", "conclusion": "Tốt"})
    assert "tải lại trang" in stale.content.decode()
    client.post(
        reverse("yearend:review_conclude", args=[review.pk]),
        {"version": "3", "conclusion": "Đồng chí tu dưỡng tốt.", "corrections": "- Đi cơ sở hằng tháng\n- Gần dân hơn"},
    )
    review.refresh_from_db()
    assert review.state == ReviewState.CONCLUDED
    assert list(Shortcoming.objects.filter(person=world.an).values_list("text", flat=True)) == [
        "Đi cơ sở hằng tháng",
        "Gần dân hơn",
    ]


def test_creating_a_round_with_bad_input_saves_nothing(client_for, world):
    client = client_for(world.secretary)
    url = reverse("yearend:round_add", args=[world.cell_a.pk])
    response = client.post(
        url, {"title": "", "date_from": "31/12/2026", "date_to": "01/01/2026", "people": [world.dung.pk]}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="error"') >= 2
    from lamtheo.yearend.models import CommentRound

    assert not CommentRound.objects.exists()
    response = client.post(
        url, {"title": "Lấy ý kiến", "date_from": "01/01/2026", "date_to": "31/12/2026", "people": [world.an.pk]}
    )
    round_ = CommentRound.objects.get()
    assert response["Location"] == reverse("yearend:round", args=[round_.pk])


# --- grades and the cap ---------------------------------------------------------------------------


def test_grades_page_warns_when_the_excellent_pass_the_cap(client_for, world):
    from tests.yearend_fixtures import ensure_rows

    ensure_rows()
    for person, level in ((world.an, "excellent"), (world.binh, "good")):
        Evaluation.objects.create(person=person, organization=world.cell_a, year=YEAR, text="…", level=level)
    client = client_for(world.secretary)
    page = client.get(reverse("yearend:grades", args=[world.cell_a.pk, YEAR])).content.decode()
    assert "366-QĐ/TW" in page and "ye-cap" in page  # 1 excellent > 20% of 1 good = 0
    Evaluation.objects.filter(person=world.an).update(level="good")
    page = client.get(reverse("yearend:grades", args=[world.cell_a.pk, YEAR])).content.decode()
    assert "ye-cap" not in page
    url = reverse("yearend:grades", args=[world.cell_a.pk, YEAR]) + "?quarter=2"
    bad = client.post(url, {f"grade_{world.an.pk}": "good", f"score_{world.an.pk}": "150"})
    assert bad.status_code == 200 and "0 đến 100" in bad.content.decode()
    assert not QuarterGrade.objects.exists()
    client.post(url, {f"grade_{world.an.pk}": "excellent", f"score_{world.an.pk}": "95"})
    assert QuarterGrade.objects.get().grade == "excellent"
    assert "ye-cap" in client.get(url).content.decode()


# --- evidence sheets ------------------------------------------------------------------------------


@pytest.fixture
def year_of_an(world, ye):
    services_results.save_evaluation(
        actor=world.secretary, person=world.an, year=YEAR, text="Đồng chí An gương mẫu, nhiệt tình.", level="good"
    )
    meeting = make_meeting(world.cell_a, date=dt.date(YEAR, 5, 5), state="held")
    report = make_report(meeting, world.an, state="concluded", done="Đã giúp 2 hộ làm hồ sơ", good_points="Tích cực")
    shortcoming = Shortcoming.objects.create(person=world.an, year=YEAR, text="Đi họp muộn", source="meeting")
    ReportCorrection.objects.create(report=report, text="Đi họp đúng giờ", shortcoming=shortcoming)
    review = ye.reviews["a"]
    services.write_self_review(
        actor=world.member,
        review=review,
        self_review="Giản dị, trung thực.",
        example="Giúp hộ nghèo.",
        expected_version=1,
    )
    services.conclude_review(
        actor=world.secretary,
        review=review,
        conclusion="Tu dưỡng tốt.",
        corrections=["Gần dân hơn"],
        expected_version=2,
    )
    services.moderate(actor=world.secretary, comment=ye.comments["a"], decision="uphold", expected_version=1)
    return ye


EXPECTED = [
    "Nguyễn Văn An",
    "Giúp 3 hộ nghèo làm hồ sơ vay vốn",  # registration
    "Đồng chí An gương mẫu",  # the cell's evaluation
    "Hoàn thành tốt nhiệm vụ",  # the grade
    "Đã giúp 2 hộ làm hồ sơ",  # meeting report
    "Đi họp đúng giờ",  # correction at the meeting
    "Đi họp muộn",  # shortcoming
    "Giản dị, trung thực",  # ethics self-review
    "Tu dưỡng tốt",  # chair's conclusion
    "Gần dân hơn",  # correction of the ethics review
    "Đồng chí cần gần dân hơn",  # upheld comment of the masses
    "PHIẾU MINH CHỨNG",
]


def test_the_members_sheet_reads_back_in_docx_and_pdf(client_for, world, year_of_an):
    client = client_for(world.secretary)
    url = reverse("yearend:sheet", args=[world.an.pk, YEAR])
    docx = client.get(url + "?format=docx")
    assert docx.status_code == 200 and ".docx" in docx["Content-Disposition"]
    text = docx_text(docx.content)
    missing = [e for e in EXPECTED if e not in text]
    assert not missing, missing
    pdf = pdf_text(client.get(url + "?format=pdf").content)
    assert all(e in pdf for e in ("Nguyễn Văn An", "Đi họp đúng giờ", "Tu dưỡng tốt", "Hoàn thành tốt nhiệm vụ")), pdf[
        :500
    ]
    assert client.get(url + "?format=odt").status_code == 404
    assert client.get(url + "?quarter=5").status_code == 404
    quarter = docx_text(client.get(url + "?format=docx&quarter=1").content)
    assert "quý 1 năm 2026" in quarter and "Đã giúp 2 hộ làm hồ sơ" not in quarter  # the May meeting is in Q2


def test_the_cells_file_holds_every_member_with_bounded_queries(
    client_for, world, year_of_an, django_assert_max_num_queries
):
    from lamtheo.organizations import services as org_services

    client = client_for(world.secretary)
    url = reverse("yearend:cell_sheets", args=[world.cell_a.pk, YEAR]) + "?format=docx"
    with django_assert_max_num_queries(30):
        small = client.get(url)
    for i in range(8):
        org_services.create_person(
            cell=world.cell_a, full_name=f"Hoàng Văn Thêm {i}", card_number=f"2000{i}", started_on=dt.date(2020, 1, 1)
        )
    with django_assert_max_num_queries(30):
        big = client.get(url)
    text = docx_text(big.content)
    assert all(name in text for name in ("Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Thư", "Hoàng Văn Thêm 7"))
    assert "Phạm Quốc Cường" not in text  # another cell
    assert len(big.content) > len(small.content)


def test_a_big_cell_file_is_built_in_the_background_with_progress(
    client_for, world, year_of_an, django_capture_on_commit_callbacks, settings, tmp_path
):
    from lamtheo.yearend.models import SheetExport

    settings.MEDIA_ROOT = tmp_path
    client = client_for(world.secretary)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("yearend:cell_sheets", args=[world.cell_a.pk, YEAR]), {"format": "docx"})
    export = SheetExport.objects.get()
    assert response["Location"] == reverse("yearend:export", args=[export.pk])
    assert export.status == "done" and export.progress == 100 and export.requested_by == world.secretary
    fragment = client.get(reverse("yearend:export", args=[export.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment and reverse("yearend:export_file", args=[export.pk]) in fragment
    data = b"".join(client.get(reverse("yearend:export_file", args=[export.pk])).streaming_content)
    assert "Đi họp đúng giờ" in docx_text(data) and "Trần Thị Bình" in docx_text(data)
    queued = SheetExport.objects.create(organization=world.cell_a, year=YEAR, fmt="pdf")
    page = client.get(reverse("yearend:export", args=[queued.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" in page and "<progress" in page
    assert client.get(reverse("yearend:export_file", args=[queued.pk])).status_code == 404
    assert client_for(world.member).get(reverse("yearend:export", args=[export.pk])).status_code == 404


def test_the_moderation_and_grades_pages_run_a_bounded_number_of_queries(
    client_for, world, ye, django_assert_max_num_queries
):
    from lamtheo.organizations import services as org_services

    client = client_for(world.secretary)
    round_url = reverse("yearend:round", args=[ye.rounds["a"].pk])
    grades_url = reverse("yearend:grades", args=[world.cell_a.pk, YEAR]) + "?quarter=1"
    for _ in range(2):
        with django_assert_max_num_queries(14):
            assert client.get(round_url).status_code == 200
        with django_assert_max_num_queries(14):
            assert client.get(grades_url).status_code == 200
        for i in range(15):
            make_comment(ye.subjects["a"], text=f"Ý kiến thứ {i} của bà con trong thôn.")
        for i in range(10):
            org_services.create_person(
                cell=world.cell_a,
                full_name=f"Vũ Văn Mới {i}",
                card_number=f"3000{i}{_}",
                started_on=dt.date(2020, 1, 1),
            )
