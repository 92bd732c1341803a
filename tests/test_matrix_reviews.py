"""Permission matrix of the reviews URLs: every URL × role × a target inside and one outside.

Targets: reviews of cell_a (a draft "a_draft", a submitted one "a_sub"), of cell_d in the other
commune ("d_sub"), a draft of the commune C1 ("c1_draft"); nodes cell_a ("a"), C1, C2, cell_d
("d"), P; requests of C1 and C2; finished exports of "a_sub" and "d_sub". Expected codes are
written out: 200 (or 302 where the page redirects) where the role may, 404 elsewhere (never
403), 302 to the login page for anonymous visitors.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from lamtheo.reviews import services
from lamtheo.reviews.models import ExportStatus, ReviewExport, ReviewKind
from tests.reviews_fixtures import FROM, TO, media_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "secretary", "commune_officer", "inspector", "judge", "admin", "outsider"]
EVERYONE = set(ROLES) - {"anonymous"}

# (url kind, target) -> roles answering OK (the others 404; anonymous always 302 to the login)
REVIEW_READERS = {
    "a_draft": {"secretary", "commune_officer"},
    "a_sub": {"secretary", "commune_officer", "inspector", "admin"},
    "d_sub": {"admin", "outsider"},
    "c1_draft": {"commune_officer"},
}
REVIEW_WRITERS_OF_DRAFT = {
    "a_draft": {"secretary", "commune_officer"},
    "a_sub": set(),
    "d_sub": set(),
    "c1_draft": {"commune_officer"},
}
NODE_READERS = {
    "a": {"secretary", "commune_officer", "inspector", "admin"},
    "C1": {"commune_officer", "inspector", "admin"},
    "C2": {"admin"},
    "d": {"admin", "outsider"},
    "P": {"admin"},
}
NODE_WRITERS = {
    "a": {"secretary", "commune_officer"},
    "C1": {"commune_officer"},
    "C2": set(),
    "d": {"outsider"},
    "P": set(),
}
ALLOWED: dict[str, dict[str, set[str]]] = {
    "detail": REVIEW_READERS,
    "edit": {  # a writer of a submitted review is sent back to it (302)
        "a_draft": {"secretary", "commune_officer"},
        "a_sub": {"secretary", "commune_officer"},
        "d_sub": {"outsider"},
        "c1_draft": {"commune_officer"},
    },
    "preview": REVIEW_WRITERS_OF_DRAFT,
    "submit": REVIEW_WRITERS_OF_DRAFT,
    "export": REVIEW_READERS,
    "reconcile": {"a_draft": set(), "a_sub": set(), "d_sub": set(), "c1_draft": {"commune_officer"}},
    "export_status": {"a_sub": REVIEW_READERS["a_sub"], "d_sub": REVIEW_READERS["d_sub"]},
    "download": {"a_sub": REVIEW_READERS["a_sub"], "d_sub": REVIEW_READERS["d_sub"]},
    "node": NODE_READERS,
    "dashboard": NODE_READERS,
    "create": NODE_WRITERS,
    "request_create": {"a": set(), "C1": {"commune_officer"}, "C2": set(), "d": set(), "P": set()},
    "request": {"C1": {"commune_officer", "inspector", "admin"}, "C2": {"admin"}},
    "home": {"-": EVERYONE - {"member", "judge"}},
}
REDIRECTS = {"submit", "export"}  # POST answering 302 when allowed
POSTS = {"preview", "submit", "export"}
# URL names this matrix requests (read by test_matrix_complete).
COVERED_URLS = {f"reviews:{kind}" for kind in ALLOWED}


def build(world):
    a_draft = services.create_review(
        actor=world.secretary, organization=world.cell_a, kind=ReviewKind.INTERIM, date_from=FROM, date_to=TO
    )
    a_sub = services.create_review(
        actor=world.secretary, organization=world.cell_a, kind=ReviewKind.FINAL, date_from=FROM, date_to=TO
    )
    services.submit_review(actor=world.secretary, review=a_sub, expected_version=1)
    d_sub = services.create_review(
        actor=world.outsider, organization=world.cell_d, kind=ReviewKind.FINAL, date_from=FROM, date_to=TO
    )
    services.submit_review(actor=world.outsider, review=d_sub, expected_version=1)
    c1_draft = services.create_review(
        actor=world.commune_officer, organization=world.commune, kind=ReviewKind.INTERIM, date_from=FROM, date_to=TO
    )
    reviews = {"a_draft": a_draft, "a_sub": a_sub, "d_sub": d_sub, "c1_draft": c1_draft}
    exports = {}
    for key in ("a_sub", "d_sub"):
        export = ReviewExport(
            review=reviews[key], fmt="docx", status=ExportStatus.DONE, progress=100, filename="x.docx"
        )
        export.file.save("x.docx", ContentFile(b"PK docx"), save=False)
        export.save()
        exports[key] = export
    deadline = timezone.localdate() + dt.timedelta(days=5)
    requests = {
        "C1": services.create_request(
            actor=world.commune_officer,
            organization=world.commune,
            kind="interim",
            date_from=FROM,
            date_to=TO,
            deadline=deadline,
        ),
        "C2": services.create_request(
            actor=world.superuser,
            organization=world.commune2,
            kind="interim",
            date_from=FROM,
            date_to=TO,
            deadline=deadline,
        ),
    }
    nodes = world.nodes()
    return reviews, exports, requests, nodes


def url_for(kind: str, target: str, reviews, exports, requests, nodes) -> str:
    if kind in {"detail", "edit", "preview", "submit", "export", "reconcile"}:
        return reverse(f"reviews:{kind}", args=[reviews[target].pk])
    if kind in {"export_status", "download"}:
        return reverse(f"reviews:{kind}", args=[exports[target].pk])
    if kind in {"node", "dashboard", "create", "request_create"}:
        return reverse(f"reviews:{kind}", args=[nodes[target].pk])
    if kind == "request":
        return reverse("reviews:request", args=[requests[target].pk])
    return reverse("reviews:home")


CASES = [(kind, target) for kind, targets in ALLOWED.items() for target in targets]


def expected(kind: str, target: str, role: str) -> int:
    if role == "anonymous":
        return 302
    if role not in ALLOWED[kind][target]:
        return 404
    if kind in REDIRECTS or (kind == "edit" and target in {"a_sub", "d_sub"}):
        return 302
    return 200


@pytest.mark.parametrize(("kind", "target"), CASES, ids=[f"{k}-{t}" for k, t in CASES])
def test_matrix(world, client, media, kind, target):
    """Each role in turn; what a role's request changes is rolled back before the next one."""
    reviews, exports, requests, nodes = build(world)
    url = url_for(kind, target, reviews, exports, requests, nodes)
    headers = {"HTTP_HX_REQUEST": "true"} if kind in {"export_status", "preview"} else {}
    wrong = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(getattr(world, role))
        with transaction.atomic():
            if kind in POSTS:
                data = {"part": "part2", "part2": "x", "fmt": "docx", "version": reviews[target].version}
                response = client.post(url, data, **headers)
            else:
                response = client.get(url, **headers)
            transaction.set_rollback(True)
        want = expected(kind, target, role)
        if response.status_code != want:
            wrong.append(f"{role}: {response.status_code} (expected {want})")
        elif role == "anonymous":
            assert "/accounts/login/" in response["Location"]
    assert not wrong, f"{kind} {target}: " + "; ".join(wrong)
