"""Query bounds: the pages and the figures run a fixed number of queries whatever the data size."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lamtheo.reviews import figures, services
from lamtheo.reviews.models import ReviewKind
from tests.reviews_fixtures import FROM, TO, YEAR, rdata_fixture, registration, self_report  # noqa: F401

pytestmark = pytest.mark.django_db

# name -> (url builder, max queries)
PAGES = {
    "detail": (
        lambda w, r, q: reverse("reviews:detail", args=[r.pk]),
        31,
    ),  # each review provider adds its grouped queries
    "edit": (lambda w, r, q: reverse("reviews:edit", args=[r.pk]), 30),
    "node": (lambda w, r, q: reverse("reviews:node", args=[w.commune.pk]), 13),
    "home": (lambda w, r, q: reverse("reviews:home"), 9),
    "request": (lambda w, r, q: reverse("reviews:request", args=[q.pk]), 10),
    "reconcile": (
        lambda w, r, q: reverse("reviews:reconcile", args=[r.pk]),
        57,  # the node's own direct figures (issue 11) and eight providers
    ),
    "dashboard": (
        lambda w, r, q: reverse("reviews:dashboard", args=[w.commune.pk]) + f"?year={YEAR}",
        109,
    ),  # eight providers, three figure sets
}


def grow(world, cells: int = 12, people: int = 6) -> None:
    """More cells under C1, each with members, registrations, reports and evaluations."""
    from lamtheo.notebook.models import Evaluation
    from lamtheo.organizations import services as org

    for i in range(cells):
        cell = org.create_organization(
            parent=world.commune, kind="cell", code=f"C1-X{i:02d}", name=f"Chi bộ thêm {i}", block="education"
        )
        for j in range(people):
            person = org.create_person(
                cell=cell, full_name=f"Người {i}-{j}", card_number=f"9{i:02d}{j:03d}", started_on=dt.date(2020, 1, 1)
            )
            reg = registration(person, items=(("Việc A", "specific"), ("Việc B", "vague")))
            self_report(reg, "year_end", ["done", "partly"])
            Evaluation.objects.create(person=person, organization=cell, year=YEAR, text="Tốt", level="good")


def setup(world):
    review = services.create_review(
        actor=world.commune_officer, organization=world.commune, kind=ReviewKind.INTERIM, date_from=FROM, date_to=TO
    )
    asked = services.create_request(
        actor=world.commune_officer,
        organization=world.commune,
        kind=ReviewKind.INTERIM,
        date_from=FROM,
        date_to=TO,
        deadline=timezone.localdate(),
    )
    cell_review = services.create_review(
        actor=world.commune_officer,
        organization=world.cell_a,
        kind=ReviewKind.INTERIM,
        date_from=FROM,
        date_to=TO,
        request=asked,
    )
    services.submit_review(actor=world.commune_officer, review=cell_review, expected_version=1)
    return review, asked


def count(client, url) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_pages_run_the_same_queries_on_two_sizes(world, rdata, client_for, django_assert_max_num_queries, page):
    build, limit = PAGES[page]
    review, asked = setup(world)
    client = client_for(world.commune_officer)
    url = build(world, review, asked)
    client.get(url)  # warm up the session and the per-process caches
    small = count(client, url)
    grow(world)
    large = count(client, url)
    assert large == small, f"{page}: {small} queries on the small tree, {large} on the larger one"
    cache.clear()
    with django_assert_max_num_queries(limit):
        client.get(url)


def test_figures_queries_do_not_grow(world, rdata):
    with CaptureQueriesContext(connection) as small:
        figures.compute(world.commune, FROM, TO)
    grow(world, cells=8)
    with CaptureQueriesContext(connection) as large:
        fs = figures.compute(world.commune, FROM, TO)
    assert len(small.captured_queries) == len(large.captured_queries) <= 26  # eight providers
    assert fs.total("notebook.registered") == 3 + 8 * 6
