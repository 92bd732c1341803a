"""The base layout in Chromium: phone menu, Vietnamese labels, no sideways scroll, icons served."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from django.urls import resolve
from playwright.sync_api import expect

from tests.conftest import assert_fits, login

pytestmark = pytest.mark.e2e

MENU_LABELS = ["Trang chủ", "Tổ chức đảng", "Cán bộ, đảng viên", "Nhật ký thay đổi", "Mật khẩu", "Đăng xuất"]


def not_built_yet(url: str) -> bool:
    """Pages of the tree still served by the skeleton's placeholder view (it answers 404)."""
    return resolve(urlsplit(url).path).func.__name__ == "_missing"


def open_menu(page, viewport: str) -> None:
    """On a phone the menu hides behind the "Menu" button ("Danh mục"); on a desktop it is always shown."""
    if viewport == "phone":
        page.click("summary.menu-button")
    page.locator(".menu").wait_for(state="visible")


def test_home_menu_and_icons(page, live_server, world_tx, viewport):
    login(page, live_server, "canbo_xa")
    expect(page.locator("h1")).to_contain_text("Xin chào")
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.get_by_text("Cấp ủy viên").is_visible()  # the role, translated
    assert page.get_by_role("link", name="Tổ chức đảng").first.is_visible()  # the home page's tile

    menu_button = page.locator("summary.menu-button")
    if viewport == "phone":
        assert_fits(page, 360)
        assert menu_button.is_visible()
        assert menu_button.inner_text().strip() == "Danh mục"
        assert page.locator(".menu").is_hidden()
        box = menu_button.bounding_box()
        assert box is not None and box["height"] >= 44
    else:
        assert menu_button.is_hidden()
        assert page.locator(".menu").is_visible()
        topbar = page.locator(".topbar").bounding_box()
        assert topbar is not None and topbar["height"] < 160  # brand, account row, two rows of links

    open_menu(page, viewport)
    menu_text = page.locator(".menu").inner_text()
    for label in MENU_LABELS:
        assert label in menu_text
    if viewport == "phone":
        assert_fits(page, 360)
        for link in page.locator(".menu-list a").all():
            box = link.bounding_box()
            assert box is not None and box["height"] >= 44, link.inner_text()

    # Every menu link answers (the browser's session is used for these requests).
    hrefs = page.locator(".menu-list a").evaluate_all("links => links.map(a => a.href)")
    assert len(hrefs) >= 5
    for href in hrefs:
        if not_built_yet(href):
            continue
        assert page.request.get(href).status == 200, href

    # The icons come from our own sprite, which answers 200 as an SVG.
    use = page.locator("svg.icon use").first.get_attribute("href")
    assert use is not None and use.startswith("/static/") and "#" in use
    sprite = page.request.get(live_server.url + use.split("#")[0])
    assert sprite.status == 200
    assert "svg" in sprite.headers["content-type"]
    width = page.locator(".menu-list svg.icon").first.evaluate("el => el.getBoundingClientRect().width")
    assert width > 10
    assert page.evaluate("performance.getEntriesByType('resource').some(e => e.name.includes('icons.svg'))")

    page.locator(".menu").get_by_role("link", name="Nhật ký thay đổi").click()
    expect(page).to_have_url(re.compile(r"/org/audit/$"))
    if viewport == "phone":
        assert_fits(page, 360)


def test_language_switch_and_logout(page, live_server, world_tx, viewport):
    login(page, live_server, "canbo_xa")
    expect(page.locator("h1")).to_contain_text("Xin chào")
    open_menu(page, viewport)
    page.click(".menu-list button[value=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text("Hello")
    open_menu(page, viewport)
    assert "Log out" in page.locator(".menu").inner_text()
    page.click(".menu-list button[value=vi]")
    expect(page.locator("h1")).to_contain_text("Xin chào")
    open_menu(page, viewport)
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    if viewport == "phone":
        assert_fits(page, 360)


def test_skip_link_moves_focus_to_the_content(page, live_server, world_tx, viewport):
    login(page, live_server, "canbo_xa")
    expect(page.locator("h1")).to_contain_text("Xin chào")  # the home page has loaded
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    expect(skip).to_have_text("Chuyển đến nội dung chính")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
