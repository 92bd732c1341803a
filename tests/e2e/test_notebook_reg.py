"""Browser paths of the registrations (đăng ký làm theo), on a phone at 360 px (and a desktop):

- the member registers two items, sees the advice while typing, and sends them to the committee;
- the secretary returns a registration with comments, the member fixes it, the secretary approves;
  then the secretary enters a registration for Bình (no phone) and the notebook shows it.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lamtheo.notebook.models import Registration
from tests.conftest import PHONE, assert_fits, login
from tests.notebook_reg_fixtures import SPECIFIC, SPECIFIC_2, VAGUE, register

pytestmark = pytest.mark.e2e


def fits(page, viewport="phone"):
    if viewport == "phone":
        assert_fits(page, 360)


def test_member_registers_two_items_with_advice_while_typing(page, live_server, world_tx, viewport):
    login(page, live_server, "dangvien_an")
    page.click("main a:has-text('Sổ tay của tôi')")  # the home page tile
    expect(page.locator("h1")).to_contain_text("Sổ tay “Làm theo gương Bác”")
    expect(page.locator("main")).to_contain_text("Đồng chí chưa đăng ký làm theo cho năm này.")
    fits(page, viewport)
    page.click("a:has-text('Đăng ký việc làm theo')")
    expect(page.locator("h1")).to_contain_text("Đăng ký làm theo năm")
    fits(page, viewport)

    first = page.locator("fieldset.reg-row").nth(0)
    first.locator("textarea").press_sequentially(VAGUE, delay=10)  # no click elsewhere: htmx checks after a pause
    advice = first.locator(".reg-advice-slot")
    expect(advice).to_contain_text("Góp ý: mục này còn chung chung.")
    expect(advice).to_contain_text("Còn chung chung")
    fits(page, viewport)
    first.locator("textarea").fill("")
    first.locator("textarea").press_sequentially(SPECIFIC, delay=5)
    expect(advice).to_contain_text("Đã cụ thể")
    first.get_by_label("Chỉ tiêu, cách đo").fill("24 mẩu chuyện trong năm")

    page.click("button:has-text('Thêm mục')")  # plain POST: the form comes back with a second row
    rows = page.locator("fieldset.reg-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0).locator("textarea")).to_have_value(SPECIFIC)
    second = rows.nth(1)
    second.locator("textarea").press_sequentially(SPECIFIC_2, delay=5)
    expect(second.locator(".reg-advice-slot")).to_contain_text("Đã cụ thể")
    second.get_by_label("Thời hạn").fill(f"30/06/{timezone.localdate().year}")
    fits(page, viewport)
    page.click("button:has-text('Lưu và gửi chi ủy')")

    expect(page.locator(".messages")).to_contain_text("Bản đăng ký đã được gửi chi ủy.")
    card = page.locator("section.reg-card")
    expect(card.locator(".reg-state")).to_have_text("Đã gửi")
    expect(card.locator("li.reg-item")).to_have_count(2)
    expect(card).to_contain_text("24 mẩu chuyện trong năm")
    expect(page.locator(".reg-history")).to_contain_text("Gửi chi ủy")
    fits(page, viewport)
    reg = Registration.objects.get(person=world_tx.an)
    assert reg.state == "submitted" and [p.verdict for p in reg.pledges.order_by("position")] == ["specific"] * 2


def test_secretary_returns_member_fixes_secretary_approves_and_enters_for_binh(browser, live_server, world_tx):
    register(world_tx.member, person=world_tx.an, texts=[VAGUE], submit=True)
    secretary = browser.new_context(viewport=PHONE, locale="vi-VN").new_page()
    member = browser.new_context(viewport=PHONE, locale="vi-VN").new_page()
    try:
        login(secretary, live_server, "bithu_a")
        secretary.goto(f"{live_server.url}/notebook/")
        secretary.click(".reg-review-links a:has-text('Chi bộ thôn 1')")
        expect(secretary.locator("h1")).to_contain_text("Chi bộ thôn 1")
        an_row = secretary.locator("li.reg-row-item", has_text="Nguyễn Văn An")
        expect(an_row).to_contain_text("1 việc chung chung")
        fits(secretary)
        an_row.locator("a:has-text('Xem xét')").click()
        expect(secretary.locator("h1")).to_contain_text("Xem xét: Nguyễn Văn An")
        expect(secretary.locator(".reg-advice-slot")).to_contain_text("chung chung")
        secretary.get_by_label("Trả lại kèm ý kiến").check()
        secretary.click("button:has-text('Ghi quyết định')")
        expect(secretary.locator(".has-error")).to_contain_text("Hãy ghi rõ cần sửa gì")  # comments are required
        secretary.get_by_label("Trả lại kèm ý kiến").check()
        secretary.get_by_label("Ý kiến của chi ủy").fill("Mục 1 còn chung chung: ghi rõ việc gì, bao nhiêu.")
        fits(secretary)
        secretary.click("button:has-text('Ghi quyết định')")
        expect(secretary.locator(".messages")).to_contain_text("Đã trả lại bản đăng ký của Nguyễn Văn An")
        expect(secretary.locator(".reg-state")).to_have_text("Trả lại để sửa")

        login(member, live_server, "dangvien_an")
        member.goto(f"{live_server.url}/notebook/")
        expect(member.locator(".reg-comment")).to_contain_text("Mục 1 còn chung chung: ghi rõ việc gì, bao nhiêu.")
        fits(member)
        member.click("a:has-text('Sửa nội dung đăng ký')")
        expect(member.locator(".reg-comment")).to_contain_text("Mục 1 còn chung chung")
        text = member.locator("fieldset.reg-row textarea").first
        text.fill("")
        text.press_sequentially(SPECIFIC, delay=5)
        expect(member.locator(".reg-advice-slot").first).to_contain_text("Đã cụ thể")
        member.click("button:has-text('Lưu và gửi chi ủy')")
        expect(member.locator(".reg-state")).to_have_text("Đã gửi")

        secretary.goto(f"{live_server.url}/notebook/cell/{world_tx.cell_a.pk}/?state=submitted")
        secretary.locator("li.reg-row-item", has_text="Nguyễn Văn An").locator("a:has-text('Xem xét')").click()
        expect(secretary.locator("main")).to_contain_text(SPECIFIC)
        secretary.get_by_label("Duyệt", exact=True).check()
        secretary.click("button:has-text('Ghi quyết định')")
        expect(secretary.locator(".reg-state")).to_have_text("Đã duyệt")
        member.reload()
        expect(member.locator(".reg-state")).to_have_text("Đã duyệt")
        expect(member.locator(".reg-history")).to_contain_text("Trả lại kèm ý kiến")

        # Bình has no phone: the secretary enters for her, and her notebook says so.
        secretary.goto(f"{live_server.url}/notebook/cell/{world_tx.cell_a.pk}/")
        binh = secretary.locator("li.reg-row-item", has_text="Trần Thị Bình")
        expect(binh).to_contain_text("Chưa đăng ký")
        binh.locator("a:has-text('Nhập thay')").click()
        expect(secretary.locator(".reg-proxy-note")).to_contain_text("Đồng chí đang nhập thay cho Trần Thị Bình")
        secretary.locator("fieldset.reg-row textarea").first.press_sequentially(SPECIFIC_2, delay=5)
        fits(secretary)
        secretary.click("button:has-text('Lưu và gửi chi ủy')")
        expect(secretary.locator(".messages")).to_contain_text("Nhập thay cho Trần Thị Bình")
        expect(secretary.locator(".reg-proxy")).to_contain_text("Bí thư Lê Văn Thư nhập thay.")
        expect(secretary.locator(".reg-history .reg-onbehalf").first).to_have_text("nhập thay")
        fits(secretary)
        reg = Registration.objects.get(person=world_tx.binh)
        assert reg.state == "submitted" and reg.entered_by == world_tx.secretary
    finally:
        secretary.context.close()
        member.context.close()
