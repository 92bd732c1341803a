"""Rates are counts divided exactly; a level adds its children's counts; rounding happens once, at display."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest
from django.utils import translation

from lamtheo.organizations import services as org_services
from lamtheo.organizations.models import OrganizationKind
from lamtheo.study.figures import study_figures
from lamtheo.study.rates import Rate, total
from tests.study_fixtures import YEAR, attend, make_session, make_theme, media_fixture  # noqa: F401


def vi(fn):
    with translation.override("vi"):
        return fn()


def test_rate_is_an_exact_fraction_and_shows_like_a_report():
    rate = Rate(1795, 1923)
    assert rate.fraction == Fraction(1795, 1923)
    assert vi(rate.text) == "1.795/1.923 đồng chí, đạt 93,3%"
    with translation.override("en"):  # the project keeps Vietnamese number formats in English too
        assert rate.text() == "1.795/1.923 comrades, 93,3%"


@pytest.mark.parametrize(
    ("attended", "eligible", "shown"),
    [
        (1, 8, "12,5%"),  # exact
        (1, 16, "6,3%"),  # 6.25 → half up (banker's rounding would give 6,2)
        (1, 3, "33,3%"),
        (2, 3, "66,7%"),
        (1, 2, "50,0%"),  # one format everywhere, always one decimal (issue 11)
        (4, 4, "100,0%"),
        (0, 5, "0,0%"),
        (1999, 2000, "100,0%"),  # 99.95 rounds half up
        (1998, 2000, "99,9%"),
    ],
)
def test_rounding_half_up_from_the_exact_fraction(attended, eligible, shown):
    assert vi(Rate(attended, eligible).percent_text) == shown


def test_nobody_eligible_is_not_zero_percent():
    assert Rate(0, 0).fraction is None
    assert Rate(0, 0).percent_text() == "—"
    assert vi(Rate(0, 0).text) == "không có ai thuộc diện"


def test_a_level_adds_counts_never_averages_rates():
    children = [Rate(1, 1), Rate(0, 3)]  # 100 % and 0 %: the average would say 50 %
    level = total(children)
    assert level == Rate(1, 4)
    assert level.fraction == Fraction(1, 4)
    assert vi(level.percent_text) == "25,0%"
    assert sum(children) == level  # sum() starts from 0


def test_rounded_children_do_not_drift_the_total():
    """Three children at 1/3 each show 33,3%; adding their shown percentages would give 99,9% of
    a whole, re-deriving counts from them would drift; the counts give exactly 1/3 again."""
    children = [Rate(1, 3)] * 3
    shown = [vi(c.percent_text) for c in children]
    assert shown == ["33,3%"] * 3
    level = total(children)
    assert level == Rate(3, 9) and level.fraction == Fraction(1, 3)
    province = total([level] * 7)  # seven such communes
    assert province.fraction == Fraction(1, 3)
    assert vi(province.percent_text) == "33,3%"


def _grow_tree(world):
    """Add under the province a commune C3 with three cells whose rates round: 2/3, 1/3, 1/7."""
    theme = make_theme(world.province, title="Chuyên đề kiểm tra làm tròn")
    c3 = org_services.create_organization(parent=world.province, kind=OrganizationKind.BASE, code="C3", name="Xã C3")
    start = dt.date(2020, 1, 1)
    for code, (present, size) in {"C3-1": (2, 3), "C3-2": (1, 3), "C3-3": (1, 7)}.items():
        cell = org_services.create_organization(parent=c3, kind=OrganizationKind.CELL, code=code, name=f"Chi bộ {code}")
        people = [
            org_services.create_person(
                cell=cell, full_name=f"Người {code}-{i}", card_number=f"{code}-{i}", started_on=start
            )
            for i in range(size)
        ]
        session = make_session(cell, theme, title=f"Lớp {code}")
        attend(session, *people[:present])
    return theme, c3


@pytest.mark.django_db
def test_province_rate_is_sum_of_counts_over_sum_of_eligible(world):
    theme, c3 = _grow_tree(world)
    session = make_session(world.commune, theme)
    attend(session, world.an)  # C1: 1 of 4
    start, end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)

    commune = study_figures(c3, start, end).theme(theme.pk)
    cells = {u.unit.code: u.counts.members for u in commune.by_unit}
    assert cells == {"C3-1": Rate(2, 3), "C3-2": Rate(1, 3), "C3-3": Rate(1, 7)}
    assert commune.total.members == Rate(4, 13)
    assert vi(commune.total.members.text) == "4/13 đồng chí, đạt 30,8%"

    province = study_figures(world.province, start, end).theme(theme.pk)
    children = {u.unit.code: u.counts.members for u in province.by_unit}
    assert children == {"C1": Rate(1, 4), "C2": Rate(0, 1), "C3": Rate(4, 13)}
    level = province.total.members
    assert level == Rate(sum(r.attended for r in children.values()), sum(r.eligible for r in children.values()))
    assert level.fraction == Fraction(5, 18)
    # Averaging the children's shown percentages (25 %, 0 %, 30,8 %) would give 18,6 %.
    assert vi(level.percent_text) == "27,8%"
    # The cells' rates, each rounded and summed as weights, would not give the same figure either:
    weighted = sum(float(r.percent()) * r.eligible for r in cells.values()) / 13  # type: ignore[arg-type]
    assert round(weighted, 3) != round(float(Fraction(4, 13) * 100), 3)
