"""Demo data of the contests (issue 13), on the demo tree, through the services.

The demo commune (`capuy`) runs this year's "Hội thi kể chuyện tấm gương đạo đức Hồ Chí Minh":
entries from its cells (stories of members, a collective skit, an outsider child and an old
veteran named with their birth year), a jury of two — `giamkhao` (chair) and `giupviec` — who
score every entry, the locked results with prizes and special prizes, and the first prize sent on
to the province's round (`tinhuy`), when the province account exists. Called from the demo
campaign (lamtheo.core.demo_campaign); the texts are Vietnamese data.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from lamtheo.accounts.models import User
from lamtheo.organizations.models import CELL_KINDS, Organization, Person

from . import services, services_entries, services_judging
from .models import Contest, ContestKind, Entry

CRITERIA = "Nội dung câu chuyện | 4 | 10\nNghệ thuật kể, diễn xuất | 3 | 10\nSức lan tỏa, liên hệ bản thân | 3 | 10"
TIERS = "Giải Nhất | 1 | first\nGiải Nhì | 1 | second\nGiải Ba | 2 | third\nGiải Khuyến khích | 3 | consolation"
SPECIALS = {
    "oldest": "Giải thí sinh cao tuổi nhất",
    "youngest": "Giải thí sinh nhỏ tuổi nhất",
    "most_entries": "Giải đơn vị có nhiều bài dự thi nhất",
    "jury": "Giải do Ban giám khảo bình chọn",
}
STORIES = [
    "Bác Hồ với bài học tiết kiệm",
    "Chiếc áo ấm của Bác",
    "Bác Hồ và những người cao tuổi",
    "Ba lần Bác từ chối",
    "Bác dạy cán bộ gần dân",
    "Đôi dép cao su",
    "Bữa cơm đạm bạc",
    "Bác Hồ với thiếu nhi",
    "Chuyện cây vú sữa miền Nam",
    "Bác đi thăm đồng",
]
SKIT = "Tiểu phẩm: Làm theo lời Bác ở xóm nhỏ"


def _kind() -> ContestKind:
    return ContestKind.objects.get_or_create(
        code="storytelling", defaults={"name": "Kể chuyện tấm gương đạo đức Hồ Chí Minh", "order": 1}
    )[0]


def seed_contests(
    *, commune: Organization, committee: User, province_actor: User | None, year: int, seed: int = 2026
) -> Contest | None:
    """The demo commune's storytelling contest of `year`; None when the judges' accounts are missing."""
    chair = User.objects.filter(username="giamkhao", is_active=True).first()
    second = User.objects.filter(username="giupviec", is_active=True).first()
    if chair is None or second is None:
        return None
    rng = random.Random(seed)
    today = min(timezone.localdate(), dt.date(year, 12, 31))
    opens = min(dt.date(year, 3, 1), today)
    closes = min(dt.date(year, 4, 30), today)
    province = None
    root = Organization.objects.get(path=commune.path[: Organization.steplen])
    if province_actor is not None and root != commune:
        province = services.save_contest(
            actor=province_actor,
            organization=root,
            kind=_kind(),
            year=year,
            title=f"Hội thi kể chuyện tấm gương đạo đức Hồ Chí Minh cấp tỉnh năm {year}",
            theme="Học tập và làm theo tấm gương đạo đức Hồ Chí Minh",
            entries_open=opens,
            entries_close=dt.date(year, 12, 31),
            entry_types=["story", "skit"],
            criteria=CRITERIA,
            tiers=TIERS,
            specials=SPECIALS,
        )
    contest = services.save_contest(
        actor=committee,
        organization=commune,
        kind=_kind(),
        year=year,
        title=f"Hội thi kể chuyện tấm gương đạo đức Hồ Chí Minh năm {year}",
        theme="Kể chuyện Bác Hồ gắn với việc làm theo ở thôn, xóm",
        rules=(
            "Mỗi chi bộ gửi tối đa 3 tiết mục: kể chuyện cá nhân hoặc tiểu phẩm tập thể, thời lượng không quá "
            "10 phút. Khuyến khích người cao tuổi, đoàn viên thanh niên và thiếu nhi tham gia."
        ),
        entries_open=opens,
        entries_close=closes,
        results_on=today,
        entry_types=["story", "skit"],
        entry_limit=3,
        next_round=province,
        criteria=CRITERIA,
        tiers=TIERS,
        specials=SPECIALS,
    )
    services.name_judge(actor=committee, contest=contest, user=chair, chair=True)
    services.name_judge(actor=committee, contest=contest, user=second)
    cells = list(Organization.objects.filter(path__startswith=commune.path, kind__in=CELL_KINDS).order_by("path")[:5])
    titles = iter(STORIES)
    for index, cell in enumerate(cells):
        people = list(Person.objects.filter(cell=cell).exclude(birth_date=None).order_by("pk")[:6])
        count = 3 if index == 0 else (2 if index < 3 else 1)
        for n in range(min(count, len(people))):
            extra: dict[str, Any] = {}
            if index == 0 and n == 0:
                extra["outsiders"] = [services_entries.AuthorRow("Nguyễn Thị Hoa", year - 11)]  # a pupil of the village
            if index == 1 and n == 0:
                extra["outsiders"] = [services_entries.AuthorRow("Lê Văn Cựu", year - 88)]  # a veteran
            services_entries.save_entry(
                actor=committee,
                contest=contest,
                unit=cell,
                entry_type="story",
                title=next(titles, f"Câu chuyện {cell.name}"),
                summary="Câu chuyện về Bác và việc làm theo của người kể ở địa phương.",
                members=[people[n]],
                today=opens,
                **extra,
            )
        if index == 2 and len(people) >= 3:
            services_entries.save_entry(
                actor=committee,
                contest=contest,
                unit=cell,
                collective=True,
                entry_type="skit",
                title=SKIT,
                summary="Tiểu phẩm của tập thể chi bộ về việc giữ đường làng sạch đẹp.",
                members=people[1:3],
                today=opens,
            )
    services.start_judging(actor=committee, contest=contest)
    criteria = list(contest.criteria.all())
    entries = list(Entry.objects.filter(contest=contest).order_by("pk"))
    for judge in (chair, second):
        for entry in entries:
            values = {c.pk: str(rng.choice([6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5])) for c in criteria}
            services_judging.score_entry(
                actor=judge, entry=entry, values=values, comment="Kể truyền cảm, liên hệ thiết thực."
            )
    services_judging.lock_results(actor=chair, contest=contest)
    contest.refresh_from_db()
    jury = contest.special_prizes.filter(rule="jury").first()
    skit = next((e for e in entries if e.entry_type == "skit"), None)
    if jury is not None and skit is not None:
        services_judging.choose_jury_prize(
            actor=chair, prize=jury, entry=skit, reason="Tiểu phẩm tập thể dàn dựng công phu"
        )
    if province is not None:
        first = Entry.objects.filter(contest=contest, rank=1).first()
        if first is not None:
            services_judging.forward_winners(actor=committee, contest=contest, entries=[first])
    return contest
