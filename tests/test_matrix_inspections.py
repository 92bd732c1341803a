"""Permission matrix of the inspections URLs: every URL × role × a target inside and one outside.

Targets (tests/inspections_fixtures.py): "c1", the open inspection planned by the commune C1 over
cell_a and cell_b (team head kiemtra = "inspector"); "p", the concluded inspection planned by the
province over cell_d in the other commune (team head kiemtra too; bithu_d = "outsider" speaks for
the inspected cell). Nodes for `create`: C1, cell_a ("a"), P, cell_d ("d"). Expected codes are
written out by hand: the code in OK where the role may, 404 elsewhere (never 403), 302 to the
login page for anonymous visitors.

A second matrix shows the team's temporary grant on the inspected unit's data, through the same
scoping function: while "p2" (province, over cell_d) is open, kiemtra reads cell_d's registration
of the covered year and not one of another year; once the notice is issued, neither (also with
the grants still in kiemtra's session, see test_inspections).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse

from tests.inspections_fixtures import build, open_, plan, province_officer

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "secretary", "commune_officer", "inspector", "judge", "admin", "outsider"]
EVERYONE = set(ROLES) - {"anonymous"}

READERS = {"c1": {"secretary", "commune_officer", "inspector", "admin"}, "p": {"inspector", "admin", "outsider"}}
FULL_READERS = {"c1": {"commune_officer", "inspector", "admin"}, "p": {"inspector", "admin"}}
MANAGERS: dict[str, set[str]] = {"c1": {"commune_officer"}, "p": set()}  # p's manager is tinhuy (no row)
LEADS = {"c1": {"commune_officer", "inspector"}, "p": {"inspector"}}
WORKERS = LEADS  # the team and the managers; both inspections have kiemtra alone on the team

# kind -> target -> roles answering the OK code
ALLOWED: dict[str, dict[str, set[str]]] = {
    "home": {"-": EVERYONE},
    "create": {"C1": {"commune_officer"}, "a": set(), "P": set(), "d": set()},
    "detail": READERS,
    "edit": MANAGERS,
    "team": MANAGERS,
    "criteria": LEADS,
    "state": MANAGERS,
    "conclusion": LEADS,
    "notice": {"c1": LEADS["c1"], "p": READERS["p"]},  # an open inspection's draft: its authors only
    "criterion_remove": LEADS,
    "unit": FULL_READERS,
    "finding_add": WORKERS,
    "assess": WORKERS,
    "finding_delete": WORKERS,
    "requirement": {"c1": {"secretary", "commune_officer", "inspector", "admin"}, "p": READERS["p"]},
    "requirement_delete": LEADS,
    "report_file": {"p": READERS["p"]},
}
POSTS = {"state", "criterion_remove", "finding_add", "assess", "finding_delete", "requirement_delete"}
# (kind, target) -> the code of an allowed request when it is not 200
OK_CODES = {(kind, target): 302 for kind in POSTS for target in ("c1", "p")}
OK_CODES[("finding_add", "p")] = 400  # the team may, but the inspection is concluded: the form says so
COVERED_URLS = {f"inspections:{kind}" for kind in ALLOWED}


def url_for(kind: str, target: str, built, world) -> str:
    if kind == "home":
        return reverse("inspections:home")
    if kind == "create":
        return reverse("inspections:create", args=[world.nodes()[target].pk])
    if kind in {"detail", "edit", "team", "criteria", "conclusion"}:
        return reverse(f"inspections:{kind}", args=[built.inspections[target].pk])
    if kind == "state":
        return reverse("inspections:state", args=[built.inspections[target].pk, "close"])
    if kind == "notice":
        return reverse("inspections:notice", args=[built.inspections[target].pk, "docx"])
    if kind == "criterion_remove":
        return reverse("inspections:criterion_remove", args=[built.criteria[target].pk])
    if kind in {"unit", "finding_add"}:
        return reverse(f"inspections:{kind}", args=[built.units[target].pk])
    if kind == "assess":
        return reverse("inspections:assess", args=[built.assessments[target].pk])
    if kind == "finding_delete":
        return reverse("inspections:finding_delete", args=[built.findings[target].pk])
    if kind in {"requirement", "requirement_delete"}:
        return reverse(f"inspections:{kind}", args=[built.requirements[target].pk])
    return reverse("inspections:report_file", args=[built.files[target].pk])


def post_data(kind: str, target: str, built) -> dict:
    if kind == "finding_add":
        return {"kind": "strength", "text": "Tốt.", "links": ""}
    if kind == "assess":
        a = built.assessments[target]
        return {f"a{a.pk}-version": a.version, f"a{a.pk}-grade": "good", f"a{a.pk}-notes": ""}
    if kind == "state":
        return {"version": built.inspections[target].version}
    return {}


CASES = [(kind, target) for kind, targets in ALLOWED.items() for target in targets]


def expected(kind: str, target: str, role: str) -> int:
    if role == "anonymous":
        return 302
    if role not in ALLOWED[kind][target]:
        return 404
    return OK_CODES.get((kind, target), 200)


GROUPS = sorted({target for _, target in CASES})


@pytest.mark.parametrize("group", GROUPS)
def test_matrix(world, client, group):
    """Every URL of one target for each role in turn (the world is built once per target); what a
    request changes is rolled back before the next one."""
    built = build(world) if group in ("c1", "p") else None
    wrong = []
    for kind, target in [case for case in CASES if case[1] == group]:
        url = url_for(kind, target, built, world)
        for role in ROLES:
            client.logout()
            if role != "anonymous":
                client.force_login(getattr(world, role))
            with transaction.atomic():
                data = post_data(kind, target, built)
                response = client.post(url, data) if kind in POSTS else client.get(url)
                transaction.set_rollback(True)
            want = expected(kind, target, role)
            if response.status_code != want:
                wrong.append(f"{kind} {target} {role}: {response.status_code} (expected {want})")
            elif role == "anonymous":
                assert "/accounts/login/" in response["Location"]
    assert not wrong, "\n".join(wrong)


# --- the team's temporary grant, through the same scoping function ---------------------------------

# state of "p2" -> registration ("in": cell_d, covered year; "before": cell_d, the year before;
# "a": cell_a, covered year) -> roles reading it (notebook:registration answers 200, else 404).
# Before opening, the rows are those of "concluded" (no grant yet; test_inspections checks it).
GRANT = {
    "open": {
        "in": {"admin", "outsider", "inspector"},
        "before": {"admin", "outsider"},
        "a": {"member", "secretary", "commune_officer", "inspector", "admin"},
    },
    "concluded": {
        "in": {"admin", "outsider"},
        "before": {"admin", "outsider"},
        "a": {"member", "secretary", "commune_officer", "inspector", "admin"},
    },
}


def _registrations(world) -> dict:
    from lamtheo.notebook.models import Registration, RegistrationState

    this_year = dt.date.today().year
    make = Registration.objects.create
    return {
        "in": make(person=world.dung, organization=world.cell_d, year=this_year, state=RegistrationState.SUBMITTED),
        "before": make(
            person=world.dung, organization=world.cell_d, year=this_year - 1, state=RegistrationState.APPROVED
        ),
        "a": make(person=world.an, organization=world.cell_a, year=this_year, state=RegistrationState.SUBMITTED),
    }


def test_team_reads_the_units_data_only_while_open(world, client):
    from lamtheo.inspections import services

    registrations = _registrations(world)
    officer = province_officer(world)
    p2 = plan(officer, world.province, [world.cell_d], head=world.inspector)
    wrong = []
    open_(officer, p2)
    for state in ("open", "concluded"):
        if state == "concluded":
            services.add_finding(actor=world.inspector, unit=p2.units.get(), kind="strength", text="Tốt.")
            services.save_conclusion(
                actor=world.inspector,
                inspection=p2,
                expected_version=None,
                number="",
                place="",
                summary="Tốt.",
                signer_name="",
                signer_position="",
            )
            p2.refresh_from_db()
            services.issue_conclusion(actor=officer, inspection=p2, expected_version=p2.version)
        for key, registration in registrations.items():
            url = reverse("notebook:registration", args=[registration.pk])
            for role in ROLES[1:]:
                client.force_login(getattr(world, role))
                client.get(reverse("inspections:home"))  # the team's grants are looked up on its pages
                code = client.get(url).status_code
                want = 200 if role in GRANT[state][key] else 404
                if code != want:
                    wrong.append(f"{state} {key} {role}: {code} (expected {want})")
    assert not wrong, "; ".join(wrong)
