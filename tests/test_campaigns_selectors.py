"""Selectors: what applies to a node comes from the node and its ancestors, never from a sibling."""

from __future__ import annotations

import datetime as dt

import pytest

from lamtheo.campaigns import selectors, services
from lamtheo.campaigns.models import DirectiveKind
from tests.campaigns_fixtures import YEAR, _media, docs_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def titles(qs) -> set[str]:
    return {obj.title for obj in qs}


# --- themes_for ----------------------------------------------------------------------------------


def test_themes_for_a_cell_inherit_down_the_tree(world, docs):
    found = list(selectors.themes_for(world.cell_a, YEAR))
    assert [t.title for t in found] == [  # higher levels first
        "Chuyên đề năm của tỉnh",
        "Chuyên đề toàn khóa của xã Hòa An",
        "Chuyên đề riêng của chi bộ thôn 1",
    ]


def test_themes_for_never_reach_sideways_or_below(world, docs):
    assert titles(selectors.themes_for(world.cell_b, YEAR)) == {
        "Chuyên đề năm của tỉnh",
        "Chuyên đề toàn khóa của xã Hòa An",
    }  # not the sibling cell_a's theme, not commune 2's
    assert titles(selectors.themes_for(world.commune, YEAR)) == {
        "Chuyên đề năm của tỉnh",
        "Chuyên đề toàn khóa của xã Hòa An",
    }  # not its cells' themes
    assert titles(selectors.themes_for(world.cell_d, YEAR)) == {
        "Chuyên đề năm của tỉnh",
        "Chuyên đề của xã Bình Minh",
        "Chuyên đề của chi bộ thôn 3",
    }


def test_themes_for_follow_the_years(world, docs):
    assert titles(selectors.themes_for(world.cell_a, YEAR - 2)) == {"Chuyên đề toàn khóa của xã Hòa An"}
    assert titles(selectors.themes_for(world.cell_a, YEAR + 3)) == set()


def test_themes_for_with_a_user_is_scoped(world, docs):
    # the outsider (secretary of cell_d) reads what the province set, not what commune 1 or cell_a set
    assert titles(selectors.themes_for(world.cell_a, YEAR, user=world.outsider)) == {"Chuyên đề năm của tỉnh"}
    assert len(selectors.themes_for(world.cell_a, YEAR, user=world.member)) == 3
    assert not selectors.themes_for(world.cell_a, YEAR, user=world.judge).exists()


def test_themes_for_is_one_query(world, docs, django_assert_num_queries):
    with django_assert_num_queries(1):
        found = list(selectors.themes_for(world.cell_a, YEAR))
        assert all(t.organization.name for t in found)


# --- standards_for -------------------------------------------------------------------------------


def test_standards_for_include_models_from_above_until_adapted(world, docs):
    assert titles(selectors.standards_for(world.cell_a, YEAR)) == {
        "Chuẩn mực mẫu của tỉnh",
        "Chuẩn mực mẫu xã Hòa An",
    }
    copy = services.adapt_standard(
        model=docs.model_c1, organization=world.cell_a, user=world.secretary, title="Chuẩn mực chi bộ thôn 1"
    )
    found = list(selectors.standards_for(world.cell_a, YEAR))
    assert [s.title for s in found] == ["Chuẩn mực chi bộ thôn 1", "Chuẩn mực mẫu của tỉnh"]  # the copy replaces it
    assert found[0] == copy
    # the sibling has not adapted the commune's model: it still follows the model, and its own set
    assert titles(selectors.standards_for(world.cell_b, YEAR)) == {
        "Chuẩn mực mẫu của tỉnh",
        "Chuẩn mực mẫu xã Hòa An",
        "Chuẩn mực của chi bộ thôn 2",
    }


def test_standards_for_never_reach_sideways(world, docs):
    assert "Chuẩn mực mẫu xã Bình Minh" not in titles(selectors.standards_for(world.cell_a, YEAR))
    assert "Chuẩn mực của chi bộ thôn 2" not in titles(selectors.standards_for(world.cell_a, YEAR))
    assert titles(selectors.standards_for(world.cell_d, YEAR)) == {
        "Chuẩn mực mẫu của tỉnh",
        "Chuẩn mực mẫu xã Bình Minh",
    }


def test_an_adaptation_limited_in_years_replaces_the_model_only_in_those_years(world, docs):
    services.adapt_standard(
        model=docs.model_p,
        organization=world.commune,
        user=world.commune_officer,
        title="Chuẩn mực xã vận dụng",
        year_from=YEAR,
        year_to=YEAR,
    )
    assert "Chuẩn mực mẫu của tỉnh" not in titles(selectors.standards_for(world.cell_a, YEAR))
    assert "Chuẩn mực xã vận dụng" in titles(selectors.standards_for(world.cell_a, YEAR))
    assert "Chuẩn mực xã vận dụng" not in titles(selectors.standards_for(world.cell_a, YEAR - 1))
    assert "Chuẩn mực mẫu của tỉnh" in titles(selectors.standards_for(world.cell_a, YEAR - 1))
    # the commune's copy is not a sibling's: it applies to the commune's cells, not to commune 2
    assert "Chuẩn mực mẫu của tỉnh" in titles(selectors.standards_for(world.cell_d, YEAR))


def test_standards_for_with_a_user_and_in_one_query(world, docs, django_assert_num_queries):
    assert titles(selectors.standards_for(world.cell_a, YEAR, user=world.outsider)) == {"Chuẩn mực mẫu của tỉnh"}
    with django_assert_num_queries(1):
        assert len(list(selectors.standards_for(world.cell_a, YEAR))) == 2


# --- directives ----------------------------------------------------------------------------------


