"""Figures of a small known tree: exact counts in total, by child unit and by block."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from lamtheo.reviews import display, figures
from lamtheo.reviews.figures import FigureSet, Indicator, Rate, Scope
from tests.reviews_fixtures import EXPECTED_C1, EXPECTED_CELL_A, EXPECTED_CELL_B, FROM, TO, YEAR, rdata_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def test_commune_year_totals_are_exact(world, rdata):
    fs = figures.compute(world.commune, FROM, TO)
    totals = fs.totals()
    for key, value in EXPECTED_C1.items():
        assert totals.get(key, 0) == value, key


def test_breakdown_by_child_unit(world, rdata):
    fs = figures.compute(world.commune, FROM, TO)
    by_unit = fs.by_unit()
    for key, value in EXPECTED_CELL_A.items():
        assert by_unit[world.cell_a.path].get(key, 0) == value, key
    for key, value in EXPECTED_CELL_B.items():
        assert by_unit[world.cell_b.path].get(key, 0) == value, key
    # the study class was organised by the commune itself: its rows sit on the node
    assert by_unit[world.commune.path]["study.sessions"] == 1
    assert [u.code for u in fs.units] == ["C1", "C1-A", "C1-B"]


def test_province_adds_the_other_commune(world, rdata):
    fs = figures.compute(world.province, FROM, TO)
    by_unit = fs.by_unit()
    assert set(by_unit) == {world.commune.path, world.commune2.path}
    assert by_unit[world.commune2.path]["notebook.registered"] == 1
    assert by_unit[world.commune2.path]["notebook.eval_fulfilled"] == 1
    assert fs.total("notebook.registered") == 4
    assert fs.total("organizations.members") == 5


def test_by_block(world, rdata):
    from lamtheo.organizations.models import Organization

    Organization.objects.filter(pk=world.cell_b.pk).update(block="education")
    fs = figures.compute(world.commune, FROM, TO)
    blocks = fs.by_block()
    assert blocks["commune"]["study.members_attended"] == 1  # An
    assert blocks["education"]["study.members_attended"] == 1  # Cường
    assert blocks["education"]["study.members_eligible"] == 1
    assert blocks["commune"]["study.members_eligible"] == 3


def test_cell_review_groups_on_the_cell_itself(world, rdata):
    fs = figures.compute(world.cell_a, FROM, TO)
    assert [u.code for u in fs.units] == ["C1-A"]
    assert fs.total("notebook.registered") == 2
    assert fs.total("organizations.cells") == 1


def test_half_year_and_quarter_rules(world, rdata):
    h1 = figures.compute(world.commune, dt.date(YEAR, 1, 1), dt.date(YEAR, 6, 30)).totals()
    assert h1["notebook.mid_reported"] == 1
    assert h1.get("notebook.end_reported", 0) == 0
    assert h1.get("notebook.evaluated", 0) == 0
    assert h1["notebook.items_reported"] == 2  # An's mid-year items
    assert h1["notebook.items_partly"] == 1
    q3 = figures.compute(world.commune, dt.date(YEAR, 7, 1), dt.date(YEAR, 9, 30)).totals()
    assert q3["notebook.registered"] == 3
    assert q3.get("study.sessions", 0) == 0
    assert q3.get("meetings.held", 0) == 0


def test_several_years_count_per_year(world, rdata):
    fs = figures.compute(world.commune, dt.date(YEAR - 1, 1, 1), dt.date(YEAR, 12, 31))
    assert fs.total("notebook.expected") == 10  # 5 people × 2 years
    assert fs.total("notebook.registered") == 4  # An 2024 too
    assert fs.total("notebook.evaluated") == 3


def test_rates_are_exact_fractions_at_display(world, rdata):
    fs = figures.compute(world.commune, FROM, TO)
    rate = figures.rate_index()["notebook.registered_rate"]
    assert FigureSet.rate_of(rate, fs.totals()) == Fraction(3, 4)  # members registered over members (issue 11)
    assert display.percent(Fraction(1795, 1923)) in {"93,3%", "93.3%"}
    assert display.percent(Fraction(2, 3)) in {"66,7%", "66.7%"}
    assert display.percent(Fraction(1, 1)) == "100,0%"  # one format everywhere (issue 11)
    assert display.percent(Fraction(94, 100)) == "94,0%"
    assert display.percent(None) == "—"


def test_snapshot_round_trip(world, rdata):
    fs = figures.compute(world.commune, FROM, TO)
    back = FigureSet.from_json(fs.to_json())
    assert back.totals() == fs.totals()
    assert back.by_unit() == fs.by_unit()
    assert [u.path for u in back.units] == [u.path for u in fs.units]
    assert back.stored_rates["notebook.registered_rate"] == [3, 4]  # members over members (issue 11)


def test_registry_accepts_a_new_provider(world, rdata):
    from django.db.models import Count

    from lamtheo.organizations.models import Person

    @figures.register
    class Named(figures.BaseProvider):
        key = "named"
        title = "Named"
        order = 99
        indicators = (Indicator("named.an", "An"),)
        rates = (Rate("named.an_share", "An share", "named.an", "organizations.people"),)

        def compute(self, scope: Scope):
            return scope.grouped(
                Person.objects.filter(full_name__startswith="Nguyễn Văn An"),
                org="cell",
                counts={"an": Count("pk")},
            )

    try:
        fs = figures.compute(world.commune, FROM, TO)
        assert fs.total("named.an") == 1
        assert fs.by_unit()[world.cell_a.path]["named.an"] == 1
    finally:
        figures.unregister("named")
    with pytest.raises(ValueError):
        figures.register(type("Bad", (figures.BaseProvider,), {"key": "x.y"}))


def test_meeting_attendance_provider_is_opt_in(world, rdata):
    from lamtheo.reviews.providers.meetings import MeetingAttendanceProvider

    assert "attendance" not in [p.key for p in figures.providers()]  # off by default (its size)
    figures.register(MeetingAttendanceProvider)
    try:
        totals = figures.compute(world.commune, FROM, TO).totals()
        assert totals["attendance.recorded"] == 2 and totals["attendance.present"] == 1
    finally:
        figures.unregister("attendance")


@pytest.mark.django_db(transaction=True)
def test_parallel_providers_give_the_same_figures(world_tx, settings, monkeypatch):
    """On PostgreSQL outside a transaction the providers run in threads; same counts as one by one."""
    from tests.reviews_fixtures import build_review_data

    build_review_data(world_tx)
    monkeypatch.setattr(figures, "PARALLEL_MIN_UNITS", 0)
    settings.REVIEWS_FIGURE_WORKERS = 1
    one = figures.compute(world_tx.commune, FROM, TO)
    settings.REVIEWS_FIGURE_WORKERS = 3
    steps = []
    many = figures.compute(world_tx.commune, FROM, TO, progress=lambda done, total, title: steps.append(done))
    assert many.values == one.values and many.totals()["notebook.registered"] == 3
    assert steps[-1] == len(figures.providers())
    from django.db import connection

    expected_workers = 3 if connection.vendor == "postgresql" else 1
    assert figures.parallel_workers(figures.Scope.of(world_tx.commune, FROM, TO)) == expected_workers
