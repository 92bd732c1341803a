"""Browser path of the people search: live results as you type, and the same without JavaScript."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import PHONE, assert_fits, login

pytestmark = pytest.mark.e2e


def test_search_as_you_type_without_diacritics(page, live_server, world_tx, viewport):
    login(page, live_server, "canbo_xa")
    page.goto(f"{live_server.url}/org/people/")
    expect(page.locator("ul.people-results li")).to_have_count(4)  # everyone of the commune
    page.locator("#id_q").press_sequentially("nguyen van an", delay=40)  # no Enter: htmx updates the list
    results = page.locator("ul.people-results li")
    expect(results).to_have_count(1)
    expect(results).to_contain_text("Nguyễn Văn An")
    expect(results).to_contain_text("Chi bộ thôn 1")
    assert "q=nguyen" in page.url  # pushed to the address bar: back and reload keep the search
    if viewport == "phone":
        assert_fits(page, 360)

    results.locator("a").click()
    expect(page.locator("h1")).to_have_text("Nguyễn Văn An")
    if viewport == "phone":
        assert_fits(page, 360)


def test_search_works_without_javascript(browser, live_server, world_tx):
    context = browser.new_context(java_script_enabled=False, locale="vi-VN", viewport=PHONE)
    page = context.new_page()
    try:
        login(page, live_server, "canbo_xa")
        page.goto(f"{live_server.url}/org/people/")
        page.fill("#id_q", "CUONG")
        page.click("main form[role=search] button[type=submit]")
        page.wait_for_load_state()
        results = page.locator("ul.people-results li")
        expect(results).to_have_count(1)
        expect(results).to_contain_text("Phạm Quốc Cường")
        assert_fits(page, 360)
    finally:
        context.close()
