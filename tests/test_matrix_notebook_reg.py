"""Permission matrix of the registration URLs: every URL × role × a target inside and outside.

Targets: An in cell_a ("a"), Cường in cell_b ("b", a sibling cell of the same commune) and Dũng
in cell_d ("d", another commune) — their registrations, shortcomings and cells. Expected codes are
written out: the allowed code where the role may, 404 elsewhere (never 403), 302 to the login page
for anonymous visitors.
"""

from __future__ import annotations

import pytest

from lamtheo.notebook.models import Registration, Shortcoming
from tests.notebook_reg_fixtures import SPECIFIC, client_as, formset_data, register, url, year

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "secretary", "commune_officer", "inspector", "judge", "admin", "outsider"]
TARGETS = ["a", "b", "d"]

READ = {  # VIEW on the cell, or one's own
    "member": {"a"},
    "secretary": {"a"},
    "commune_officer": {"a", "b"},
    "inspector": {"a", "b"},
    "judge": set(),
    "admin": {"a", "b", "d"},
    "outsider": {"d"},
}
WRITE = {  # the member themself, or EVALUATE on the cell (proxy entry)
    "member": {"a"},
    "secretary": {"a"},
    "commune_officer": set(),
    "inspector": set(),
    "judge": set(),
    "admin": set(),
    "outsider": {"d"},
}
REVIEW = {  # the cell committee only
    "member": set(),
    "secretary": {"a"},
    "commune_officer": set(),
    "inspector": set(),
    "judge": set(),
    "admin": set(),
    "outsider": {"d"},
}
ROLE_VIEW = {**READ, "member": set()}  # the cell's list needs a role; a member's own cell is not enough
OWN_OR_REVIEW = {**REVIEW, "member": {"a"}}

# kind -> (method, allowed code, who may)
KINDS: dict[str, tuple[str, int, dict[str, set[str]]]] = {
    "person": ("get", 200, READ),
    "registration": ("get", 200, READ),
    "shortcomings": ("get", 200, READ),
    "cell": ("get", 200, ROLE_VIEW),
    "edit": ("get", 302, WRITE),  # the targets are submitted: writers are sent back to the notebook
    "edit_post": ("post", 302, WRITE),
    "check": ("post", 200, WRITE),
    "submit": ("post", 302, WRITE),
    "withdraw": ("post", 302, WRITE),
    "new_version": ("post", 302, WRITE),
    "review": ("get", 200, REVIEW),
    "review_post": ("post", 302, REVIEW),
    "unit_edit": ("get", 200, REVIEW),
    "unit_check": ("post", 200, REVIEW),
    "shortcomings_post": ("post", 302, OWN_OR_REVIEW),
    "shortcoming_edit": ("get", 200, OWN_OR_REVIEW),
}
# URL names this matrix requests (read by test_matrix_complete); mine: test_mine.
COVERED_URLS = {f"notebook:{kind.removesuffix('_post')}" for kind in KINDS} | {"notebook:mine"}


@pytest.fixture
def targets(world):
    """For each target: person, cell, a submitted registration and a shortcoming."""
    people = {"a": world.an, "b": world.cuong, "d": world.dung}
    found = {}
    for key, person in people.items():
        reg = register(world.superuser, person=person, texts=[SPECIFIC], submit=True)
        shortcoming = Shortcoming.objects.create(person=person, year=year(), text="Hạn chế")
        found[key] = {"person": person, "cell": person.cell, "reg": reg, "shortcoming": shortcoming}
    return found


def request(kind, target, client):
    person, cell, reg = target["person"], target["cell"], target["reg"]
    version = Registration.objects.get(pk=reg.pk).version
    if kind == "person":
        return client.get(url("person", person.pk))
    if kind == "registration":
        return client.get(url("registration", reg.pk))
    if kind == "shortcomings":
        return client.get(url("shortcomings", person.pk))
    if kind == "shortcomings_post":
        return client.post(url("shortcomings", person.pk), {"text": "Mới", "year": year(), "source": "meeting"})
    if kind == "shortcoming_edit":
        return client.get(url("shortcoming_edit", target["shortcoming"].pk))
    if kind == "cell":
        return client.get(url("cell", cell.pk))
    if kind == "edit":
        return client.get(url("edit", person.pk, year()))
    if kind == "edit_post":
        return client.post(
            url("edit", person.pk, year()), formset_data([{"text": SPECIFIC}], version=version, save="1")
        )
    if kind == "check":
        return client.post(url("check", person.pk, year()), {"text": SPECIFIC})
    if kind in ("submit", "withdraw", "new_version"):
        return client.post(url(kind, reg.pk), {"version": version})
    if kind == "review":
        return client.get(url("review", reg.pk))
    if kind == "review_post":
        return client.post(url("review", reg.pk), {"decision": "approve", "comment": "", "version": version})
    if kind == "unit_edit":
        return client.get(url("unit_edit", cell.pk, year()))
    if kind == "unit_check":
        return client.post(url("unit_check", cell.pk, year()), {"text": SPECIFIC})
    raise AssertionError(kind)


@pytest.mark.parametrize("target_key", TARGETS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", list(KINDS))
def test_matrix(world, targets, kind, role, target_key):
    from django.test import Client

    method, allowed_code, allowed = KINDS[kind]
    client = Client() if role == "anonymous" else client_as(getattr(world, role))
    response = request(kind, targets[target_key], client)
    expected = 302 if role == "anonymous" else allowed_code if target_key in allowed[role] else 404
    assert response.status_code == expected, (kind, role, target_key, method)
    if role == "anonymous":
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", 302),
        ("member", 200),
        ("secretary", 200),  # has a Person in cell_a
        ("commune_officer", 404),
        ("inspector", 404),
        ("judge", 404),
        ("admin", 404),
        ("outsider", 404),
    ],
)
def test_mine(world, role, expected):
    from django.test import Client

    client = Client() if role == "anonymous" else client_as(getattr(world, role))
    assert client.get(url("mine")).status_code == expected


def test_refused_writes_change_nothing(world, targets):
    """A 404 on a write leaves the data as it was."""
    before = list(Registration.objects.order_by("pk").values_list("pk", "state", "version"))
    for role in ("commune_officer", "inspector", "judge", "admin"):
        client = client_as(getattr(world, role))
        for kind in ("edit_post", "submit", "withdraw", "new_version", "review_post"):
            for key in TARGETS:
                assert request(kind, targets[key], client).status_code == 404
    assert list(Registration.objects.order_by("pk").values_list("pk", "state", "version")) == before
    assert Shortcoming.objects.count() == 3
