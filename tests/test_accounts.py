"""Account management: scoped pages, services, password reset, login limiting and password change."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lamtheo.accounts import selectors, services
from lamtheo.accounts.models import User
from lamtheo.organizations import services as org_services
from lamtheo.organizations.models import Role, RoleAssignment
from lamtheo.organizations.scoping import Capability, has_capability
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

TEMP_PASSWORD = re.compile(r'id="temp-password">([a-z0-9-]+)<')


@pytest.fixture
def c1_admin(world):
    """An administrator of commune C1 only (not of the province)."""
    return make_user("quantri_c1", role=Role.ADMIN, org=world.commune)


@pytest.fixture
def dung_user(world):
    return make_user("dangvien_dung", person=world.dung)


def url(name, *args):
    return reverse(f"organizations:{name}", args=args)


def resolve(world, data):
    """Replace world names ("cell_d", "binh") by their ids in the person and unit fields."""
    refs = ("person", "organization")
    return {k: getattr(world, v).pk if k in refs and hasattr(world, v) else v for k, v in data.items()}


def usernames(response):
    return {u.username for u in response.context["page"].object_list}


# --- pages: inside 200, outside 404 -------------------------------------------------------------


def test_list_shows_only_accounts_of_the_subtree(world, c1_admin, dung_user, client_for):
    response = client_for(c1_admin).get(url("accounts"))
    assert response.status_code == 200
    seen = usernames(response)
    assert {"dangvien_an", "bithu_a", "canbo_xa", "kiemtra", "quantri_c1"} <= seen
    assert not seen & {"bithu_d", "dangvien_dung", "giamkhao", "root"}


def test_list_search_by_person_name_without_diacritics(world, c1_admin, client_for):
    response = client_for(c1_admin).get(url("accounts"), {"q": "nguyen van an"})
    assert usernames(response) == {"dangvien_an"}


@pytest.mark.parametrize("who", ["bithu_d", "dangvien_dung"])
def test_accounts_of_cell_d_are_404_for_the_c1_admin(world, c1_admin, dung_user, client_for, who):
    client = client_for(c1_admin)
    target = User.objects.get(username=who)
    role = RoleAssignment.objects.filter(user=target).first()
    assert client.get(url("account", target.pk)).status_code == 404
    assert client.get(url("account_reset", target.pk)).status_code == 404
    assert client.post(url("account_reset", target.pk)).status_code == 404
    post = {"role": Role.SECRETARY, "organization": world.cell_a.pk, "started_on": "01/01/2026"}
    assert client.post(url("account_role_add", target.pk), post).status_code == 404
    if role is not None:
        assert client.post(url("account_role_end", target.pk, role.pk)).status_code == 404
        assert RoleAssignment.objects.get(pk=role.pk).ended_on is None
    target.refresh_from_db()
    assert not target.must_change_password


def test_accounts_inside_are_200(world, c1_admin, client_for):
    client = client_for(c1_admin)
    for user in (world.member, world.secretary, world.commune_officer):
        assert client.get(url("account", user.pk)).status_code == 200
        assert client.get(url("account_reset", user.pk)).status_code == 200
    assert client.get(url("account_create")).status_code == 200


def test_role_of_another_account_is_404_through_this_account(world, c1_admin, client_for):
    other_role = RoleAssignment.objects.get(user=world.commune_officer)
    response = client_for(c1_admin).post(url("account_role_end", world.secretary.pk, other_role.pk))
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["member", "secretary", "commune_officer", "judge"])
def test_account_pages_need_manage_accounts(world, client_for, who):
    client = client_for(getattr(world, who))
    assert client.get(url("accounts")).status_code == 404
    assert client.get(url("account", world.member.pk)).status_code == 404
    assert client.get(url("account_create")).status_code == 404


def test_account_with_roles_above_the_admin_cannot_be_reset(world, c1_admin, client_for):
    """A province officer linked to a person of cell A must not be taken over from the commune."""
    officer = make_user("tinhuy", person=world.binh, role=Role.COMMITTEE, org=world.province)
    boss = make_user("sieuquantri", person=world.cuong, is_superuser=True)
    client = client_for(c1_admin)
    for target in (officer, boss):
        page = client.get(url("account", target.pk))
        assert page.status_code == 200
        assert not page.context["manageable"]
        assert client.post(url("account_reset", target.pk)).status_code == 404
        target.refresh_from_db()
        assert target.check_password(PASSWORD)
    # The province admin manages the officer.
    assert client_for(world.admin).get(url("account_reset", officer.pk)).status_code == 200


# --- creating accounts -----------------------------------------------------------------------------


def test_create_account_for_a_person_shows_the_password_once(world, c1_admin, client_for):
    client = client_for(c1_admin)
    form = client.get(url("account_create"), {"q": "binh"})
    assert "Trần Thị Bình" in form.content.decode()
    response = client.post(url("account_create"), {"username": "tranthibinh", "person": world.binh.pk, "q": "binh"})
    assert response.status_code == 200
    password = TEMP_PASSWORD.search(response.content.decode()).group(1)
    assert "no-store" in response["Cache-Control"]
    user = User.objects.get(username="tranthibinh")
    assert user.person == world.binh and user.must_change_password and user.check_password(password)
    assert user.first_name == "Trần Thị Bình"
    # The password is not shown again on the account page.
    assert password not in client.get(url("account", user.pk)).content.decode()


def test_create_account_without_person_with_first_role(world, c1_admin, client_for):
    data = {"username": "canbo_moi", "role": Role.ASSISTANT, "organization": world.cell_b.pk}
    response = client_for(c1_admin).post(url("account_create"), data)
    assert response.status_code == 200 and TEMP_PASSWORD.search(response.content.decode())
    user = User.objects.get(username="canbo_moi")
    assert user.person is None
    assert list(user.role_assignments.values_list("role", "organization")) == [(Role.ASSISTANT, world.cell_b.pk)]
    assert selectors.accounts_for(c1_admin).filter(pk=user.pk).exists()


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"username": "DANGVIEN_AN", "person": "binh"}, "username"),  # duplicate, any case
        ({"username": "", "person": "binh"}, "username"),
        ({"username": "co dau cach", "person": "binh"}, "username"),  # spaces are not allowed
        ({"username": "mot_nguoi"}, "person"),  # neither person nor role
        ({"username": "mot_nguoi", "person": "dung"}, "person"),  # outside the subtree
        ({"username": "mot_nguoi", "person": "an"}, "person"),  # already has an account
        ({"username": "mot_nguoi", "person": "999999"}, "person"),
        ({"username": "mot_nguoi", "role": Role.ADMIN, "organization": "cell_d"}, "organization"),
        ({"username": "mot_nguoi", "role": Role.ADMIN, "organization": "province"}, "organization"),
        ({"username": "mot_nguoi", "role": Role.ADMIN}, "organization"),
        ({"username": "mot_nguoi", "role": "emperor", "organization": "cell_a"}, "role"),
    ],
)
def test_create_account_bad_input_gives_field_errors(world, c1_admin, client_for, data, field):
    data = resolve(world, data)
    before = User.objects.count()
    response = client_for(c1_admin).post(url("account_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert User.objects.count() == before


def test_create_account_service_is_atomic(world):
    """A failing first role leaves no account behind."""
    org_services.end_organization(world.cell_b, on=dt.date(2024, 1, 1), successor=world.cell_a)
    with pytest.raises(ValidationError):
        services.create_account(username="nua_chung", role=Role.ASSISTANT, organization=world.cell_b)
    assert not User.objects.filter(username="nua_chung").exists()


# --- roles ------------------------------------------------------------------------------------------


def test_add_role_on_a_node_in_scope(world, c1_admin, client_for):
    client = client_for(c1_admin)
    data = {"role": Role.DEPUTY_SECRETARY, "organization": world.cell_b.pk, "started_on": "01/02/2026"}
    response = client.post(url("account_role_add", world.member.pk), data)
    assert response.status_code == 302
    role = RoleAssignment.objects.get(user=world.member, role=Role.DEPUTY_SECRETARY)
    assert role.organization == world.cell_b and role.started_on == dt.date(2026, 2, 1)
    again = client.post(url("account_role_add", world.member.pk), data)
    assert again.status_code == 200 and again.context["role_form"].errors["role"]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"role": Role.SECRETARY, "organization": "cell_d", "started_on": "01/01/2026"}, "organization"),
        ({"role": Role.ADMIN, "organization": "province", "started_on": "01/01/2026"}, "organization"),
        ({"role": Role.SECRETARY, "organization": "abc", "started_on": "01/01/2026"}, "organization"),
        ({"role": "", "organization": "cell_a", "started_on": "01/01/2026"}, "role"),
        ({"role": Role.SECRETARY, "organization": "", "started_on": "01/01/2026"}, "organization"),
        ({"role": Role.SECRETARY, "organization": "cell_a", "started_on": "2026-13-45"}, "started_on"),
    ],
)
def test_add_role_bad_input(world, c1_admin, client_for, data, field):
    data = resolve(world, data)
    response = client_for(c1_admin).post(url("account_role_add", world.member.pk), data)
    assert response.status_code == 200
    assert response.context["role_form"].errors.get(field)
    assert not RoleAssignment.objects.filter(user=world.member).exists()


def test_end_role_stops_the_role_now(world, c1_admin, client_for):
    role = RoleAssignment.objects.get(user=world.secretary)
    client = client_for(c1_admin)
    response = client.post(url("account_role_end", world.secretary.pk, role.pk))
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.ended_on == timezone.localdate() - dt.timedelta(days=1)
    assert not has_capability(User.objects.get(pk=world.secretary.pk), Capability.MANAGE_PEOPLE)
    client.post(url("account_role_end", world.secretary.pk, role.pk))
    page = client.get(url("account", world.secretary.pk))
    assert [m.level for m in page.context["messages"]] == [messages.SUCCESS, messages.ERROR]  # "already ended"


def test_cannot_end_own_admin_role(world, c1_admin, client_for):
    role = RoleAssignment.objects.get(user=c1_admin)
    client_for(c1_admin).post(url("account_role_end", c1_admin.pk, role.pk))
    role.refresh_from_db()
    assert role.ended_on is None


def test_role_started_today_and_ended_never_held(world):
    role = services.assign_role(user=world.member, organization=world.cell_a, role=Role.SECRETARY)
    services.end_role(assignment=role)
    role.refresh_from_db()
    assert role.ended_on == role.started_on - dt.timedelta(days=1)
    assert not has_capability(User.objects.get(pk=world.member.pk), Capability.MANAGE_PEOPLE)


# --- password reset, hashing, forced change ---------------------------------------------------------


def test_reset_password_flow(world, c1_admin, client, client_for):
    response = client_for(c1_admin).post(url("account_reset", world.member.pk))
    assert response.status_code == 200
    password = TEMP_PASSWORD.search(response.content.decode()).group(1)
    client.logout()
    assert not client.login(username="dangvien_an", password=PASSWORD)
    assert client.login(username="dangvien_an", password=password)
    home = client.get(reverse("core:home"))
    assert home.status_code == 302 and home["Location"] == reverse("accounts:password_change")
    assert client.get(url("accounts")).status_code == 302  # every page leads to the change
    new = "Hoc-tap-lam-theo-2026"
    data = {"old_password": password, "new_password1": new, "new_password2": new}
    assert client.post(reverse("accounts:password_change"), data).status_code == 302
    user = User.objects.get(pk=world.member.pk)
    assert not user.must_change_password and user.check_password(new)
    assert client.get(reverse("core:home")).status_code == 200


def test_new_password_hash_is_argon2(world, settings):
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    password = services.reset_password(user=world.member)
    world.member.refresh_from_db()
    assert world.member.password.startswith("argon2")
    assert world.member.check_password(password)


def test_temporary_passwords_are_random_and_readable():
    passwords = {services.generate_temporary_password() for _ in range(50)}
    assert len(passwords) == 50
    assert all(re.fullmatch(r"[a-km-np-z2-9]{4}-[a-km-np-z2-9]{4}-[a-km-np-z2-9]{4}", p) for p in passwords)


def test_password_change_page(world, client_for):
    client = client_for(world.member)
    assert client.get(reverse("accounts:password_change")).status_code == 200
    bad = {"old_password": "sai-mat-khau", "new_password1": "Moi-2026-abc", "new_password2": "Moi-2026-abc"}
    response = client.post(reverse("accounts:password_change"), bad)
    assert response.status_code == 200 and response.context["form"].errors["old_password"]
    weak = {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    response = client.post(reverse("accounts:password_change"), weak)
    assert response.context["form"].errors["new_password2"]
    good = {"old_password": PASSWORD, "new_password1": "Moi-2026-abc", "new_password2": "Moi-2026-abc"}
    assert client.post(reverse("accounts:password_change"), good)["Location"] == reverse("core:home")
    world.member.refresh_from_db()
    assert world.member.check_password("Moi-2026-abc")


def test_logout_is_post_only(world, client_for):
    client = client_for(world.member)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.get(reverse("core:home")).status_code == 200
    assert client.post(reverse("accounts:logout"))["Location"] == reverse("accounts:login")
    assert client.get(reverse("core:home")).status_code == 302


# --- login rate limiting ----------------------------------------------------------------------------


def test_lockout_after_five_failures_and_reset_unlocks(world, client, settings):
    settings.AXES_ENABLED = True
    login = reverse("accounts:login")
    codes = [client.post(login, {"username": "dangvien_an", "password": f"sai-{i}"}).status_code for i in range(5)]
    assert codes[:4] == [200] * 4 and codes[4] == 429
    locked = client.post(login, {"username": "dangvien_an", "password": PASSWORD})
    assert locked.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in locked.templates]
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not locked.
    assert client.post(login, {"username": "bithu_a", "password": PASSWORD}).status_code == 302
    client.post(reverse("accounts:logout"))
    # An administrator's reset lifts the lockout.
    password = services.reset_password(user=world.member)
    assert client.post(login, {"username": "dangvien_an", "password": password}).status_code == 302


# --- bounded queries --------------------------------------------------------------------------------


def _more_accounts(world, n):
    for i in range(n):
        person = org_services.create_person(cell=world.cell_b, full_name=f"Người Thứ {i}", card_number=f"9{i:05d}")
        user = make_user(f"nguoi_{i}", person=person)
        services.assign_role(user=user, organization=world.cell_b, role=Role.CELL_COMMITTEE)


@pytest.mark.parametrize("n", [3, 30])
def test_accounts_list_queries_are_bounded(world, c1_admin, client_for, django_assert_max_num_queries, n):
    _more_accounts(world, n)
    client = client_for(c1_admin)
    with django_assert_max_num_queries(9):
        response = client.get(url("accounts"))
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(n + 5, 25)
    assert "Người Thứ 0" in response.content.decode()