def test_directives_for_inherit_and_follow_validity(world, docs):
    assert {d.number for d in selectors.directives_for(world.cell_a)} == {"05-CT/TW", "01-KH/ĐU"}
    assert {d.number for d in selectors.directives_for(world.cell_a, YEAR)} == {"05-CT/TW", "01-KH/ĐU"}
    assert {d.number for d in selectors.directives_for(world.cell_a, YEAR + 1)} == {"05-CT/TW"}  # the plan ended
    assert {d.number for d in selectors.directives_for(world.cell_a, 2015)} == set()  # before it was issued
    assert {d.number for d in selectors.directives_for(world.cell_d)} == {"05-CT/TW", "02-HD/ĐU"}


def test_directive_in_force_in(world, docs):
    assert docs.dir_c1.in_force_in(YEAR) and not docs.dir_c1.in_force_in(YEAR + 1)
    assert docs.dir_p.in_force_in(2016) and not docs.dir_p.in_force_in(2015)


def test_lists_of_a_node_split_issued_and_from_above(world, docs):
    user = world.secretary
    assert [d.number for d in selectors.directives_from_above(user, world.cell_a, YEAR)] == ["01-KH/ĐU", "05-CT/TW"]
    assert [d.number for d in selectors.directives_from_above(user, world.cell_a, YEAR, "ct/tw")] == ["05-CT/TW"]
    assert not selectors.issued_directives(user, world.cell_a).exists()
    assert titles(selectors.issued_themes(user, world.cell_a)) == {"Chuyên đề riêng của chi bộ thôn 1"}
    assert titles(selectors.themes_from_above(user, world.cell_a, YEAR)) == {
        "Chuyên đề năm của tỉnh",
        "Chuyên đề toàn khóa của xã Hòa An",
    }
    above = {s.title: s.adapted_here for s in selectors.standards_from_above(user, world.cell_a, YEAR)}
    assert above == {"Chuẩn mực mẫu của tỉnh": False, "Chuẩn mực mẫu xã Hòa An": False}
    services.adapt_standard(model=docs.model_c1, organization=world.cell_a, user=user)
    above = {s.title: s.adapted_here for s in selectors.standards_from_above(user, world.cell_a, YEAR)}
    assert above == {"Chuẩn mực mẫu của tỉnh": False, "Chuẩn mực mẫu xã Hòa An": True}
    issued = list(selectors.issued_standards(world.commune_officer, world.commune))
    assert [(s.title, s.adaptation_count) for s in issued] == [("Chuẩn mực mẫu xã Hòa An", 1)]


def test_directive_choices_for_a_theme(world, docs):
    services.create_directive(
        organization=world.cell_b,
        user=world.commune_officer,
        kind=DirectiveKind.PLAN,
        number="09-KH/CB",
        issued_on=dt.date(YEAR, 1, 2),
        issuer="Chi bộ thôn 2",
        title="Kế hoạch của chi bộ thôn 2",
    )
    assert {d.number for d in selectors.directive_choices(world.cell_a)} == {"05-CT/TW", "01-KH/ĐU"}


def test_adapt_targets(world, docs):
    assert list(selectors.adapt_targets(world.secretary, docs.model_c1)) == [world.cell_a]
    assert list(selectors.adapt_targets(world.commune_officer, docs.model_c1)) == [world.cell_a, world.cell_b]
    assert list(selectors.adapt_targets(world.commune_officer, docs.model_p)) == [
        world.commune,
        world.cell_a,
        world.cell_b,
    ]
    assert not selectors.adapt_targets(world.outsider, docs.model_c1).exists()
    assert not selectors.adapt_targets(world.inspector, docs.model_c1).exists()


# --- differences and history ---------------------------------------------------------------------


def test_diff_items():
    diff = selectors.diff_items("A\nB\nC", "A\n  C\nD\n\n")
    assert [(line.op, line.text) for line in diff.lines] == [
        ("same", "A"),
        ("removed", "B"),
        ("same", "C"),
        ("added", "D"),
    ]
    assert (diff.added, diff.removed, diff.changed) == (1, 1, True)
    assert not selectors.diff_items("A\nB", " A \nB").changed


def test_version_history_compares_each_version_with_the_previous(world, docs, django_assert_num_queries):
    std = docs.own_b
    for number, body in enumerate(["Đi họp đúng giờ\nĐóng đảng phí đầy đủ", "Đóng đảng phí đầy đủ"], start=1):
        services.update_standard(
            std,
            user=world.commune_officer,
            expected_version=number,
            title=std.title,
            body=body,
            year_from=YEAR,
            year_to=None,
        )
    with django_assert_num_queries(1):
        entries = selectors.version_history(std)
    assert [e.version.version for e in entries] == [3, 2, 1]
    assert [(line.op, line.text) for line in entries[0].diff.lines] == [
        ("removed", "Đi họp đúng giờ"),
        ("same", "Đóng đảng phí đầy đủ"),
    ]
    assert [line.op for line in entries[1].diff.lines] == ["same", "added"]
    assert entries[2].diff is None
    older = selectors.version_history(std, limit=1, before=3)
    assert [e.version.version for e in older] == [2] and older[0].diff is not None


def test_default_node_and_my_nodes(world, docs):
    assert selectors.default_node(world.commune_officer) == world.commune
    assert selectors.default_node(world.secretary) == world.cell_a
    assert selectors.default_node(world.member) == world.cell_a
    assert selectors.default_node(world.admin) == world.province
    assert selectors.default_node(world.judge) is None
    assert selectors.default_node(world.superuser) == world.province
    assert selectors.my_nodes(world.secretary) == [world.cell_a]
    assert selectors.my_nodes(world.judge) == []
