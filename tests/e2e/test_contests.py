"""Browser path of a contest on a 360 px phone: the jury chair (giamkhao) opens the contest from
the menu, scores an entry (a score out of range is refused at the field, then corrected), sees it
done in the list, and locks the results."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import PHONE, assert_fits, login
from tests.contests_fixtures import build_ct, media_fixture  # noqa: F401

pytestmark = pytest.mark.e2e


def test_a_judge_scores_an_entry_on_a_phone(page, live_server, world_tx):
    from lamtheo.contests import services
    from lamtheo.contests.models import Entry, Score

    ct = build_ct(world_tx)
    services.start_judging(actor=world_tx.commune_officer, contest=ct.contest)
    page.set_viewport_size(PHONE)
    login(page, live_server, "giamkhao")
    page.goto(f"{live_server.url}/contests/")
    page.get_by_role("link", name="Chấm bài").first.click()
    expect(page.locator("h1")).to_have_text("Chấm bài")
    expect(page.get_by_text("Đồng chí đã chấm 0/3 bài.")).to_be_visible()
    assert_fits(page, 360)

    page.get_by_role("link", name="Tiểu phẩm: Chiếc áo của Bác").click()
    page.get_by_label("Nội dung (0–10)").fill("11")
    page.get_by_label("Trình bày (0–10)").fill("8")
    page.get_by_label("Sức lan tỏa (0–10)").fill("7,5")
    assert_fits(page, 360)
    page.get_by_role("button", name="Lưu điểm").click()
    expect(page.get_by_text("Điểm từ 0 đến 10.", exact=True)).to_be_visible()
    assert not Score.objects.exists()

    page.get_by_label("Nội dung (0–10)").fill("9")
    page.get_by_label("Ý kiến").fill("Diễn xuất tự nhiên, nội dung gần gũi.")
    page.get_by_role("button", name="Lưu điểm").click()
    expect(page.get_by_text("Đã lưu điểm.")).to_be_visible()
    expect(page.get_by_text("Đồng chí đã chấm 1/3 bài.")).to_be_visible()
    assert_fits(page, 360)
    score = Score.objects.get()
    assert score.judge.username == "giamkhao" and score.entry_id == ct.skit_b.pk
    assert sorted(str(v) for v in score.items.values_list("value", flat=True)) == ["7.50", "8.00", "9.00"]

    page.get_by_role("button", name="Chốt kết quả").click()
    expect(page.locator("h1")).to_have_text("Kết quả")
    expect(page.locator(".ct-results .badge").first).to_have_text("Giải Nhất")
    assert_fits(page, 360)
    assert Entry.objects.get(pk=ct.skit_b.pk).rank == 1
