"""Permission matrix of the study URLs: every URL × role × a target inside and outside the role's subtree.

Node targets: the province P, commune C1 with its cells a and b, commune C2 with its cell d.
On each node there is a class, a steering body with a member, a plan with a file, a propaganda
activity; P, C1 and C2 each chose a pilot unit below them; each cell has a submitted essay with a
file (An's in a, Cường's in b, Dũng's in d). Expected codes are written out: the allowed code
where the role may, 404 elsewhere (never 403), 302 to the login page for anonymous visitors.
Each role's request runs in a savepoint that is rolled back, so POSTs do not change the next
role's data.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse

from lamtheo.study.models import (
    ActionPlan,
    Attendance,
    Essay,
    EssayState,
    PilotUnit,
    PropagandaActivity,
    SteeringBody,
    SteeringMember,
    StudySession,
)
from tests.study_fixtures import YEAR, make_theme, media_fixture, pdf_upload  # noqa: F401

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "secretary", "commune_officer", "inspector", "judge", "admin", "outsider"]
NODES = ["P", "C1", "a", "b", "C2", "d"]
CELLS = ["a", "b", "d"]
DESIGNATORS = ["P", "C1", "C2"]
EVERY = set(NODES)

# Units a role reads through a role (VIEW on the node's subtree). A member without a role has none.
VIEW_NODE = {
    "member": set(),
    "secretary": {"a"},
    "commune_officer": {"C1", "a", "b"},
    "inspector": {"C1", "a", "b"},
    "judge": set(),
    "admin": EVERY,
    "outsider": {"d"},
}
# Classes, plans and steering bodies of a level are read by its subtree: one's nodes and ancestors.
VIEW_ISSUED = {
    "member": {"P", "C1", "a"},
    "secretary": {"P", "C1", "a"},
    "commune_officer": {"P", "C1", "a", "b"},
    "inspector": {"P", "C1", "a", "b"},
    "judge": set(),
    "admin": EVERY,
    "outsider": {"P", "C2", "d"},
}
# Where a role manages the campaign (MANAGE_CAMPAIGN): classes, attendance, bodies, plans, propaganda.
MANAGE = {
    "member": set(),
    "secretary": {"a"},
    "commune_officer": {"C1", "a", "b"},
    "inspector": set(),
    "judge": set(),
    "admin": set(),  # the administrator runs the system, not the campaign's content
    "outsider": {"d"},
}
# Essays (by the cell they were written in): the cell's readers, and the author.
ESSAY_READ = {
    "member": {"a"},  # An's own essay
    "secretary": {"a"},
    "commune_officer": {"a", "b"},
    "inspector": {"a", "b"},
    "judge": set(),
    "admin": {"a", "b", "d"},
    "outsider": {"d"},
}
ESSAY_OWN = {role: ({"a"} if role == "member" else set()) for role in ROLES}
REVIEW = {role: set() for role in ROLES} | {"secretary": {"a"}, "outsider": {"d"}}
WITH_PERSON = {role: ({"-"} if role in ("member", "secretary") else set()) for role in ROLES}
ANYONE = {role: {"-"} for role in ROLES}

# url name -> (targets, allowed table, code when allowed, how to request)
KINDS: dict[str, tuple[list[str], dict[str, set[str]], int, str]] = {
    "index": (["-"], ANYONE, 200, "get"),
    "mine": (["-"], WITH_PERSON, 200, "get"),
    "essay_new": (["-"], WITH_PERSON, 200, "get"),
    "unit": (NODES, VIEW_NODE, 200, "get"),
    "steering": (NODES, VIEW_NODE, 200, "get"),
    "propaganda": (NODES, VIEW_NODE, 200, "get"),
    "stats": (NODES, VIEW_NODE, 200, "get"),
    "stats_export": (NODES, VIEW_NODE, 200, "get"),
    "cell_essays": (NODES, {r: v & set(CELLS) for r, v in VIEW_NODE.items()}, 200, "get"),
    "body_new": (NODES, MANAGE, 200, "get"),
    "plan_new": (NODES, MANAGE, 200, "get"),
    "session_new": (NODES, MANAGE, 200, "get"),
    "propaganda_new": (NODES, MANAGE, 200, "get"),
    "pilot_new": (NODES, MANAGE, 200, "get"),
    "body_new_post": (NODES, MANAGE, 200, "post"),  # invalid: the form answers, nothing saved
    "session_new_post": (NODES, MANAGE, 200, "post"),
    "session": (NODES, VIEW_ISSUED, 200, "get"),
    "session_edit": (NODES, MANAGE, 200, "get"),
    "session_edit_post": (NODES, MANAGE, 200, "post"),
    "session_delete": (NODES, MANAGE, 200, "get"),
    "session_delete_post": (NODES, MANAGE, 302, "post"),
    "attendance": (NODES, MANAGE, 200, "get"),
    "attendance_post": (NODES, MANAGE, 200, "post"),
    "attendance_remove": (NODES, MANAGE, 302, "post"),
    "body_edit": (NODES, MANAGE, 200, "get"),
    "member_new": (NODES, MANAGE, 200, "get"),
    "member_edit": (NODES, MANAGE, 200, "get"),
    "member_remove": (NODES, MANAGE, 302, "post"),
    "plan_edit": (NODES, MANAGE, 200, "get"),
    "plan_file": (NODES, VIEW_ISSUED, 200, "get"),
    "propaganda_edit": (NODES, MANAGE, 200, "get"),
    "propaganda_delete": (NODES, MANAGE, 302, "post"),
    "pilot_edit": (DESIGNATORS, MANAGE, 200, "get"),
    "pilot_delete": (DESIGNATORS, MANAGE, 302, "post"),
    "essay": (CELLS, ESSAY_READ, 200, "get"),
    "essay_file": (CELLS, ESSAY_READ, 200, "get"),
    "essay_edit": (CELLS, ESSAY_OWN, 200, "get"),
    "essay_edit_post": (CELLS, ESSAY_OWN, 200, "post"),
    "essay_assess": (CELLS, REVIEW, 200, "get"),
    "essay_assess_post": (CELLS, REVIEW, 200, "post"),
}
CASES = [(kind, target) for kind, (targets, _, _, _) in KINDS.items() for target in targets]
# URL names this matrix requests (read by test_matrix_complete).
COVERED_URLS = {f"study:{kind.removesuffix('_post')}" for kind in KINDS}


@pytest.fixture
def objects(world):
    nodes = world.nodes()
    theme = make_theme(world.province)
    people = {"P": world.an, "C1": world.an, "a": world.an, "b": world.cuong, "C2": world.dung, "d": world.dung}
    objs: dict[str, dict[str, object]] = {
        k: {} for k in ("session", "body", "member", "plan", "propaganda", "pilot", "essay")
    }
    for key, node in nodes.items():
        session = StudySession.objects.create(
            organization=node,
            theme=theme,
            title=f"Lớp {key}",
            starts_on=dt.date(YEAR, 3, 1),
            ends_on=dt.date(YEAR, 3, 1),
        )
        Attendance.objects.create(session=session, person=people[key])
        objs["session"][key] = session
        body = SteeringBody.objects.create(organization=node, name=f"Ban chỉ đạo {key}")
        objs["body"][key] = body
        objs["member"][key] = SteeringMember.objects.create(body=body, full_name="Thành viên", role="member")
        plan = ActionPlan(organization=node, year=YEAR, title=f"Kế hoạch {key}", file_name="kh.pdf")
        plan.file.save("kh.pdf", pdf_upload(), save=False)
        plan.save()
        objs["plan"][key] = plan
        objs["propaganda"][key] = PropagandaActivity.objects.create(
            organization=node, kind="radio", year=YEAR, quantity=3, description=f"Phát thanh {key}"
        )
    for key, unit in {"P": "C1", "C1": "b", "C2": "d"}.items():
        objs["pilot"][key] = PilotUnit.objects.create(
            organization=nodes[unit], designated_by=nodes[key], year=YEAR, topic="Điểm"
        )
    for key, person in {"a": world.an, "b": world.cuong, "d": world.dung}.items():
        essay = Essay(
            person=person,
            cell=nodes[key],
            theme=theme,
            year=YEAR,
            title=f"Bài {key}",
            body="…",
            state=EssayState.SUBMITTED,
            file_name="bai.pdf",
        )
        essay.file.save("bai.pdf", pdf_upload(), save=False)
        essay.save()
        objs["essay"][key] = essay
    return {"nodes": nodes, "people": people, **objs}


def request(client, kind, target, objects):
    post = kind.endswith("_post")
    name = kind.removesuffix("_post")
    node_pages = {"unit", "steering", "propaganda", "stats", "stats_export", "cell_essays"}
    node_pages |= {"body_new", "plan_new", "session_new", "propaganda_new", "pilot_new"}
    obj_kind = {
        "session": "session",
        "session_edit": "session",
        "session_delete": "session",
        "attendance": "session",
        "body_edit": "body",
        "member_new": "body",
        "member_edit": "member",
        "member_remove": "member",
        "plan_edit": "plan",
        "plan_file": "plan",
        "propaganda_edit": "propaganda",
        "propaganda_delete": "propaganda",
        "pilot_edit": "pilot",
        "pilot_delete": "pilot",
        "essay": "essay",
        "essay_file": "essay",
        "essay_edit": "essay",
        "essay_assess": "essay",
    }
    if target == "-":
        path = reverse(f"study:{name}")
    elif name in node_pages:
        path = reverse(f"study:{name}", args=[objects["nodes"][target].pk])
    elif name == "attendance_remove":
        path = reverse("study:attendance_remove", args=[objects["session"][target].pk, objects["people"][target].pk])
    else:
        path = reverse(f"study:{name}", args=[objects[obj_kind[name]][target].pk])
    if post or KINDS[kind][3] == "post":
        # invalid where a form answers (a bad version / no fields): nothing is saved
        return client.post(path, {"version": "x", "title": "", "action": "codes", "codes": ""})
    return client.get(path)


@pytest.mark.parametrize(("kind", "target"), CASES)
def test_matrix(world, objects, client, kind, target):
    _, allowed, code, _method = KINDS[kind]
    wrong = []
    for role in ROLES:
        with transaction.atomic():
            client.logout()
            if role != "anonymous":
                client.force_login(getattr(world, role))
            response = request(client, kind, target, objects)
            if role == "anonymous":
                ok = response.status_code == 302 and "/accounts/login/" in response["Location"]
                expected: object = "302 to login"
            else:
                expected = code if target in allowed[role] else 404
                ok = response.status_code == expected
            if not ok:
                wrong.append(f"{kind} {target} as {role}: {response.status_code}, expected {expected}")
            transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)


def test_matrix_posts_that_should_save_nothing_saved_nothing(world, objects, client):
    """The invalid form POSTs of the matrix leave every record as it was."""
    for role in ROLES[1:]:
        client.force_login(getattr(world, role))
        for kind in (
            "body_new_post",
            "session_new_post",
            "session_edit_post",
            "attendance_post",
            "essay_edit_post",
            "essay_assess_post",
        ):
            for target in KINDS[kind][0]:
                request(client, kind, target, objects)
    assert StudySession.objects.count() == 6 and SteeringBody.objects.count() == 6
    assert Attendance.objects.count() == 6
    for session in StudySession.objects.all():
        assert session.version == 1
    for essay in Essay.objects.all():
        assert essay.version == 1 and essay.state == EssayState.SUBMITTED
