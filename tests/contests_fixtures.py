"""Test data for the contests app (issue 13), on top of the `world` of tests.conftest.

`ct`: the commune C1's storytelling contest (entries open from 10 days ago to 10 days ahead),
rubric Nội dung 4×10, Trình bày 3×10, Sức lan tỏa 3×10; tiers Nhất ×1, Nhì ×1, Khuyến khích ×1;
special prizes oldest, youngest, unit with most entries and the jury's. Judges: `giamkhao` (chair,
JUDGE on C2, so from no unit of C1) and `bithu_a` (secretary of cell a: the entries of cell a are
left out for him). Entries: An's story (cell a, An 1950 and outsider Hoa 2012), the collective
skit of cell b (Cường, 1975), Bình's story (cell a, 1980). The commune C2 has its own contest
with Dũng's story (cell d); the province P has a contest that takes the next round.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

CRITERIA = "Nội dung | 4 | 10\nTrình bày | 3 | 10\nSức lan tỏa | 3 | 10"
TIERS = "Giải Nhất | 1 | first\nGiải Nhì | 1 | second\nGiải Khuyến khích | 1 | consolation"
SPECIALS = {
    "oldest": "Giải thí sinh cao tuổi nhất",
    "youngest": "Giải thí sinh nhỏ tuổi nhất",
    "most_entries": "Giải đơn vị có nhiều bài dự thi nhất",
    "jury": "Giải do Ban giám khảo bình chọn",
}


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "bai.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def kind(code: str = "storytelling"):
    from lamtheo.contests.models import ContestKind

    names = {"storytelling": "Kể chuyện tấm gương đạo đức Hồ Chí Minh", "writing": "Thi viết", "other": "Khác"}
    return ContestKind.objects.get_or_create(code=code, defaults={"name": names.get(code, code)})[0]


def make_contest(actor, node, *, title="Hội thi kể chuyện tấm gương đạo đức Hồ Chí Minh", next_round=None, **extra):
    from lamtheo.contests import services

    today = timezone.localdate()
    fields = {
        "kind": kind(),
        "year": today.year,
        "title": title,
        "entries_open": today - dt.timedelta(days=10),
        "entries_close": today + dt.timedelta(days=10),
        "entry_types": ["story", "skit", "written"],
        "criteria": CRITERIA,
        "tiers": TIERS,
        "specials": SPECIALS,
        "next_round": next_round,
    }
    fields.update(extra)
    return services.save_contest(actor=actor, organization=node, **fields)


def set_birth(person, year: int) -> None:
    person.birth_date = dt.date(year, 5, 19)
    person.save(update_fields=["birth_date"])


@dataclass
class CT:
    contest: object
    other: object  # C2's contest
    province: object  # P's contest (next round of C1's)
    story_a: object  # An's story, cell a
    skit_b: object  # cell b's skit
    story_binh: object  # Bình's story, cell a
    story_d: object  # Dũng's story in C2's contest
    chair: object  # giamkhao's seat
    second: object  # bithu_a's seat


def build_ct(world) -> CT:
    from lamtheo.contests import services, services_entries
    from lamtheo.contests.services_entries import AuthorRow

    for person, year in ((world.an, 1950), (world.binh, 1980), (world.cuong, 1975), (world.dung, 1990)):
        set_birth(person, year)
    root = world.superuser
    province = make_contest(root, world.province, title="Hội thi kể chuyện cấp tỉnh")
    contest = make_contest(world.commune_officer, world.commune, next_round=province)
    other = make_contest(root, world.commune2, title="Hội thi xã Bình Minh")
    chair = services.name_judge(actor=world.commune_officer, contest=contest, user=world.judge, chair=True)
    second = services.name_judge(actor=world.commune_officer, contest=contest, user=world.secretary)
    services.name_judge(actor=root, contest=other, user=root, chair=True)
    story_a = services_entries.save_entry(
        actor=world.secretary,
        contest=contest,
        unit=world.cell_a,
        entry_type="story",
        title="Bác Hồ với thiếu nhi",
        members=[world.an],
        outsiders=[AuthorRow("Lê Thị Hoa", 2012)],
        document=_doc(),
    )
    skit_b = services_entries.save_entry(
        actor=world.commune_officer,
        contest=contest,
        unit=world.cell_b,
        collective=True,
        entry_type="skit",
        title="Tiểu phẩm: Chiếc áo của Bác",
        members=[world.cuong],
        document=_doc(),
    )
    story_binh = services_entries.save_entry(
        actor=world.secretary,
        contest=contest,
        unit=world.cell_a,
        entry_type="story",
        title="Bác Hồ và bài học tiết kiệm",
        members=[world.binh],
        document=_doc(),
    )
    story_d = services_entries.save_entry(
        actor=world.outsider,
        contest=other,
        unit=world.cell_d,
        entry_type="story",
        title="Câu chuyện ở Pác Bó",
        members=[world.dung],
        document=_doc(),
    )
    return CT(contest, other, province, story_a, skit_b, story_binh, story_d, chair, second)


def _doc():
    from lamtheo.study.uploads import check_document

    return check_document(pdf_upload())


@pytest.fixture(name="ct")
def ct_fixture(world) -> CT:
    return build_ct(world)


@pytest.fixture(name="_contests_media", autouse=True)
def media_fixture(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
