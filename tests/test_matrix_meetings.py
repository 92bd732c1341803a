"""Permission matrix of the meetings URLs: every URL × role × a target inside and outside.

Targets: cell_a ("a"), cell_b ("b", a sibling cell of the same commune) and cell_d ("d", another
commune) — each with a planned meeting, a posted document and an assigned report (of An, Cường,
Dũng). Expected codes are written out: the allowed code where the role may, 404 elsewhere (never
403), 302 to the login page for anonymous visitors.
"""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from lamtheo.meetings.models import MeetingDocument
from tests.meetings_fixtures import make_meeting, make_report

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "secretary", "commune_officer", "inspector", "judge", "admin", "outsider"]
TARGETS = ["a", "b", "d"]

READ = {  # VIEW on the cell, or the member's own cell
    "member": {"a"},
    "secretary": {"a"},
    "commune_officer": {"a", "b"},
    "inspector": {"a", "b"},
    "judge": set(),
    "admin": {"a", "b", "d"},
    "outsider": {"d"},
}
ROLE_VIEW = {**READ, "member": set()}  # the per-cell figures need a role
MANAGE = {  # the cell committee (secretary, deputy, committee members)
    "member": set(),
    "secretary": {"a"},
    "commune_officer": set(),
    "inspector": set(),
    "judge": set(),
    "admin": set(),
    "outsider": {"d"},
}
REPORTER = {role: set() for role in READ} | {"member": {"a"}}  # An writes An's report

# kind -> (method, allowed code, who may)
KINDS: dict[str, tuple[str, int, dict[str, set[str]]]] = {
    "cell": ("get", 200, READ),
    "overview": ("get", 200, ROLE_VIEW),
    "settings": ("get", 200, MANAGE),
    "generate": ("get", 200, MANAGE),
    "meeting_add": ("get", 200, MANAGE),
    "meeting": ("get", 200, READ),
    "meeting_edit": ("get", 200, MANAGE),
    "meeting_cancel": ("get", 200, MANAGE),
    "document_add": ("get", 200, MANAGE),
    "assign": ("get", 200, MANAGE),
    "volunteers": ("get", 200, MANAGE),
    "attendance": ("get", 200, MANAGE),
    "minutes": ("get", 200, MANAGE),
    "export": ("get", 200, READ),
    "document": ("get", 200, READ),
    "document_delete": ("post", 302, MANAGE),
    "report": ("get", 200, {**READ, "member": {"a"}}),
    "report_edit": ("get", 200, REPORTER),
    "report_present": ("post", 302, MANAGE),  # refused by the workflow (not accepted yet): a message
    "report_submit": ("post", 302, REPORTER),
    "report_review": ("get", 200, MANAGE),
    "report_comments": ("get", 200, MANAGE),
    "report_conclude": ("get", 200, MANAGE),
    "report_move": ("get", 200, MANAGE),
}
# URL names this matrix requests (read by test_matrix_complete); report_present and report_submit
# are the two actions of report_act; home and mine: test_start_pages.
COVERED_URLS = {
    f"meetings:{'report_act' if kind in ('report_present', 'report_submit') else kind}" for kind in KINDS
} | {"meetings:home", "meetings:mine"}


