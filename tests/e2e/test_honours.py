"""Browser path of exemplars at 360 px: a commune officer decides the nominations its cells sent —
rewards one (a missing decision number is answered at the field first) and proposes the other to
the province — then opens the decision with its list."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import PHONE, assert_fits, login
from tests.honours_fixtures import FIRST, LAST, defaults

pytestmark = pytest.mark.e2e


def test_a_commune_decides_its_cells_nominations_on_a_phone(page, live_server, world_tx):
    from lamtheo.honours import services
    from lamtheo.honours.models import Nomination

    person_cat, _both, collective_cat, _letter, _medal = defaults()
    w = world_tx
    for proposer, actor, extra in (
        (w.cell_a, w.secretary, {"person": w.an, "category": person_cat}),
        (w.cell_b, w.commune_officer, {"unit": w.cell_b, "category": collective_cat}),
    ):
        item = services.create_nomination(
            actor=actor, proposer=proposer, date_from=FIRST, date_to=LAST, achievements="Vận động hiến đất.", **extra
        )
        services.submit_nomination(actor=actor, nomination=item, expected_version=1)
    page.set_viewport_size(PHONE)
    login(page, live_server, "canbo_xa")
    page.goto(f"{live_server.url}/honours/")
    expect(page.locator("h1")).to_have_text("Điển hình tiên tiến: đề nghị, quyết định và kỷ yếu")
    page.get_by_role("link", name="Đảng ủy xã Hòa An").click()
    incoming = page.locator("#ho-incoming + form + .ho-list")
    expect(incoming.locator(".ho-row")).to_have_count(2)
    assert_fits(page, 360)

    # Reward An: without a decision number the form answers at the field, nothing saved.
    page.get_by_role("link", name="Nguyễn Văn An").click()
    page.get_by_role("link", name="Xét").click()
    page.get_by_label("Khen thưởng tại cấp này").check()
    page.select_option("#id_reward_form", label="Giấy khen")
    assert_fits(page, 360)
    page.get_by_role("button", name="Ghi quyết định").click()
    expect(page.locator(".has-error")).to_contain_text("Nhập số quyết định khen thưởng.")
    page.fill("#id_number", "15-QĐ/ĐU")
    page.fill("#id_decided_on", timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Ghi quyết định").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi kết quả xét.")
    expect(page.locator("[data-nomination] .ho-state").first).to_have_text("Đã khen thưởng")

    # Propose the cell of thôn 2 to the province.
    page.get_by_role("link", name="Chi bộ thôn 2").first.click()
    page.get_by_role("link", name="Xét").click()
    page.get_by_label("Đề nghị cấp trên").check()
    page.fill("#id_reason", "Tập thể tiêu biểu, đề nghị Tỉnh ủy tặng Bằng khen.")
    page.get_by_role("button", name="Ghi quyết định").click()
    expect(page.locator("#ho-forwarded + .ho-list")).to_contain_text("Chi bộ thôn 2")
    expect(incoming.locator(".ho-row")).to_have_count(1)
    assert_fits(page, 360)
    assert Nomination.objects.get(unit=w.cell_b).level_id == w.province.pk

    # The decision and its list.
    page.get_by_role("link", name="Quyết định 15-QĐ/ĐU").click()
    expect(page.locator("h1")).to_have_text("Quyết định 15-QĐ/ĐU")
    expect(page.locator("table")).to_contain_text("Nguyễn Văn An")
    assert_fits(page, 360)
