"""Tree and roster services, and the selectors the tree pages read through."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lamtheo.accounts.models import User
from lamtheo.organizations import selectors, services
from lamtheo.organizations.models import Membership, Organization, Person, Role
from lamtheo.organizations.models import OrganizationKind as K
from lamtheo.organizations.scoping import Capability, visible_to
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def fresh(user):
    """The user without the role cache of an earlier request."""
    return User.objects.get(pk=user.pk)


def names(qs):
    return sorted(p.full_name for p in qs)


def test_move_subtree_keeps_descendants_and_scoping_follows(world):
    sub = services.create_organization(parent=world.commune, kind=K.PARTIAL, code="C1-X", name="Đảng bộ bộ phận X")
    inner = services.create_organization(parent=sub, kind=K.CELL, code="C1-X-1", name="Chi bộ X1")
    person = services.create_person(cell=inner, full_name="Hoàng Thị Mai", card_number="200001")
    officer_c2 = make_user("canbo_xa2", role=Role.COMMITTEE, org=world.commune2)
    assert "Hoàng Thị Mai" in names(visible_to(Person.objects.all(), fresh(world.commune_officer)))

    services.move_subtree(sub, new_parent=world.commune2)

    sub.refresh_from_db()
    inner.refresh_from_db()
    assert sub.get_parent().pk == world.commune2.pk
    assert inner.get_parent().pk == sub.pk
    assert inner.path.startswith(world.commune2.path) and inner.depth == 4
    assert Person.objects.get(pk=person.pk).cell_id == inner.pk
    assert "Hoàng Thị Mai" not in names(visible_to(Person.objects.all(), fresh(world.commune_officer)))
    assert "Hoàng Thị Mai" in names(visible_to(Person.objects.all(), fresh(officer_c2)))
    counts = selectors.subtree_member_counts(
        list(Organization.objects.filter(pk__in=[world.commune.pk, world.commune2.pk]))
    )
    assert counts == {world.commune.pk: 4, world.commune2.pk: 2}


def test_cannot_move_under_itself_or_its_own_branch(world):
    sub = services.create_organization(parent=world.commune, kind=K.PARTIAL, code="C1-X", name="Đảng bộ bộ phận X")
    inner = services.create_organization(parent=sub, kind=K.PARTIAL, code="C1-X-1", name="Bộ phận con")
    with pytest.raises(ValidationError) as info:
        services.move_subtree(sub, new_parent=sub)
    assert "new_parent" in info.value.error_dict
    with pytest.raises(ValidationError):
        services.move_subtree(sub, new_parent=inner)
    sub.refresh_from_db()
    assert sub.get_parent().pk == world.commune.pk


def test_a_cell_cannot_have_children(world):
    with pytest.raises(ValidationError) as info:
        services.create_organization(parent=world.cell_a, kind=K.CELL, code="X", name="Chi bộ con")
    assert "parent" in info.value.error_dict
    with pytest.raises(ValidationError):
        services.move_subtree(world.cell_b, new_parent=world.cell_a)
    assert not Organization.objects.filter(code="X").exists()
    assert world.cell_a.get_children_count() == 0


def test_end_merges_people_into_the_successor_with_history(world):
    moved = services.end_organization(world.cell_b, on=dt.date(2025, 7, 1), successor=world.cell_a)

    assert moved == 1
    world.cell_b.refresh_from_db()
    assert world.cell_b.valid_to == dt.date(2025, 7, 1) and world.cell_b.successor_id == world.cell_a.pk
    cuong = Person.objects.get(pk=world.cuong.pk)
    assert cuong.cell_id == world.cell_a.pk
    rows = list(Membership.objects.filter(person=cuong).order_by("started_on", "pk"))
    assert [(r.cell_id, r.started_on, r.ended_on) for r in rows] == [
        (world.cell_b.pk, dt.date(2020, 1, 1), dt.date(2025, 7, 1)),
        (world.cell_a.pk, dt.date(2025, 7, 1), None),
    ]
    assert world.cell_a.name in rows[1].reason
    history = selectors.person_history(fresh(world.secretary), cuong)
    assert [m.cell_visible for m in history] == [True, False]  # the old cell is outside cell A's secretary


def test_end_of_a_cell_with_people_needs_a_successor_cell(world):
    with pytest.raises(ValidationError) as info:
        services.end_organization(world.cell_b, on=dt.date(2025, 7, 1))
    assert "successor" in info.value.error_dict
    with pytest.raises(ValidationError):
        services.end_organization(world.cell_b, on=dt.date(2025, 7, 1), successor=world.commune)
    world.cell_b.refresh_from_db()
    assert world.cell_b.valid_to is None and Person.objects.get(pk=world.cuong.pk).cell_id == world.cell_b.pk


def test_people_cannot_join_an_ended_cell(world):
    services.end_organization(world.cell_b, on=dt.date(2025, 7, 1), successor=world.cell_a)
    with pytest.raises(ValidationError):
        services.create_person(cell=world.cell_b, full_name="Người Mới")
    with pytest.raises(ValidationError):
        services.transfer_person(world.an, to_cell=world.cell_b)


def test_search_ignores_case_and_diacritics_and_stays_in_scope(world):
    admin = fresh(world.admin)
    assert names(selectors.search_people(admin, "nguyen van an")) == ["Nguyễn Văn An"]
    assert names(selectors.search_people(admin, "DUNG")) == ["Đỗ Văn Dũng"]
    assert names(selectors.search_people(admin, "  cuONG  ")) == ["Phạm Quốc Cường"]
    assert names(selectors.search_people(admin, "van", within=world.cell_a)) == ["Lê Văn Thư", "Nguyễn Văn An"]
    assert not selectors.search_people(fresh(world.secretary), "dung").exists()


def test_node_candidates_are_current_units_in_scope_outside_the_branch(world):
    admin = fresh(world.admin)
    cells = selectors.node_candidates(admin, Capability.MANAGE_TREE, cells=True)
    assert {n.code for n in cells} == {"C1-A", "C1-B", "C2-D"}
    higher = selectors.node_candidates(admin, Capability.MANAGE_TREE, cells=False, exclude=world.commune)
    assert {n.code for n in higher} == {"P", "C2"}
    services.end_organization(world.cell_b, on=dt.date(2025, 7, 1), successor=world.cell_a)
    assert "C1-B" not in {n.code for n in selectors.node_candidates(admin, Capability.MANAGE_TREE, cells=True)}
    c1_admin = make_user("quantri_c1", role=Role.ADMIN, org=world.commune)
    assert {n.code for n in selectors.node_candidates(c1_admin, Capability.MANAGE_TREE)} == {"C1", "C1-A"}
    assert not selectors.node_candidates(fresh(world.commune_officer), Capability.MANAGE_TREE).exists()


def test_reaches_follows_the_capability(world):
    officer = fresh(world.commune_officer)
    assert selectors.reaches(officer, world.cell_a, Capability.VIEW)
    assert not selectors.reaches(officer, world.cell_a, Capability.MANAGE_TREE)
    assert not selectors.reaches(officer, world.cell_d, Capability.VIEW)
    secretary = fresh(world.secretary)
    assert selectors.reaches(secretary, world.cell_a, Capability.MANAGE_PEOPLE)
    assert not selectors.reaches(secretary, world.cell_b, Capability.MANAGE_PEOPLE)
