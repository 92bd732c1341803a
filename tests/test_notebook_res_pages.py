"""Notebook results pages: the inclusion tag, self-report with photos, evidence, evaluation."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from lamtheo.notebook import services_results as svc
from lamtheo.notebook.models import Evaluation, Evidence, ItemStatus, ReportPeriod, SelfReport
from tests.notebook_res_fixtures import image_bytes, media_fixture, nb_fixture, photo  # noqa: F401

pytestmark = pytest.mark.django_db

END = ReportPeriod.YEAR_END


def report_url(nb, period=END, registration=None):
    return reverse("notebook:self_report", args=[(registration or nb.reg_an).pk, period])


def form_data(nb, *, action="submit", version=0, **extra):
    data = {
        "version": version,
        "action": action,
        "summary": "Năm nay tôi đã cố gắng",
        f"status_{nb.pledge1.pk}": "done",
        f"achieved_{nb.pledge1.pk}": "Đã giúp 5 hộ làm hồ sơ",
        f"direction_{nb.pledge1.pk}": "Giúp thêm 3 hộ",
        f"status_{nb.pledge2.pk}": "partly",
    }
    data.update(extra)
    return data


def render_tag(user, person, year):
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load notebook_results %}{% notebook_results person year %}")
    return template.render(Context({"request": request, "person": person, "year": year}))


# --- the inclusion tag ------------------------------------------------------------------------------


def _fill(world, nb):
    report = svc.save_self_report(
        actor=world.secretary,
        registration=nb.reg_an,
        period=END,
        items=[
            svc.ItemResult(pledge_id=nb.pledge1.pk, status=ItemStatus.DONE, achieved="Giúp được 5 hộ"),
            svc.ItemResult(pledge_id=nb.pledge2.pk, status=ItemStatus.NOT_YET),
        ],
        submit=True,
        photos=[svc.prepare_photo(photo())],
    )
    svc.save_evaluation(
        actor=world.secretary, person=world.an, year=nb.year, text="Đồng chí hoàn thành tốt nhiệm vụ", level="good"
    )
    return report


def test_tag_shows_results_evaluation_and_links_by_right(world, nb, django_assert_max_num_queries):
    report = _fill(world, nb)
    with translation.override("vi"), django_assert_max_num_queries(8):
        html = render_tag(world.member, world.an, nb.year)
    assert "Giúp được 5 hộ" in html
    assert "Đồng chí hoàn thành tốt nhiệm vụ" in html
    assert "Lê Văn Thư" in html  # written by / entered by
    assert reverse("notebook:evidence", args=[report.evidence.get().pk]) in html
    assert report_url(nb) in html  # the member may edit their own report
    assert reverse("notebook:evaluation", args=[world.an.pk, nb.year]) not in html
    sec_html = render_tag(world.secretary, world.an, nb.year)
    assert reverse("notebook:evaluation", args=[world.an.pk, nb.year]) in sec_html
    officer_html = render_tag(world.commune_officer, world.an, nb.year)
    assert "Giúp được 5 hộ" in officer_html
    assert report_url(nb) not in officer_html
    outsider_html = render_tag(world.outsider, world.an, nb.year)
    assert "Giúp được 5 hộ" not in outsider_html
    assert "Đồng chí hoàn thành" not in outsider_html


def test_tag_query_count_does_not_grow_with_items(world, nb, django_assert_max_num_queries):
    from lamtheo.notebook.models import Pledge

    _fill(world, nb)
    for i in range(3, 12):
        Pledge.objects.create(registration=nb.reg_an, position=i, text=f"Việc {i}")
    svc.save_self_report(
        actor=world.member,
        registration=nb.reg_an,
        period=ReportPeriod.MID_YEAR,
        items=[svc.ItemResult(pledge_id=p.pk, status="done") for p in nb.reg_an.pledges.all()],
        photos=[svc.prepare_photo(photo())] * 4,
    )
    with django_assert_max_num_queries(8):
        render_tag(world.member, world.an, nb.year)


# --- the self-report page ---------------------------------------------------------------------------


def test_member_writes_report_with_photo(world, nb, client_for):
    client = client_for(world.member)
    page = client.get(report_url(nb))
    assert page.status_code == 200
    assert nb.pledge1.text in page.content.decode()
    data = form_data(nb, photos=[photo("a.jpg")], caption="Hộ bà Lan")
    response = client.post(report_url(nb), data)
    assert response.status_code == 302
    report = SelfReport.objects.get()
    assert report.submitted_at is not None and report.entered_by is None
    assert report.evidence.get().caption == "Hộ bà Lan"


def test_secretary_enters_report_on_members_behalf(world, nb, client_for):
    client = client_for(world.secretary)
    page = client.get(report_url(nb))
    assert "Nguyễn Văn An" in page.content.decode()
    assert client.post(report_url(nb), form_data(nb)).status_code == 302
    assert SelfReport.objects.get().entered_by == world.secretary


def test_report_page_on_unapproved_registration_shows_notice(world, nb, client_for):
    client = client_for(world.secretary)
    response = client.get(report_url(nb, registration=nb.reg_binh))
    assert response.status_code == 200
    assert "form" not in response.context or response.context.get("form") is None
    response = client.post(report_url(nb, registration=nb.reg_binh), {"version": 0})
    assert not SelfReport.objects.exists()


def test_unknown_period_is_404(world, nb, client_for):
    assert client_for(world.member).get(report_url(nb, period="quarter")).status_code == 404


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            lambda: [SimpleUploadedFile("x.exe", b"MZ\x90\x00 not a photo", content_type="image/jpeg")],
            "không phải là ảnh",
        ),
        (lambda: [SimpleUploadedFile("x.gif", image_bytes("GIF"), content_type="image/gif")], "không phải là ảnh"),
        (
            lambda: [SimpleUploadedFile("big.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024), content_type="image/jpeg")],
            "tối đa 5 MB",
        ),
        (lambda: [photo(f"{i}.jpg") for i in range(6)], "tối đa 5 ảnh"),
    ],
)
def test_bad_uploads_answer_at_the_field_and_save_nothing(world, nb, client_for, files, message):
    client = client_for(world.member)
    with translation.override("vi"):
        response = client.post(report_url(nb), form_data(nb, photos=files()), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["form"].errors["photos"])
    assert message in errors
    assert not SelfReport.objects.exists()
    assert not Evidence.objects.exists()


def test_too_many_photos_over_two_saves(world, nb, client_for):
    client = client_for(world.member)
    client.post(report_url(nb), form_data(nb, photos=[photo(f"{i}.jpg") for i in range(4)]))
    report = SelfReport.objects.get()
    response = client.post(
        report_url(nb), form_data(nb, version=report.version, photos=[photo("a.jpg"), photo("b.jpg")])
    )
    assert response.status_code == 200
    assert "photos" in response.context["form"].errors
    assert Evidence.objects.count() == 4
    report.refresh_from_db()
    assert report.version == 1  # nothing saved half-way


def test_missing_result_on_submit_answers_at_the_item(world, nb, client_for):
    client = client_for(world.member)
    data = form_data(nb)
    del data[f"status_{nb.pledge2.pk}"]
    response = client.post(report_url(nb), data)
    assert response.status_code == 200
    assert f"status_{nb.pledge2.pk}" in response.context["form"].errors
    # as a draft it saves
    assert client.post(report_url(nb), {**data, "action": "save"}).status_code == 302
    assert SelfReport.objects.get().submitted_at is None


def test_stale_report_form_shows_conflict(world, nb, client_for):
    client_for(world.member).post(report_url(nb), form_data(nb))
    response = client_for(world.secretary).post(report_url(nb), form_data(nb, version=0, summary="khác"))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert SelfReport.objects.get().summary == "Năm nay tôi đã cố gắng"


def test_garbage_input_never_500(world, nb, client_for):
    client = client_for(world.member)
    for data in ({"version": "abc"}, {"version": "-1"}, {f"status_{nb.pledge1.pk}": "excellent", "version": 0}, {}):
        with translation.override("vi"):
            response = client.post(report_url(nb), data, HTTP_ACCEPT_LANGUAGE="vi")
        assert response.status_code == 200
        html = response.content.decode()
        assert "tải lại trang" in html or "hợp lệ" in html
    assert not SelfReport.objects.exists()


# --- evidence ------------------------------------------------------------------------------------


def test_evidence_served_in_scope_only(world, nb, client_for):
    report = _fill(world, nb)
    evidence = report.evidence.get()
    url = reverse("notebook:evidence", args=[evidence.pk])
    member = client_for(world.member).get(url)
    assert member.status_code == 200 and member["Content-Type"] == "image/jpeg"
    assert b"".join(member.streaming_content)[:2] == b"\xff\xd8"
    thumb = client_for(world.secretary).get(url + "?size=thumb")
    assert thumb.status_code == 200
    assert client_for(world.outsider).get(url).status_code == 404
    client_for(world.judge)
    assert client_for(world.judge).get(url).status_code == 404


# --- evaluation page ----------------------------------------------------------------------------------


def eval_url(world, nb):
    return reverse("notebook:evaluation", args=[world.an.pk, nb.year])


def test_secretary_writes_evaluation(world, nb, client_for):
    client = client_for(world.secretary)
    page = client.get(eval_url(world, nb))
    assert page.status_code == 200
    assert nb.pledge1.text in page.content.decode()
    response = client.post(eval_url(world, nb), {"text": "Hoàn thành tốt", "level": "good", "version": 0})
    assert response.status_code == 302
    ev = Evaluation.objects.get()
    assert (ev.written_by, ev.level) == (world.secretary, "good")
    stale = client.post(eval_url(world, nb), {"text": "Ghi đè", "level": "excellent", "version": 0})
    assert stale.status_code == 200 and stale.context["form"].non_field_errors()
    ev.refresh_from_db()
    assert ev.text == "Hoàn thành tốt"


def test_evaluation_bad_input(world, nb, client_for):
    client = client_for(world.secretary)
    with translation.override("vi"):
        response = client.post(eval_url(world, nb), {"text": "", "level": "best", "version": 0})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"text", "level"}
    assert not Evaluation.objects.exists()
    assert client.get(reverse("notebook:evaluation", args=[world.an.pk, 1900])).status_code == 404


def test_evaluation_page_is_404_without_evaluate(world, nb, client_for):
    for user in (world.member, world.commune_officer, world.inspector, world.outsider, world.admin):
        assert client_for(user).get(eval_url(world, nb)).status_code == 404


def test_new_registration_version_redirects_and_carries_answers(world, nb, client_for):
    from lamtheo.notebook.models import Pledge, Registration

    client = client_for(world.member)
    client.post(report_url(nb), form_data(nb))
    Registration.objects.filter(pk=nb.reg_an.pk).update(is_current=False)
    newer = Registration.objects.create(
        person=world.an, organization=world.cell_a, year=nb.year, state="approved", number=2, previous=nb.reg_an
    )
    kept = Pledge.objects.create(registration=newer, position=1, text=nb.pledge1.text)
    changed = Pledge.objects.create(registration=newer, position=2, text="Một việc mới")
    response = client.get(report_url(nb))
    assert response.status_code == 302
    assert response["Location"] == report_url(nb, registration=newer)
    form = client.get(report_url(nb, registration=newer)).context["form"]
    assert form[f"status_{kept.pk}"].value() == "done"
    assert form[f"achieved_{kept.pk}"].value() == "Đã giúp 5 hộ làm hồ sơ"
    assert not form[f"status_{changed.pk}"].value()
    assert form["version"].value() == 0
