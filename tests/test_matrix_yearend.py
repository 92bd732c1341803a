"""Permission matrix of the year-end URLs: every URL × role × a target inside and outside.

Targets: cell_a ("a"), cell_b ("b", a sibling cell of the same commune) and cell_d ("d", another
commune), each with an ethics session reviewing its member (An, Cường, Dũng), a comment round
on them and one pending comment (tests/yearend_fixtures.py). Expected codes are written out:
the allowed code where the role may, 404 elsewhere (never 403), 302 to the login page for
anonymous visitors — except the public link of a round, which anyone reaches while the round is
open (and only that round: it is keyed by its token), and which answers 410 once closed.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.yearend_fixtures import YEAR, ye_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "secretary", "commune_officer", "inspector", "judge", "admin", "outsider"]
TARGETS = ["a", "b", "d"]

READ = {  # VIEW on the cell, or the member's own (An is in cell a and under review there)
    "member": {"a"},
    "secretary": {"a"},
    "commune_officer": {"a", "b"},
    "inspector": {"a", "b"},
    "judge": set(),
    "admin": {"a", "b", "d"},
    "outsider": {"d"},
}
ROLE_VIEW = {**READ, "member": set()}  # a cell's grades and everyone's sheets need a role
RUN = {  # the unit's committee (REVIEW): runs the review and the round, reads the comments
    "member": set(),
    "secretary": {"a"},
    "commune_officer": set(),
    "inspector": set(),
    "judge": set(),
    "admin": set(),
    "outsider": {"d"},
}
OWN = {role: set() for role in READ} | {"member": {"a"}}  # An writes An's self-review

# kind -> (method, allowed code, who may)
KINDS: dict[str, tuple[str, int, dict[str, set[str]]]] = {
    "unit": ("get", 200, READ),
    "session_add": ("get", 200, RUN),
    "round_add": ("get", 200, RUN),
    "grades": ("get", 200, ROLE_VIEW),
    "grades_quarter": ("get", 200, ROLE_VIEW),
    "cell_sheets": ("get", 200, ROLE_VIEW),
    "session": ("get", 200, READ),
    "review": ("get", 200, READ),
    "review_write": ("get", 200, OWN),
    "review_discuss": ("get", 200, RUN),
    "review_conclude": ("get", 200, RUN),
    "round": ("get", 200, RUN),
    "round_qr": ("get", 200, RUN),
    "round_enter": ("get", 200, RUN),
    "round_close": ("post", 302, RUN),
    "comment_moderate": ("post", 302, RUN),
    "sheet": ("get", 200, READ),
    "cell_sheets_post": ("post", 302, ROLE_VIEW),  # starts a background build
    "export": ("get", 200, ROLE_VIEW),
    "export_file": ("get", 200, ROLE_VIEW),
}
_NAMES = {"grades_quarter": "grades", "round_close": "round_act", "cell_sheets_post": "cell_sheets"}
# URL names this matrix requests (read by test_matrix_complete); home: test_home, public: the
# public-link tests below.
COVERED_URLS = {f"yearend:{_NAMES.get(kind, kind)}" for kind in KINDS} | {"yearend:home", "yearend:public"}


@pytest.fixture
def exports(ye, settings, tmp_path):
    """A finished build of the evidence sheets of each target cell."""
    from django.core.files.base import ContentFile

    from lamtheo.yearend.models import SheetExport

    settings.MEDIA_ROOT = tmp_path
    found = {}
    for key, session in ye.sessions.items():
        export = SheetExport(organization=session.organization, year=YEAR, fmt="docx", status="done", progress=100)
        export.file.save("minh-chung.docx", ContentFile(b"PK\x03\x04"), save=False)
        export.filename = "minh-chung.docx"
        export.save()
        found[key] = export
    ye.exports = found
    return found


def url_for(kind: str, ye, key: str) -> str:
    cell = ye.sessions[key].organization
    review, round_ = ye.reviews[key], ye.rounds[key]
    return {
        "unit": reverse("yearend:unit", args=[cell.pk]),
        "session_add": reverse("yearend:session_add", args=[cell.pk]),
        "round_add": reverse("yearend:round_add", args=[cell.pk]),
        "grades": reverse("yearend:grades", args=[cell.pk, YEAR]),
        "grades_quarter": reverse("yearend:grades", args=[cell.pk, YEAR]) + "?quarter=3",
        "cell_sheets": reverse("yearend:cell_sheets", args=[cell.pk, YEAR]) + "?format=docx",
        "session": reverse("yearend:session", args=[ye.sessions[key].pk]),
        "review": reverse("yearend:review", args=[review.pk]),
        "review_write": reverse("yearend:review_write", args=[review.pk]),
        "review_discuss": reverse("yearend:review_discuss", args=[review.pk]),
        "review_conclude": reverse("yearend:review_conclude", args=[review.pk]),
        "round": reverse("yearend:round", args=[round_.pk]),
        "round_qr": reverse("yearend:round_qr", args=[round_.pk]),
        "round_enter": reverse("yearend:round_enter", args=[round_.pk]),
        "round_close": reverse("yearend:round_act", args=[round_.pk, "close"]),
        "comment_moderate": reverse("yearend:comment_moderate", args=[ye.comments[key].pk]),
        "sheet": reverse("yearend:sheet", args=[review.person_id, YEAR]) + "?format=docx",
        "cell_sheets_post": reverse("yearend:cell_sheets", args=[cell.pk, YEAR]) + "?format=docx",
        "export": reverse("yearend:export", args=[ye.exports[key].pk]) if kind == "export" else "",
        "export_file": reverse("yearend:export_file", args=[ye.exports[key].pk]) if kind == "export_file" else "",
    }[kind]


def expected(kind: str, role: str, target: str) -> int:
    _method, allowed, who = KINDS[kind]
    if role == "anonymous":
        return 302
    return allowed if target in who[role] else 404


def login(client, world, role: str) -> None:
    if role != "anonymous":
        client.force_login(getattr(world, role))


@pytest.mark.parametrize("kind", list(KINDS))
def test_matrix(world, client, ye, exports, kind):
    """Every role × target for one URL (one world per URL keeps the matrix fast)."""
    method, _allowed, _who = KINDS[kind]
    data = {"version": "1", "decision": "dismiss", "reason": "Trùng lặp"} if method == "post" else None
    wrong = []
    for role in ROLES:
        client.logout()
        login(client, world, role)
        for target in TARGETS:
            url = url_for(kind, ye, target)
            response = client.post(url, data) if method == "post" else client.get(url)
            code = expected(kind, role, target)
            if response.status_code != code:
                wrong.append(f"{kind} {role} {target}: {response.status_code} != {code}")
            elif role == "anonymous" and "/accounts/login/" not in response["Location"]:
                wrong.append(f"{kind} anonymous {target}: not sent to the login page")
    assert not wrong, "\n".join(wrong)


def test_home(world, client, ye):
    assert client.get(reverse("yearend:home")).status_code == 302
    for role in ROLES[1:]:
        login(client, world, role)
        assert client.get(reverse("yearend:home")).status_code == 200, role


@pytest.mark.parametrize("target", TARGETS)
def test_public_link_is_open_to_anyone_while_the_round_is(world, client, ye, target):
    """The link needs no account and no role: it is the round's own key, for that round only."""
    round_ = ye.rounds[target]
    url = reverse("yearend:public", args=[round_.token])
    others = {ye.subjects[k].person.full_name for k in TARGETS if k != target}
    for role in ROLES:
        client.logout()
        login(client, world, role)
        page = client.get(url)
        assert page.status_code == 200, role
        assert ye.subjects[target].person.full_name in page.content.decode()
        assert not any(name in page.content.decode() for name in others)
    round_.is_open = False
    round_.save()
    for role in ROLES:
        client.logout()
        login(client, world, role)
        assert client.get(url).status_code == 410, role
        assert client.post(url, {"subject": ye.subjects[target].pk, "text": "Ý kiến khi đã đóng."}).status_code == 410


@pytest.mark.parametrize("token", ["", "x", "0" * 32, "a" * 65])
def test_a_wrong_or_guessed_token_reaches_nothing(client, ye, token):
    url = reverse("yearend:public", args=["placeholder"]).replace("placeholder/", f"{token}/" if token else "")
    assert client.get(url).status_code == 404


def test_the_anonymous_visitor_of_a_link_reaches_no_other_page(client, ye, exports):
    client.get(reverse("yearend:public", args=[ye.rounds["a"].token]))  # has the device cookie now
    for kind in KINDS:
        response = client.get(url_for(kind, ye, "a"))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], kind
