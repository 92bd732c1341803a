"""Essays: a member writes or uploads their own; the cell committee assesses; scope, files, bad input."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from lamtheo.study.models import Essay, EssayState
from tests.study_fixtures import YEAR, docx_bytes, make_theme, media_fixture, pdf_upload, st_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def essay_data(theme, /, **extra):
    data = {
        "theme": theme.pk,
        "year": YEAR,
        "session": "",
        "title": "Thu hoạch chuyên đề 2025",
        "body": "Qua học tập, tôi nhận thức sâu sắc hơn về tinh thần tự lực, tự cường…",
        "action": "submit",
    }
    data.update(extra)
    return data


def write(client, theme, /, **extra):
    return client.post(reverse("study:essay_new"), essay_data(theme, **extra))


def test_member_writes_and_sends_an_essay(world, st, client_for):
    client = client_for(world.member)
    assert client.get(reverse("study:essay_new")).status_code == 200
    response = write(client, st.theme, session=st.session.pk)
    essay = Essay.objects.get()
    assert response.status_code == 302 and response.url == reverse("study:essay", args=[essay.pk])
    assert essay.person == world.an and essay.cell == world.cell_a and essay.session == st.session
    assert essay.state == EssayState.SUBMITTED and essay.submitted_at is not None
    page = client.get(reverse("study:mine")).content.decode()
    assert "Thu hoạch chuyên đề 2025" in page and "Đã nộp chi bộ" in page
    assert st.session.title in page  # the classes An attended


def test_draft_then_upload_then_send(world, st, client_for):
    client = client_for(world.member)
    write(client, st.theme, body="", action="save")
    essay = Essay.objects.get()
    assert essay.state == EssayState.DRAFT
    # A draft is the author's own: the secretary does not see it yet.
    assert client_for(world.secretary).get(reverse("study:essay", args=[essay.pk])).status_code == 404
    client = client_for(world.member)
    url = reverse("study:essay_edit", args=[essay.pk])
    data = essay_data(st.theme, body="", version=essay.version, upload=pdf_upload())
    assert client.post(url, data).status_code == 302
    essay.refresh_from_db()
    assert essay.state == EssayState.SUBMITTED and essay.file_name == "bai-thu-hoach.pdf"
    assert essay.file.name.startswith(f"study/essays/{YEAR}/") or essay.file.name.startswith("study/essays/")
    download = client_for(world.secretary).get(reverse("study:essay_file", args=[essay.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "ok"),
    [
        ("bai.docx", docx_bytes(), True),
        ("anh-chup.png", _png(), True),
        ("bai.pdf", b"MZ\x90\x00 not really a pdf", False),  # a program named .pdf
        ("bai.docx", b"PK\x03\x04garbage", False),
        ("trong.pdf", b"", False),
        ("script.html", b"<script>alert(1)</script>", False),
    ],
)
def test_uploads_are_checked_by_content(world, st, client_for, name, content, ok):
    client = client_for(world.member)
    response = write(client, st.theme, body="", upload=SimpleUploadedFile(name, content))
    assert (response.status_code == 302) is ok
    assert Essay.objects.exists() is ok
    if not ok:
        assert "upload" in response.context["form"].errors


def test_upload_size_is_limited(world, st, client_for, settings):
    settings.STUDY_MAX_DOCUMENT_BYTES = 1024
    big = pdf_upload(content=b"%PDF-1.4\n" + b"0" * 2048)
    response = write(client_for(world.member), st.theme, upload=big)
    assert response.status_code == 200
    assert "quá lớn" in response.content.decode()
    assert not Essay.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": ""}, "title"),
        ({"theme": ""}, "theme"),
        ({"theme": "abc"}, "theme"),
        ({"year": "20x5"}, "year"),
        ({"year": "1890"}, "year"),
        ({"year": "2027"}, "theme"),  # the theme does not cover 2027
        ({"body": ""}, "body"),  # nothing to send
        ({"session": "999999"}, "session"),
    ],
)
def test_bad_input_answers_at_the_field(world, st, client_for, change, field):
    response = write(client_for(world.member), st.theme, **change)
    assert response.status_code == 200
    assert field in response.context["form"].errors, response.context["form"].errors
    assert not Essay.objects.exists()


def test_session_must_be_one_attended_and_on_the_theme(world, st, client_for):
    # Cường did not attend the commune's class.
    from tests.conftest import make_user

    cuong = make_user("dangvien_cuong", person=world.cuong)
    response = write(client_for(cuong), st.theme, session=st.session.pk)
    assert "session" in response.context["form"].errors
    # An attended, but the essay names another theme.
    response = write(client_for(world.member), st.other_theme, session=st.session.pk)
    assert response.context["form"].errors["session"] == ["Lớp học này thuộc chuyên đề khác."]


def test_one_essay_per_theme_and_year(world, st, client_for):
    client = client_for(world.member)
    write(client, st.theme)
    response = write(client, st.theme)
    assert response.status_code == 200
    assert "Bạn đã có bài thu hoạch về chuyên đề này năm 2025" in response.content.decode()
    assert Essay.objects.count() == 1


def test_theme_of_another_branch_is_refused(world, st, client_for):
    foreign = make_theme(world.commune2, title="Chuyên đề của xã Bình Minh")
    response = write(client_for(world.member), foreign)
    assert "theme" in response.context["form"].errors


def test_secretary_assesses_and_the_essay_locks(world, st, client_for):
    write(client_for(world.member), st.theme)
    essay = Essay.objects.get()
    secretary = client_for(world.secretary)
    listing = secretary.get(reverse("study:cell_essays", args=[world.cell_a.pk]) + f"?year={YEAR}&theme={st.theme.pk}")
    assert listing.status_code == 200
    assert listing.context["written"] == 1 and listing.context["assessed"] == 0
    assert reverse("study:essay_assess", args=[essay.pk]) in listing.content.decode()
    url = reverse("study:essay_assess", args=[essay.pk])
    bad = secretary.post(url, {"grade": "", "comment": "x", "version": essay.version})
    assert bad.status_code == 200 and "grade" in bad.context["form"].errors
    ok = secretary.post(
        url, {"grade": "good", "comment": "Bài viết liên hệ tốt với công việc.", "version": essay.version}
    )
    assert ok.status_code == 302
    essay.refresh_from_db()
    assert essay.state == EssayState.ASSESSED and essay.grade == "good" and essay.assessed_by == world.secretary
    member = client_for(world.member)
    page = member.get(reverse("study:essay", args=[essay.pk])).content.decode()
    assert "Khá" in page and "Bài viết liên hệ tốt với công việc." in page
    # Locked for the author: the edit page sends back, a forced post is refused.
    assert member.get(reverse("study:essay_edit", args=[essay.pk])).status_code == 302
    member.post(reverse("study:essay_edit", args=[essay.pk]), essay_data(st.theme, title="Sửa", version=essay.version))
    essay.refresh_from_db()
    assert essay.title != "Sửa"


def test_assessment_with_a_stale_version_is_refused(world, st, client_for):
    write(client_for(world.member), st.theme)
    essay = Essay.objects.get()
    old = essay.version
    # The author changes the essay while the secretary has the form open.
    client_for(world.member).post(
        reverse("study:essay_edit", args=[essay.pk]), essay_data(st.theme, body="Bản mới", version=old)
    )
    response = client_for(world.secretary).post(
        reverse("study:essay_assess", args=[essay.pk]), {"grade": "pass", "version": old}
    )
    assert response.status_code == 200 and "Người khác đã sửa" in response.content.decode()
    essay.refresh_from_db()
    assert essay.state == EssayState.SUBMITTED and essay.grade == ""


def test_who_may_assess(world, st, client_for):
    write(client_for(world.member), st.theme)
    essay = Essay.objects.get()
    url = reverse("study:essay_assess", args=[essay.pk])
    for user in (world.member, world.commune_officer, world.inspector, world.outsider, world.admin, world.judge):
        assert client_for(user).post(url, {"grade": "good", "version": essay.version}).status_code == 404
    # The commune's committee reads it (VIEW over the subtree) but does not assess.
    assert client_for(world.commune_officer).get(reverse("study:essay", args=[essay.pk])).status_code == 200
    assert client_for(world.outsider).get(reverse("study:essay", args=[essay.pk])).status_code == 404
    essay.refresh_from_db()
    assert essay.state == EssayState.SUBMITTED


def test_nobody_assesses_their_own_essay(world, st, client_for):
    secretary_person = world.secretary.person
    essay = Essay.objects.create(
        person=secretary_person,
        cell=world.cell_a,
        theme=st.theme,
        year=YEAR,
        title="Bài của bí thư",
        body="…",
        state=EssayState.SUBMITTED,
    )
    assert client_for(world.secretary).get(reverse("study:essay_assess", args=[essay.pk])).status_code == 404


def test_cannot_edit_someone_elses_essay(world, st, client_for):
    write(client_for(world.member), st.theme)
    essay = Essay.objects.get()
    response = client_for(world.secretary).post(
        reverse("study:essay_edit", args=[essay.pk]), essay_data(st.theme, title="Bí thư sửa", version=essay.version)
    )
    assert response.status_code == 404


def test_user_without_person_has_no_essays(world, client_for):
    assert client_for(world.commune_officer).get(reverse("study:mine")).status_code == 404
    assert client_for(world.commune_officer).get(reverse("study:essay_new")).status_code == 404


@pytest.mark.parametrize("extra", [2, 25])
def test_cell_list_runs_bounded_queries(world, st, client_for, django_assert_max_num_queries, extra):
    from lamtheo.organizations import services as org_services

    for i in range(extra):
        person = org_services.create_person(cell=world.cell_a, full_name=f"Đảng viên {i}", card_number=f"E{extra}-{i}")
        Essay.objects.create(
            person=person, cell=world.cell_a, theme=st.theme, year=YEAR, title=f"Bài {i}", state="submitted"
        )
    client = client_for(world.secretary)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("study:cell_essays", args=[world.cell_a.pk]) + f"?year={YEAR}")
    assert response.context["written"] == extra
