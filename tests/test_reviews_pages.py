"""The review pages: create, edit with live figures, preview, submit (frozen), export with progress,
download; bad input answers at the field and saves nothing."""

from __future__ import annotations

import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from docx import Document

from lamtheo.reviews import services
from lamtheo.reviews.models import ExportStatus, Review, ReviewExport, ReviewKind, ReviewState
from tests.reviews_fixtures import FROM, TO, YEAR, media_fixture, rdata_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def make_review(world, org=None, **extra):
    return services.create_review(
        actor=world.commune_officer,
        organization=org or world.commune,
        kind=extra.pop("kind", ReviewKind.INTERIM),
        date_from=extra.pop("date_from", FROM),
        date_to=extra.pop("date_to", TO),
        **extra,
    )


def form_data(review, **changes):
    data = {
        "title": review.title,
        "number": review.number,
        "place": review.place,
        "issued_on": review.issued_on.strftime("%d/%m/%Y") if review.issued_on else "",
        "source": review.source,
        "intro": review.intro,
        "part1": review.part1,
        "part2": review.part2,
        "part3": review.part3,
        "signer_on_behalf": review.signer_on_behalf,
        "signer_position": review.signer_position,
        "signer_name": review.signer_name,
        "recipients": review.recipients,
        "version": review.version,
    }
    data.update(changes)
    return data


def test_create_a_year_review_with_the_figures_filled_in(world, rdata, client_for):
    client = client_for(world.commune_officer)
    url = reverse("reviews:create", args=[world.commune.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "interim", "period": f"year:{YEAR}", "source": "live"})
    review = Review.objects.get(organization=world.commune)
    assert response.status_code == 302 and response["Location"] == reverse("reviews:edit", args=[review.pk])
    assert (review.date_from, review.date_to, review.period_kind) == (FROM, TO, "year")
    assert review.title == f"Sơ kết năm {YEAR} việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh"
    assert review.place == "Hòa An"
    assert review.signer_on_behalf == "T/M ĐẢNG ỦY"
    assert "{{ notebook.registered_rate }}" in review.part1
    page = client.get(reverse("reviews:edit", args=[review.pk])).content.decode()
    assert "{{ notebook.registered }}" in page
    assert "số người đăng ký 3/4 (75,0%)" in page  # preview of part I with the figures


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"period": "custom", "date_from": "", "date_to": "31/12/2025"}, "date_from", "Hãy nhập ngày bắt đầu"),
        ({"period": "custom", "date_from": "01/06/2025", "date_to": "01/01/2025"}, "date_to", "trước ngày bắt đầu"),
        ({"period": "custom", "date_from": "01/01/2001", "date_to": "31/12/2025"}, "date_to", "tối đa 10 năm"),
        ({"period": "custom", "date_from": "32/01/2025", "date_to": "31/12/2025"}, "date_from", ""),
        ({"period": "quarter:2025:7"}, "period", ""),
        ({"period": "year:abc"}, "period", ""),
        ({"kind": "other", "period": "year:2025"}, "kind", ""),
    ],
)
def test_create_bad_input(world, client_for, data, field, message):
    client = client_for(world.commune_officer)
    response = client.post(reverse("reviews:create", args=[world.commune.pk]), {"kind": "interim", **data})
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    assert not Review.objects.exists()


def test_create_twice_the_same_period_is_refused(world, client_for):
    make_review(world)
    client = client_for(world.commune_officer)
    response = client.post(
        reverse("reviews:create", args=[world.commune.pk]), {"kind": "interim", "period": f"year:{YEAR}"}
    )
    assert response.status_code == 200
    assert "đã có báo cáo loại này cho thời kỳ này" in response.content.decode()
    assert Review.objects.count() == 1


