"""Base layout: icon tag, menu by role, vendored assets served by us (no CDN)."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client
from django.urls import reverse

from lamtheo.core.templatetags.icons import available_icons

NEEDED = [
    "house",
    "diagram-3",
    "people",
    "person",
    "search",
    "upload",
    "download",
    "key",
    "box-arrow-right",
    "shield-lock",
    "clock-history",
    "chevron-right",
    "chevron-down",
    "plus-lg",
    "pencil",
    "arrows-move",
    "x-circle",
    "journal-text",
    "check-circle",
    "exclamation-triangle",
]


def render(template: str, **context: object) -> str:
    return Template("{% load icons %}" + template).render(Context(context))


def test_sprite_holds_every_icon_we_use():
    assert set(NEEDED) <= available_icons()


def test_icon_tag_renders_a_decorative_svg():
    html = render('{% icon "house" %}')
    assert html == (
        '<svg class="icon" aria-hidden="true" focusable="false">'
        '<use href="/static/vendor/bootstrap-icons/icons.svg#house"></use></svg>'
    )


def test_icon_tag_with_a_label_and_a_class():
    html = render('{% icon "search" "lg" label=text %}', text="Tìm <kiếm>")
    assert '<svg class="icon lg" role="img" aria-label="Tìm &lt;kiếm&gt;">' in html


def test_unknown_icon_fails_loudly_in_debug(settings):
    settings.DEBUG = True
    with pytest.raises(TemplateSyntaxError, match="not in"):
        render('{% icon "no-such-icon" %}')


def menu(html: str) -> str:
    return html[html.index('<nav class="menu"') : html.index("</nav>")]


def link(name: str, *args: object) -> str:
    return f'href="{reverse(name, args=args)}"'


@pytest.mark.django_db
def test_member_menu_has_profile_and_cell_only(world, client_for):
    html = menu(client_for(world.member).get(reverse("core:home")).content.decode())
    assert link("organizations:person", world.an.pk) in html
    assert link("organizations:detail", world.cell_a.pk) in html
    assert link("organizations:tree") not in html
    assert link("organizations:accounts") not in html


@pytest.mark.django_db
def test_secretary_menu_has_the_cell_not_the_tree(world, client_for):
    html = menu(client_for(world.outsider).get(reverse("core:home")).content.decode())
    assert link("organizations:detail", world.cell_d.pk) in html
    assert link("organizations:tree") not in html
    assert link("organizations:import") not in html


@pytest.mark.django_db
def test_committee_menu_has_tree_people_and_audit(world, client_for):
    html = menu(client_for(world.commune_officer).get(reverse("core:home")).content.decode())
    for name in ["organizations:tree", "organizations:people", "organizations:audit"]:
        assert link(name) in html
    assert link("organizations:accounts") not in html
    assert link("organizations:import") not in html


@pytest.mark.django_db
def test_admin_menu_has_everything(world, client_for):
    html = menu(client_for(world.admin).get(reverse("core:home")).content.decode())
    for name in ["tree", "people", "import", "accounts", "audit"]:
        assert link(f"organizations:{name}") in html


@pytest.mark.django_db
def test_judge_sees_the_unit_but_no_link_that_would_404(world, client_for):
    html = client_for(world.judge).get(reverse("core:home")).content.decode()
    assert "Đảng ủy xã Bình Minh" in html
    assert link("organizations:detail", world.commune2.pk) not in html
    assert link("organizations:tree") not in html


@pytest.mark.django_db
def test_page_has_skip_link_lang_and_current_page(world, client_for):
    html = client_for(world.member).get(reverse("core:home")).content.decode()
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert f'href="{reverse("core:home")}" aria-current="page"' in html
    assert f'action="{reverse("set_language")}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["member", "secretary", "commune_officer", "admin", "superuser"])
def test_home_and_menu_run_few_queries(world, client_for, django_assert_max_num_queries, who):
    """Session, user, role assignments, the user's person and cell, the top nodes, the meeting
    to-do list (three queries whatever the number of meetings) and the overdue inspection
    requirements (one query): no more."""
    client = client_for(getattr(world, who))
    with django_assert_max_num_queries(10):
        assert client.get(reverse("core:home")).status_code == 200


@pytest.mark.django_db
def test_collectstatic_with_manifest_serves_htmx_and_icons(settings, tmp_path):
    """With DEBUG off, htmx and the sprite come from our static files under hashed names."""
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    html = render("{% load django_htmx %}{% htmx_script %}" + '{% icon "house" %}')
    urls = re.findall(r'(?:src|href)="([^"#]+)', html)
    assert len(urls) == 2
    assert all(re.match(r"^/static/[\w/.-]+\.[0-9a-f]{12}\.(js|svg)$", url) for url in urls), urls
    assert any("htmx" in url for url in urls)
    assert (tmp_path / "vendor" / "bootstrap-icons" / "LICENSE").exists()
    client = Client()  # a new handler: WhiteNoise reads the new STATIC_ROOT
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("member", {"meetings:home", "study:index", "campaigns:home"}),
        ("secretary", {"meetings:home", "study:index", "campaigns:home", "reviews:home", "notebook:overview"}),
        ("commune_officer", {"meetings:home", "study:index", "campaigns:home", "reviews:home", "notebook:overview"}),
        ("judge", set()),
    ],
)
def test_menu_links_the_campaign_work_by_role(world, client_for, who, expected):
    """Each role's menu links the work areas it may open, and no other."""
    areas = {"meetings:home", "study:index", "campaigns:home", "reviews:home", "notebook:overview"}
    client = client_for(getattr(world, who))
    html = client.get(reverse("core:home")).content.decode()
    menu = html.split('<ul class="menu-list menu-main">', 1)[1].split("</ul>", 1)[0]
    overview_org = {"secretary": world.cell_a, "commune_officer": world.commune}.get(who)
    shown = set()
    for name in areas:
        url = reverse(name, args=[overview_org.pk]) if name == "notebook:overview" and overview_org else None
        url = url or (reverse(name) if name != "notebook:overview" else None)
        if url and f'href="{url}"' in menu:
            shown.add(name)
            assert client.get(url, follow=True).status_code == 200, url
    assert shown == expected
    if "reviews:home" in expected:
        assert "Sơ kết, tổng kết" in menu
