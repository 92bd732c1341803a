"""Browser path of an inspector (kiemtra), on a phone at 360 px:

the commune's open inspection of cell_a is on kiemtra's list; kiemtra opens the cell's page, reads
the evidence pre-filled from the period (1 of 2 registered items vague) and the cell's vague item,
grades the criterion "weak", records a shortcoming tied to it, then drafts the conclusion and a
requirement for the cell with a deadline. A bad deadline is answered at the field first.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from lamtheo.inspections.models import Assessment, Conclusion, Finding, Requirement
from lamtheo.notebook.models import Pledge, QualityVerdict, Registration
from tests.conftest import PHONE, assert_fits, login
from tests.inspections_fixtures import open_, plan

pytestmark = pytest.mark.e2e


def test_inspector_records_evidence_findings_and_requirements(browser, live_server, world_tx):
    world = world_tx
    registration = Registration.objects.create(
        person=world.an, organization=world.cell_a, year=timezone.localdate().year, state="submitted"
    )
    Pledge.objects.create(registration=registration, position=1, text="Sống tốt hơn", verdict=QualityVerdict.VAGUE)
    Pledge.objects.create(registration=registration, position=2, text="Đọc 12 cuốn sách", verdict="specific")
    inspection = plan(world.commune_officer, world.commune, [world.cell_a], head=world.inspector)
    open_(world.commune_officer, inspection)

    context = browser.new_context(locale="vi-VN", viewport=PHONE)
    page = context.new_page()
    try:
        login(page, live_server, "kiemtra")
        page.goto(f"{live_server.url}/inspections/")
        expect(page.locator("h1")).to_contain_text("Kiểm tra, giám sát")
        page.click("main a:has-text('Việc thực hiện Chỉ thị 05-CT/TW')")
        expect(page.locator("#in-state")).to_contain_text("Đang tiến hành")
        assert_fits(page, 360)

        page.click("main a:has-text('Chi bộ thôn 1')")
        first = page.locator(".in-crit").first
        expect(first).to_contain_text("Chất lượng đăng ký làm theo")
        expect(first.locator(".in-evidence")).to_contain_text("1/2 (50%)")
        expect(page.locator("#in-data")).to_be_visible()
        expect(page.locator("main")).to_contain_text("Sống tốt hơn")
        assert_fits(page, 360)
        first.locator("select").select_option("weak")
        first.locator("textarea").fill("Một nửa nội dung còn chung chung.")
        first.locator("button:has-text('Lưu đánh giá')").click()
        expect(page.locator(".messages")).to_contain_text("Đã lưu đánh giá.")

        form = page.locator("#finding-form")
        form.locator("select[name=kind]").select_option("shortcoming")
        form.locator("textarea[name=text]").fill("Đăng ký còn chung chung, chưa gắn với công việc.")
        form.locator("select[name=criterion]").select_option(label="Chất lượng đăng ký làm theo")
        form.locator("button").click()
        expect(page.locator(".messages")).to_contain_text("Đã ghi nội dung phát hiện.")
        assert_fits(page, 360)

        page.click("a:has-text('Việc thực hiện Chỉ thị 05-CT/TW')")
        page.click("a:has-text('Kết luận và yêu cầu')")
        conclusion = page.locator("#conclusion-form")
        conclusion.locator("textarea[name=summary]").fill("Chi bộ đã triển khai, còn hạn chế về chất lượng đăng ký.")
        conclusion.locator("button").click()
        expect(page.locator(".messages")).to_contain_text("Đã lưu kết luận.")
        requirement = page.locator("#requirement-form")
        requirement.locator("textarea[name=text]").fill("Rà soát, bổ sung bản đăng ký cho cụ thể.")
        requirement.locator("select[name=unit]").select_option(str(world.cell_a.pk))
        requirement.locator("input[name=deadline]").fill("31/02/2026")
        requirement.locator("button").click()
        expect(page.locator("#requirement-form .error")).to_contain_text("ngày/tháng/năm")
        deadline = timezone.localdate() + dt.timedelta(days=30)
        page.locator("#requirement-form input[name=deadline]").fill(deadline.strftime("%d/%m/%Y"))
        page.locator("#requirement-form button").click()
        expect(page.locator(".messages")).to_contain_text("Đã thêm yêu cầu.")
        expect(page.locator("main")).to_contain_text(deadline.strftime("%d/%m/%Y"))
        assert_fits(page, 360)
    finally:
        context.close()

    graded = Assessment.objects.get(criterion__inspection=inspection, criterion__metric="vague_share")
    assert (graded.grade, graded.numerator, graded.denominator) == ("weak", 1, 2)
    finding = Finding.objects.get(unit__inspection=inspection)
    assert finding.kind == "shortcoming" and finding.criterion_id == graded.criterion_id
    assert Conclusion.objects.get(inspection=inspection).summary.startswith("Chi bộ đã triển khai")
    assert Requirement.objects.get(inspection=inspection).deadline == deadline
