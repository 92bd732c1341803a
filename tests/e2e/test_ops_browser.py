"""Browser path under the Content-Security-Policy at 360 px: log in on a shared device, search with
htmx, tick a whole cell present — and the browser reports no CSP violation on the way."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import PASSWORD, PHONE, assert_fits
from tests.study_fixtures import make_session, make_theme

pytestmark = pytest.mark.e2e


def test_shared_device_login_htmx_and_tick_all_under_csp(page, live_server, world_tx, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    session = make_session(world_tx.commune, make_theme(world_tx.province), day=timezone.localdate())
    page.set_viewport_size(PHONE)
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "canbo_xa")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_label("Thiết bị dùng chung").check()
    page.click("button[type=submit]")
    page.wait_for_load_state()
    cookie = next(c for c in page.context.cookies() if c["name"] == "sessionid")
    assert 0 < cookie["expires"] - timezone.now().timestamp() <= 30 * 60 + 5  # ends after 30 idle minutes
    expect(page.get_by_text("Danh mục")).to_be_visible()

    page.goto(f"{live_server.url}/org/people/")
    page.locator("#id_q").press_sequentially("cuong", delay=40)  # htmx, under script-src 'self'
    expect(page.locator("ul.people-results li")).to_have_count(1)

    page.goto(f"{live_server.url}/study/classes/{session.pk}/attendance/?cell={world_tx.cell_a.pk}")
    boxes = page.locator("#st-roll-boxes input[type=checkbox]")
    expect(boxes).to_have_count(3)
    page.get_by_role("button", name="Đánh dấu tất cả").click()  # the static tick-all.js ran
    for index in range(3):
        expect(boxes.nth(index)).to_be_checked()
    assert_fits(page, 360)
    page.get_by_role("button", name="Lưu danh sách").click()
    page.wait_for_load_state()
    expect(page.get_by_text("Đã ghi 3 người của Chi bộ thôn 1 có mặt.")).to_be_visible()
    assert violations == []
