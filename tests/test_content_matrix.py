"""Matrix of content (issue 9, item 7): list and overview pages show no row of another subtree.

The permission matrices check status codes; a list that answered 200 but also showed another
commune's rows would pass them. Here every app gets records in the other commune (Bình Minh: its
cell "Chi bộ thôn 3", its member Đỗ Văn Dũng, titles naming Bình Minh). Each list or overview page,
opened by the roles of commune Hòa An, must show none of them — and, so that the check means
something, the same kind of page opened by the province shows at least one of them.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lamtheo.organizations.models import Role
from lamtheo.reviews import services as review_services
from lamtheo.reviews.models import ReviewKind
from tests.conftest import make_user
from tests.meetings_fixtures import make_meeting
from tests.notebook_res_fixtures import approved_registration
from tests.study_fixtures import make_session, make_theme

pytestmark = pytest.mark.django_db

OUTSIDE = ["Đỗ Văn Dũng", "Chi bộ thôn 3", "Bình Minh"]
VIEWERS = ["member", "secretary", "commune_officer", "inspector"]


@pytest.fixture
def outside(world, settings, tmp_path):
    """Records of the other commune in every app; returns the readers of the control pages."""
    settings.MEDIA_ROOT = tmp_path
    year = timezone.localdate().year
    province_reader = make_user("tinhuy_demo", role=Role.COMMITTEE, org=world.province)
    writer_c2 = make_user("capuy_binhminh", role=Role.COMMITTEE, org=world.commune2)
    make_meeting(world.cell_d, date=timezone.localdate() + dt.timedelta(days=3))
    approved_registration(world.dung, year=year, texts=("Quét dọn đường làng Bình Minh mỗi sáng",))
    theme = make_theme(world.commune2, title="Chuyên đề riêng của Bình Minh", year=year)
    make_session(world.commune2, theme, day=timezone.localdate(), title="Lớp học riêng Bình Minh")
    review_services.create_review(
        actor=writer_c2,
        organization=world.commune2,
        kind=ReviewKind.INTERIM,
        date_from=dt.date(year, 1, 1),
        date_to=dt.date(year, 6, 30),
        title="Sơ kết riêng Bình Minh",
    )
    # The same kinds of record inside Hòa An, so its pages are not empty.
    make_meeting(world.cell_a, date=timezone.localdate() + dt.timedelta(days=3))
    approved_registration(world.an, year=year, texts=("Giúp 5 hộ nghèo làm hồ sơ vay vốn",))
    return {"province": province_reader, "binhminh": writer_c2}


def pages(world) -> list[tuple[str, str, str, str]]:
    """(what, the page as Hòa An sees it, the page that shows Bình Minh's rows, to whom)."""
    p, c1, c2, a, d = (world.province.pk, world.commune.pk, world.commune2.pk, world.cell_a.pk, world.cell_d.pk)
    start = "binhminh"  # a start page lists the reader's own units: Bình Minh's committee sees its rows
    return [
        ("home", reverse("core:home"), reverse("core:home"), start),
        ("tree", reverse("organizations:tree"), reverse("organizations:tree"), start),
        ("unit", reverse("organizations:detail", args=[c1]), reverse("organizations:detail", args=[p]), "province"),
        ("people", reverse("organizations:people") + "?q=van", reverse("organizations:people") + "?q=van", "province"),
        ("audit", reverse("organizations:audit"), reverse("organizations:audit"), "province"),
        ("campaigns", reverse("campaigns:home"), reverse("campaigns:home"), start),
        ("themes", reverse("campaigns:themes", args=[c1]), reverse("campaigns:themes", args=[c2]), "province"),
        ("notebook cell", reverse("notebook:cell", args=[a]), reverse("notebook:cell", args=[d]), "province"),
        (
            "notebook overview",
            reverse("notebook:overview", args=[c1]),
            reverse("notebook:overview", args=[p]),
            "province",
        ),
        ("meetings", reverse("meetings:home"), reverse("meetings:home"), start),
        (
            "meetings overview",
            reverse("meetings:overview", args=[c1]),
            reverse("meetings:overview", args=[p]),
            "province",
        ),
        ("study", reverse("study:index"), reverse("study:index"), start),
        ("study unit", reverse("study:unit", args=[c1]), reverse("study:unit", args=[c2]), "province"),
        ("study stats", reverse("study:stats", args=[c1]), reverse("study:stats", args=[p]), "province"),
        ("reviews", reverse("reviews:home"), reverse("reviews:home"), start),
        ("reviews unit", reverse("reviews:node", args=[c1]), reverse("reviews:node", args=[c2]), "province"),
        ("dashboard", reverse("reviews:dashboard", args=[c1]), reverse("reviews:dashboard", args=[p]), "province"),
    ]


def shown(html: str) -> list[str]:
    return [name for name in OUTSIDE if name in html]


def test_lists_of_hoa_an_show_nothing_of_binh_minh(world, outside, client):
    checked = 0
    for role in VIEWERS:
        client.force_login(getattr(world, role))
        for what, url, _control, _reader in pages(world):
            response = client.get(url, follow=True)
            if response.status_code != 200:
                continue  # not this role's page (the permission matrices check the codes)
            assert shown(response.content.decode()) == [], f"{what} as {role} shows another commune's rows"
            checked += 1
    assert checked >= 30


def test_the_province_sees_binh_minh_on_the_same_pages(world, outside, client):
    """The control: each page does list such rows to someone entitled to them."""
    blind = []
    for what, _url, control, reader in pages(world):
        client.force_login(outside[reader])
        response = client.get(control, follow=True)
        assert response.status_code == 200, what
        if not shown(response.content.decode()):
            blind.append(what)
    assert blind == [], ", ".join(blind)
