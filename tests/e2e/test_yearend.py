"""Browser path of the masses' comments, on a phone at 360 px: a villager without an account
opens the round's link, comments on a leader, is thanked and cannot comment twice on the same
person; the secretary (bithu_a) opens the round, sees the comment (script shown as text),
upholds it and dismisses another with a reason; the upheld comment is a shortcoming in the
person's notebook, and the person reads it on their own page without who wrote it.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from lamtheo.notebook.models import Shortcoming
from lamtheo.yearend.models import CommentStatus, MassComment
from tests.conftest import PHONE, assert_fits, login
from tests.yearend_fixtures import ensure_rows, make_comment, make_round

pytestmark = pytest.mark.e2e

COMMENT = "Đồng chí cần xuống thôn thường xuyên hơn <b>để nghe</b> bà con."


def test_a_villager_comments_and_the_secretary_moderates(browser, live_server, world_tx):
    world = world_tx
    ensure_rows()
    round_, subjects = make_round(world.cell_a, [world.an, world.binh])
    other = make_comment(subjects[1], text="Ý kiến không đúng đối tượng góp ý.")
    link = f"{live_server.url}/yearend/c/{round_.token}/"

    villager = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = villager.new_page()
    secretary = browser.new_context(locale="vi-VN", viewport=PHONE)
    sec = secretary.new_page()
    try:
        page.goto(link)
        expect(page.locator("h1")).to_contain_text("Góp ý cho đảng viên, cán bộ")
        assert_fits(page, 360)
        page.select_option("select[name=subject]", label="Nguyễn Văn An")
        page.fill("textarea[name=text]", COMMENT)
        page.click("button:has-text('Gửi ý kiến')")
        expect(page.locator(".ye-thanks")).to_contain_text("Cảm ơn bạn")
        assert COMMENT not in page.content()  # nobody reads comments on the link, not even one's own
        assert_fits(page, 360)
        page.select_option("select[name=subject]", label="Nguyễn Văn An")
        page.fill("textarea[name=text]", "Góp ý thêm lần nữa cho cùng người.")
        page.click("button:has-text('Gửi ý kiến')")
        expect(page.locator(".errors")).to_contain_text("Bạn đã góp ý cho người này rồi.")

        login(sec, live_server, "bithu_a")
        sec.goto(f"{live_server.url}/yearend/round/{round_.pk}/")
        comment = MassComment.objects.get(subject=subjects[0])
        item = sec.locator(f"#comment-{comment.pk}")
        expect(item.locator(".ye-text")).to_contain_text("<b>để nghe</b>")  # markup stays text
        expect(sec.locator("img.ye-qr")).to_be_visible()
        assert_fits(sec, 360)
        item.locator("button[value=uphold]").click()
        expect(sec.locator(".messages")).to_contain_text("Đã ghi quyết định.")
        dismissed = sec.locator(f"#comment-{other.pk}")
        dismissed.locator("input[name=reason]").fill("Không đúng đối tượng")
        dismissed.locator("button[value=dismiss]").click()
        expect(sec.locator(f"#comment-{other.pk}")).to_contain_text("Không đúng đối tượng")
        assert_fits(sec, 360)

        comment.refresh_from_db()
        other.refresh_from_db()
        assert comment.status == CommentStatus.UPHELD and other.status == CommentStatus.DISMISSED
        assert Shortcoming.objects.get(pk=comment.shortcoming_id).person_id == world.an.pk

        member = browser.new_context(locale="vi-VN", viewport=PHONE)
        an = member.new_page()
        login(an, live_server, "dangvien_an")
        an.goto(f"{live_server.url}/yearend/")
        expect(an.locator("main")).to_contain_text("để nghe")
        expect(an.locator("main")).not_to_contain_text("Tại hội nghị")
        assert_fits(an, 360)
        member.close()
    finally:
        villager.close()
        secretary.close()
