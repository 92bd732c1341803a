"""Fuzzing the forms (issue 9, item 6): no input makes a page answer 500.

Each role that posts (member, cell secretary, commune committee, administrator) crawls the pages it
reaches from its home page and collects every form (the matrices' form URLs, with the fields each
role is actually offered). Hypothesis then draws a payload for every form — empty values, huge
text, wrong types, 40-digit integers, impossible dates, NUL and other awkward Unicode, files that
are not what they claim — and the form is sent as that role. Any 500 (or exception) is a failure.
Bounded: a fixed number of pages and examples, derandomised so CI runs the same posts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lamtheo.organizations.models import Role
from lamtheo.reviews import services as review_services
from lamtheo.reviews.models import ReviewKind
from tests.conftest import make_user
from tests.meetings_fixtures import make_meeting, make_report
from tests.notebook_res_fixtures import approved_registration
from tests.study_fixtures import make_session, make_theme

pytestmark = pytest.mark.django_db

ROLES = ["member", "secretary", "commune_officer", "admin"]
MAX_PAGES = 50  # per role
START_PAGES = ["/meetings/", "/campaign/", "/study/", "/reviews/", "/notebook/", "/org/"]
SKIP = re.compile(r"/logout|/admin/|/i18n/|export|print|download|\.xlsx|/evidence/|/document/|template|static/|media/")
AWKWARD = [
    "9" * 40,
    "-" + "9" * 40,
    "1e309",
    "NaN",
    "null",
    "[]",
    "{}",
    "0",
    "-1",
    "31/02/2026",
    "99/99/9999",
    "2026-13-45",
    "01/01/0001",
    "\x00",
    "a\x00b",
    "\u202etxt.exe",
    "𝕏𝕐ℤ 💥",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '=HYPERLINK("http://evil.example/")',
    " ",
    "\r\n\t",
]


@dataclass
class Form:
    page: str
    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # name → offered values
    files: list[str] = field(default_factory=list)


class FormParser(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page = page
        self.links: list[str] = []
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: str | None = None

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        if tag == "a" and attrs.get("href"):
            self.links.append(urljoin(self.page, attrs["href"]))
        elif tag == "form":
            action = urljoin(self.page, attrs.get("action") or self.page)
            self.form = Form(self.page, action, (attrs.get("method") or "get").lower())
            self.forms.append(self.form)
        elif self.form is not None and tag in ("input", "textarea", "select", "button") and attrs.get("name"):
            name, kind = attrs["name"], attrs.get("type", "text").lower()
            if kind == "file":
                self.form.files.append(name)
            elif kind not in ("submit", "reset", "image") or tag == "button":
                self.form.fields.setdefault(name, []).append(attrs.get("value", ""))
            if tag == "select":
                self.select = name
        elif tag == "option" and self.form is not None and self.select:
            self.form.fields[self.select].append(attrs.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None


def crawl(client) -> list[Form]:
    """Pages reachable from the home page (same site, HTML only, bounded); their forms, unique by action."""
    seen, queue, forms = set(), ["/", *START_PAGES], {}
    per_path: dict[str, int] = {}
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        path = urlsplit(url).path
        if url in seen or SKIP.search(url) or per_path.get(path, 0) >= 2:
            continue
        seen.add(url)
        per_path[path] = per_path.get(path, 0) + 1
        response = client.get(url, follow=True)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        if response.redirect_chain:
            url = urljoin(url, response.redirect_chain[-1][0])
            seen.add(url)
        parser = FormParser(url)
        parser.feed(response.content.decode())
        for form in parser.forms:
            if not SKIP.search(form.action):
                forms.setdefault((form.method, urlsplit(form.action).path, tuple(sorted(form.fields))), form)
        for link in parser.links:
            parts = urlsplit(link)
            if not parts.netloc or parts.netloc == "testserver":
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return list(forms.values())


def value_for(offered: list[str]) -> st.SearchStrategy[str]:
    real = [v for v in offered if v]
    return st.one_of(
        st.sampled_from(real) if real else st.just(""),
        st.just(""),
        st.sampled_from(AWKWARD),
        st.text(max_size=40),
        st.integers(min_value=-(10**45), max_value=10**45).map(str),
        st.just("Đảng viên " * 1500),  # 15,000 characters
    )


def payload(form: Form) -> st.SearchStrategy[dict]:
    values = {
        name: st.one_of(value_for(offered), st.lists(value_for(offered), min_size=2, max_size=3))
        for name, offered in form.fields.items()
    }
    files = {
        name: st.sampled_from(
            [
                "",
                SimpleUploadedFile("anh.jpg", b"not really a jpeg", content_type="image/jpeg"),
                SimpleUploadedFile("danh-sach.xlsx", b"PK\x03\x04broken", content_type="application/octet-stream"),
                SimpleUploadedFile("../../etc/passwd", b"\x00" * 64, content_type="text/plain"),
            ]
        )
        for name in form.files
    }
    return st.fixed_dictionaries({**values, **files}).map(lambda d: {k: v for k, v in d.items() if v is not None})


@pytest.fixture
def objects(world, settings, tmp_path):
    """Something for every form to act on, inside the roles' units."""
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    make_user("capuy_demo", role=Role.COMMITTEE, org=world.commune)
    meeting = make_meeting(world.cell_a, date=today + dt.timedelta(days=10))
    make_report(meeting, world.an, state="draft", done="Đã làm", direction="Tiếp tục")
    make_meeting(world.cell_a, date=today - dt.timedelta(days=3), state="held")
    approved_registration(world.an, year=today.year, texts=("Giúp 5 hộ nghèo làm hồ sơ vay vốn",))
    theme = make_theme(world.province, title="Chuyên đề năm", year=today.year)
    make_session(world.commune, theme, day=today)
    review_services.create_review(
        actor=world.commune_officer,
        organization=world.commune,
        kind=ReviewKind.INTERIM,
        date_from=dt.date(today.year, 1, 1),
        date_to=dt.date(today.year, 6, 30),
    )


def test_no_form_answers_500_to_any_input(world, objects, client):
    targets: list[tuple[str, Form]] = []
    for role in ROLES:
        client.force_login(getattr(world, role))
        targets += [(role, form) for form in crawl(client)]
    assert len(targets) >= 25, [f.action for _r, f in targets]
    failures: list[str] = []

    @settings(
        max_examples=3,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def send_everything(data):
        for role, form in targets:
            sent = data.draw(payload(form), label=f"{role} {form.method} {form.action}")
            client.force_login(getattr(world, role))
            try:
                if form.method == "post":
                    response = client.post(form.action, sent)
                else:
                    response = client.get(form.action, {k: v for k, v in sent.items() if isinstance(v, str | list)})
            except Exception as exc:
                failures.append(f"{role} {form.method} {form.action}: {type(exc).__name__}: {exc!s:.200}")
                continue
            if response.status_code >= 500:
                failures.append(f"{role} {form.method} {form.action}: {response.status_code}")

    send_everything()
    assert failures == []
