"""The notebook overview: a cell's lists, counts per cell above, drill-down, bounded queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lamtheo.notebook import services_results as svc
from lamtheo.notebook.models import ItemStatus, Pledge, ReportPeriod
from lamtheo.organizations import services as org_services
from lamtheo.organizations.models import OrganizationKind
from tests.notebook_res_fixtures import YEAR, approved_registration, media_fixture, nb_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def url(org, year=YEAR, **extra):
    query = "&".join(f"{k}={v}" for k, v in {"year": year, **extra}.items())
    return reverse("notebook:overview", args=[org.pk]) + f"?{query}"


def report(actor, registration, period, submit=True):
    return svc.save_self_report(
        actor=actor,
        registration=registration,
        period=period,
        items=[svc.ItemResult(pledge_id=p.pk, status=ItemStatus.DONE) for p in registration.pledges.all()],
        submit=submit,
    )


@pytest.fixture
def progress(world, nb):
    """An reported mid-year and year end and is evaluated; Dũng (cell_d) reported mid-year as a draft."""
    report(world.member, nb.reg_an, ReportPeriod.MID_YEAR)
    report(world.member, nb.reg_an, ReportPeriod.YEAR_END)
    svc.save_evaluation(actor=world.secretary, person=world.an, year=YEAR, text="Tốt", level="good")
    report(world.outsider, nb.reg_dung, ReportPeriod.MID_YEAR, submit=False)
    return nb


def names(people):
    return sorted(p.full_name for p in people)


def test_cell_lists(world, progress, client_for):
    response = client_for(world.secretary).get(url(world.cell_a))
    assert response.status_code == 200
    cell = response.context["cell"]
    assert names(cell.people) == ["Lê Văn Thư", "Nguyễn Văn An", "Trần Thị Bình"]
    assert names(cell.not_registered) == ["Lê Văn Thư", "Trần Thị Bình"]  # Bình's is only a draft
    assert [f.person.full_name for f in cell.flagged] == ["Nguyễn Văn An"]
    flagged = cell.flagged[0].pledges
    assert [p.pk for p in flagged] == [progress.pledge2.pk]
    assert flagged[0].is_copied
    assert names(cell.no_mid_year) == ["Lê Văn Thư", "Trần Thị Bình"]
    assert names(cell.no_year_end) == ["Lê Văn Thư", "Trần Thị Bình"]
    assert names(cell.no_evaluation) == ["Lê Văn Thư", "Trần Thị Bình"]
    html = response.content.decode()
    assert progress.pledge2.text in html
    assert reverse("notebook:evaluation", args=[world.binh.pk, YEAR]) in html  # the secretary may write it


def test_other_year_is_empty(world, progress, client_for):
    cell = client_for(world.secretary).get(url(world.cell_a, year=YEAR + 1)).context["cell"]
    assert len(cell.not_registered) == 3 and not cell.flagged


def test_counts_per_cell_for_the_commune_and_province(world, progress, client_for):
    response = client_for(world.commune_officer).get(url(world.commune))
    assert response.status_code == 200
    tree = response.context["tree"]
    rows = {r.cell.code: r.counts for r in tree.rows}
    assert set(rows) == {"C1-A", "C1-B"}
    assert rows["C1-A"] == {
        "members": 3,
        "not_registered": 2,
        "flagged": 1,
        "no_mid_year": 2,
        "no_year_end": 2,
        "no_evaluation": 2,
    }
    assert rows["C1-B"] == {
        "members": 1,
        "not_registered": 1,
        "flagged": 0,
        "no_mid_year": 1,
        "no_year_end": 1,
        "no_evaluation": 1,
    }
    assert tree.totals["members"] == 4 and tree.totals["not_registered"] == 3
    html = response.content.decode()
    assert url(world.cell_a) in html  # drill down

    province = client_for(world.admin).get(url(world.province)).context["tree"]
    rows = {r.cell.code: r.counts for r in province.rows}
    assert set(rows) == {"C1-A", "C1-B", "C2-D"}
    assert rows["C2-D"]["not_registered"] == 0 and rows["C2-D"]["no_mid_year"] == 1  # a draft is not a report
    assert {r.cell.code: r.parent_name for r in province.rows}["C2-D"] == "Đảng ủy xã Bình Minh"
    assert [c.code for c in province.children] == ["C1", "C2"]
    assert province.totals["members"] == 5


def test_overview_scope(world, progress, client_for):
    assert client_for(world.member).get(url(world.cell_a)).status_code == 404  # own cell, but no role
    assert client_for(world.outsider).get(url(world.cell_a)).status_code == 404
    assert client_for(world.outsider).get(url(world.commune)).status_code == 404
    assert client_for(world.judge).get(url(world.commune2)).status_code == 404
    assert client_for(world.secretary).get(url(world.commune)).status_code == 404
    assert client_for(world.inspector).get(url(world.cell_b)).status_code == 200
    assert client_for(world.secretary).get(url(world.cell_a, year="abc")).status_code == 404
    assert client_for(world.secretary).get(url(world.cell_a, year="1800")).status_code == 404


def _grow(world, n_cells: int, people_per_cell: int) -> None:
    """Add cells under the commune with people, registrations, pledges and reports."""
    for c in range(n_cells):
        cell = org_services.create_organization(
            parent=world.commune, kind=OrganizationKind.CELL, code=f"C1-X{n_cells}-{c}", name=f"Chi bộ {c}"
        )
        for i in range(people_per_cell):
            person = org_services.create_person(
                cell=cell, full_name=f"Người {c}-{i}", card_number=f"9{n_cells:02d}{c:03d}{i:03d}", started_on=None
            )
            if i % 2 == 0:
                registration, (pledge,) = approved_registration(person)
                if i % 4 == 0:
                    Pledge.objects.filter(pk=pledge.pk).update(verdict="vague")
                    report(world.superuser, registration, ReportPeriod.YEAR_END)


@pytest.mark.parametrize("size", [(2, 3), (8, 6)])
def test_queries_are_bounded(world, nb, client_for, django_assert_max_num_queries, size):
    _grow(world, *size)
    officer = client_for(world.commune_officer)
    with django_assert_max_num_queries(11):
        response = officer.get(url(world.commune))
    assert len(response.context["tree"].rows) == size[0] + 2
    big_cell = response.context["tree"].rows[-1].cell
    secretary_client = client_for(world.superuser)
    with django_assert_max_num_queries(9):
        response = secretary_client.get(url(big_cell))
    assert len(response.context["cell"].people) == size[1]


def test_cells_are_paginated(world, nb, client_for, settings):
    from lamtheo.notebook import selectors_results

    _grow(world, 3, 1)
    original = selectors_results.OVERVIEW_PAGE_SIZE
    selectors_results.OVERVIEW_PAGE_SIZE = 2
    try:
        client = client_for(world.commune_officer)
        first = client.get(url(world.commune)).context["tree"]
        second = client.get(url(world.commune, page=2)).context["tree"]
    finally:
        selectors_results.OVERVIEW_PAGE_SIZE = original
    assert len(first.rows) == 2 and first.cell_count == 5
    assert first.totals == second.totals
    assert {r.cell.pk for r in first.rows}.isdisjoint({r.cell.pk for r in second.rows})
