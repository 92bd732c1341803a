"""Browser paths of the notebook results, on a phone (360 px) and a desktop.

- the member writes the year-end self-report with a photo from the notebook page;
- the secretary writes the cell's evaluation and downloads the printable notebook (PDF);
- the commune officer reads the overview counts per cell and drills down to a cell.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
from playwright.sync_api import expect

from lamtheo.notebook.models import Evaluation, SelfReport
from tests.conftest import assert_fits, login
from tests.notebook_res_fixtures import YEAR, image_bytes, media_fixture, nb_tx_fixture  # noqa: F401

pytestmark = pytest.mark.e2e


def fits(page, viewport):
    if viewport == "phone":
        assert_fits(page, 360)


def test_member_writes_year_end_report_with_photo(page, live_server, world_tx, nb_tx, viewport, tmp_path):
    picture = tmp_path / "anh-ho-ngheo.jpg"
    picture.write_bytes(image_bytes(size=(2400, 1800)))
    login(page, live_server, "dangvien_an")
    page.goto(f"{live_server.url}/notebook/?year={YEAR}")
    year_end = page.locator("article.nb-period").nth(1)
    fits(page, viewport)
    year_end.get_by_role("link", name="Viết bản tự đánh giá").click()
    expect(page.locator("h1")).to_contain_text("Cuối năm")
    fits(page, viewport)

    first, second = page.locator("fieldset.nb-item").nth(0), page.locator("fieldset.nb-item").nth(1)
    first.get_by_label("Đã làm được", exact=True).check()
    first.locator("textarea[name^=achieved_]").fill("Đã giúp 5 hộ làm hồ sơ vay vốn")
    # Sending without the second item's result: the message is at the item, nothing is saved.
    page.set_input_files("#id_photos", str(picture))
    page.get_by_role("button", name="Gửi chi bộ").click()
    expect(second.locator(".error")).to_contain_text("Hãy chọn kết quả")
    assert not SelfReport.objects.exists()
    fits(page, viewport)

    second.get_by_label("Làm được một phần").check()
    second.locator("textarea[name^=direction_]").fill("Học thêm chuẩn mực của chi bộ")
    page.set_input_files("#id_photos", str(picture))  # files are not kept across a failed post
    page.fill("#id_caption", "Hộ bà Lan")
    page.get_by_role("button", name="Gửi chi bộ").click()

    expect(page.locator(".messages")).to_contain_text("Đã gửi bản tự đánh giá")
    results = page.locator("section.nb-results")
    expect(results).to_contain_text("Đã giúp 5 hộ làm hồ sơ vay vốn")
    thumb = results.locator(".nb-thumbs img")
    expect(thumb).to_have_count(1)
    expect(thumb).to_have_attribute("alt", "Hộ bà Lan")
    thumb.scroll_into_view_if_needed()  # lazy-loaded
    thumb.evaluate("img => img.decode()")  # rejects if the served file is not an image
    assert thumb.evaluate("img => img.naturalWidth") == 240
    fits(page, viewport)
    report = SelfReport.objects.get()
    assert report.submitted_at is not None and report.evidence.count() == 1


def test_secretary_evaluates_and_downloads_pdf(page, live_server, world_tx, nb_tx, viewport):
    login(page, live_server, "bithu_a")
    page.goto(f"{live_server.url}/notebook/person/{world_tx.an.pk}/?year={YEAR}")
    page.locator("section.nb-results").get_by_role("link", name="Viết nhận xét").click()
    expect(page.locator("h1")).to_contain_text("Nhận xét của tập thể chi bộ")
    fits(page, viewport)
    page.fill("#id_text", "Đồng chí An nhiệt tình, gương mẫu giúp đỡ hộ nghèo")
    page.get_by_label("Hoàn thành tốt nhiệm vụ").check()
    page.get_by_role("button", name="Lưu nhận xét").click()
    expect(page.locator(".messages")).to_contain_text("Đã lưu nhận xét")
    expect(page.locator("main")).to_contain_text("Người viết: Lê Văn Thư")
    fits(page, viewport)
    assert Evaluation.objects.get().written_by == world_tx.secretary

    with page.expect_download() as info:
        page.get_by_role("link", name="In sổ tay (PDF)").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    reader = pypdf.PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)
    assert "Đồng chí An nhiệt tình, gương mẫu giúp đỡ hộ nghèo" in text
    assert nb_tx.pledge1.text in text


def test_commune_officer_sees_overview_counts(page, live_server, world_tx, nb_tx, viewport):
    login(page, live_server, "canbo_xa")
    page.goto(f"{live_server.url}/notebook/overview/{world_tx.commune.pk}/?year={YEAR}")
    expect(page.locator("h1")).to_contain_text("Đảng ủy xã Hòa An")
    fits(page, viewport)
    totals = page.locator("dl.nb-counts")
    expect(totals.locator("[data-count=members]")).to_have_text("4")
    expect(totals.locator("[data-count=not_registered]")).to_have_text("3")
    cell_a = page.locator("li[data-cell='C1-A']")
    expect(cell_a.locator("[data-count=members]")).to_have_text("3")
    expect(cell_a.locator("[data-count=not_registered]")).to_have_text("2")
    expect(cell_a.locator("[data-count=flagged]")).to_have_text("1")
    expect(cell_a.locator("[data-count=no_evaluation]")).to_have_text("3")
    expect(page.locator("li[data-cell='C1-B'] [data-count=not_registered]")).to_have_text("1")
    expect(page.locator("li[data-cell='C2-D']")).to_have_count(0)

    cell_a.get_by_role("link", name="Chi bộ thôn 1").click()
    expect(page.locator("h1")).to_contain_text("Chi bộ thôn 1")
    flagged = page.locator("section[aria-labelledby=ov-flagged]")
    expect(flagged).to_contain_text("Nguyễn Văn An")
    expect(flagged).to_contain_text("giống người khác")
    expect(page.locator("section[aria-labelledby=ov-not-registered]")).to_contain_text("Trần Thị Bình")
    fits(page, viewport)
