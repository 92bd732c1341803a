"""Browser paths of issue 18 (forms that never lose a word), on a 360 px phone in Chromium:

- offline: type, save, reload (the page comes from the service worker), the draft is back; the
  notebook reads offline and reminds of the unsent form; when the connection returns it is sent
  and the draft on the device is cleared;
- the session expires while typing (CSRF cookie gone too): saving leads to the login page, and after
  logging in the form comes back with the draft; the record changed meanwhile, so the draft is only
  used when chosen; three taps on a slow-3G line send one POST, the button says "Đang gửi…";
- a registration done with the keyboard only (error summary, numeric dates, an item added with
  htmx keeping focus), on a slow-3G profile (CDP), within the page-weight budget once cached.

axe-core runs on every page these tests open and must find no WCAG 2.1 AA violation.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lamtheo.notebook.models import Registration
from tests.conftest import PASSWORD, PHONE, assert_fits
from tests.e2e.axe import assert_no_violations
from tests.notebook_reg_fixtures import SPECIFIC, SPECIFIC_2, register

pytestmark = pytest.mark.e2e

SLOW_3G = {"offline": False, "latency": 400, "downloadThroughput": 400 * 1024 / 8, "uploadThroughput": 400 * 1024 / 8}
CLEAR_OF_BAR = """() => {
  const el = document.activeElement, bar = document.querySelector('.reg-submit');
  if (!bar || !el || bar.contains(el) || getComputedStyle(bar).position !== 'sticky') return true;
  const b = bar.getBoundingClientRect(), r = el.getBoundingClientRect();
  return r.bottom <= b.top || r.top >= b.bottom;
}"""
DRAFTS = "Object.keys(localStorage).filter(k => k.startsWith('lamtheo:draft:')).length"


def phone(browser):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", bypass_csp=True)
    return context, context.new_page()


def log_in(page, live_server, username="dangvien_an", next_url=""):
    page.goto(f"{live_server.url}/accounts/login/{next_url}")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def edit_url(live_server, world) -> str:
    return f"{live_server.url}/notebook/person/{world.an.pk}/{timezone.localdate().year}/edit/"


def test_offline_draft_survives_a_reload_and_is_sent_when_back_online(browser, live_server, world_tx):
    context, page = phone(browser)
    try:
        log_in(page, live_server)
        page.goto(edit_url(live_server, world_tx))
        page.wait_for_function("navigator.serviceWorker.ready.then(() => true)")
        page.reload()  # now under the service worker, which keeps the page for offline use
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        assert_no_violations(page)

        context.set_offline(True)
        text = page.locator("textarea[name='items-0-text']")
        text.fill(SPECIFIC)
        expect(page.locator(".draft-status")).to_contain_text("Đã lưu trên máy này")
        page.locator("textarea[name='items-0-text']").blur()  # leaving the field asks for advice: it cannot
        expect(page.locator(".reg-advice-slot").first).to_contain_text("Chưa kiểm tra được")
        page.click("button:has-text('Lưu và gửi chi ủy')")
        expect(page.locator(".draft-status")).to_contain_text("Không có mạng")
        assert page.url == edit_url(live_server, world_tx)  # no browser error page

        page.reload()  # offline: the service worker answers from its cache
        expect(page.locator("textarea[name='items-0-text']")).to_have_value(SPECIFIC)
        expect(page.locator(".draft-notice")).to_contain_text("Đã khôi phục")
        expect(page.locator(".draft-status")).to_contain_text("Đang chờ có mạng")
        assert_fits(page, 360)
        assert_no_violations(page)
        assert not Registration.objects.exists()

        page.goto(f"{live_server.url}/notebook/")  # still offline: the member's notebook reads from the cache
        expect(page.locator("h1")).to_contain_text("Sổ tay “Làm theo gương Bác”")
        reminder = page.locator(".draft-notice")
        expect(reminder).to_contain_text("chưa gửi")
        assert_no_violations(page)
        reminder.locator("a:has-text('Mở để gửi')").click()
        expect(page.locator("textarea[name='items-0-text']")).to_have_value(SPECIFIC)

        context.set_offline(False)  # back online: the kept submission goes by itself
        expect(page.locator(".messages")).to_contain_text("Bản đăng ký đã được gửi chi ủy.")
        expect(page.locator(".draft-flash")).to_contain_text("Đã gửi")
        assert page.evaluate(DRAFTS) == 0
        assert_no_violations(page)
        reg = Registration.objects.get(person=world_tx.an)
        assert reg.state == "submitted" and [p.text for p in reg.pledges.all()] == [SPECIFIC]
    finally:
        context.close()


def test_session_expiry_keeps_the_draft_and_three_taps_save_once(browser, live_server, world_tx):
    context, page = phone(browser)
    try:
        log_in(page, live_server)
        page.goto(edit_url(live_server, world_tx))
        page.fill("textarea[name='items-0-text']", SPECIFIC)
        expect(page.locator(".draft-status")).to_contain_text("Đã lưu trên máy này")
        context.clear_cookies()  # the session ends (expiry, or a logout in another tab)

        page.click("button:has-text('Lưu bản nháp') >> nth=-1")
        page.wait_for_url("**/accounts/login/**")
        assert_no_violations(page)
        page.click("button:has-text('Hiện mật khẩu')")
        expect(page.locator("input[name=password]")).to_have_attribute("type", "text")
        page.fill("input[name=username]", "dangvien_an")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(edit_url(live_server, world_tx))
        expect(page.locator("textarea[name='items-0-text']")).to_have_value(SPECIFIC)  # the draft is back
        expect(page.locator(".draft-notice")).to_contain_text("Đã khôi phục")
        assert not Registration.objects.exists()
        assert_no_violations(page)

        # Meanwhile the secretary enters a registration for An: the draft is older than the record.
        register(world_tx.secretary, person=world_tx.an, texts=[SPECIFIC_2])
        page.reload()
        choice = page.locator(".draft-notice[role=alert]")
        expect(choice).to_contain_text("đã thay đổi sau khi đồng chí bắt đầu viết bản nháp")
        expect(page.locator("textarea[name='items-0-text']")).to_have_value(SPECIFIC_2)  # nothing overwritten
        assert_no_violations(page)
        choice.locator("button:has-text('Dùng bản nháp của tôi')").click()
        expect(page.locator("textarea[name='items-0-text']")).to_have_value(SPECIFIC)

        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
        posts = []
        page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
        label, disabled = page.evaluate(
            "() => new Promise(done => { const b = [...document.querySelectorAll('button[name=save]')].pop();"
            " b.click(); b.click(); b.click();"
            " setTimeout(() => done([b.textContent.trim(), b.disabled]), 30); })"
        )
        assert (label, disabled) == ("Đang gửi…", True)  # while the slow line carries the one POST
        expect(page.locator(".messages")).to_contain_text("Đã lưu bản đăng ký", timeout=20_000)
        assert len(posts) == 1, posts
        reg = Registration.objects.get(person=world_tx.an)
        assert reg.version == 2 and reg.state == "draft"  # one save over the secretary's, chosen knowingly
        assert [p.text for p in reg.pledges.all()] == [SPECIFIC]
        assert page.evaluate(DRAFTS) == 0
    finally:
        context.close()


def test_keyboard_only_registration_on_slow_3g(browser, live_server, world_tx):
    context, page = phone(browser)
    try:
        log_in(page, live_server)
        page.goto(f"{live_server.url}/notebook/")  # first visit: the shell is cached
        page.wait_for_function("navigator.serviceWorker.ready.then(() => true)")
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)
        page.reload()
        weight = page.evaluate(
            "performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'))"
            ".reduce((sum, e) => sum + (e.transferSize || 0), 0)"
        )
        assert weight < 20 * 1024, f"{weight} bytes transferred after the first visit"

        page.goto(edit_url(live_server, world_tx))

        def tab_to(predicate: str, limit: int = 40) -> None:
            for _ in range(limit):
                page.keyboard.press("Tab")
                # every focus stop on the way is visible: the sticky save bar never covers it
                assert page.evaluate(CLEAR_OF_BAR), page.evaluate("document.activeElement.outerHTML.slice(0, 120)")
                if page.evaluate(f"(el => {predicate})(document.activeElement)"):
                    return
            raise AssertionError(f"no focus stop matching {predicate}")

        tab_to("el.name === 'items-0-text'")
        page.keyboard.type(SPECIFIC)
        tab_to("el.name === 'items-0-deadline'")
        assert page.evaluate("document.activeElement.inputMode") == "numeric"
        page.keyboard.type("31022026")  # digits only, as on a numeric keypad: slashes come by themselves
        expect(page.locator("input[name='items-0-deadline']")).to_have_value("31/02/2026")
        tab_to("el.name === 'add_row'")
        page.keyboard.press("Enter")  # htmx redraws the items only; focus goes to the new item
        page.wait_for_function("document.activeElement && document.activeElement.name === 'items-1-text'")
        page.keyboard.type(SPECIFIC_2)
        tab_to("el.name === 'submit'")
        page.keyboard.press("Enter")
        page.wait_for_load_state()
        summary = page.locator(".error-summary")
        expect(summary).to_be_focused()  # the wrong date: the summary takes focus and names the field
        expect(summary).to_contain_text("Thời hạn")
        assert_no_violations(page)
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # the summary's link leads to the field
        page.wait_for_function("document.activeElement && document.activeElement.name === 'items-0-deadline'")
        page.keyboard.press("Control+a")
        page.keyboard.type(f"30/06/{timezone.localdate().year}")
        tab_to("el.name === 'submit'")
        page.keyboard.press("Enter")
        expect(page.locator(".messages")).to_contain_text("Bản đăng ký đã được gửi chi ủy.", timeout=20_000)
        assert_no_violations(page)
        reg = Registration.objects.get(person=world_tx.an)
        assert reg.state == "submitted" and reg.pledges.count() == 2
    finally:
        context.close()
