"""Shared fixtures: a small tree with named people, and Playwright on Debian's Chromium.

The world (all names are invented):

    Tỉnh ủy Demo (P)                       admin "quantri" holds ADMIN here
    ├── Đảng ủy xã Hòa An (C1)             "canbo_xa" holds COMMITTEE, "kiemtra" INSPECTOR
    │   ├── Chi bộ thôn 1 (CELL_A)         "bithu_a" SECRETARY; members An, Bình, bithu_a's person
    │   └── Chi bộ thôn 2 (CELL_B)         member Cường
    └── Đảng ủy xã Bình Minh (C2)          "giamkhao" JUDGE
        └── Chi bộ thôn 3 (CELL_D)         "bithu_d" SECRETARY (the outsider); member Dũng
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from dataclasses import dataclass

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "Matkhau-2026!"

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@dataclass
class World:
    province: object
    commune: object
    cell_a: object
    cell_b: object
    commune2: object
    cell_d: object
    an: object
    binh: object
    cuong: object
    dung: object
    member: object  # user of An, no role
    secretary: object  # bithu_a
    commune_officer: object
    inspector: object
    judge: object
    admin: object
    outsider: object  # bithu_d
    superuser: object

    def nodes(self) -> dict[str, object]:
        """The units by the short names the permission matrices use."""
        return {
            "P": self.province,
            "C1": self.commune,
            "a": self.cell_a,
            "b": self.cell_b,
            "C2": self.commune2,
            "d": self.cell_d,
        }


def make_user(username: str, *, person=None, role: str | None = None, org=None, **extra):
    from lamtheo.accounts.models import User
    from lamtheo.organizations.models import RoleAssignment

    user = User.objects.create_user(username=username, password=PASSWORD, person=person, **extra)
    if role:
        RoleAssignment.objects.create(user=user, organization=org, role=role, started_on=dt.date(2020, 1, 1))
    return user


def build_world() -> World:
    from lamtheo.organizations import services
    from lamtheo.organizations.models import Block, Role
    from lamtheo.organizations.models import OrganizationKind as K

    province = services.create_organization(parent=None, kind=K.PROVINCE, code="P", name="Tỉnh ủy Demo")
    commune = services.create_organization(
        parent=province, kind=K.BASE, code="C1", name="Đảng ủy xã Hòa An", block=Block.COMMUNE
    )
    cell_a = services.create_organization(
        parent=commune, kind=K.CELL, code="C1-A", name="Chi bộ thôn 1", block=Block.COMMUNE
    )
    cell_b = services.create_organization(
        parent=commune, kind=K.CELL, code="C1-B", name="Chi bộ thôn 2", block=Block.COMMUNE
    )
    commune2 = services.create_organization(
        parent=province, kind=K.BASE, code="C2", name="Đảng ủy xã Bình Minh", block=Block.COMMUNE
    )
    cell_d = services.create_organization(
        parent=commune2, kind=K.CELL, code="C2-D", name="Chi bộ thôn 3", block=Block.COMMUNE
    )
    start = dt.date(2020, 1, 1)
    an = services.create_person(cell=cell_a, full_name="Nguyễn Văn An", card_number="100001", started_on=start)
    binh = services.create_person(cell=cell_a, full_name="Trần Thị Bình", card_number="100002", started_on=start)
    sec_person = services.create_person(cell=cell_a, full_name="Lê Văn Thư", card_number="100003", started_on=start)
    cuong = services.create_person(cell=cell_b, full_name="Phạm Quốc Cường", card_number="100004", started_on=start)
    dung = services.create_person(cell=cell_d, full_name="Đỗ Văn Dũng", card_number="100005", started_on=start)
    return World(
        province=province,
        commune=commune,
        cell_a=cell_a,
        cell_b=cell_b,
        commune2=commune2,
        cell_d=cell_d,
        an=an,
        binh=binh,
        cuong=cuong,
        dung=dung,
        member=make_user("dangvien_an", person=an),
        secretary=make_user("bithu_a", person=sec_person, role=Role.SECRETARY, org=cell_a),
        commune_officer=make_user("canbo_xa", role=Role.COMMITTEE, org=commune),
        inspector=make_user("kiemtra", role=Role.INSPECTOR, org=commune),
        judge=make_user("giamkhao", role=Role.JUDGE, org=commune2),
        admin=make_user("quantri", role=Role.ADMIN, org=province),
        outsider=make_user("bithu_d", role=Role.SECRETARY, org=cell_d),
        superuser=make_user("root", is_superuser=True, is_staff=True),
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def world_tx(transactional_db) -> World:
    """The world for browser tests (the live server reads it from another thread)."""
    return build_world()


_DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}


# Rows that data migrations write: (model label, migration module, function). A browser or
# transactional test flushes every table; the fixture below puts them back for later tests.
MIGRATION_ROWS = [
    ("meetings.MeetingRule", "lamtheo.meetings.migrations.0002_meeting_rules", "add_rules"),
    ("study.Audience", "lamtheo.study.migrations.0004_seed_audiences", "seed"),
    ("contests.ContestKind", "lamtheo.contests.migrations.0002_contest_kinds", "add_kinds"),
    ("honours.Category", "lamtheo.honours.defaults", "add_defaults"),
    ("inspections.CriterionTemplate", "lamtheo.inspections.migrations.0002_default_criteria", "add_defaults"),
    ("yearend.GradingRule", "lamtheo.yearend.migrations.0002_rules_and_organizations", "add_rows"),
]


@pytest.fixture(autouse=True)
def _migration_rows(request):
    """Put back the rows data migrations write (the meeting rule of HD 42, contest kinds, grading
    rules…): a browser or transactional test flushes every table, and a later test on the same
    worker must still see them."""
    if not (request.node.get_closest_marker("django_db") or _DB_FIXTURES & set(request.fixturenames)):
        return
    request.getfixturevalue("_django_db_helper")
    from django.apps import apps

    for label, module, function in MIGRATION_ROWS:
        if not apps.get_model(label).objects.exists():
            getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path_factory):
    settings.AXES_ENABLED = False
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")  # uploads never land in the repository
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN"}


PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(params=["phone", "desktop"])
def viewport(request, page):
    size = PHONE if request.param == "phone" else DESKTOP
    page.set_viewport_size(size)
    return request.param


def login(page, live_server, username: str, password: str = PASSWORD) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.fixture
def client_for(client):
    """Log the test client in as a given user: `client_for(world.secretary)`."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


def assert_fits(page, width: int) -> None:
    """Nothing on the page is wider than the viewport (no sideways scrolling on a phone)."""
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"page is {scroll}px wide at a {width}px viewport"
