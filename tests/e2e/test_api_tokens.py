"""Browser path of the API (issue 17) at 360 px: the secretary creates a token on the page, a client
uses it, the secretary revokes it; the vendored API documentation renders without any CDN."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import PHONE, assert_fits, login

pytestmark = pytest.mark.e2e


def test_secretary_creates_uses_and_revokes_a_token(page, live_server, world_tx):
    page.set_viewport_size(PHONE)
    login(page, live_server, "bithu_a")
    page.goto(f"{live_server.url}/api/tokens/")
    expect(page.locator("h1")).to_have_text("Mã truy cập API")
    page.get_by_label("Tên").fill("Bảng theo dõi của chi bộ")
    page.get_by_label("Hiệu lực (số ngày)").fill("30")
    page.get_by_role("button", name="Tạo").click()
    key = page.locator("#token-key").inner_text().strip()
    assert key.startswith("lt_")
    assert_fits(page, 360)
    url = f"{live_server.url}/api/v1/organizations/C1-A/"
    answer = page.request.get(url, headers={"Authorization": f"Token {key}"})
    assert answer.status == 200 and answer.json()["name"] == "Chi bộ thôn 1"
    page.get_by_role("button", name="Thu hồi").click()
    expect(page.locator(".messages")).to_contain_text("Đã thu hồi mã “Bảng theo dõi của chi bộ”")
    assert page.request.get(url, headers={"Authorization": f"Token {key}"}).status == 401
    page.goto(f"{live_server.url}/api/docs/")
    expect(page.locator(".swagger-ui .title")).to_contain_text("lamtheo API", timeout=15000)
