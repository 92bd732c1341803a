"""Permission matrix of the core, accounts and organizations URLs, and a few Django admin rows.

Every URL × role × a target inside and just outside the role's subtree. Targets:

* units: the province P, commune C1 with its cells a and b, commune C2 with its cell d;
* people: An (cell a, the member's own person), Bình (a), Cường (b), Dũng (d);
* accounts: An's, a "locked" one (Bình's person in a, but a secretary role on cell d), the C1
  officer's, the judge's (a role on C2), the outsider's (a role on d), the province
  administrator's and the superuser's;
* role assignments: the C1 officer's role on C1, the outsider's role on d, the locked account's
  role on d, the province administrator's own role on P, and a role asked for through the wrong
  account (the officer's role under the secretary's account).

Besides the roles of the world there is an administrator of commune C1 only ("commune_admin",
staff with every model permission, for the admin rows) and the superuser. Expected codes are
written out by hand, not derived from the scoping function: the allowed code where the role
may, 404 elsewhere (never 403), 302 to the login page for anonymous visitors (healthz and the
login page are public). Each role's request runs in a savepoint that is rolled back, so the
POSTs that act (reset a password, end a role) do not change the next role's data; the form
POSTs send invalid data, and a separate test checks that they saved nothing.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lamtheo.accounts.models import User
from lamtheo.organizations.models import Membership, Organization, Person, Role, RoleAssignment
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "member",
    "secretary",
    "commune_officer",
    "inspector",
    "judge",
    "admin",
    "commune_admin",
    "outsider",
    "superuser",
]
USERS = ROLES[1:]
NODES = ["P", "C1", "a", "b", "C2", "d"]
CELLS = {"a", "b", "d"}
EVERY_NODE = set(NODES)
PEOPLE = ["an", "binh", "cuong", "dung"]
EVERY_PERSON = set(PEOPLE)
ACCOUNTS = ["an", "locked", "officer", "judge", "outsider", "admin", "root"]
ROLE_TARGETS = ["officer_c1", "outsider_d", "locked_d", "admin_p", "crossed"]
TEMPLATE_KINDS = ["tree", "roster", "bogus"]


def only(table: dict[str, set[str]]) -> dict[str, set[str]]:
    """A table naming the roles that may; every other role may not."""
    return {role: set(table.get(role, set())) for role in USERS}


ANYONE = only({role: {"-"} for role in USERS})  # any logged-in user

# Units a role reads (VIEW): the subtree of its role; a member without a role reads their own cell.
VIEW_NODE = only(
    {
        "member": {"a"},
        "secretary": {"a"},
        "commune_officer": {"C1", "a", "b"},
        "inspector": {"C1", "a", "b"},
        "admin": EVERY_NODE,
        "commune_admin": {"C1", "a", "b"},
        "outsider": {"d"},
        "superuser": EVERY_NODE,
    }
)
# The export of a subtree needs a role there: a member's own cell is not enough.
EXPORT = {**VIEW_NODE, "member": set()}
# Editing the tree (MANAGE_TREE): administrators only.
MANAGE_TREE = only({"admin": EVERY_NODE, "commune_admin": {"C1", "a", "b"}, "superuser": EVERY_NODE})
# Adding people to a unit (MANAGE_PEOPLE): the cell's secretary, administrators.
MANAGE_PEOPLE_NODE = only(
    {
        "secretary": {"a"},
        "admin": EVERY_NODE,
        "commune_admin": {"C1", "a", "b"},
        "outsider": {"d"},
        "superuser": EVERY_NODE,
    }
)
VIEW_PERSON = only(
    {
        "member": {"an"},  # their own page
        "secretary": {"an", "binh"},
        "commune_officer": {"an", "binh", "cuong"},
        "inspector": {"an", "binh", "cuong"},
        "admin": EVERY_PERSON,
        "commune_admin": {"an", "binh", "cuong"},
        "outsider": {"dung"},
        "superuser": EVERY_PERSON,
    }
)
# The committee (COMMITTEE) and the inspector read rosters but do not edit them.
MANAGE_PERSON = only(
    {
        "secretary": {"an", "binh"},
        "admin": EVERY_PERSON,
        "commune_admin": {"an", "binh", "cuong"},
        "outsider": {"dung"},
        "superuser": EVERY_PERSON,
    }
)
# Import needs MANAGE_TREE (units) or MANAGE_PEOPLE (rosters) somewhere.
IMPORTERS = only({role: {"-"} for role in ("secretary", "admin", "commune_admin", "outsider", "superuser")})
TEMPLATES = only(
    {
        "secretary": {"roster"},
        "outsider": {"roster"},
        "admin": {"tree", "roster"},
        "commune_admin": {"tree", "roster"},
        "superuser": {"tree", "roster"},
    }
)
ACCOUNT_ADMINS = only({role: {"-"} for role in ("admin", "commune_admin", "superuser")})
AUDITORS = only({role: {"-"} for role in ("commune_officer", "admin", "commune_admin", "superuser")})
# Accounts an administrator sees: linked to a person of its subtree, or holding a role there.
ACCOUNT_SEE = only(
    {
        "admin": {"an", "locked", "officer", "judge", "outsider", "admin"},
        "commune_admin": {"an", "locked", "officer"},
        "superuser": set(ACCOUNTS),
    }
)
# Accounts whose password it may reset: not the superuser, and no role outside its subtree.
ACCOUNT_MANAGE = only(
    {
        "admin": {"an", "locked", "officer", "judge", "outsider", "admin"},
        "commune_admin": {"an", "officer"},  # the locked account also holds a role on d
        "superuser": set(ACCOUNTS),
    }
)
# Role assignments it may end: on a node of its subtree, asked for through the right account.
ROLE_END = only(
    {
        "admin": {"officer_c1", "outsider_d", "locked_d", "admin_p"},  # its own: refused with a message (302)
        "commune_admin": {"officer_c1"},
        "superuser": {"officer_c1", "outsider_d", "locked_d", "admin_p"},
    }
)
ADD_CHILD_CODE = {node: (302 if node in CELLS else 200) for node in NODES}  # a cell: back to its page
PERSON_ADD_CODE = {node: (200 if node in CELLS else 302) for node in NODES}  # people go into cells

# kind -> (url name, targets, allowed table, code when allowed (or per target), method).
# Methods: "get", "post" (invalid form data, or the action itself), "htmx" (a GET from htmx).
Kind = tuple[str, list[str], dict[str, set[str]], int | dict[str, int], str]
KINDS: dict[str, Kind] = {
    # core
    "home": ("core:home", ["-"], ANYONE, 200, "get"),
    "healthz": ("core:healthz", ["-"], ANYONE, 200, "get"),
    # accounts
    "login": ("accounts:login", ["-"], ANYONE, 302, "get"),  # a logged-in user is sent home
    "login_post": ("accounts:login", ["-"], ANYONE, 302, "post"),
    "logout": ("accounts:logout", ["-"], ANYONE, 405, "get"),  # POST only
    "logout_post": ("accounts:logout", ["-"], ANYONE, 302, "post"),
    "password_change": ("accounts:password_change", ["-"], ANYONE, 200, "get"),
    "password_change_post": ("accounts:password_change", ["-"], ANYONE, 200, "post"),
    # the tree
    "tree": ("organizations:tree", ["-"], ANYONE, 200, "get"),
    "detail": ("organizations:detail", NODES, VIEW_NODE, 200, "get"),
    "children": ("organizations:children", NODES, VIEW_NODE, 200, "htmx"),
    "children_plain": ("organizations:children", NODES, VIEW_NODE, 302, "get"),  # without htmx: the unit's page
    "edit": ("organizations:edit", NODES, MANAGE_TREE, 200, "get"),
    "edit_post": ("organizations:edit", NODES, MANAGE_TREE, 200, "post"),
    "move": ("organizations:move", NODES, MANAGE_TREE, 200, "get"),
    "move_post": ("organizations:move", NODES, MANAGE_TREE, 200, "post"),
    "end": ("organizations:end", NODES, MANAGE_TREE, 200, "get"),
    "end_post": ("organizations:end", NODES, MANAGE_TREE, 200, "post"),
    "add_child": ("organizations:add_child", NODES, MANAGE_TREE, ADD_CHILD_CODE, "get"),
    "add_child_post": ("organizations:add_child", NODES, MANAGE_TREE, ADD_CHILD_CODE, "post"),
    # people
    "people": ("organizations:people", ["-"], ANYONE, 200, "get"),
    "people_in": ("organizations:people", NODES, VIEW_NODE, 200, "get"),  # ?org=<unit>
    "person": ("organizations:person", PEOPLE, VIEW_PERSON, 200, "get"),
    "person_edit": ("organizations:person_edit", PEOPLE, MANAGE_PERSON, 200, "get"),
    "person_edit_post": ("organizations:person_edit", PEOPLE, MANAGE_PERSON, 200, "post"),
    "person_transfer": ("organizations:person_transfer", PEOPLE, MANAGE_PERSON, 200, "get"),
    "person_transfer_post": ("organizations:person_transfer", PEOPLE, MANAGE_PERSON, 200, "post"),
    "person_add": ("organizations:person_add", NODES, MANAGE_PEOPLE_NODE, PERSON_ADD_CODE, "get"),
    "person_add_post": ("organizations:person_add", NODES, MANAGE_PEOPLE_NODE, PERSON_ADD_CODE, "post"),
    # import and export
    "import": ("organizations:import", ["-"], IMPORTERS, 200, "get"),
    "import_post": ("organizations:import", ["-"], IMPORTERS, 200, "post"),
    "import_template": ("organizations:import_template", TEMPLATE_KINDS, TEMPLATES, 200, "get"),
    "export": ("organizations:export", NODES, EXPORT, 200, "get"),
    # accounts
    "accounts": ("organizations:accounts", ["-"], ACCOUNT_ADMINS, 200, "get"),
    "account_create": ("organizations:account_create", ["-"], ACCOUNT_ADMINS, 200, "get"),
    "account_create_post": ("organizations:account_create", ["-"], ACCOUNT_ADMINS, 200, "post"),
    "account": ("organizations:account", ACCOUNTS, ACCOUNT_SEE, 200, "get"),
    "account_reset": ("organizations:account_reset", ACCOUNTS, ACCOUNT_MANAGE, 200, "get"),
    "account_reset_post": ("organizations:account_reset", ACCOUNTS, ACCOUNT_MANAGE, 200, "post"),  # resets
    "account_role_add": ("organizations:account_role_add", ACCOUNTS, ACCOUNT_SEE, 302, "get"),  # to the account
    "account_role_add_post": ("organizations:account_role_add", ACCOUNTS, ACCOUNT_SEE, 200, "post"),
    "account_role_end": ("organizations:account_role_end", ROLE_TARGETS, ROLE_END, 302, "post"),  # ends it
    "audit": ("organizations:audit", ["-"], AUDITORS, 200, "get"),
}
# What an anonymous visitor gets where it is not "302 to the login page".
ANONYMOUS = {"healthz": 200, "login": 200, "login_post": 200, "logout": 405}
# Requests answered before any lookup, whatever the target: the method is refused (405).
METHOD_REFUSED = {"account_role_end_get": ("organizations:account_role_end", ROLE_TARGETS)}

CASES = [(kind, target) for kind, (_, targets, _, _, _) in KINDS.items() for target in targets]
# URL names this matrix requests (read by test_matrix_complete).
COVERED_URLS = {name for name, *_ in KINDS.values()} | {name for name, _ in METHOD_REFUSED.values()}
# The form POSTs of the matrix: invalid on purpose, they must save nothing.
FORM_POSTS = [
    kind
    for kind, (_, _, _, _, method) in KINDS.items()
    if method == "post" and kind not in {"account_reset_post", "account_role_end", "logout_post", "login_post"}
]
INVALID = {"version": "x", "username": "", "password": "x", "old_password": "x"}


def grant_all(user):
    perms = Permission.objects.filter(content_type__app_label__in=["organizations", "accounts"])
    user.user_permissions.add(*perms)
    return user


@pytest.fixture
def objects(world):
    commune_admin = grant_all(make_user("quantri_xa", role=Role.ADMIN, org=world.commune, is_staff=True))
    locked = make_user("khoa_binh", person=world.binh, role=Role.SECRETARY, org=world.cell_d)
    users = {role: getattr(world, role) for role in USERS if role != "commune_admin"}
    users["commune_admin"] = commune_admin
    nodes = world.nodes()
    people = {"an": world.an, "binh": world.binh, "cuong": world.cuong, "dung": world.dung}
    accounts = {
        "an": world.member,
        "locked": locked,
        "officer": world.commune_officer,
        "judge": world.judge,
        "outsider": world.outsider,
        "admin": world.admin,
        "root": world.superuser,
    }

    def role_of(user):
        return RoleAssignment.objects.get(user=user)

    roles = {
        "officer_c1": (world.commune_officer, role_of(world.commune_officer)),
        "outsider_d": (world.outsider, role_of(world.outsider)),
        "locked_d": (locked, role_of(locked)),
        "admin_p": (world.admin, role_of(world.admin)),
        "crossed": (world.secretary, role_of(world.commune_officer)),
    }
    return {"users": users, "nodes": nodes, "people": people, "accounts": accounts, "roles": roles}


def path_for(name: str, targets: list[str], target: str, objects) -> str:
    if target == "-":
        return reverse(name)
    if targets is NODES:
        return reverse(name, args=[objects["nodes"][target].pk])
    if targets is PEOPLE:
        return reverse(name, args=[objects["people"][target].pk])
    if targets is ACCOUNTS:
        return reverse(name, args=[objects["accounts"][target].pk])
    if targets is ROLE_TARGETS:
        account, role = objects["roles"][target]
        return reverse(name, args=[account.pk, role.pk])
    return reverse(name, args=[target])  # the import templates


def request(client, kind, target, objects):
    name, targets, _, _, method = KINDS[kind]
    if kind == "people_in":
        return client.get(reverse(name), {"org": objects["nodes"][target].pk})
    path = path_for(name, targets, target, objects)
    if method == "post":
        return client.post(path, INVALID)
    if method == "htmx":
        return client.get(path, HTTP_HX_REQUEST="true")
    return client.get(path)


def log_in(client, role, objects):
    client.logout()
    if role != "anonymous":
        client.force_login(objects["users"][role])


def check(response, kind, role, target) -> str | None:
    """None when the response is the expected one, else what went wrong."""
    _, _, allowed, code, _ = KINDS[kind]
    if role == "anonymous":
        if kind in ANONYMOUS:
            expected: object = ANONYMOUS[kind]
            ok = response.status_code == expected
        else:
            expected = "302 to login"
            ok = response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    else:
        wanted = code[target] if isinstance(code, dict) else code
        expected = wanted if target in allowed[role] else 404
        ok = response.status_code == expected
    if ok:
        return None
    return f"{kind} {target} as {role}: {response.status_code}, expected {expected}"


@pytest.mark.parametrize(("kind", "target"), CASES)
def test_matrix(world, objects, client, kind, target):
    wrong = []
    for role in ROLES:
        with transaction.atomic():
            log_in(client, role, objects)
            problem = check(request(client, kind, target, objects), kind, role, target)
            if problem:
                wrong.append(problem)
            transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("kind", list(METHOD_REFUSED))
def test_matrix_method_refused(world, objects, client, kind):
    """A GET on a POST-only action: 405 before any lookup (so it tells nothing about the target)."""
    name, targets = METHOD_REFUSED[kind]
    wrong = []
    for role in ROLES:
        log_in(client, role, objects)
        for target in targets:
            response = client.get(path_for(name, targets, target, objects))
            if role == "anonymous":
                ok = response.status_code == 302 and response["Location"].startswith("/accounts/login/")
            else:
                ok = response.status_code == 405
            if not ok:
                wrong.append(f"{kind} {target} as {role}: {response.status_code}")
    assert not wrong, "\n".join(wrong)


def snapshot():
    return {
        "units": list(Organization.objects.order_by("pk").values_list("pk", "version", "path", "name", "valid_to")),
        "people": list(Person.objects.order_by("pk").values_list("pk", "version", "cell_id", "full_name")),
        "memberships": list(Membership.objects.order_by("pk").values_list("pk", "cell_id", "ended_on")),
        "roles": list(
            RoleAssignment.objects.order_by("pk").values_list("pk", "user_id", "organization_id", "ended_on")
        ),
        "users": list(User.objects.order_by("pk").values_list("pk", "username", "password", "must_change_password")),
    }


def test_matrix_form_posts_saved_nothing(world, objects, client):
    """The invalid form POSTs of the matrix, by every role on every target, leave every record as it was."""
    before = snapshot()
    for role in USERS:
        log_in(client, role, objects)
        for kind in FORM_POSTS:
            for target in KINDS[kind][1]:
                request(client, kind, target, objects)
    assert snapshot() == before


# --- what the list pages show: only the role's subtree ------------------------------------------

AN, BINH, THU, CUONG, DUNG = "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Thư", "Phạm Quốc Cường", "Đỗ Văn Dũng"
PEOPLE_LISTED = {
    "member": {AN},
    "secretary": {AN, BINH, THU},
    "commune_officer": {AN, BINH, THU, CUONG},
    "inspector": {AN, BINH, THU, CUONG},
    "judge": set(),
    "admin": {AN, BINH, THU, CUONG, DUNG},
    "commune_admin": {AN, BINH, THU, CUONG},
    "outsider": {DUNG},
    "superuser": {AN, BINH, THU, CUONG, DUNG},
}
TREE_TOP = {
    "member": ["C1-A"],
    "secretary": ["C1-A"],
    "commune_officer": ["C1"],
    "inspector": ["C1"],
    "judge": [],
    "admin": ["P"],
    "commune_admin": ["C1"],
    "outsider": ["C2-D"],
    "superuser": ["P"],
}
C1_ACCOUNTS = {"dangvien_an", "bithu_a", "canbo_xa", "kiemtra", "quantri_xa", "khoa_binh"}
ACCOUNTS_LISTED = {
    "admin": C1_ACCOUNTS | {"giamkhao", "quantri", "bithu_d"},
    "commune_admin": C1_ACCOUNTS,
    "superuser": C1_ACCOUNTS | {"giamkhao", "quantri", "bithu_d", "root"},
}
# Audit entries name their objects ("Nguyễn Văn An", "Secretary – Chi bộ thôn 1"); these are outside C1.
OUTSIDE_C1 = ("Đảng ủy xã Bình Minh", "Chi bộ thôn 3", "Tỉnh ủy Demo", DUNG, "bithu_d", "giamkhao", "quantri")


@pytest.mark.parametrize("role", USERS)
def test_lists_show_only_the_subtree(world, objects, client, role):
    log_in(client, role, objects)
    people = client.get(reverse("organizations:people"))
    assert {p.full_name for p in people.context["page"].object_list} == PEOPLE_LISTED[role]
    tree = client.get(reverse("organizations:tree"))
    assert [n.code for n in tree.context["nodes"]] == TREE_TOP[role]
    home = client.get(reverse("core:home"))
    assert [n.code for n in home.context["top_nodes"]] == TREE_TOP[role]
    if role in ACCOUNTS_LISTED:
        accounts = client.get(reverse("organizations:accounts"))
        assert {u.username for u in accounts.context["page"].object_list} == ACCOUNTS_LISTED[role]
    if role in ("commune_officer", "commune_admin"):
        entries = client.get(reverse("organizations:audit")).context["page"].object_list
        named = {part for entry in entries for part in entry.object_repr.split(" – ")}  # "role – unit"
        assert {"Chi bộ thôn 2", CUONG, "khoa_binh", "canbo_xa"} <= named
        assert not named & set(OUTSIDE_C1), named


def test_children_of_a_unit_show_only_the_subtree(world, objects, client):
    """The commune officer opens C1: cells a and b; the province admin opens P: both communes."""
    log_in(client, "commune_officer", objects)
    page = client.get(reverse("organizations:detail", args=[world.commune.pk]))
    assert [n.code for n in page.context["children"]] == ["C1-A", "C1-B"]
    assert [n.code for n in page.context["ancestors"]] == []  # the province is above the officer's subtree
    log_in(client, "admin", objects)
    page = client.get(reverse("organizations:children", args=[world.province.pk]), HTTP_HX_REQUEST="true")
    assert [n.code for n in page.context["nodes"]] == ["C1", "C2"]


@pytest.mark.parametrize("state", ["ended", "not_started", "inactive"])
def test_a_role_not_in_force_reaches_nothing(world, client, state):
    """A province administrator whose role ended yesterday, starts tomorrow, or whose account is
    disabled: every scoped page of the matrix answers 404 (the disabled account is logged out)."""
    today = timezone.localdate()
    user = make_user(f"quantri_{state}", role=Role.ADMIN, org=world.province, is_active=state != "inactive")
    if state == "ended":
        RoleAssignment.objects.filter(user=user).update(ended_on=today - dt.timedelta(days=1))
    elif state == "not_started":
        RoleAssignment.objects.filter(user=user).update(started_on=today + dt.timedelta(days=1))
    client.force_login(user)
    pages = [
        reverse("organizations:detail", args=[world.commune.pk]),
        reverse("organizations:edit", args=[world.cell_a.pk]),
        reverse("organizations:person", args=[world.an.pk]),
        reverse("organizations:person_edit", args=[world.dung.pk]),
        reverse("organizations:export", args=[world.province.pk]),
        reverse("organizations:import"),
        reverse("organizations:accounts"),
        reverse("organizations:account", args=[world.member.pk]),
        reverse("organizations:audit"),
    ]
    wrong = []
    for page in pages:
        response = client.get(page)
        if state == "inactive":
            ok = response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        else:
            ok = response.status_code == 404
        if not ok:
            wrong.append(f"{page} as a {state} admin: {response.status_code}")
    assert not wrong, "\n".join(wrong)


# --- the Django admin: staff and superusers only, scoped inside ----------------------------------

ADMIN_LOGIN = "/admin/login/"
ADMIN_PEOPLE = ["an", "cuong", "dung"]
# (admin page, targets) -> role -> targets that open (200); outside: back to the admin index (302)
ADMIN_ROWS: dict[str, tuple[list[str], dict[str, set[str]]]] = {
    "person_changelist": (["-"], {"commune_admin": {"-"}, "superuser": {"-"}}),
    "person_change": (ADMIN_PEOPLE, {"commune_admin": {"an", "cuong"}, "superuser": set(ADMIN_PEOPLE)}),
    "user_change": (["an", "outsider"], {"commune_admin": {"an"}, "superuser": {"an", "outsider"}}),
}
STAFF = {"commune_admin", "superuser"}


def admin_path(page: str, target: str, objects) -> str:
    if page == "person_changelist":
        return reverse("admin:organizations_person_changelist")
    if page == "person_change":
        return reverse("admin:organizations_person_change", args=[objects["people"][target].pk])
    return reverse("admin:accounts_user_change", args=[objects["accounts"][target].pk])


@pytest.mark.parametrize("page", list(ADMIN_ROWS))
def test_admin_matrix(world, objects, client, page):
    """Non-staff users and visitors go to the admin login; staff outside their subtree go back to
    the admin index (Django's answer for a missing object), and nothing outside opens."""
    targets, allowed = ADMIN_ROWS[page]
    wrong = []
    for role in ROLES:
        log_in(client, role, objects)
        for target in targets:
            response = client.get(admin_path(page, target, objects))
            location = response.get("Location", "")
            if role not in STAFF:
                expected = f"302 to {ADMIN_LOGIN}"
                ok = response.status_code == 302 and location.startswith(ADMIN_LOGIN)
            elif target in allowed[role]:
                expected = "200"
                ok = response.status_code == 200
            else:
                expected = "302 to the admin index"
                ok = response.status_code == 302 and location == reverse("admin:index")
            if not ok:
                wrong.append(f"admin {page} {target} as {role}: {response.status_code} {location}, expected {expected}")
    assert not wrong, "\n".join(wrong)
