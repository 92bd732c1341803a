"""Tree pages: browse, a unit's page and the tree edits; scoped (404 outside), bounded queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lamtheo.organizations import services
from lamtheo.organizations.models import Membership, Organization, Person, Role
from lamtheo.organizations.models import OrganizationKind as K
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, *args):
    return reverse(f"organizations:{name}", args=args)


@pytest.fixture
def c1_admin(world):
    """An administrator of commune C1 only."""
    return make_user("quantri_c1", role=Role.ADMIN, org=world.commune)


def text(response) -> str:
    return response.content.decode()


# --- browsing --------------------------------------------------------------------------------------


def test_tree_shows_top_nodes_with_member_counts(world, client_for):
    response = client_for(world.commune_officer).get(url("tree"))
    assert response.status_code == 200
    [node] = response.context["nodes"]
    assert node.pk == world.commune.pk and node.member_count == 4
    assert url("children", world.commune.pk) in text(response)
    assert "Tỉnh ủy Demo" not in text(response)


def test_children_partial_lists_cells_with_counts_kind_and_ended_badge(world, client_for):
    services.end_organization(world.cell_b, on=dt.date(2025, 7, 1), successor=world.cell_a)
    response = client_for(world.commune_officer).get(url("children", world.commune.pk), **HTMX)
    assert response.status_code == 200
    body = text(response)
    assert "<html" not in body
    counts = {n.code: n.member_count for n in response.context["nodes"]}
    assert counts == {"C1-A": 4, "C1-B": 0}
    assert "badge ended" in body and "01/07/2025" in body
    assert response.headers["Vary"].count("HX-Request") == 1


def test_children_without_htmx_lead_to_the_unit_page(world, client_for):
    response = client_for(world.commune_officer).get(url("children", world.commune.pk))
    assert response.status_code == 302 and response.url == url("detail", world.commune.pk)


def test_children_outside_scope_are_404(world, client_for):
    assert client_for(world.commune_officer).get(url("children", world.commune2.pk), **HTMX).status_code == 404


def test_secretary_opens_own_cell_but_not_the_next_one(world, client_for):
    client = client_for(world.secretary)
    response = client.get(url("detail", world.cell_a.pk))
    assert response.status_code == 200
    people = [p.full_name for p in response.context["people"]]
    assert people == ["Lê Văn Thư", "Nguyễn Văn An", "Trần Thị Bình"]
    assert url("person", world.an.pk) in text(response)
    assert url("person_add", world.cell_a.pk) in text(response)  # MANAGE_PEOPLE on the cell
    assert url("edit", world.cell_a.pk) not in text(response)  # no MANAGE_TREE
    assert client.get(url("detail", world.cell_b.pk)).status_code == 404
    assert client.get(url("detail", 999999)).status_code == 404


def test_commune_officer_can_view_but_not_edit(world, client_for):
    client = client_for(world.commune_officer)
    response = client.get(url("detail", world.cell_a.pk))
    assert response.status_code == 200
    body = text(response)
    assert [a.pk for a in response.context["ancestors"]] == [world.commune.pk]  # the province is not theirs
    assert url("export", world.cell_a.pk) in body and f"{url('people')}?org={world.cell_a.pk}" in body
    for name in ("edit", "move", "end", "add_child", "person_add"):
        assert url(name, world.cell_a.pk) not in body
        assert client.get(url(name, world.cell_a.pk)).status_code == 404
        assert client.post(url(name, world.cell_a.pk), {"name": "X"}).status_code == 404
    assert Organization.objects.get(pk=world.cell_a.pk).name == "Chi bộ thôn 1"


def test_admin_sees_the_tree_buttons(world, client_for):
    response = client_for(world.admin).get(url("detail", world.commune.pk))
    body = text(response)
    for name in ("edit", "move", "end", "add_child"):
        assert url(name, world.commune.pk) in body
    assert response.context["member_count"] == 4
    assert {c.code: c.member_count for c in response.context["children"]} == {"C1-A": 3, "C1-B": 1}


def test_detail_shows_successor_and_predecessors(world, client_for):
    services.end_organization(world.cell_b, on=dt.date(2025, 7, 1), successor=world.cell_a)
    client = client_for(world.commune_officer)
    ended = client.get(url("detail", world.cell_b.pk))
    assert "01/07/2025" in text(ended) and url("detail", world.cell_a.pk) in text(ended)
    assert [p.pk for p in client.get(url("detail", world.cell_a.pk)).context["predecessors"]] == [world.cell_b.pk]


# --- edit --------------------------------------------------------------------------------------------


def edit_data(org, **changes):
    data = {
        "name": org.name,
        "code": org.code,
        "kind": org.kind,
        "block": org.block,
        "valid_from": "",
        "version": org.version,
    }
    return {**data, **changes}


def test_edit_saves_and_bumps_the_version(world, client_for):
    client = client_for(world.admin)
    page = client.get(url("edit", world.cell_a.pk))
    assert page.status_code == 200 and 'name="version"' in text(page)
    data = edit_data(world.cell_a, name="  Chi bộ   thôn Một ", valid_from="02/09/2020")
    response = client.post(url("edit", world.cell_a.pk), data)
    assert response.status_code == 302
    org = Organization.objects.get(pk=world.cell_a.pk)
    assert (org.name, org.valid_from, org.version) == ("Chi bộ thôn Một", dt.date(2020, 9, 2), 2)


def test_edit_with_a_stale_version_is_refused(world, client_for):
    client = client_for(world.admin)
    stale = edit_data(world.cell_a)
    services.update_organization(world.cell_a, expected_version=1, name="Đổi bởi người khác")
    response = client.post(url("edit", world.cell_a.pk), {**stale, "name": "Của tôi"})
    assert response.status_code == 200
    [error] = response.context["form"].errors.as_data()["__all__"]
    assert error.code == "stale"
    assert 'class="errors" role="alert"' in text(response)
    assert Organization.objects.get(pk=world.cell_a.pk).name == "Đổi bởi người khác"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "C1-B"}, "code"),
        ({"code": "c1-b"}, "code"),
        ({"name": ""}, "name"),
        ({"kind": "nonsense"}, "kind"),
        ({"valid_from": "31/02/2020"}, "valid_from"),
        ({"kind": K.CELL}, "kind"),  # the commune has cells under it
        ({"version": "abc"}, "version"),
    ],
)
def test_edit_bad_input_gives_field_errors(world, client_for, changes, field):
    response = client_for(world.admin).post(url("edit", world.commune.pk), edit_data(world.commune, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Organization.objects.get(pk=world.commune.pk).version == 1


def test_edit_cell_kind_of_a_unit_with_people_is_refused(world, client_for):
    response = client_for(world.admin).post(url("edit", world.cell_a.pk), edit_data(world.cell_a, kind=K.BASE))
    assert "kind" in response.context["form"].errors


# --- add a unit ------------------------------------------------------------------------------------


def test_add_child_unit(world, client_for):
    client = client_for(world.admin)
    assert client.get(url("add_child", world.commune.pk)).status_code == 200
    data = {"name": "Chi bộ thôn 4", "code": "C1-C", "kind": K.CELL, "block": "commune", "valid_from": ""}
    response = client.post(url("add_child", world.commune.pk), data)
    child = Organization.objects.get(code="C1-C")
    assert response.status_code == 302 and response.url == url("detail", child.pk)
    assert child.get_parent().pk == world.commune.pk
    again = client.post(url("add_child", world.commune.pk), {**data, "name": "Khác"})
    assert again.status_code == 200 and "code" in again.context["form"].errors


def test_add_child_under_a_cell_is_refused_with_a_message(world, client_for):
    client = client_for(world.admin)
    data = {"name": "Con", "code": "X1", "kind": K.CELL, "block": "other"}
    response = client.post(url("add_child", world.cell_a.pk), data, follow=True)
    assert response.redirect_chain[-1][0] == url("detail", world.cell_a.pk)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not Organization.objects.filter(code="X1").exists()


# --- move ------------------------------------------------------------------------------------------


def test_move_a_cell_to_another_commune(world, client_for):
    client = client_for(world.admin)
    page = client.get(url("move", world.cell_b.pk))
    offered = {pk for pk, _ in page.context["form"].fields["new_parent"].widget.choices if pk}
    assert world.commune2.pk in offered and world.commune.pk not in offered  # not its current parent
    assert world.cell_a.pk not in offered  # a cell cannot hold units
    response = client.post(url("move", world.cell_b.pk), {"new_parent": world.commune2.pk})
    assert response.status_code == 302
    assert Organization.objects.get(pk=world.cell_b.pk).get_parent().pk == world.commune2.pk


def test_move_under_its_own_branch_or_outside_scope_is_a_form_error(world, c1_admin, client_for):
    sub = services.create_organization(parent=world.commune, kind=K.PARTIAL, code="C1-X", name="Bộ phận X")
    inner = services.create_organization(parent=sub, kind=K.PARTIAL, code="C1-X-1", name="Bộ phận X1")
    client = client_for(c1_admin)
    for target in (inner.pk, sub.pk, world.commune2.pk, world.province.pk, "abc"):
        response = client.post(url("move", sub.pk), {"new_parent": target})
        assert response.status_code == 200
        assert "new_parent" in response.context["form"].errors
    assert Organization.objects.get(pk=sub.pk).get_parent().pk == world.commune.pk
    assert client.get(url("move", world.cell_d.pk)).status_code == 404


# --- end (merge) -------------------------------------------------------------------------------------


def test_end_a_cell_moves_its_people(world, client_for):
    client = client_for(world.admin)
    day = timezone.localdate().strftime("%d/%m/%Y")
    response = client.post(url("end", world.cell_b.pk), {"on": day, "successor": world.cell_a.pk}, follow=True)
    assert response.redirect_chain[-1][0] == url("detail", world.cell_b.pk)
    assert Person.objects.get(pk=world.cuong.pk).cell_id == world.cell_a.pk
    assert Membership.objects.filter(person=world.cuong).count() == 2
    again = client.get(url("end", world.cell_b.pk), follow=True)
    assert "đã kết thúc hoạt động ngày" in text(again)  # "already ended on", in the vi catalogue


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"on": "01/07/2025"}, "successor"),  # members need a cell to go to
        ({"on": "01/07/2025", "successor": "commune"}, "successor"),  # not a cell
        ({"on": "01/07/2025", "successor": "cell_b"}, "successor"),  # itself
        ({"on": "01/07/2025", "successor": "cell_d"}, "successor"),  # outside the C1 admin's scope
        ({"on": "01/07/2019", "successor": "cell_a"}, "on"),  # before Cường joined
        ({"on": "tomorrow", "successor": "cell_a"}, "on"),
        ({"on": "", "successor": "cell_a"}, "on"),
    ],
)
def test_end_bad_input_is_a_form_error(world, c1_admin, client_for, data, field):
    data = {k: getattr(world, v).pk if k == "successor" else v for k, v in data.items()}
    response = client_for(c1_admin).post(url("end", world.cell_b.pk), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Organization.objects.get(pk=world.cell_b.pk).valid_to is None


def test_end_in_the_future_is_refused(world, client_for):
    later = (timezone.localdate() + dt.timedelta(days=3)).strftime("%d/%m/%Y")
    response = client_for(world.admin).post(url("end", world.cell_b.pk), {"on": later, "successor": world.cell_a.pk})
    assert "on" in response.context["form"].errors


def test_end_a_unit_with_current_cells_is_refused(world, client_for):
    response = client_for(world.admin).post(url("end", world.commune.pk), {"on": "01/07/2025"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Organization.objects.get(pk=world.commune.pk).valid_to is None


# --- query counts ------------------------------------------------------------------------------------


def add_cells(world, count):
    for i in range(count):
        cell = services.create_organization(parent=world.commune2, kind=K.CELL, code=f"N{i:03d}", name=f"Chi bộ {i}")
        services.create_person(cell=cell, full_name=f"Người {i}")


@pytest.mark.parametrize("count", [3, 30])
def test_children_and_detail_queries_are_bounded(world, client_for, django_assert_max_num_queries, count):
    add_cells(world, count)
    client = client_for(world.admin)
    with django_assert_max_num_queries(7):
        response = client.get(url("children", world.commune2.pk), **HTMX)
    assert len(response.context["nodes"]) == count + 1
    with django_assert_max_num_queries(10):
        response = client.get(url("detail", world.commune2.pk))
    assert len(response.context["children"]) == count + 1
    with django_assert_max_num_queries(7):
        client.get(url("tree"))


@pytest.mark.parametrize("count", [3, 30])
def test_cell_page_queries_are_bounded(world, client_for, django_assert_max_num_queries, count):
    for i in range(count):
        services.create_person(cell=world.cell_d, full_name=f"Người {i}")
    client = client_for(world.admin)
    with django_assert_max_num_queries(10):
        response = client.get(url("detail", world.cell_d.pk))
    assert len(response.context["people"]) == count + 1
