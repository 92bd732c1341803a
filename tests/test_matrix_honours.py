"""Permission matrix of the honours URLs: every URL × role × a target inside and outside the role's subtree.

Node targets: the province P, commune C1 with its cells a and b, commune C2 with its cell d. On each
node there is a pending nomination it proposed (a cell's sits at its commune, a commune's at the
province, the province's own at the province) with a photo as evidence, a decision of the node
listing that nomination, and a yearbook with that exemplar (with a photo, no consent yet) and a
finished PDF. Expected codes are written out: the allowed code where the role may, 404 elsewhere
(never 403), 302 to the login page for anonymous visitors. Each role's request runs in a savepoint
that is rolled back, so POSTs do not change the next role's data.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lamtheo.honours.models import (
    Commendation,
    ExportStatus,
    Nomination,
    Outcome,
    Yearbook,
    YearbookEntry,
    YearbookExport,
)
from tests.honours_fixtures import FIRST, LAST, defaults, evidence_of, nomination, photo_bytes

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "secretary", "commune_officer", "inspector", "judge", "admin", "outsider"]
NODES = ["P", "C1", "a", "b", "C2", "d"]
EVERY = set(NODES)
LEVEL_OF = {"P": "P", "C1": "P", "a": "C1", "b": "C1", "C2": "P", "d": "C2"}

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
# Decisions are published to the deciding level's subtree: one's nodes and their ancestors.
VIEW_ISSUED = {
    "member": {"P", "C1", "a"},
    "secretary": {"P", "C1", "a"},
    "commune_officer": {"P", "C1", "a", "b"},
    "inspector": {"P", "C1", "a", "b"},
    "judge": set(),
    "admin": EVERY,
    "outsider": {"P", "C2", "d"},
}
# Where a role proposes and decides (MANAGE_CAMPAIGN); the administrator runs the system only.
MANAGE = {
    "member": set(),
    "secretary": {"a"},
    "commune_officer": {"C1", "a", "b"},
    "inspector": set(),
    "judge": set(),
    "admin": set(),
    "outsider": {"d"},
}
# Nominations (by the proposing node) whose deciding level the role manages: cell a's and b's at C1.
DECIDE = {role: {n for n in NODES if LEVEL_OF[n] in MANAGE.get(role, set())} for role in ROLES}
# Proposing unit or deciding level: may link work and add evidence.
ACT = {role: MANAGE.get(role, set()) | DECIDE[role] for role in ROLES}
ANYONE = {role: {"-"} for role in ROLES}

# url name -> (targets, allowed table, code when allowed, how to request)
KINDS: dict[str, tuple[list[str], dict[str, set[str]], int, str]] = {
    "index": (["-"], ANYONE, 200, "get"),
    "unit": (NODES, VIEW_NODE, 200, "get"),
    "nomination_new": (NODES, MANAGE, 200, "get"),
    "nomination_new_post": (NODES, MANAGE, 200, "post"),  # invalid: the form answers, nothing saved
    "call_new": (NODES, MANAGE, 200, "get"),
    "call_new_post": (NODES, MANAGE, 200, "post"),
    "yearbook_new": (NODES, MANAGE, 200, "get"),
    "yearbook_new_post": (NODES, MANAGE, 200, "post"),
    "nomination": (NODES, VIEW_NODE, 200, "get"),
    "nomination_edit": (NODES, MANAGE, 200, "get"),
    "nomination_edit_post": (NODES, MANAGE, 200, "post"),
    "nomination_submit": (NODES, MANAGE, 302, "post"),  # refused (not a draft): a message, nothing saved
    "decide": (NODES, DECIDE, 200, "get"),
    "decide_post": (NODES, DECIDE, 200, "post"),
    "links": (NODES, ACT, 302, "post"),
    "evidence_add": (NODES, ACT, 302, "post"),
    "evidence_file": (NODES, VIEW_NODE, 200, "get"),
    "commendation": (NODES, VIEW_ISSUED, 200, "get"),
    "commendation_file": (NODES, VIEW_ISSUED, 200, "get"),
    "yearbook": (NODES, VIEW_NODE, 200, "get"),
    "yearbook_add": (NODES, MANAGE, 302, "post"),
    "yearbook_build": (NODES, VIEW_NODE, 302, "post"),  # refused without consent: a message
    "entry_edit": (NODES, MANAGE, 200, "get"),
    "entry_edit_post": (NODES, MANAGE, 200, "post"),
    "entry_photo": (NODES, VIEW_NODE, 200, "get"),
    "build_status": (NODES, VIEW_NODE, 302, "get"),  # without htmx: back to the yearbook
    "build_download": (NODES, VIEW_NODE, 200, "get"),
}
# URL names this matrix requests (read by test_matrix_complete).
COVERED_URLS = {f"honours:{kind.removesuffix('_post')}" for kind in KINDS}

NODE_PAGES = {"unit", "nomination_new", "call_new", "yearbook_new"}
OBJECT_OF = {
    "nomination": "nomination",
    "nomination_edit": "nomination",
    "nomination_submit": "nomination",
    "decide": "nomination",
    "links": "nomination",
    "evidence_add": "nomination",
    "evidence_file": "evidence",
    "commendation": "commendation",
    "yearbook": "yearbook",
    "yearbook_add": "yearbook",
    "yearbook_build": "yearbook",
    "entry_edit": "entry",
    "entry_photo": "entry",
    "build_status": "export",
    "build_download": "export",
}


@pytest.fixture
def objects(world):
    defaults()
    nodes = world.nodes()
    person_of = {"P": world.an, "C1": world.an, "a": world.an, "b": world.cuong, "C2": world.dung, "d": world.dung}
    objs: dict[str, dict[str, object]] = {
        k: {} for k in ("nomination", "evidence", "commendation", "yearbook", "entry", "export")
    }
    for key, node in nodes.items():
        item = nomination(node, nodes[LEVEL_OF[key]], person=person_of[key])
        objs["nomination"][key] = item
        objs["evidence"][key] = evidence_of(item)
        decision = Commendation.objects.create(organization=node, kind="commend", number=f"{key}-QĐ", decided_on=FIRST)
        Outcome.objects.create(nomination=item, level=node, kind="commend", commendation=decision, decided_on=FIRST)
        objs["commendation"][key] = decision
        book = Yearbook.objects.create(organization=node, title=f"Kỷ yếu {key}", date_from=FIRST, date_to=LAST)
        objs["yearbook"][key] = book
        entry = YearbookEntry(yearbook=book, nomination=item, name="Nguyễn Văn An", unit_name="Chi bộ", story="…")
        entry.photo.save("anh.jpg", ContentFile(photo_bytes()), save=False)
        entry.save()
        objs["entry"][key] = entry
        export = YearbookExport(yearbook=book, status=ExportStatus.DONE, progress=100, filename="ky-yeu.pdf")
        export.file.save("ky-yeu.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
        export.finished_at = timezone.now()
        export.save()
        objs["export"][key] = export
    return {"nodes": nodes, **objs}


def request(client, kind, target, objects):
    name = kind.removesuffix("_post")
    if target == "-":
        path = reverse(f"honours:{name}")
    elif name in NODE_PAGES:
        path = reverse(f"honours:{name}", args=[objects["nodes"][target].pk])
    elif name == "commendation_file":
        path = reverse("honours:commendation_file", args=[objects["commendation"][target].pk, "xlsx"])
    else:
        path = reverse(f"honours:{name}", args=[objects[OBJECT_OF[name]][target].pk])
    if kind.endswith("_post") or KINDS[kind][3] == "post":
        # invalid where a form answers (a stale version / no fields): nothing is saved
        return client.post(path, {"version": "1", "kind": "", "title": "", "story": "", "registrations": ["x"]})
    return client.get(path)


@pytest.mark.parametrize("kind", list(KINDS))
def test_matrix(world, objects, client, kind):
    """One test per URL (the world is built once for its six targets × eight roles)."""
    targets, allowed, code, method = KINDS[kind]
    writes = kind.endswith("_post") or method == "post"
    wrong = []
    for target in targets:
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
                transaction.set_rollback(writes)
    assert not wrong, "\n".join(wrong)


def test_matrix_posts_that_should_save_nothing_saved_nothing(world, objects, client):
    """The invalid POSTs of the matrix leave every record as it was."""
    posts = [k for k, v in KINDS.items() if k.endswith("_post") or v[3] == "post"]
    for role in ("secretary", "commune_officer", "outsider"):  # the roles that may write somewhere
        client.force_login(getattr(world, role))
        for kind in posts:
            for target in KINDS[kind][0]:
                request(client, kind, target, objects)
    assert Nomination.objects.count() == 6 and Outcome.objects.count() == 6
    assert not Nomination.objects.exclude(state="pending").exists()
    assert all(n.version == 1 for n in Nomination.objects.all())
    assert Yearbook.objects.count() == 6 and YearbookEntry.objects.count() == 6
    assert YearbookExport.objects.count() == 6
    assert all(n.evidence.count() == 1 for n in Nomination.objects.all())
