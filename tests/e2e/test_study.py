"""Browser path of study work: a commune officer creates a class on a theme, records attendance by
name and sees the rate; a member writes an essay; the cell's secretary assesses it. Phone and desktop."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.conftest import assert_fits, login

pytestmark = pytest.mark.e2e


@pytest.fixture
def theme(world_tx):
    from lamtheo.campaigns.models import Theme

    year = timezone.localdate().year
    return Theme.objects.create(
        organization=world_tx.province, title="Chuyên đề năm: tự lực, tự cường", year_from=year, year_to=year
    )


def fits(page, viewport):
    if viewport == "phone":
        assert_fits(page, 360)


def switch_user(page, live_server, username):
    page.context.clear_cookies()
    login(page, live_server, username)


def test_class_attendance_rate_essay_and_assessment(page, live_server, world_tx, theme, viewport):
    today = timezone.localdate()
    # 1. The commune officer creates a class on the theme.
    login(page, live_server, "canbo_xa")
    page.goto(f"{live_server.url}/study/")
    page.get_by_role("link", name="Đảng ủy xã Hòa An").first.click()
    expect(page.locator("h1")).to_have_text("Đảng ủy xã Hòa An")
    fits(page, viewport)
    page.get_by_role("link", name="Thêm lớp học tập").click()
    page.fill("#id_title", "Hội nghị học tập chuyên đề năm")
    page.select_option("#id_theme", str(theme.pk))
    page.fill("#id_starts_on", today.strftime("%d/%m/%Y"))
    page.fill("#id_place", "Hội trường xã")
    page.fill("#id_reporters", "Đ/c Nguyễn Văn Báo, Trưởng Ban Tuyên giáo")
    page.fill("#id_mass_count", "40")
    fits(page, viewport)
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("h1")).to_have_text("Hội nghị học tập chuyên đề năm")
    expect(page.locator("[data-rate=members]")).to_have_text("0/4 đồng chí, đạt 0,0%")

    # 2. Attendance by name: the list of Chi bộ thôn 1, tick An and Bình.
    page.get_by_role("link", name="Ghi danh sách tham dự").click()
    page.get_by_role("link", name="Chi bộ thôn 1").click()
    page.get_by_label("Nguyễn Văn An").check()
    page.get_by_label("Trần Thị Bình").check()
    fits(page, viewport)
    page.get_by_role("button", name="Lưu danh sách").click()
    expect(page.locator(".messages")).to_contain_text("Đã ghi 2 người của Chi bộ thôn 1 có mặt.")
    # A person of another commune is refused with a clear message.
    page.fill("#id_codes", "100005")
    page.get_by_role("button", name="Thêm vào danh sách").click()
    expect(page.locator(".has-error")).to_contain_text("Đỗ Văn Dũng: không thuộc Đảng ủy xã Hòa An")
    fits(page, viewport)
    page.get_by_role("link", name="Xong").click()
    expect(page.locator("[data-rate=members]")).to_have_text("2/4 đồng chí, đạt 50,0%")
    expect(page.locator("#st-present")).to_have_text("2 người có mặt")
    fits(page, viewport)
    page.get_by_role("link", name="Theo khối và theo đơn vị →").click()
    expect(page.locator("[data-unit=C1-A] [data-rate=members]")).to_contain_text("2/3 đồng chí, đạt 66,7%")
    expect(page.locator("[data-unit=total] [data-rate=members]")).to_contain_text("2/4 đồng chí, đạt 50,0%")
    fits(page, viewport)

    # 3. An writes the essay after the class and sends it to the cell.
    switch_user(page, live_server, "dangvien_an")
    page.goto(f"{live_server.url}/study/mine/")
    page.get_by_role("link", name="Hội nghị học tập chuyên đề năm").click()
    page.get_by_role("link", name="Viết bài thu hoạch").last.click()
    expect(page.locator("#id_theme")).to_have_value(str(theme.pk))
    page.fill("#id_title", "Thu hoạch về tinh thần tự lực")
    page.fill("#id_body", "Tôi sẽ vận động 5 hộ trong thôn làm đường giao thông trước tháng 9.")
    fits(page, viewport)
    page.get_by_role("button", name="Gửi chi ủy").click()
    expect(page.locator(".messages")).to_contain_text("Đã nộp bài thu hoạch cho chi ủy.")
    expect(page.locator("main")).to_contain_text("Đã nộp chi bộ")
    fits(page, viewport)

    # 4. The cell's secretary assesses it.
    switch_user(page, live_server, "bithu_a")
    page.goto(f"{live_server.url}/study/")
    page.locator("#st-review + ul").get_by_role("link", name="Chi bộ thôn 1").click()
    row = page.locator("li[data-person]", has_text="Nguyễn Văn An")
    expect(row).to_contain_text("Thu hoạch về tinh thần tự lực")
    fits(page, viewport)
    row.get_by_role("link", name="Đánh giá").click()
    page.get_by_label("Khá").check()
    page.fill("#id_comment", "Đăng ký cụ thể, gắn với nhiệm vụ ở thôn.")
    fits(page, viewport)
    page.get_by_role("button", name="Lưu đánh giá").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu đánh giá.")
    expect(page.locator("li[data-person]", has_text="Nguyễn Văn An")).to_contain_text("Đã đánh giá")
    fits(page, viewport)

    # 5. An reads the assessment.
    switch_user(page, live_server, "dangvien_an")
    page.goto(f"{live_server.url}/study/mine/")
    page.get_by_role("link", name="Thu hoạch về tinh thần tự lực").click()
    expect(page.locator(".st-assessment")).to_contain_text("Khá")
    expect(page.locator(".st-assessment")).to_contain_text("Đăng ký cụ thể, gắn với nhiệm vụ ở thôn.")
    fits(page, viewport)
