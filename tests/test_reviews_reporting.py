"""Reporting up: a level asks its children, tracks who submitted, compiles from their reviews and
checks them against the live data (differences listed; a rate that does not match its counts flagged)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from lamtheo.reviews import selectors, services
from lamtheo.reviews.models import FigureSource, Review, ReviewKind, ReviewRequest
from tests.reviews_fixtures import FROM, TO, YEAR, rdata_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def ask(world, deadline=None):
    return services.create_request(
        actor=world.commune_officer,
        organization=world.commune,
        kind=ReviewKind.INTERIM,
        date_from=FROM,
        date_to=TO,
        deadline=deadline or timezone.localdate() + dt.timedelta(days=10),
    )


def answer(world, cell, asked, actor=None):
    actor = actor or world.commune_officer
    review = services.create_review(
        actor=actor, organization=cell, kind=asked.kind, date_from=asked.date_from, date_to=asked.date_to, request=asked
    )
    return services.submit_review(actor=actor, review=review, expected_version=review.version)


def test_request_and_tracking_of_who_submitted(world, rdata, client_for):
    client = client_for(world.commune_officer)
    response = client.post(
        reverse("reviews:request_create", args=[world.commune.pk]),
        {
            "kind": "interim",
            "period": f"year:{YEAR}",
            "deadline": (timezone.localdate() + dt.timedelta(days=7)).strftime("%d/%m/%Y"),
            "message": "Gửi trước hạn.",
        },
    )
    asked = ReviewRequest.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reviews:request", args=[asked.pk])
    assert asked.title.startswith(f"Sơ kết năm {YEAR}")
    page = client.get(reverse("reviews:request", args=[asked.pk])).content.decode()
    assert "0/2" in page and page.count('data-status="missing"') == 2

    # the secretary of cell_a sees the request and answers it from the form
    secretary = client_for(world.secretary)
    home = secretary.get(reverse("reviews:home")).content.decode()
    assert f'data-request="{asked.pk}"' in home
    create = secretary.post(
        reverse("reviews:create", args=[world.cell_a.pk]) + f"?request={asked.pk}",
        {"kind": "interim", "period": f"year:{YEAR}", "request": asked.pk},
    )
    review = Review.objects.get(organization=world.cell_a)
    assert create.status_code == 302 and review.request == asked and review.title == asked.title
    # a draft is not "submitted" for the level above
    page = client_for(world.commune_officer).get(reverse("reviews:request", args=[asked.pk])).content.decode()
    assert "0/2" in page
    secretary.post(reverse("reviews:submit", args=[review.pk]), {"version": review.version})
    page = client_for(world.commune_officer).get(reverse("reviews:request", args=[asked.pk])).content.decode()
    assert "1/2" in page
    assert 'data-unit="C1-A" data-status="submitted"' in page
    assert 'data-unit="C1-B" data-status="missing"' in page
    assert f'data-request="{asked.pk}"' not in client_for(world.secretary).get(reverse("reviews:home")).content.decode()


def test_tracking_marks_late_submissions(world, rdata):
    asked = ask(world, deadline=timezone.localdate())
    ReviewRequest.objects.filter(pk=asked.pk).update(deadline=timezone.localdate() - dt.timedelta(days=3))
    asked.refresh_from_db()
    answer(world, world.cell_a, asked)
    track = selectors.tracking(asked)
    rows = {r.unit.code: r for r in track.rows}
    assert rows["C1-A"].submitted and rows["C1-A"].is_late
    assert not rows["C1-B"].submitted and rows["C1-B"].is_late
    assert track.submitted_count == 1 and track.overdue


def test_reconcile_lists_differences_and_flags_rates(world, rdata, client_for):
    from lamtheo.notebook.models import Registration

    asked = ask(world)
    review_a = answer(world, world.cell_a, asked)
    review_b = answer(world, world.cell_b, asked)
    parent = services.create_review(
        actor=world.commune_officer, organization=world.commune, kind=ReviewKind.INTERIM, date_from=FROM, date_to=TO
    )
    result = selectors.reconcile(world.commune, FROM, TO)
    assert result.problems == 0, [(r.unit.code, r.differences, r.rate_flags) for r in result.rows]

    # deliberate mismatch: Công (cell_b) registers after cell_b submitted
    Registration.objects.create(person=rdata.cong, organization=world.cell_b, year=YEAR, state="approved")
    # and cell_a's frozen text claims a wrong rate, its stored rate no longer matches its counts
    Review.objects.filter(pk=review_a.pk).update(
        frozen_parts={**review_a.frozen_parts, "part2": "Có 2/3 đồng chí đăng ký, đạt 70%."},
        snapshot={**review_a.snapshot, "rates": {**review_a.snapshot["rates"], "notebook.registered_rate": [3, 3]}},
    )
    result = selectors.reconcile(world.commune, FROM, TO)
    rows = {r.unit.code: r for r in result.rows}
    diffs_b = {d.key: (d.live, d.submitted) for d in rows["C1-B"].differences}
    assert diffs_b["notebook.registered"] == ("2", "1")
    assert diffs_b["notebook.not_registered"] == ("0", "1")
    assert not rows["C1-A"].differences
    messages = " ".join(f.message for f in rows["C1-A"].rate_flags)
    assert "2/3 là 66,7%, không phải 70%" in messages
    assert "3/3 (100,0%) ≠ 2/3 (66,7%)" in messages
    totals = {d.key: (d.live, d.submitted) for d in result.totals}
    assert totals["notebook.registered"] == ("4", "3")

    page = client_for(world.commune_officer).get(reverse("reviews:reconcile", args=[parent.pk])).content.decode()
    assert 'data-unit="C1-B" data-ok="0"' in page
    assert "không phải 70%" in page
    assert review_b.pk


def test_missing_child_is_listed(world, rdata):
    asked = ask(world)
    answer(world, world.cell_a, asked)
    result = selectors.reconcile(world.commune, FROM, TO)
    assert [r.unit.code for r in result.missing] == ["C1-B"]


def test_compile_from_the_childrens_reviews(world, rdata):
    asked = ask(world)
    answer(world, world.cell_a, asked)
    answer(world, world.cell_b, asked)
    from lamtheo.notebook.models import Registration

    Registration.objects.create(person=rdata.cong, organization=world.cell_b, year=YEAR, state="approved")
    review = services.create_review(
        actor=world.commune_officer,
        organization=world.commune,
        kind=ReviewKind.INTERIM,
        date_from=FROM,
        date_to=TO,
        source=FigureSource.CHILDREN,
    )
    compiled = selectors.figures_for(review)
    assert compiled.source == "children"
    assert compiled.total("notebook.registered") == 3  # as submitted, not the 4 of the live data
    assert compiled.by_unit()[world.cell_b.path]["notebook.registered"] == 1
    assert compiled.total("organizations.members") == 4
    review = services.submit_review(actor=world.commune_officer, review=review, expected_version=review.version)
    assert review.snapshot["source"] == "children"


def test_request_bad_input(world, client_for):
    client = client_for(world.commune_officer)
    url = reverse("reviews:request_create", args=[world.commune.pk])
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    this_year = timezone.localdate().year  # a period not over yet: the deadline cannot have passed
    response = client.post(url, {"kind": "interim", "period": f"year:{this_year}", "deadline": yesterday})
    assert "Hạn nộp đã qua" in " ".join(response.context["form"].errors["deadline"])
    response = client.post(url, {"kind": "interim", "period": f"year:{YEAR}", "deadline": "mai"})
    assert "deadline" in response.context["form"].errors
    assert not ReviewRequest.objects.exists()
    # a cell has no lower levels to ask
    assert client_for(world.secretary).get(reverse("reviews:request_create", args=[world.cell_a.pk])).status_code == 404


def test_request_from_another_parent_cannot_be_answered(world):
    other = services.create_request(
        actor=world.superuser,
        organization=world.commune2,
        kind=ReviewKind.INTERIM,
        date_from=FROM,
        date_to=TO,
        deadline=timezone.localdate(),
    )
    with pytest.raises(Exception, match="không gửi cho đơn vị này"):
        services.create_review(
            actor=world.commune_officer,
            organization=world.cell_a,
            kind=ReviewKind.INTERIM,
            date_from=FROM,
            date_to=TO,
            request=other,
        )


def test_levels_above_read_submitted_reviews_only(world, rdata, client_for):
    asked = ask(world)
    submitted = answer(world, world.cell_a, asked)
    draft = services.create_review(
        actor=world.commune_officer, organization=world.cell_b, kind=ReviewKind.INTERIM, date_from=FROM, date_to=TO
    )
    admin = client_for(world.admin)
    assert admin.get(reverse("reviews:detail", args=[submitted.pk])).status_code == 200
    assert admin.get(reverse("reviews:detail", args=[draft.pk])).status_code == 404
    assert submitted.title in admin.get(reverse("reviews:home")).content.decode()
