"""Browser path of back entry at 360 px (issue 11): the administrator back-dates a member's stay in
the cell and marks her a civil servant; the commune officer writes a review of 2007, a year the list
offers, dated at the year's end by default, whose figures count that member only."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import PHONE, assert_fits, login

pytestmark = pytest.mark.e2e


def test_back_dated_member_counts_in_a_review_of_2007(page, live_server, world_tx):
    from lamtheo.organizations.models import Membership

    page.set_viewport_size(PHONE)
    login(page, live_server, "quantri")
    page.goto(f"{live_server.url}/org/people/{world_tx.an.pk}/edit/")
    expect(page.locator("#id_started_on")).to_have_value("01/01/2020")
    assert_fits(page, 360)
    page.select_option("#id_member_status", "full")
    page.fill("#id_started_on", "01/03/2006")
    page.check("#id_civil_servant")
    page.click("form.form button[type=submit]")
    expect(page.locator("h1")).to_contain_text(world_tx.an.full_name)
    assert Membership.objects.get(person=world_tx.an, ended_on__isnull=True).started_on.year == 2006

    page.context.clear_cookies()
    login(page, live_server, "canbo_xa")
    page.goto(f"{live_server.url}/reviews/org/{world_tx.commune.pk}/new/")
    page.select_option("#id_period", "year:2007")
    page.locator("input[name=kind][value=interim]").check()
    assert_fits(page, 360)
    page.locator("input[name=source][value=live]").check()
    page.click("form.rv-form button[type=submit]")
    expect(page.locator("h1")).to_contain_text("Sửa báo cáo")
    expect(page.locator("#id_issued_on")).to_have_value("31/12/2007")
    # 2007: only An was in a cell of the commune; nobody registered, no meeting → said in words
    expect(page.locator("#preview-part1")).to_contain_text("1 đảng viên")
    expect(page.locator("#preview-part1")).to_contain_text("chưa triển khai")
    expect(page.locator("#preview-part1")).not_to_contain_text("0/0")
    assert_fits(page, 360)
