"""The one scoping function: a role reaches its node's subtree and nothing else."""

import pytest

from lamtheo.accounts.models import User
from lamtheo.organizations.models import Membership, Organization, Person, RoleAssignment
from lamtheo.organizations.scoping import Capability, has_capability, scope_roots, visible_to

pytestmark = pytest.mark.django_db


def names(qs):
    return sorted(p.full_name for p in qs)


def test_secretary_sees_own_cell_only(world):
    seen = names(visible_to(Person.objects.all(), world.secretary))
    assert seen == ["Lê Văn Thư", "Nguyễn Văn An", "Trần Thị Bình"]


def test_commune_officer_sees_commune_subtree_not_the_next_commune(world):
    seen = names(visible_to(Person.objects.all(), world.commune_officer))
    assert "Phạm Quốc Cường" in seen and "Nguyễn Văn An" in seen
    assert "Đỗ Văn Dũng" not in seen
    orgs = set(visible_to(Organization.objects.all(), world.commune_officer).values_list("code", flat=True))
    assert orgs == {"C1", "C1-A", "C1-B"}


def test_member_without_role_sees_only_self_and_own_cell(world):
    assert names(visible_to(Person.objects.all(), world.member)) == ["Nguyễn Văn An"]
    assert list(visible_to(Organization.objects.all(), world.member)) == [world.cell_a]
    assert list(visible_to(Membership.objects.all(), world.member).values_list("person_id", flat=True)) == [world.an.pk]
    # Own records are readable, never writable without a role.
    assert not visible_to(Person.objects.all(), world.member, Capability.MANAGE_PEOPLE).exists()


def test_admin_reaches_whole_province(world):
    assert visible_to(Person.objects.all(), world.admin).count() == Person.objects.count()
    assert has_capability(world.admin, Capability.MANAGE_TREE)
    assert not has_capability(world.commune_officer, Capability.MANAGE_TREE)


def test_judge_sees_no_roster(world):
    assert not visible_to(Person.objects.all(), world.judge).exists()


def test_capabilities_differ_by_role(world):
    assert visible_to(Person.objects.all(), world.secretary, Capability.MANAGE_PEOPLE).count() == 3
    assert not visible_to(Person.objects.all(), world.commune_officer, Capability.MANAGE_PEOPLE).exists()


def test_ended_role_no_longer_reaches(world):
    import datetime as dt

    RoleAssignment.objects.filter(user=world.secretary).update(ended_on=dt.date(2021, 1, 1))
    fresh = User.objects.get(pk=world.secretary.pk)
    assert names(visible_to(Person.objects.all(), fresh)) == ["Lê Văn Thư"]


def test_nested_roles_collapse_to_one_root(world):
    RoleAssignment.objects.create(user=world.admin, organization=world.cell_a, role="secretary")
    fresh = User.objects.get(pk=world.admin.pk)
    assert scope_roots(fresh) == [world.province.path]


def test_users_in_scope_include_role_holders_without_person(world):
    seen = set(
        visible_to(User.objects.all(), world.admin, Capability.MANAGE_ACCOUNTS).values_list("username", flat=True)
    )
    assert {"canbo_xa", "bithu_d", "dangvien_an"} <= seen
    seen_sec = set(visible_to(User.objects.all(), world.outsider).values_list("username", flat=True))
    assert "dangvien_an" not in seen_sec and "bithu_d" in seen_sec


def test_anonymous_sees_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    assert not visible_to(Person.objects.all(), AnonymousUser()).exists()
