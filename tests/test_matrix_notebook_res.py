"""Permission matrix of the notebook results URLs: every URL × role × a target inside and outside.

Targets: An's notebook in cell_a ("a"), Cường's in cell_b ("b", a sibling cell of the same
commune) and Dũng's in cell_d ("d", another commune); for the overview also the nodes C1, C2, P.
Expected codes are written out: 200 where the role may, 404 elsewhere (never 403), 302 to the
login page for anonymous visitors.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from lamtheo.notebook import services_results as svc
from lamtheo.notebook.models import ItemStatus, ReportPeriod
from tests.notebook_res_fixtures import YEAR, approved_registration, media_fixture, nb_fixture, photo  # noqa: F401

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "secretary", "commune_officer", "inspector", "judge", "admin", "outsider"]

# url kind -> role -> targets answering 200 (the others answer 404; anonymous always 302)
ALLOWED: dict[str, dict[str, set[str]]] = {
    "self_report": {  # write: the member themself, or EVALUATE on the cell
        "member": {"a"},
        "secretary": {"a"},
        "commune_officer": set(),
        "inspector": set(),
        "judge": set(),
        "admin": set(),
        "outsider": {"d"},
    },
    "self_report_post": {
        "member": {"a"},
        "secretary": {"a"},
        "commune_officer": set(),
        "inspector": set(),
        "judge": set(),
        "admin": set(),
        "outsider": {"d"},
    },
    "evidence": {  # read: VIEW on the cell, or one's own
        "member": {"a"},
        "secretary": {"a"},
        "commune_officer": {"a", "b"},
        "inspector": {"a", "b"},
        "judge": set(),
        "admin": {"a", "b", "d"},
        "outsider": {"d"},
    },
    "evaluation": {  # EVALUATE only
        "member": set(),
        "secretary": {"a"},
        "commune_officer": set(),
        "inspector": set(),
        "judge": set(),
        "admin": set(),
        "outsider": {"d"},
    },
    "evaluation_post": {
        "member": set(),
        "secretary": {"a"},
        "commune_officer": set(),
        "inspector": set(),
        "judge": set(),
        "admin": set(),
        "outsider": {"d"},
    },
    "print": {
        "member": {"a"},
        "secretary": {"a"},
        "commune_officer": {"a", "b"},
        "inspector": {"a", "b"},
        "judge": set(),
        "admin": {"a", "b", "d"},
        "outsider": {"d"},
    },
    "overview": {  # a role's VIEW on the node (a member without a role: none)
        "member": set(),
        "secretary": {"a"},
        "commune_officer": {"a", "b", "C1"},
        "inspector": {"a", "b", "C1"},
        "judge": set(),
        "admin": {"a", "b", "d", "C1", "C2", "P"},
        "outsider": {"d"},
    },
}
TARGETS = {
    "self_report": ["a", "b", "d"],
    "self_report_post": ["a", "b", "d"],
    "evidence": ["a", "b", "d"],
    "evaluation": ["a", "b", "d"],
    "evaluation_post": ["a", "b", "d"],
    "print": ["a", "b", "d"],
    "overview": ["a", "b", "d", "C1", "C2", "P"],
}
CASES = [(kind, target, role) for kind, targets in TARGETS.items() for target in targets for role in ROLES]
# URL names this matrix requests (read by test_matrix_complete).
COVERED_URLS = {f"notebook:{kind.removesuffix('_post')}" for kind in TARGETS}


@pytest.fixture
def objects(world, nb):
    reg_b, _ = approved_registration(world.cuong)
    regs = {"a": nb.reg_an, "b": reg_b, "d": nb.reg_dung}
    evidence = {}
    for key, registration in regs.items():
        report = svc.save_self_report(
            actor=world.superuser,
            registration=registration,
            period=ReportPeriod.YEAR_END,
            items=[svc.ItemResult(pledge_id=p.pk, status=ItemStatus.DONE) for p in registration.pledges.all()],
            photos=[svc.prepare_photo(photo())],
        )
        evidence[key] = report.evidence.get()
    people = {"a": world.an, "b": world.cuong, "d": world.dung}
    nodes = world.nodes()
    return {"regs": regs, "evidence": evidence, "people": people, "nodes": nodes}


def request(client, kind, target, objects):
    if kind.startswith("self_report"):
        path = reverse("notebook:self_report", args=[objects["regs"][target].pk, ReportPeriod.YEAR_END])
    elif kind == "evidence":
        path = reverse("notebook:evidence", args=[objects["evidence"][target].pk])
    elif kind.startswith("evaluation"):
        path = reverse("notebook:evaluation", args=[objects["people"][target].pk, YEAR])
    elif kind == "print":
        path = reverse("notebook:print", args=[objects["people"][target].pk, YEAR]) + "?format=docx"
    else:
        path = reverse("notebook:overview", args=[objects["nodes"][target].pk]) + f"?year={YEAR}"
    if kind.endswith("_post"):
        return client.post(path, {"version": "x"})  # invalid on purpose: nothing is saved, the form answers
    return client.get(path)


@pytest.mark.parametrize(("kind", "target", "role"), CASES)
def test_matrix(world, objects, client, kind, target, role):
    if role != "anonymous":
        client.force_login(getattr(world, role))
    response = request(client, kind, target, objects)
    expected = 302 if role == "anonymous" else 200 if target in ALLOWED[kind][role] else 404
    assert response.status_code == expected, f"{kind} {target} as {role}"
    if role == "anonymous":
        assert "/accounts/login/" in response["Location"]