@pytest.fixture
def targets(world, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    people = {"a": world.an, "b": world.cuong, "d": world.dung}
    found = {}
    for key, person in people.items():
        meeting = make_meeting(person.cell)
        document = MeetingDocument(meeting=meeting, title="Tài liệu", size=5)
        document.file.save("tai-lieu.pdf", ContentFile(b"%PDF-"))
        report = make_report(meeting, person, state="draft", done="Đã làm", direction="Tiếp tục")
        found[key] = {"cell": person.cell, "meeting": meeting, "document": document, "report": report}
    return found


def url_for(kind: str, t: dict) -> str:
    cell, meeting, report = t["cell"], t["meeting"], t["report"]
    return {
        "cell": reverse("meetings:cell", args=[cell.pk]),
        "overview": reverse("meetings:overview", args=[cell.pk]),
        "settings": reverse("meetings:settings", args=[cell.pk]),
        "generate": reverse("meetings:generate", args=[cell.pk, meeting.year]),
        "meeting_add": reverse("meetings:meeting_add", args=[cell.pk]),
        "meeting": reverse("meetings:meeting", args=[meeting.pk]),
        "meeting_edit": reverse("meetings:meeting_edit", args=[meeting.pk]),
        "meeting_cancel": reverse("meetings:meeting_cancel", args=[meeting.pk]),
        "document_add": reverse("meetings:document_add", args=[meeting.pk]),
        "assign": reverse("meetings:assign", args=[meeting.pk]),
        "volunteers": reverse("meetings:volunteers", args=[meeting.pk]),
        "attendance": reverse("meetings:attendance", args=[meeting.pk]),
        "minutes": reverse("meetings:minutes", args=[meeting.pk]),
        "export": reverse("meetings:export", args=[meeting.pk, "docx"]),
        "document": reverse("meetings:document", args=[t["document"].pk]),
        "document_delete": reverse("meetings:document_delete", args=[t["document"].pk]),
        "report": reverse("meetings:report", args=[report.pk]),
        "report_edit": reverse("meetings:report_edit", args=[report.pk]),
        "report_present": reverse("meetings:report_act", args=[report.pk, "present"]),
        "report_submit": reverse("meetings:report_act", args=[report.pk, "submit"]),
        "report_review": reverse("meetings:report_review", args=[report.pk]),
        "report_comments": reverse("meetings:report_comments", args=[report.pk]),
        "report_conclude": reverse("meetings:report_conclude", args=[report.pk]),
        "report_move": reverse("meetings:report_move", args=[report.pk]),
    }[kind]


def expected(kind: str, role: str, target: str) -> int:
    _method, allowed, who = KINDS[kind]
    if role == "anonymous":
        return 302
    return allowed if target in who[role] else 404


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", list(KINDS))
def test_matrix(world, client, targets, kind, role, target):
    if role != "anonymous":
        client.force_login(getattr(world, role))
    method, _allowed, _who = KINDS[kind]
    url = url_for(kind, targets[target])
    data = {"version": str(targets[target]["report"].version)} if method == "post" else None
    response = client.post(url, data) if method == "post" else client.get(url)
    code = expected(kind, role, target)
    assert response.status_code == code, f"{kind} {role} {target}: {response.status_code} != {code}"
    if role == "anonymous":
        assert "/accounts/login/" in response["Location"]


def test_report_submit_by_the_member_really_submits(world, client_for, targets):
    report = targets["a"]["report"]
    response = client_for(world.member).post(
        reverse("meetings:report_act", args=[report.pk, "submit"]), {"version": str(report.version)}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "submitted"


@pytest.mark.parametrize("role", ROLES)
def test_start_pages(world, client, role):
    if role != "anonymous":
        client.force_login(getattr(world, role))
    home = client.get(reverse("meetings:home"))
    mine = client.get(reverse("meetings:mine"))
    if role == "anonymous":
        assert home.status_code == mine.status_code == 302
        return
    assert home.status_code == 200
    has_person = role in ("member", "secretary")
    assert mine.status_code == (200 if has_person else 404)


def test_a_presented_report_is_read_by_the_cell_but_a_draft_is_not(world, client_for, targets):
    """Other members of the cell read a report once it was presented at their meeting."""
    from tests.conftest import make_user

    binh = make_user("dangvien_binh", person=world.binh)
    report = targets["a"]["report"]
    url = reverse("meetings:report", args=[report.pk])
    assert client_for(binh).get(url).status_code == 404
    report.state = "presented"
    report.save()
    assert client_for(binh).get(url).status_code == 200
