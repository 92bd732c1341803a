"""The Django admin stays inside the staff user's subtree, like every other page."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from lamtheo.accounts.models import User
from lamtheo.organizations.models import Membership, Organization, Person, Role, RoleAssignment
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

MODELS = ["organization", "person", "membership", "roleassignment", "user"]


def grant_all(user):
    perms = Permission.objects.filter(content_type__app_label__in=["organizations", "accounts"])
    user.user_permissions.add(*perms)
    return user


@pytest.fixture
def staff_c1(world):
    """A staff user, administrator of commune C1 only, with every model permission."""
    return grant_all(make_user("admin_c1", role=Role.ADMIN, org=world.commune, is_staff=True))


def admin_url(model, action="changelist", *args):
    app = "accounts" if model == "user" else "organizations"
    return reverse(f"admin:{app}_{model}_{action}", args=args)


def listed(response):
    return {str(obj) for obj in response.context["cl"].result_list}


def test_changelists_show_only_the_subtree(world, staff_c1, client_for):
    client = client_for(staff_c1)
    orgs = client.get(admin_url("organization"))
    assert orgs.status_code == 200
    assert listed(orgs) == {"Đảng ủy xã Hòa An", "Chi bộ thôn 1", "Chi bộ thôn 2"}
    people = listed(client.get(admin_url("person")))
    assert people == {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Thư", "Phạm Quốc Cường"}
    memberships = listed(client.get(admin_url("membership")))
    assert len(memberships) == 4 and not any("Dũng" in m for m in memberships)
    roles = client.get(admin_url("roleassignment")).context["cl"].result_list
    assert {r.user.username for r in roles} == {"bithu_a", "canbo_xa", "kiemtra", "admin_c1"}
    users = listed(client.get(admin_url("user")))
    assert {"dangvien_an", "bithu_a", "canbo_xa"} <= users
    assert not users & {"bithu_d", "quantri", "root", "giamkhao"}


def test_change_pages_just_outside_are_not_found(world, staff_c1, client_for):
    client = client_for(staff_c1)
    outside = {
        "organization": world.cell_d.pk,
        "person": world.dung.pk,
        "membership": Membership.objects.get(person=world.dung).pk,
        "roleassignment": RoleAssignment.objects.get(user=world.outsider).pk,
        "user": world.outsider.pk,
    }
    for model, pk in outside.items():
        response = client.get(admin_url(model, "change", pk))
        assert response.status_code in (302, 404), model
        if response.status_code == 302:
            assert response["Location"] == reverse("admin:index")
    assert client.get(reverse("admin:auth_user_password_change", args=[world.outsider.pk])).status_code == 404
    # Inside: the change pages open.
    assert client.get(admin_url("person", "change", world.an.pk)).status_code == 200
    assert client.get(admin_url("organization", "change", world.cell_a.pk)).status_code == 200
    assert client.get(admin_url("user", "change", world.member.pk)).status_code == 200


def test_foreign_key_choices_are_scoped(world, staff_c1, client_for):
    client = client_for(staff_c1)
    form = client.get(admin_url("person", "add")).context["adminform"].form
    assert set(form.fields["cell"].queryset) == {world.cell_a, world.cell_b}
    data = {"full_name": "Người Ngoài", "kind": "member", "cell": world.cell_d.pk}
    response = client.post(admin_url("person", "add"), data)
    assert response.status_code == 200 and response.context["adminform"].form.errors["cell"]
    assert not Person.objects.filter(full_name="Người Ngoài").exists()
    role = {
        "user": world.member.pk,
        "role": Role.SECRETARY,
        "organization": world.cell_d.pk,
        "started_on": "01/01/2026",
    }
    response = client.post(admin_url("roleassignment", "add"), role)
    assert response.context["adminform"].form.errors["organization"]
    response = client.post(admin_url("roleassignment", "add"), {**role, "user": world.outsider.pk})
    assert response.context["adminform"].form.errors["user"]
    assert not RoleAssignment.objects.filter(user=world.member).exists()


def test_adding_a_person_in_the_admin_goes_through_the_service(world, staff_c1, client_for):
    data = {"full_name": "Võ Thị Mới", "kind": "member", "cell": world.cell_b.pk, "card_number": ""}
    response = client_for(staff_c1).post(admin_url("person", "add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    person = Person.objects.get(full_name="Võ Thị Mới")
    assert person.card_number is None and person.search_name == "vo thi moi"
    assert Membership.objects.filter(person=person, cell=world.cell_b, ended_on__isnull=True).exists()


def test_staff_cannot_grant_superuser_or_staff(world, staff_c1, client_for):
    client = client_for(staff_c1)
    form = client.get(admin_url("user", "change", world.member.pk)).context["adminform"].form
    assert "is_superuser" not in form.fields and "user_permissions" not in form.fields
    assert "person" in form.fields
    assert client.get(admin_url("user", "add")).status_code == 403


def test_staff_without_the_capability_sees_nothing(world, client_for):
    officer = grant_all(User.objects.get(pk=world.commune_officer.pk))
    officer.is_staff = True
    officer.save()
    client = client_for(officer)
    for model in MODELS:
        assert client.get(admin_url(model)).status_code == 403, model


def test_library_admins_are_for_superusers_only(world, staff_c1, client_for):
    staff_c1.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=["auditlog", "axes"]))
    client = client_for(staff_c1)
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 403
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 403
    root = client_for(world.superuser)
    assert root.get(reverse("admin:auditlog_logentry_changelist")).status_code == 200


def test_superuser_sees_everything(world, client_for):
    client = client_for(world.superuser)
    assert len(listed(client.get(admin_url("organization")))) == Organization.objects.count()
    assert "Đỗ Văn Dũng" in listed(client.get(admin_url("person")))
