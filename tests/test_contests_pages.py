"""Contest pages through HTTP (bad input answered at the field, nothing saved; blind judging;
bounded queries) and the review indicators of the contests provider."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lamtheo.contests import services, services_entries, services_judging
from lamtheo.contests.models import Contest, Entry, Score
from lamtheo.reviews import figures
from lamtheo.reviews.providers import load
from tests.contests_fixtures import build_ct, ct_fixture, media_fixture, pdf_upload  # noqa: F401

pytestmark = pytest.mark.django_db


def _judging(world, ct):
    services.start_judging(actor=world.commune_officer, contest=ct.contest)


def test_score_page_answers_bad_input_at_the_field_and_saves_nothing(world, ct, client):
    _judging(world, ct)
    client.force_login(world.judge)
    criteria = list(ct.contest.criteria.all())
    url = reverse("contests:score", args=[ct.story_a.pk])
    data = {f"c{c.pk}": "12" for c in criteria} | {"comment": "x"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.content.decode().count("Điểm từ 0 đến 10.") == 3
    assert not Score.objects.exists()
    ok = {f"c{c.pk}": "8,5" for c in criteria}
    assert client.post(url, ok).status_code == 302
    again = client.post(url, ok)  # a second sheet: the page shows the one already given, nothing changes
    assert again.status_code == 200 and "mỗi giám khảo chỉ chấm một bài một lần" in again.content.decode()
    assert Score.objects.get().items.count() == 3


def test_entry_form_after_the_deadline_is_refused_with_a_message(world, ct, client):
    Contest.objects.filter(pk=ct.contest.pk).update(entries_close=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(world.secretary)
    before = Entry.objects.count()
    response = client.post(
        reverse("contests:entry_new", args=[ct.contest.pk]) + f"?unit={world.cell_a.pk}",
        {"entry_type": "story", "title": "Muộn", "members": [world.an.pk]},
        follow=True,
    )
    assert "Đã hết hạn nhận bài; không thể gửi bài." in response.content.decode()
    assert Entry.objects.count() == before


def test_entry_form_saves_authors_and_reports_a_bad_outsider_line(world, ct, client):
    client.force_login(world.secretary)
    url = reverse("contests:entry_new", args=[ct.contest.pk]) + f"?unit={world.cell_a.pk}"
    bad = client.post(url, {"entry_type": "story", "title": "Mới", "outsiders": "Không có năm"})
    assert bad.status_code == 200 and "Dòng 1: ghi họ và tên và năm sinh" in bad.content.decode()
    good = client.post(
        url,
        {
            "entry_type": "story",
            "title": "Mới",
            "members": [world.binh.pk],
            "outsiders": "Phạm Thị Lan, 1949",
            "upload": pdf_upload(),
        },
    )
    assert good.status_code == 302, good.context["form"].errors
    entry = Entry.objects.get(title="Mới")
    assert [(a.full_name, a.birth_year) for a in entry.authors.all()] == [
        ("Trần Thị Bình", 1980),
        ("Phạm Thị Lan", 1949),
    ]


def test_blind_judging_hides_names_and_unit_from_judges(world, ct, client):
    _judging(world, ct)
    Contest.objects.filter(pk=ct.contest.pk).update(blind=True)
    client.force_login(world.judge)
    page = client.get(reverse("contests:score", args=[ct.skit_b.pk])).content.decode()
    listing = client.get(reverse("contests:judging", args=[ct.contest.pk])).content.decode()
    overview = client.get(reverse("contests:contest", args=[ct.contest.pk])).content.decode()
    assert "Tiểu phẩm: Chiếc áo của Bác" in overview
    for text in (page, listing, overview):
        assert "Chi bộ thôn 2" not in text and "Phạm Quốc Cường" not in text
    assert f"Bài số {ct.skit_b.pk}" in page and "Tiểu phẩm: Chiếc áo của Bác" in page
    client.force_login(world.commune_officer)  # the organiser sees the names
    assert "Chi bộ thôn 2" in client.get(reverse("contests:entry", args=[ct.skit_b.pk])).content.decode()


def test_pages_run_a_bounded_number_of_queries(world, ct, client, django_assert_max_num_queries):
    from lamtheo.contests.services_entries import AuthorRow

    for i in range(12):  # more entries must not mean more queries
        services_entries.save_entry(
            actor=world.commune_officer,
            contest=ct.contest,
            unit=world.cell_b,
            entry_type="story",
            title=f"Thêm {i}",
            members=[world.cuong],
            outsiders=[AuthorRow(f"Người {i}", 1990)],
            summary="…",
        )
    client.force_login(world.commune_officer)
    with django_assert_max_num_queries(30):
        assert client.get(reverse("contests:contest", args=[ct.contest.pk])).status_code == 200
    _judging(world, ct)
    client.force_login(world.judge)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("contests:judging", args=[ct.contest.pk])).status_code == 200
    criteria = list(ct.contest.criteria.all())
    for entry in Entry.objects.filter(contest=ct.contest):
        services_judging.score_entry(actor=world.judge, entry=entry, values={c.pk: "7" for c in criteria})
    services_judging.lock_results(actor=world.judge, contest=ct.contest)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("contests:results", args=[ct.contest.pk])).status_code == 200


def test_review_indicators_of_contests(world, ct):
    load()
    _judging(world, ct)
    criteria = list(ct.contest.criteria.all())
    for entry, value in ((ct.story_a, "9"), (ct.skit_b, "8"), (ct.story_binh, "7")):
        services_judging.score_entry(actor=world.judge, entry=entry, values={c.pk: value for c in criteria})
    services_judging.lock_results(actor=world.judge, contest=ct.contest)
    year = timezone.localdate().year
    start, end = dt.date(year - 1, 1, 1), dt.date(year + 1, 12, 31)
    commune = figures.compute(world.commune, start, end, only=["contests"])
    assert commune.total("contests.held") == 1
    assert commune.total("contests.units") == 2  # cells a and b
    assert commune.total("contests.entries") == 3
    assert (commune.total("contests.entries_story"), commune.total("contests.entries_skit")) == (2, 1)
    assert commune.total("contests.prizes") == 3
    assert [commune.total(f"contests.prizes_{x}") for x in ("first", "second", "consolation")] == [1, 1, 1]
    assert commune.total("contests.special_prizes") == 3  # oldest, youngest, most entries (no jury pick)
    by_unit = commune.by_unit()
    assert by_unit[world.cell_a.path]["contests.entries"] == 2 and by_unit[world.cell_b.path]["contests.units"] == 1
    province = figures.compute(world.province, start, end, only=["contests"])
    assert province.total("contests.held") == 3  # P's, C1's and C2's contests
    assert province.total("contests.entries") == 4 and province.total("contests.units") == 3
    empty = figures.compute(world.commune, dt.date(2001, 1, 1), dt.date(2001, 12, 31), only=["contests"])
    assert empty.total("contests.held") == 0
