"""Browser path of a review at 360 px: the commune officer answers the province's request with a
year review of C1, writes part II with a live figure, exports DOCX (the progress bar finishes, the
file downloads), submits; the province committee sees C1 submitted, the province admin reads it."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect

from tests.conftest import PHONE, assert_fits, login, make_user
from tests.reviews_fixtures import FROM, TO, YEAR, build_review_data

pytestmark = pytest.mark.e2e


def test_commune_review_from_request_to_submission(page, live_server, world_tx, settings, tmp_path):
    from django.utils import timezone

    from lamtheo.organizations.models import Role
    from lamtheo.reviews import services
    from lamtheo.reviews.models import Review

    settings.MEDIA_ROOT = str(tmp_path / "media")
    page.set_viewport_size(PHONE)
    build_review_data(world_tx)
    province_committee = make_user("tinhuy", role=Role.COMMITTEE, org=world_tx.province)
    asked = services.create_request(
        actor=province_committee,
        organization=world_tx.province,
        kind="interim",
        date_from=FROM,
        date_to=TO,
        deadline=timezone.localdate() + dt.timedelta(days=10),
    )

    login(page, live_server, "canbo_xa")
    page.goto(f"{live_server.url}/reviews/")
    request_card = page.locator(f"li.rv-asked[data-request='{asked.pk}']")
    expect(request_card).to_contain_text("Đảng ủy xã Hòa An")
    assert_fits(page, 360)
    request_card.locator("a.btn.primary").click()
    expect(page.locator("h1")).to_contain_text("Báo cáo mới")
    expect(page.locator("#id_period")).to_have_value(f"year:{YEAR}")
    assert_fits(page, 360)
    page.click("button[type=submit]")

    # the edit page: part I drafted with the figures, part II written with a live figure
    expect(page.locator("h1")).to_contain_text("Sửa báo cáo")
    expect(page.locator("#preview-part1")).to_contain_text("số người đăng ký 3/4 (75,0%)")
    assert_fits(page, 360)
    part2 = page.locator("textarea[name=part2]")
    part2.fill("Chi bộ đã có {{ notebook.registered }} người đăng ký làm theo")
    part2.press("End")
    part2.type(".")
    expect(page.locator("#preview-part2")).to_contain_text("Chi bộ đã có 3 người đăng ký làm theo.")
    page.locator("#figures summary").click()
    expect(page.locator(".rv-token-list")).to_contain_text("{{ notebook.vague }}")
    part2.click()
    part2.press("End")
    page.locator("button.rv-insert[data-token='{{ notebook.vague }}']").click()
    expect(page.locator("#preview-part2")).to_contain_text("làm theo.2")
    part2.fill("Chi bộ đã có {{ notebook.registered }} người đăng ký làm theo.")
    assert_fits(page, 360)
    page.click("form#review-form button[type=submit]")

    # the review page: the text with the figure, then the export with its progress bar
    expect(page.locator("[data-part=part2]")).to_contain_text("Chi bộ đã có 3 người đăng ký làm theo.")
    expect(page.locator("[data-state=draft]")).to_be_visible()
    assert_fits(page, 360)
    page.click("#exports button[value=docx]")
    done = page.locator("#export-list .rv-export[data-status=done]").first
    expect(done).to_be_visible(timeout=30000)
    expect(done.locator("progress")).to_have_attribute("value", "100")
    with page.expect_download() as info:
        done.locator("a.rv-download").click()
    data = Path(info.value.path()).read_bytes()
    text = "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
    assert "Chi bộ đã có 3 người đăng ký làm theo." in text
    assert_fits(page, 360)

    page.click("form[action$='/submit/'] button")
    expect(page.locator("[data-state=submitted]")).to_be_visible()
    expect(page.locator("a[href$='/edit/']")).to_have_count(0)
    review = Review.objects.get(organization=world_tx.commune)
    assert review.request_id == asked.pk and review.frozen_parts["part2"].startswith("Chi bộ đã có 3")

    # the province committee tracks who submitted
    page.context.clear_cookies()
    login(page, live_server, "tinhuy")
    page.goto(f"{live_server.url}/reviews/request/{asked.pk}/")
    expect(page.locator("[data-count=submitted]")).to_have_text("1/2")
    expect(page.locator("li[data-unit=C1]")).to_have_attribute("data-status", "submitted")
    expect(page.locator("li[data-unit=C2]")).to_have_attribute("data-status", "missing")
    assert_fits(page, 360)

    # the province admin reads the submitted review
    page.context.clear_cookies()
    login(page, live_server, "quantri")
    page.goto(f"{live_server.url}/reviews/")
    page.click(f"a[href='/reviews/{review.pk}/']")
    expect(page.locator("[data-state=submitted]")).to_be_visible()
    expect(page.locator("[data-part=part2]")).to_contain_text("Chi bộ đã có 3 người đăng ký làm theo.")
    expect(page.locator("form[action$='/submit/']")).to_have_count(0)
    assert_fits(page, 360)