def test_edit_with_a_live_figure_and_preview(world, rdata, client_for):
    review = make_review(world)
    client = client_for(world.commune_officer)
    text = "Đã có {{ notebook.registered }} người đăng ký, đạt {{ notebook.registered_rate }}."
    preview = client.post(reverse("reviews:preview", args=[review.pk]), {"part": "part2", "part2": text}, **HX)
    assert preview.status_code == 200
    assert "Đã có 3 người đăng ký, đạt 3/4 (75,0%)." in preview.content.decode()
    response = client.post(reverse("reviews:edit", args=[review.pk]), form_data(review, part2=text, number="05-BC/ĐU"))
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.part2 == text and review.number == "05-BC/ĐU" and review.version == 2
    page = client.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert "Đã có 3 người đăng ký, đạt 3/4 (75,0%)." in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"part2": "Có {{ notebook.nothing }} việc"}, "part2", "Không có số liệu: {{ notebook.nothing }}"),
        ({"part1": "Có {{ bad token }}"}, "part1", "Không có số liệu"),
        ({"number": "số năm"}, "number", "05-BC/CB"),
        ({"title": ""}, "title", ""),
        ({"issued_on": "31/02/2025"}, "issued_on", ""),
        ({"issued_on": "01/01/1900"}, "issued_on", ""),
        ({"part3": "x" * 20001}, "part3", "quá dài"),
        ({"source": "somewhere"}, "source", ""),
    ],
)
def test_edit_bad_input_saves_nothing(world, rdata, client_for, changes, field, message):
    review = make_review(world)
    client = client_for(world.commune_officer)
    response = client.post(
        reverse("reviews:edit", args=[review.pk]), form_data(review, **{"part3": "Đề xuất A", **changes})
    )
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert message in " ".join(response.context["form"].errors[field])
    review.refresh_from_db()
    assert review.version == 1 and review.part3 == ""


def test_stale_edit_is_refused_with_a_message(world, rdata, client_for):
    review = make_review(world)
    client = client_for(world.commune_officer)
    stale = form_data(review, part2="Bản của tôi")
    client.post(reverse("reviews:edit", args=[review.pk]), form_data(review, part2="Bản của người khác"))
    response = client.post(reverse("reviews:edit", args=[review.pk]), stale)
    assert response.status_code == 200
    assert "Người khác đã sửa" in response.content.decode()
    review.refresh_from_db()
    assert review.part2 == "Bản của người khác"


def test_submit_freezes_figures_and_text(world, rdata, client_for):
    from lamtheo.notebook.models import Registration

    review = make_review(world)
    client = client_for(world.commune_officer)
    client.post(
        reverse("reviews:edit", args=[review.pk]), form_data(review, part2="Đăng ký {{ notebook.registered_rate }}")
    )
    review.refresh_from_db()
    response = client.post(reverse("reviews:submit", args=[review.pk]), {"version": review.version})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.state == ReviewState.SUBMITTED and review.submitted_by == world.commune_officer
    snapshot = dict(review.snapshot)
    assert review.frozen_parts["part2"] == "Đăng ký 3/4 (75,0%)"
    # the data change afterwards: Thư's draft is sent, Công registers
    Registration.objects.filter(person__full_name="Lê Văn Thư").update(state="submitted")
    Registration.objects.create(person=rdata.cong, organization=world.cell_b, year=YEAR, state="approved")
    page = client.get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert "Đăng ký 3/4 (75,0%)" in page
    assert "5/5" not in page
    review.refresh_from_db()
    assert review.snapshot == snapshot
    # no more edits
    assert client.get(reverse("reviews:edit", args=[review.pk])).status_code == 302
    again = client.post(reverse("reviews:edit", args=[review.pk]), form_data(review, part2="Đổi"))
    assert again.status_code == 302
    review.refresh_from_db()
    assert (
        review.frozen_parts["part2"] == "Đăng ký 3/4 (75,0%)"
        and review.part2 == "Đăng ký {{ notebook.registered_rate }}"
    )
    assert client.post(reverse("reviews:submit", args=[review.pk]), {"version": review.version}).status_code == 404


def test_export_runs_in_the_background_and_downloads(
    world, rdata, client_for, media, django_capture_on_commit_callbacks
):
    review = make_review(world)
    client = client_for(world.commune_officer)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("reviews:export", args=[review.pk]), {"fmt": "docx"}, **HX)
        assert response.status_code == 200
        fragment = response.content.decode()
        # queued when the page answers: the fragment polls its status every second
        assert 'hx-trigger="every 1s"' in fragment and 'data-status="queued"' in fragment
    assert len(callbacks) == 1  # the task is queued only after the commit
    export = ReviewExport.objects.get(review=review)
    assert export.status == ExportStatus.DONE and export.progress == 100
    status = client.get(reverse("reviews:export_status", args=[export.pk]), **HX).content.decode()
    assert 'data-status="done"' in status and 'value="100"' in status
    assert "every 1s" not in status and reverse("reviews:download", args=[export.pk]) in status
    download = client.get(reverse("reviews:download", args=[export.pk]))
    assert download.status_code == 200
    assert "attachment" in download["Content-Disposition"]
    data = b"".join(download.streaming_content)
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "I. KẾT QUẢ TRIỂN KHAI THỰC HIỆN" in text


