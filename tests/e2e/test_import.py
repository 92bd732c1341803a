"""Browser path of the Excel import: template links, a file with a mistake, then the fixed file."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from playwright.sync_api import expect

from lamtheo.organizations.models import Person
from lamtheo.organizations.spreadsheet import ROSTER_COLUMNS
from tests.conftest import assert_fits, login

pytestmark = pytest.mark.e2e


def roster_file(path, rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append([str(c.title) for c in ROSTER_COLUMNS])
    for row in rows:
        sheet.append([row.get(c.key) for c in ROSTER_COLUMNS])
    workbook.save(path)
    return str(path)


def test_import_a_roster_with_a_mistake_then_fixed(page, live_server, world_tx, viewport, tmp_path):
    login(page, live_server, "quantri")
    page.goto(f"{live_server.url}/org/import/")
    expect(page.locator("h1")).to_be_visible()
    if viewport == "phone":
        assert_fits(page, 360)

    template = page.locator("a[href$='/org/import/template/roster/']")
    expect(template).to_be_visible()
    expect(page.locator("a[href$='/org/import/template/tree/']")).to_be_visible()
    with page.expect_download() as download:
        template.click()
    saved = tmp_path / "mau.xlsx"
    download.value.save_as(saved)
    header = next(load_workbook(saved).worksheets[0].iter_rows(max_row=1, values_only=True))
    assert list(header) == [str(c.title) for c in ROSTER_COLUMNS]

    rows = [
        {"card_number": "600001", "full_name": "Lý Thị Ngọc", "gender": "Nữ", "cell_code": "C1-A"},
        {"card_number": "600002", "full_name": "Mạc Văn Khải", "birth_date": "12/10/1985", "cell_code": "KHONG-CO"},
        {"staff_code": "CB-600", "full_name": "Tạ Minh Đức", "kind": "official", "cell_code": "C1-B"},
    ]
    page.check("input[name=kind][value=roster]")
    page.set_input_files("input[name=file]", roster_file(tmp_path / "co-loi.xlsx", rows))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    table = page.locator("table.import-error-table")
    expect(table).to_be_visible()
    assert table.locator("tbody tr").count() == 1
    cells = [c.strip() for c in table.locator("tbody tr td").all_inner_texts()]
    assert cells[0] == "3" and cells[1] == _("Cell code") and "KHONG-CO" in cells[2]
    assert not Person.objects.filter(card_number__startswith="6000").exists()
    if viewport == "phone":
        assert_fits(page, 360)

    rows[1]["cell_code"] = "C1-B"
    page.check("input[name=kind][value=roster]")
    page.set_input_files("input[name=file]", roster_file(tmp_path / "da-sua.xlsx", rows))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    expect(page.locator(".import-result")).to_be_visible()
    assert page.locator("table.import-error-table").count() == 0
    assert page.locator("[data-count=created]").inner_text().strip() == "3"
    assert page.locator("[data-count=unchanged]").inner_text().strip() == "0"
    assert Person.objects.get(card_number="600002").cell.code == "C1-B"
    if viewport == "phone":
        assert_fits(page, 360)
