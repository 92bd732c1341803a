"""Permission matrix of the campaign URLs: every URL × role × a target inside and outside.

Node targets: the province P, commune C1 with its cells a and b, commune C2 with its cell d.
Object targets: a theme, a set of standards and a directive issued on each of those nodes (the
models of standards on P, C1 and C2). Reading reaches what one's nodes and their ancestors
issued; writing needs MANAGE_CAMPAIGN on the issuing node. Expected codes are written out: the
allowed code where the role may, 404 elsewhere (never 403), 302 to the login page for
anonymous visitors.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from lamtheo.campaigns import services
from lamtheo.campaigns.models import DirectiveKind
from tests.campaigns_fixtures import YEAR, _media, pdf_bytes, upload  # noqa: F401

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "secretary", "commune_officer", "inspector", "judge", "admin", "outsider"]
NODES = ["P", "C1", "a", "b", "C2", "d"]
MODELS = ["P", "C1", "C2"]

# Which node each role reads (VIEW on the node itself; a member without a role: their own cell).
VIEW_NODE = {
    "member": {"a"},
    "secretary": {"a"},
    "commune_officer": {"C1", "a", "b"},
    "inspector": {"C1", "a", "b"},
    "judge": set(),
    "admin": {"P", "C1", "a", "b", "C2", "d"},
    "outsider": {"d"},
}
# Documents issued on which nodes each role reads: its subtree and the ancestors above it.
VIEW_ISSUED = {
    "member": {"P", "C1", "a"},
    "secretary": {"P", "C1", "a"},
    "commune_officer": {"P", "C1", "a", "b"},
    "inspector": {"P", "C1", "a", "b"},
    "judge": set(),
    "admin": {"P", "C1", "a", "b", "C2", "d"},
    "outsider": {"P", "C2", "d"},
}
# Where each role manages the campaign (MANAGE_CAMPAIGN): issue, edit, publish.
MANAGE = {
    "member": set(),
    "secretary": {"a"},
    "commune_officer": {"C1", "a", "b"},
    "inspector": set(),
    "judge": set(),
    "admin": set(),  # the administrator runs the system, not the campaign's content
    "outsider": {"d"},
}
# Models each role may adapt: it reads the model and manages a unit below its issuer.
ADAPT = {
    "member": set(),
    "secretary": {"P", "C1"},
    "commune_officer": {"P", "C1"},
    "inspector": set(),
    "judge": set(),
    "admin": set(),
    "outsider": {"P", "C2"},
}

# url kind -> (targets, allowed table, code when allowed)
KINDS: dict[str, tuple[list[str], dict[str, set[str]], int]] = {
    "node": (NODES, VIEW_NODE, 302),
    "themes": (NODES, VIEW_NODE, 200),
    "standards": (NODES, VIEW_NODE, 200),
    "directives": (NODES, VIEW_NODE, 200),
    "theme_create": (NODES, MANAGE, 200),
    "theme_create_post": (NODES, MANAGE, 200),
    "standard_create": (NODES, MANAGE, 200),
    "standard_create_post": (NODES, MANAGE, 200),
    "directive_create": (NODES, MANAGE, 200),
    "directive_create_post": (NODES, MANAGE, 200),
    "theme": (NODES, VIEW_ISSUED, 200),
    "theme_edit": (NODES, MANAGE, 200),
    "theme_edit_post": (NODES, MANAGE, 200),
    "standard": (NODES, VIEW_ISSUED, 200),
    "standard_history": (NODES, VIEW_ISSUED, 200),
    "standard_edit": (NODES, MANAGE, 200),
    "standard_edit_post": (NODES, MANAGE, 200),
    "standard_publish_post": (NODES, MANAGE, 302),
    "standard_adapt": (MODELS, ADAPT, 200),
    "standard_adapt_post": (MODELS, ADAPT, 200),
    "directive": (NODES, VIEW_ISSUED, 200),
    "directive_file": (NODES, VIEW_ISSUED, 200),
    "directive_edit": (NODES, MANAGE, 200),
    "directive_edit_post": (NODES, MANAGE, 200),
}
CASES = [(kind, target) for kind, (targets, _, _) in KINDS.items() for target in targets]
# URL names this matrix requests (read by test_matrix_complete); home: test_matrix_home.
COVERED_URLS = {f"campaigns:{kind.removesuffix('_post')}" for kind in KINDS} | {"campaigns:home"}

HOME = {
    "member": 302,
    "secretary": 302,
    "commune_officer": 302,
    "inspector": 302,
    "judge": 404,
    "admin": 302,
    "outsider": 302,
}


@pytest.fixture
def objects(world):
    root = world.superuser
    nodes = world.nodes()
    themes, standards, directives = {}, {}, {}
    for key, node in nodes.items():
        directives[key] = services.create_directive(
            organization=node,
            user=root,
            kind=DirectiveKind.PLAN,
            number=f"01-KH/{node.code}",
            issued_on=dt.date(YEAR, 1, 2),
            issuer=node.name,
            title=f"Kế hoạch của {node.name}",
            file=upload("a.pdf", pdf_bytes()),
        )
        themes[key] = services.create_theme(organization=node, user=root, title=f"Chuyên đề {key}", year_from=YEAR)
        standards[key] = services.create_standard(
            organization=node,
            user=root,
            title=f"Chuẩn mực {key}",
            body="Một\nHai",
            year_from=YEAR,
            is_model=not node.is_cell,
        )
    return {"nodes": nodes, "themes": themes, "standards": standards, "directives": directives}


def request(client, kind, target, objects):
    post = kind.endswith("_post")
    name = kind.removesuffix("_post")
    if name in ("node", "themes", "standards", "directives", "theme_create", "standard_create", "directive_create"):
        pk = objects["nodes"][target].pk
    elif name.startswith("theme"):
        pk = objects["themes"][target].pk
    elif name.startswith("standard"):
        pk = objects["standards"][target].pk
    else:
        pk = objects["directives"][target].pk
    path = reverse(f"campaigns:{name}", args=[pk])
    if post:
        # invalid on purpose (a bad version / no fields): nothing is saved, the form answers
        return client.post(path, {"version": "x", "title": ""})
    return client.get(path)


@pytest.mark.parametrize(("kind", "target"), CASES)
def test_matrix(world, objects, client, kind, target):
    """One URL and target, every role (one world per URL × target keeps the matrix fast)."""
    _, allowed, code = KINDS[kind]
    wrong = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(world, role))
        response = request(client, kind, target, objects)
        if role == "anonymous":
            expected = 302
            if response.status_code == 302 and "/accounts/login/" not in response["Location"]:
                wrong.append(f"{role}: redirected to {response['Location']}, not to the login page")
        else:
            expected = code if target in allowed[role] else 404
        if response.status_code != expected:
            wrong.append(f"{role}: {response.status_code}, expected {expected}")
    assert not wrong, f"{kind} {target}: " + "; ".join(wrong)


@pytest.mark.parametrize("role", ROLES)
def test_matrix_home(world, client, role):
    if role != "anonymous":
        client.force_login(getattr(world, role))
    response = client.get(reverse("campaigns:home"))
    assert response.status_code == (302 if role == "anonymous" else HOME[role])


def test_invalid_posts_saved_nothing(world, objects, client):
    """The matrix's POSTs are all invalid: versions and counts are unchanged afterwards."""
    for role in ROLES[1:]:
        client.force_login(getattr(world, role))
        for kind in KINDS:
            if kind.endswith("_post"):
                for target in KINDS[kind][0]:
                    request(client, kind, target, objects)
    for group in ("themes", "standards", "directives"):
        for obj in objects[group].values():
            obj.refresh_from_db()
            assert obj.version == 1
    from lamtheo.campaigns.models import Directive, EthicalStandard, Theme

    assert (Theme.objects.count(), EthicalStandard.objects.count(), Directive.objects.count()) == (6, 6, 6)
