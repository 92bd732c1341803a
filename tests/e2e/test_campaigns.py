"""Browser path of the ethical standards: the commune publishes a model, a cell adapts and edits it.

canbo_xa (committee of commune C1) writes a model set of standards for the cells; bithu_a
(secretary of cell A) finds it under "from higher levels", copies it into the cell, edits the
copy, and reads the history: lines added and removed against the model. At 360 px and desktop.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from lamtheo.campaigns.models import EthicalStandard
from tests.conftest import assert_fits, login

pytestmark = pytest.mark.e2e

MODEL = [
    "Trung thành với Đảng, tận tụy phục vụ Nhân dân",
    "Cần, kiệm, liêm, chính, chí công vô tư",
    "Gương mẫu nơi cư trú, giữ gìn đoàn kết",
]
ADDED = "Tham gia vệ sinh đường làng ngày chủ nhật cuối tháng"


def fits(page, viewport) -> None:
    if viewport == "phone":
        assert_fits(page, 360)


def test_commune_publishes_a_model_and_a_cell_adapts_it(page, live_server, world_tx, viewport):
    # 1. the commune committee member writes a model set for the cells
    login(page, live_server, "canbo_xa")
    page.goto(f"{live_server.url}/campaign/")
    expect(page.locator("h1")).to_have_text("Đảng ủy xã Hòa An")
    page.locator(".cmp-tabs").get_by_role("link", name="Chuẩn mực đạo đức").click()
    fits(page, viewport)
    page.get_by_role("link", name="Thêm bộ chuẩn mực").click()
    page.get_by_label("Tên").fill("Chuẩn mực đạo đức mẫu cho các chi bộ")
    page.get_by_label("Các chuẩn mực").fill("\n".join(MODEL))
    page.get_by_label("Ban hành làm mẫu để các đơn vị cấp dưới vận dụng").check()
    fits(page, viewport)
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu bộ chuẩn mực")
    expect(page.locator("main")).to_contain_text("đã ban hành làm mẫu cho cấp dưới")
    expect(page.locator("ol.cmp-items li")).to_have_count(3)
    fits(page, viewport)

    # 2. the secretary of cell A finds it among the standards from higher levels and adapts it
    page.context.clear_cookies()
    login(page, live_server, "bithu_a")
    page.goto(f"{live_server.url}/campaign/")
    expect(page.locator("h1")).to_have_text("Chi bộ thôn 1")
    page.locator(".cmp-tabs").get_by_role("link", name="Chuẩn mực đạo đức").click()
    above = page.locator("section[aria-labelledby=cmp-above]")
    expect(above).to_contain_text("Chuẩn mực đạo đức mẫu cho các chi bộ")
    expect(above).to_contain_text("Đảng ủy xã Hòa An")
    fits(page, viewport)
    above.get_by_role("link", name="Vận dụng cho đơn vị").click()
    expect(page.locator("h1")).to_have_text("Vận dụng chuẩn mực mẫu")
    expect(page.get_by_label("Vận dụng cho đơn vị")).to_have_value(str(world_tx.cell_a.pk))
    page.get_by_label("Tên").fill("Chuẩn mực đạo đức của Chi bộ thôn 1")
    fits(page, viewport)
    page.get_by_role("button", name="Sao chép và chỉnh sửa").click()

    # 3. the copy opens for editing: drop one line, add one of the village's own
    expect(page.locator(".messages")).to_contain_text("Đã sao chép bản mẫu cho Chi bộ thôn 1")
    expect(page.locator(".notice")).to_contain_text("Vận dụng từ mẫu của Đảng ủy xã Hòa An (phiên bản 1)")
    body = page.get_by_label("Các chuẩn mực")
    expect(body).to_have_value("\n".join(MODEL))
    body.fill("\n".join([MODEL[0], MODEL[2], ADDED]))
    fits(page, viewport)
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator(".messages")).to_contain_text("phiên bản 2")
    comparison = page.locator("section[aria-labelledby=cmp-vs-model]")
    expect(comparison).to_contain_text("thêm 1 dòng")
    expect(comparison).to_contain_text("bỏ 1 dòng")
    fits(page, viewport)

    # 4. the history: against the model, and version 2 against version 1
    page.get_by_role("link", name="Lịch sử phiên bản").click()
    expect(page.locator("h1")).to_have_text("Lịch sử thay đổi")
    model_part = page.locator("#cmp-model-section")
    expect(model_part.locator("li.cmp-added")).to_have_text(re.compile(ADDED))
    expect(model_part.locator("li.cmp-removed")).to_have_text(re.compile(MODEL[1]))
    version2 = page.locator("section.cmp-version").first
    expect(version2.locator("h2")).to_have_text("Phiên bản 2")
    expect(version2.locator("li.cmp-added")).to_have_count(1)
    expect(version2.locator("li.cmp-removed")).to_have_count(1)
    fits(page, viewport)

    copy = EthicalStandard.objects.get(organization=world_tx.cell_a)
    assert copy.adapted_from.organization == world_tx.commune
    assert (copy.adapted_from_version, copy.version, copy.versions.count()) == (1, 2, 2)
    model = copy.adapted_from
    assert model.body == "\n".join(MODEL) and model.version == 1