def test_export_progress_is_written_while_building(world, rdata, media, monkeypatch):
    """The task records each step's progress in the row the page polls."""
    from lamtheo.reviews import tasks

    seen = []
    real = tasks._progress

    def spy(export_id, percent, step):
        real(export_id, percent, step)
        seen.append(ReviewExport.objects.values_list("progress", "status").get(pk=export_id))

    monkeypatch.setattr(tasks, "_progress", spy)
    review = make_review(world)
    export = ReviewExport.objects.create(review=review, fmt="xlsx", requested_by=world.commune_officer)
    assert tasks.build_review_export(export.pk, world.commune_officer.pk) == "done"
    progress = [p for p, _ in seen]
    assert progress == sorted(progress) and progress[0] < 50 < progress[-1] < 100
    assert all(status == "running" for _, status in seen)
    export.refresh_from_db()
    assert export.progress == 100 and export.file.name.endswith(".xlsx")


def test_export_task_rechecks_permission(world, rdata, media):
    from lamtheo.reviews import tasks

    review = make_review(world)
    export = ReviewExport.objects.create(review=review, fmt="docx", requested_by=world.outsider)
    assert tasks.build_review_export(export.pk, world.outsider.pk) == "forbidden"
    export.refresh_from_db()
    assert export.status == ExportStatus.FAILED and not export.file


def test_a_running_export_polls_every_second(world, rdata, client_for):
    review = make_review(world)
    export = ReviewExport.objects.create(review=review, fmt="pdf", status=ExportStatus.RUNNING, progress=40)
    client = client_for(world.commune_officer)
    fragment = client.get(reverse("reviews:export_status", args=[export.pk]), **HX).content.decode()
    assert 'hx-trigger="every 1s"' in fragment and 'value="40"' in fragment
    assert client.get(reverse("reviews:download", args=[export.pk])).status_code == 404


def test_export_bad_format(world, client_for):
    review = make_review(world)
    client = client_for(world.commune_officer)
    response = client.post(reverse("reviews:export", args=[review.pk]), {"fmt": "exe"}, **HX)
    assert response.status_code == 400
    assert not ReviewExport.objects.exists()


def test_failed_export_is_shown_not_raised(
    world, rdata, client_for, media, monkeypatch, django_capture_on_commit_callbacks
):
    from lamtheo.reviews import exporters

    def boom(*args, **kwargs):
        raise RuntimeError("renderer broke")

    monkeypatch.setattr(exporters, "build_file", boom)
    review = make_review(world)
    client = client_for(world.commune_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reviews:export", args=[review.pk]), {"fmt": "pdf"}, **HX)
    assert response.status_code == 200
    export = ReviewExport.objects.get()
    assert export.status == ExportStatus.FAILED
    status = client.get(reverse("reviews:export_status", args=[export.pk]), **HX).content.decode()
    assert 'data-status="failed"' in status and "Không tạo được tệp" in status


def test_detail_shows_figures_by_unit_and_rate_warnings(world, rdata, client_for):
    review = make_review(world)
    review.part2 = "Có 3/5 đồng chí đăng ký, đạt 70%."
    review.save()
    page = client_for(world.commune_officer).get(reverse("reviews:detail", args=[review.pk])).content.decode()
    assert re.search(r'data-unit="C1-A".*?data-key="notebook.registered_rate">2/3 \(66,7%\)', page, re.S)
    assert "3/5 là 60,0%, không phải 70%" in page


def test_node_and_home_pages(world, rdata, client_for):
    review = make_review(world)
    client = client_for(world.commune_officer)
    assert review.title in client.get(reverse("reviews:node", args=[world.commune.pk])).content.decode()
    assert client.get(reverse("reviews:home")).status_code == 200
