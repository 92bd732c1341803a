"""Contest services: entries, judging with exclusion and blind option, lock, prizes, special
prizes, documents read back, forwarding to the next level; bad input saves nothing."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from lamtheo.contests import services, services_entries, services_judging
from lamtheo.contests.models import Entry, EntryAuthor, EntryState, Phase, Score, ScoreItem, SpecialPrize
from lamtheo.contests.services_entries import AuthorRow
from lamtheo.organizations.scoping import Capability, visible_to
from tests.contests_fixtures import build_ct, ct_fixture, make_contest, media_fixture, pdf_upload  # noqa: F401

pytestmark = pytest.mark.django_db


def values(contest, a, b, c):
    ids = [x.pk for x in contest.criteria.all()]
    return dict(zip(ids, [str(a), str(b), str(c)], strict=True))


def judging(ct):
    services.start_judging(actor=ct.contest.organization and _officer(ct), contest=ct.contest)
    ct.contest.refresh_from_db()


def _officer(ct):
    from lamtheo.accounts.models import User

    return User.objects.get(username="canbo_xa")


def test_a_judge_of_the_entrys_unit_is_left_out_automatically(world, ct):
    judging(ct)
    second = visible_to(Entry.objects.filter(contest=ct.contest), world.secretary, Capability.JUDGE)
    chair = visible_to(Entry.objects.filter(contest=ct.contest), world.judge, Capability.JUDGE)
    # bithu_a (secretary of cell a) does not reach the two entries of cell a
    assert set(second) == {ct.skit_b}
    assert set(chair) == {ct.story_a, ct.skit_b, ct.story_binh}
    with pytest.raises(PermissionDenied):
        services_judging.score_entry(actor=world.secretary, entry=ct.story_a, values=values(ct.contest, 5, 5, 5))
    assert not Score.objects.exists()


def test_judges_reach_nothing_before_judging_and_nothing_of_other_contests(world, ct):
    assert not visible_to(Entry.objects.all(), world.judge, Capability.JUDGE).exists()
    judging(ct)
    assert ct.story_d not in visible_to(Entry.objects.all(), world.judge, Capability.JUDGE)


def test_score_out_of_range_saves_nothing_and_names_the_field(world, ct):
    judging(ct)
    criteria = list(ct.contest.criteria.all())
    with pytest.raises(ValidationError) as exc:
        services_judging.score_entry(actor=world.judge, entry=ct.story_a, values=values(ct.contest, 11, 5, "-1"))
    errors = exc.value.message_dict
    assert errors[f"c{criteria[0].pk}"] == ["Điểm từ 0 đến 10."]
    assert errors[f"c{criteria[2].pk}"] == ["Điểm từ 0 đến 10."]
    assert f"c{criteria[1].pk}" not in errors
    with pytest.raises(ValidationError):
        services_judging.score_entry(actor=world.judge, entry=ct.story_a, values=values(ct.contest, "abc", 5, 5))
    assert not Score.objects.exists() and not ScoreItem.objects.exists()


def test_a_judge_scores_an_entry_once(world, ct):
    judging(ct)
    services_judging.score_entry(actor=world.judge, entry=ct.story_a, values=values(ct.contest, 8, 7, 6), comment="Tốt")
    with pytest.raises(ValidationError) as exc:
        services_judging.score_entry(actor=world.judge, entry=ct.story_a, values=values(ct.contest, 1, 1, 1))
    assert "mỗi giám khảo chỉ chấm một bài một lần" in exc.value.messages[0]
    assert Score.objects.count() == 1
    assert sorted(ScoreItem.objects.values_list("value", flat=True)) == [6, 7, 8]


def test_scoring_waits_for_the_judging_phase(world, ct):
    with pytest.raises(PermissionDenied):  # before judging the judge does not even reach the entry
        services_judging.score_entry(actor=world.judge, entry=ct.story_a, values=values(ct.contest, 5, 5, 5))


def test_entry_after_the_deadline_saves_nothing(world, ct):
    contest = ct.contest
    contest.entries_close = timezone.localdate() - dt.timedelta(days=1)
    contest.save()
    before = Entry.objects.count()
    with pytest.raises(ValidationError) as exc:
        services_entries.save_entry(
            actor=world.secretary,
            contest=contest,
            unit=world.cell_a,
            entry_type="story",
            title="Muộn",
            members=[world.an],
        )
    assert exc.value.messages == [f"Hội thi đã hết hạn nhận bài ngày {contest.entries_close:%d/%m/%Y}; chưa lưu gì."]
    assert Entry.objects.count() == before
    with pytest.raises(ValidationError):  # editing and withdrawing end at the deadline too
        services_entries.withdraw_entry(actor=world.secretary, entry=ct.story_a)
    assert Entry.objects.get(pk=ct.story_a.pk).state == EntryState.SENT


def test_entry_rules_limit_types_and_authors(world, ct):
    contest = ct.contest
    contest.entry_limit = 2
    contest.save()
    with pytest.raises(ValidationError) as exc:  # cell a has sent 2 already
        services_entries.save_entry(
            actor=world.secretary,
            contest=contest,
            unit=world.cell_a,
            entry_type="video",
            title="Thêm",
            members=[world.cuong],
        )
    errors = exc.value.message_dict
    assert "entry_type" in errors and "video_url" in errors and "members" in errors and "__all__" in errors
    with pytest.raises(PermissionDenied):  # the secretary of a does not send for cell b
        services_entries.save_entry(
            actor=world.secretary, contest=contest, unit=world.cell_b, entry_type="story", title="x"
        )
    with pytest.raises(ValidationError):
        services_entries.parse_outsiders("Nguyễn Thị Hoa")
    assert services_entries.parse_outsiders("Nguyễn Thị Hoa, 1958\n\nTrần Văn Nam 2010") == [
        AuthorRow("Nguyễn Thị Hoa", 1958),
        AuthorRow("Trần Văn Nam", 2010),
    ]


def test_a_member_sends_their_own_entry_and_may_withdraw_it(world, ct):
    entry = services_entries.save_entry(
        actor=world.member,
        contest=ct.contest,
        unit=world.cell_a,
        entry_type="written",
        title="Bài viết",
        summary="Nội dung bài viết",
        collective=True,
    )
    assert entry.person == world.an and not entry.is_collective  # a member's entry is never collective
    assert [a.full_name for a in entry.authors.all()] == ["Nguyễn Văn An"]
    assert entry.authors.get().birth_year == 1950
    services_entries.withdraw_entry(actor=world.member, entry=entry)
    assert Entry.objects.get(pk=entry.pk).state == EntryState.WITHDRAWN
    with pytest.raises(PermissionDenied):  # Cường's cell-b entry is not An's
        services_entries.withdraw_entry(actor=world.member, entry=ct.skit_b)


def _score_all(world, ct):
    c = ct.contest
    # giamkhao: a 9,8,8 → (36+24+24)/10·10 = 84; b 7,7,7 → 70; binh 8,9,9 → (32+27+27) = 86
    services_judging.score_entry(actor=world.judge, entry=ct.story_a, values=values(c, 9, 8, 8))
    services_judging.score_entry(actor=world.judge, entry=ct.skit_b, values=values(c, 7, 7, 7))
    services_judging.score_entry(actor=world.judge, entry=ct.story_binh, values=values(c, 8, 9, 9))
    # bithu_a only scores cell b: 9,9,9 → 90; b's mean (70+90)/2 = 80
    services_judging.score_entry(actor=world.secretary, entry=ct.skit_b, values=values(c, 9, 9, 9))


def test_lock_ranks_assigns_tiers_and_computes_special_prizes(world, ct):
    judging(ct)
    _score_all(world, ct)
    with pytest.raises(PermissionDenied):  # only the chair locks
        services_judging.lock_results(actor=world.secretary, contest=ct.contest)
    services_judging.lock_results(actor=world.judge, contest=ct.contest)
    rows = {e.pk: e for e in Entry.objects.select_related("tier")}
    binh, a, b = rows[ct.story_binh.pk], rows[ct.story_a.pk], rows[ct.skit_b.pk]
    assert (binh.rank, binh.score, binh.tier.name) == (1, Decimal("86.000"), "Giải Nhất")
    assert (a.rank, a.score, a.tier.name) == (2, Decimal("84.000"), "Giải Nhì")
    assert (b.rank, b.score, b.tier.name) == (3, Decimal("80.000"), "Giải Khuyến khích")
    prizes = {p.rule: p for p in SpecialPrize.objects.filter(contest=ct.contest).select_related("author", "unit")}
    assert prizes["oldest"].author.full_name == "Nguyễn Văn An"  # 1950
    assert prizes["youngest"].author.full_name == "Lê Thị Hoa"  # outsider, 2012
    assert prizes["most_entries"].unit == world.cell_a  # 2 entries against 1
    assert prizes["jury"].entry is None
    ct.contest.refresh_from_db()
    assert ct.contest.phase == Phase.RESULTS
    with pytest.raises(ValidationError):  # locked: no more scores
        services_judging.score_entry(actor=world.secretary, entry=ct.skit_b, values=values(ct.contest, 1, 1, 1))


def test_the_chair_changes_a_prize_with_a_reason(world, ct):
    judging(ct)
    _score_all(world, ct)
    services_judging.lock_results(actor=world.judge, contest=ct.contest)
    first = ct.contest.tiers.get(level="first")
    with pytest.raises(ValidationError) as exc:
        services_judging.change_prize(actor=world.judge, entry=ct.skit_b, tier=first, reason="")
    assert set(exc.value.message_dict) == {"reason", "tier"}  # no reason, and the only first prize is given
    services_judging.change_prize(actor=world.judge, entry=ct.skit_b, tier=None, reason="Sai thể lệ")
    assert Entry.objects.get(pk=ct.skit_b.pk).tier is None
    assert ct.skit_b.prize_changes.get().reason == "Sai thể lệ"
    with pytest.raises(PermissionDenied):
        services_judging.change_prize(actor=world.commune_officer, entry=ct.story_a, tier=None, reason="x")
    prize = SpecialPrize.objects.get(contest=ct.contest, rule="jury")
    services_judging.choose_jury_prize(actor=world.judge, prize=prize, entry=ct.skit_b, reason="Tập thể diễn hay")
    assert SpecialPrize.objects.get(pk=prize.pk).entry == ct.skit_b


def test_documents_and_exports_read_back(world, ct, client):
    from docx import Document
    from openpyxl import load_workbook
    from pypdf import PdfReader

    judging(ct)
    _score_all(world, ct)
    services_judging.lock_results(actor=world.judge, contest=ct.contest)
    client.force_login(world.commune_officer)
    pk = ct.contest.pk
    docx = client.get(reverse("contests:document", args=[pk, "decision", "docx"]))
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    cells = [c.text for t in Document(io.BytesIO(docx.content)).tables for row in t.rows for c in row.cells]
    assert "QUYẾT ĐỊNH" in text and "Giải thí sinh cao tuổi nhất: Nguyễn Văn An" in text
    assert "Bác Hồ và bài học tiết kiệm" in cells and "Giải Nhất" in cells
    pdf = client.get(reverse("contests:document", args=[pk, "notice", "pdf"]))
    pdf_text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "THÔNG BÁO" in pdf_text and "Chi bộ thôn 2" in pdf_text and "3 bài dự thi" in pdf_text
    xlsx = client.get(reverse("contests:results_xlsx", args=[pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=4)]
    assert [r[:4] for r in rows] == [
        [1, 86.0, "Giải Nhất", "Bác Hồ và bài học tiết kiệm"],
        [2, 84.0, "Giải Nhì", "Bác Hồ với thiếu nhi"],
        [3, 80.0, "Giải Khuyến khích", "Tiểu phẩm: Chiếc áo của Bác"],
    ]
    client.force_login(world.member)  # An reads his own entry's certificate
    cert = client.get(reverse("contests:certificate", args=[ct.story_a.pk]))
    cert_text = " ".join(PdfReader(io.BytesIO(cert.content)).pages[0].extract_text().split())
    assert "GIẤY CHỨNG NHẬN" in cert_text and "Nguyễn Văn An, Lê Thị Hoa" in cert_text and "Giải Nhì" in cert_text


def test_winners_go_on_to_the_next_round_with_their_history(world, ct):
    judging(ct)
    _score_all(world, ct)
    services_judging.lock_results(actor=world.judge, contest=ct.contest)
    with pytest.raises(ValidationError):  # the skit got no... it did; a non-winner cannot go on
        services_judging.forward_winners(actor=world.commune_officer, contest=ct.contest, entries=[])
    sent = services_judging.forward_winners(
        actor=world.commune_officer, contest=ct.contest, entries=[Entry.objects.get(pk=ct.story_binh.pk)]
    )
    copy = sent[0]
    assert copy.contest == ct.province and copy.unit == world.commune and copy.forwarded_from_id == ct.story_binh.pk
    assert [a.full_name for a in EntryAuthor.objects.filter(entry=copy)] == ["Trần Thị Bình"]
    assert copy.file.read() == Entry.objects.get(pk=ct.story_binh.pk).file.read()
    assert services_judging.history(copy)[0].tier.name == "Giải Nhất"
    with pytest.raises(ValidationError):  # not twice
        services_judging.forward_winners(actor=world.commune_officer, contest=ct.contest, entries=[ct.story_binh])


def test_contest_form_rules_are_checked(world):
    with pytest.raises(ValidationError) as exc:
        make_contest(
            world.commune_officer,
            world.commune,
            criteria="Nội dung | 4",
            tiers="Nhất | x | first",
            entries_close=timezone.localdate() - dt.timedelta(days=30),
            entry_types=[],
        )
    assert set(exc.value.message_dict) >= {"criteria", "tiers", "entries_close", "entry_types"}
    with pytest.raises(PermissionDenied):  # the secretary of a cell does not organise the commune's contest
        make_contest(world.secretary, world.commune)
