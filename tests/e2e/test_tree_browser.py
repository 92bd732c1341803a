"""Browser path of the tree: a commune officer unfolds the commune, opens a cell, then a person."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import assert_fits, login

pytestmark = pytest.mark.e2e


def test_commune_officer_browses_to_a_person(page, live_server, world_tx, viewport):
    login(page, live_server, "canbo_xa")
    page.click("main a[href$='/org/']")  # the "Organisations" tile of the home page
    commune = page.locator(f"#node-{world_tx.commune.pk}")
    expect(commune.locator(".member-count").first).to_contain_text("4")
    assert page.locator(f"#node-{world_tx.cell_a.pk}").count() == 0  # folded
    if viewport == "phone":
        assert_fits(page, 360)

    commune.locator("summary.tree-toggle").click()  # htmx loads the cells in place
    cell_a = page.locator(f"#node-{world_tx.cell_a.pk}")
    expect(cell_a.locator(".member-count")).to_contain_text("3")
    expect(page.locator(f"#node-{world_tx.cell_b.pk} .member-count")).to_contain_text("1")
    assert page.url.endswith("/org/")
    if viewport == "phone":
        assert_fits(page, 360)

    commune.locator("summary.tree-toggle").click()  # folds again without a request
    expect(cell_a).to_be_hidden()
    commune.locator("summary.tree-toggle").click()
    cell_a.locator("a.tree-name").click()
    expect(page.locator("h1")).to_contain_text("Chi bộ thôn 1")
    expect(page.locator(".breadcrumb")).to_contain_text("Đảng ủy xã Hòa An")
    expect(page.locator("ul.cell-people li")).to_have_count(3)
    assert page.locator("a[href$='/edit/']").count() == 0  # a committee member only reads
    if viewport == "phone":
        assert_fits(page, 360)

    page.click("ul.cell-people a:has-text('Nguyễn Văn An')")
    expect(page.locator("h1")).to_have_text("Nguyễn Văn An")
    expect(page.locator(".current-cell")).to_contain_text("Chi bộ thôn 1")
    expect(page.locator("table.history")).to_contain_text("01/01/2020")
    if viewport == "phone":
        assert_fits(page, 360)
