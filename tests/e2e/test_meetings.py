"""Browser path of one full member-report cycle, on a phone at 360 px:

bithu_a plans next year in one step and assigns An at January's meeting; An drafts (prefilled
from the notebook) and sends it; bithu_a returns it with a comment; An revises and resends; the
committee accepts it, records the presentation, a member's comment and the chair's conclusion
with one correction; An finalises; the correction is a shortcoming in An's notebook.
"""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lamtheo.meetings.models import Meeting, MemberReport
from lamtheo.notebook.models import Pledge, Registration
from tests.conftest import PHONE, assert_fits, login

pytestmark = pytest.mark.e2e

CORRECTION = "Đi họp đúng giờ, không về sớm"


def phone(browser, live_server, username):
    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = context.new_page()
    login(page, live_server, username)
    return context, page


def fits(page):
    assert_fits(page, 360)


def test_one_full_report_cycle(browser, live_server, world_tx):
    world = world_tx
    year = timezone.localdate().year + 1
    registration = Registration.objects.create(person=world.an, organization=world.cell_a, year=year, state="approved")
    Pledge.objects.create(
        registration=registration, position=1, text="Giúp 5 hộ nghèo làm hồ sơ vay vốn", measure="5 hộ"
    )

    sec_context, sec = phone(browser, live_server, "bithu_a")
    an_context, an = phone(browser, live_server, "dangvien_an")
    try:
        # 1. the secretary plans the year in one step
        sec.goto(f"{live_server.url}/meetings/")
        sec.click(f"main a:has-text('{world.cell_a.name}')")
        sec.click(f"nav.mt-years a:has-text('{year}')")
        fits(sec)
        sec.click("a:has-text('Lập kế hoạch năm')")
        expect(sec.locator("h1")).to_contain_text(f"Lập kế hoạch năm {year}")
        fits(sec)
        sec.click("button:has-text('Tạo các buổi sinh hoạt')")
        expect(sec.locator(".messages")).to_contain_text("Đã lên kế hoạch 16 buổi sinh hoạt.")
        expect(sec.locator("li.mt-month")).to_have_count(12)
        expect(sec.locator(".mt-forecast").first).to_contain_text("Dự kiến báo cáo")
        fits(sec)

        # 2. … and assigns An at January's regular meeting
        january = Meeting.objects.get(cell=world.cell_a, year=year, month=1, kind="regular")
        sec.click(f"a[href='/meetings/{january.pk}/']")
        expect(sec.locator("h1")).to_contain_text("Sinh hoạt thường kỳ")
        fits(sec)
        sec.click("a:has-text('Phân công báo cáo')")
        expect(sec.locator("main")).to_contain_text("Đề xuất")
        fits(sec)
        for box in sec.locator("input[name=people]").all():
            box.uncheck()
        sec.get_by_label("Nguyễn Văn An").check()
        sec.click("button:has-text('Phân công')")
        expect(sec.locator(".messages")).to_contain_text("Đã phân công báo cáo: Nguyễn Văn An.")
        report = MemberReport.objects.get(meeting=january)

        # 3. An drafts from the prefill and sends it
        an.goto(f"{live_server.url}/meetings/mine/")
        expect(an.locator(".mt-todo")).to_contain_text("Viết báo cáo của bạn")
        fits(an)
        an.click(".mt-todo a:has-text('Viết báo cáo của bạn')")
        expect(an.locator(".notice")).to_contain_text("Đã điền sẵn từ sổ tay của bạn")
        done = an.get_by_label("Các việc đã đăng ký và mức độ thực hiện")
        expect(done).to_have_value("- Giúp 5 hộ nghèo làm hồ sơ vay vốn (5 hộ): mức độ thực hiện …")
        fits(an)
        done.fill("Giúp 5 hộ nghèo làm hồ sơ vay vốn: đã giúp 3 hộ.")
        an.get_by_label("Hướng khắc phục").fill("Giúp nốt 2 hộ trong quý I.")
        an.click("button:has-text('Gửi chi ủy')")
        expect(an.locator(".messages")).to_contain_text("Báo cáo của bạn đã được gửi chi ủy.")
        expect(an.locator(".mt-meta")).to_contain_text("Đã gửi chi ủy")

        # 4. the secretary returns it with a comment
        sec.goto(f"{live_server.url}/meetings/")
        sec.click(".mt-todo a:has-text('Góp ý dự thảo của Nguyễn Văn An')")
        fits(sec)
        sec.get_by_label("Trả lại kèm ý kiến").check()
        sec.get_by_label("Ý kiến của chi ủy").fill("Nêu rõ vì sao chưa giúp được 2 hộ còn lại.")
        sec.click("button:has-text('Ghi quyết định')")
        expect(sec.locator(".messages")).to_contain_text("Báo cáo đã được trả lại đảng viên")

        # 5. An revises and resends
        an.goto(f"{live_server.url}/meetings/report/{report.pk}/")
        expect(an.locator(".mt-comment")).to_contain_text("Nêu rõ vì sao chưa giúp được 2 hộ còn lại.")
        an.click("a:has-text('Viết tiếp dự thảo')")
        an.get_by_label("Hạn chế hiện nay").fill("2 hộ còn thiếu giấy tờ đất, chưa làm được hồ sơ.")
        fits(an)
        an.click("button:has-text('Gửi chi ủy')")
        expect(an.locator(".messages")).to_contain_text("Báo cáo của bạn đã được gửi chi ủy.")

        # 6. accepted, presented, commented, concluded with one correction
        sec.goto(f"{live_server.url}/meetings/report/{report.pk}/review/")
        sec.get_by_label("Đồng ý đưa ra buổi sinh hoạt").check()
        sec.click("button:has-text('Ghi quyết định')")
        expect(sec.locator(".messages")).to_contain_text("Báo cáo được đồng ý đưa ra buổi sinh hoạt.")
        # the meeting is held: a report is presented only from the meeting's date on
        Meeting.objects.filter(pk=january.pk).update(date=timezone.localdate())
        sec.reload()
        sec.click("button:has-text('Ghi nhận: đã trình bày')")
        expect(sec.locator(".messages")).to_contain_text("Đã ghi nhận việc trình bày.")
        sec.click("a:has-text('Ghi ý kiến đảng viên')")
        sec.locator("select[name=speaker_1]").select_option(label="Trần Thị Bình")
        sec.locator("textarea[name=text_1]").fill("Đồng chí An nhiệt tình, cần đôn đốc thêm.")
        fits(sec)
        sec.click("button:has-text('Ghi ý kiến')")
        expect(sec.locator(".messages")).to_contain_text("Đã ghi ý kiến của đảng viên.")
        sec.click("a:has-text('Ghi kết luận của chủ trì')")
        sec.get_by_label("Việc làm tốt để mọi người học tập").fill("Nhiệt tình giúp hộ nghèo.")
        sec.get_by_label("Những điều cần khắc phục").fill(CORRECTION)
        fits(sec)
        sec.click("button:has-text('Ghi kết luận')")
        expect(sec.locator(".messages")).to_contain_text("Đã ghi kết luận của chủ trì.")
        expect(sec.locator(".mt-fix")).to_contain_text(CORRECTION)

        # 7. An finalises
        an.goto(f"{live_server.url}/meetings/mine/")
        an.click(".mt-todo a:has-text('Hoàn thiện báo cáo của bạn')")
        expect(an.locator("main")).to_contain_text("Nhiệt tình giúp hộ nghèo.")
        fits(an)
        an.click("button:has-text('Hoàn thiện')")
        expect(an.locator(".messages")).to_contain_text("Báo cáo của bạn đã hoàn thiện")
        expect(an.locator(".mt-meta")).to_contain_text("Đã hoàn thiện, lưu giữ")
        expect(an.locator(".mt-history li")).to_have_count(9)
        fits(an)

        # 8. the correction is a shortcoming to remedy in An's notebook
        an.goto(f"{live_server.url}/notebook/person/{world.an.pk}/shortcomings/")
        expect(an.locator("main")).to_contain_text(CORRECTION)
        fits(an)
    finally:
        sec_context.close()
        an_context.close()
