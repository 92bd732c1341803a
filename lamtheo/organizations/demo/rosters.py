"""People of one demo cell: members and a few non-member officials with plausible jobs and dates.

Each cell has a profile (a village, a school, a health station, …) that decides the block, the
positions held (the head of the village, the headmaster, …), the jobs and the ages. All dates are
counted back from `today`, so the probationary members are always within their probation year.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any

from lamtheo.organizations.models import Block, Gender, MemberStatus, PersonKind

from .names import Weighted, full_name, phone

PROBATIONARY_SHARE = 0.05
RETIRED = "Cán bộ hưu trí"
OLD_JOBS = frozenset({RETIRED, "Cựu chiến binh", "Nhà giáo nghỉ hưu"})
FEMALE_HINTS = ("Phụ nữ", "Nữ hộ sinh")


@dataclass
class Profile:
    block: str
    heads: tuple[str, ...]  # held by the first people of the cell, one each
    positions: list[tuple[str, float]]  # held by some of the others, with weights
    position_share: float
    jobs: list[tuple[str, float]]
    ages: tuple[int, int]
    male_share: float
    official_share: float  # non-member officials (cán bộ, công chức, viên chức) in the roster
    probationary_share: float = PROBATIONARY_SHARE
    position_picker: Weighted = field(init=False)
    job_picker: Weighted = field(init=False)
    young_job_picker: Weighted = field(init=False)

    def __post_init__(self) -> None:
        self.position_picker = Weighted(self.positions)
        self.job_picker = Weighted(self.jobs)
        young = [(job, weight) for job, weight in self.jobs if job not in OLD_JOBS]
        self.young_job_picker = Weighted(young or self.jobs)


# fmt: off
PROFILES: dict[str, Profile] = {
    "village": Profile(
        block=Block.COMMUNE,
        heads=("Trưởng thôn", "Phó trưởng thôn", "Chi hội trưởng Hội Nông dân", "Chi hội trưởng Hội Phụ nữ",
               "Chi hội trưởng Hội Cựu chiến binh", "Bí thư Chi đoàn thanh niên", "Công an viên"),
        positions=[("Tổ trưởng tổ hòa giải", 1), ("Trưởng ban công tác Mặt trận", 1),
                   ("Tổ trưởng tổ an ninh tự quản", 1)],
        position_share=0.03,
        jobs=[("Nông dân", 40), (RETIRED, 24), ("Buôn bán nhỏ", 7), ("Công nhân", 8), ("Lao động tự do", 6),
              ("Cựu chiến binh", 9), ("Nuôi trồng thủy sản", 3), ("Thợ xây", 3)],
        ages=(22, 86), male_share=0.64, official_share=0.035,
    ),
    "residential": Profile(
        block=Block.COMMUNE,
        heads=("Tổ trưởng tổ dân phố", "Tổ phó tổ dân phố", "Chi hội trưởng Hội Phụ nữ",
               "Chi hội trưởng Hội Cựu chiến binh", "Trưởng ban công tác Mặt trận"),
        positions=[("Tổ trưởng tổ hòa giải", 1), ("Tổ trưởng tổ an ninh tự quản", 1)],
        position_share=0.04,
        jobs=[(RETIRED, 34), ("Kinh doanh", 15), ("Công nhân", 11), ("Nhân viên văn phòng", 10),
              ("Lao động tự do", 10), ("Cựu chiến binh", 10), ("Nhà giáo nghỉ hưu", 5), ("Tiểu thương", 5)],
        ages=(24, 88), male_share=0.58, official_share=0.035,
    ),
    "commune_office": Profile(
        block=Block.AGENCY,
        heads=("Chủ tịch Ủy ban nhân dân {unit}", "Phó Chủ tịch Ủy ban nhân dân {unit}",
               "Chủ tịch Ủy ban Mặt trận Tổ quốc {unit}", "Chủ tịch Hội Nông dân {unit}",
               "Chủ tịch Hội Liên hiệp Phụ nữ {unit}", "Bí thư Đoàn Thanh niên {unit}"),
        positions=[("Công chức tư pháp – hộ tịch", 1), ("Công chức địa chính – xây dựng", 1),
                   ("Công chức văn hóa – xã hội", 1), ("Công chức tài chính – kế toán", 1),
                   ("Công chức văn phòng – thống kê", 1), ("Chuyên viên", 2)],
        position_share=0.9,
        jobs=[("Công chức", 7), ("Cán bộ", 3)],
        ages=(25, 59), male_share=0.6, official_share=0.12,
    ),
    "school": Profile(
        block=Block.EDUCATION,
        heads=("Hiệu trưởng", "Phó Hiệu trưởng", "Tổ trưởng chuyên môn", "Chủ tịch Công đoàn", "Tổ trưởng chuyên môn"),
        positions=[("Giáo viên", 18), ("Kế toán", 1), ("Nhân viên thư viện", 1)],
        position_share=0.95,
        jobs=[("Giáo viên", 9), ("Viên chức", 1)],
        ages=(24, 59), male_share=0.3, official_share=0.15,
    ),
    "health": Profile(
        block=Block.HEALTH,
        heads=("Trưởng trạm", "Phó Trưởng trạm"),
        positions=[("Bác sĩ", 2), ("Y sĩ", 2), ("Điều dưỡng", 3), ("Nữ hộ sinh", 1), ("Dược sĩ", 1)],
        position_share=0.95,
        jobs=[("Viên chức y tế", 1)],
        ages=(24, 59), male_share=0.35, official_share=0.12,
    ),
    "hospital": Profile(
        block=Block.HEALTH,
        heads=("Trưởng khoa", "Phó Trưởng khoa", "Điều dưỡng trưởng"),
        positions=[("Bác sĩ", 4), ("Điều dưỡng", 5), ("Kỹ thuật viên", 1), ("Dược sĩ", 1)],
        position_share=0.95,
        jobs=[("Viên chức y tế", 1)],
        ages=(24, 59), male_share=0.4, official_share=0.12,
    ),
    "university": Profile(
        block=Block.EDUCATION,
        heads=("Trưởng khoa", "Phó Trưởng khoa", "Trưởng bộ môn", "Trưởng bộ môn"),
        positions=[("Giảng viên", 6), ("Giảng viên chính", 3), ("Chuyên viên", 1)],
        position_share=0.95,
        jobs=[("Giảng viên", 8), ("Viên chức", 2)],
        ages=(25, 62), male_share=0.45, official_share=0.15,
    ),
    "student": Profile(
        block=Block.EDUCATION,
        heads=("Bí thư Đoàn trường", "Phó Bí thư Đoàn trường"),
        positions=[("Lớp trưởng", 1), ("Bí thư chi đoàn", 1)],
        position_share=0.3,
        jobs=[("Sinh viên", 1)],
        ages=(20, 23), male_share=0.45, official_share=0.0, probationary_share=0.6,
    ),
    "agency": Profile(
        block=Block.AGENCY,
        heads=("Trưởng phòng", "Phó Trưởng phòng", "Phó Trưởng phòng"),
        positions=[("Chuyên viên", 8), ("Chuyên viên chính", 3), ("Kế toán", 1), ("Văn thư", 1), ("Thanh tra viên", 1)],
        position_share=0.9,
        jobs=[("Công chức", 8), ("Viên chức", 2)],
        ages=(24, 59), male_share=0.55, official_share=0.12,
    ),
    "enterprise": Profile(
        block=Block.ENTERPRISE,
        heads=("Giám đốc", "Phó Giám đốc", "Quản đốc", "Trưởng phòng"),
        positions=[("Kỹ sư", 3), ("Công nhân kỹ thuật", 6), ("Nhân viên", 2), ("Kế toán", 1),
                   ("Tổ trưởng sản xuất", 1)],
        position_share=0.85,
        jobs=[("Người lao động", 1)],
        ages=(22, 59), male_share=0.65, official_share=0.08,
    ),
    "military": Profile(
        block=Block.ARMED_FORCES,
        heads=("Chỉ huy trưởng", "Chính trị viên", "Chỉ huy phó"),
        positions=[("Trợ lý", 2), ("Sĩ quan", 2), ("Quân nhân chuyên nghiệp", 2), ("Dân quân thường trực", 1)],
        position_share=0.9,
        jobs=[("Quân nhân", 1)],
        ages=(21, 55), male_share=0.92, official_share=0.02,
    ),
    "police": Profile(
        block=Block.ARMED_FORCES,
        heads=("Trưởng Công an", "Phó Trưởng Công an", "Đội trưởng"),
        positions=[("Cán bộ", 4), ("Chiến sĩ", 3), ("Cảnh sát khu vực", 2), ("Điều tra viên", 1)],
        position_share=0.9,
        jobs=[("Công an", 1)],
        ages=(21, 55), male_share=0.86, official_share=0.02,
    ),
}
# fmt: on


class Serials:
    """Unique party card numbers (increasing with small gaps) and staff codes."""

    def __init__(self, rng: random.Random) -> None:
        self.card = rng.randrange(10_000_000, 40_000_000)
        self.staff = 0

    def next_card(self, rng: random.Random) -> str:
        self.card += rng.randint(1, 9)
        return f"{self.card:08d}"

    def next_staff(self) -> str:
        self.staff += 1
        return f"CB{self.staff:06d}"


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _between(rng: random.Random, low: dt.date, high: dt.date) -> dt.date:
    """A day in [low, high]. One `random()` call whatever the span, so that the names drawn after
    it do not depend on today's date (`randrange` consumes a varying amount of randomness)."""
    if high <= low:
        return low
    return low + dt.timedelta(days=int(rng.random() * ((high - low).days + 1)))


def draft_people(
    rng: random.Random,
    profile: Profile,
    size: int,
    *,
    today: dt.date,
    serials: Serials,
    unit_word: str = "xã",
    full_members_first: int = 0,
) -> list[dict[str, Any]]:
    """Field values for `size` people of a cell (Person fields plus `started_on` of the membership).

    The first `full_members_first` are full members (the demo accounts of a cell link to them).
    """
    heads = [h.format(unit=unit_word) for h in profile.heads[: max(1, size // 7)]]
    people = []
    for index in range(size):
        forced_full = index < full_members_first
        is_official = not forced_full and rng.random() < profile.official_share
        probationary = not forced_full and not is_official and rng.random() < profile.probationary_share
        if index < len(heads):
            position = heads[index]
        elif rng.random() < profile.position_share:
            position = profile.position_picker.pick(rng).format(unit=unit_word)
        else:
            position = ""
        job = (profile.young_job_picker if probationary else profile.job_picker).pick(rng)
        if any(hint in position for hint in FEMALE_HINTS):
            gender = Gender.FEMALE
        else:
            gender = Gender.MALE if rng.random() < profile.male_share else Gender.FEMALE
        low, high = profile.ages
        if job in OLD_JOBS:
            low, high = max(low, 58), max(high, 70)
        elif probationary:
            high = min(high, 42)
        else:
            high = min(high, 62)
        age = rng.randint(low, high)
        birth = _years_before(today, age) - dt.timedelta(days=rng.randrange(365))
        fields: dict[str, Any] = {
            "full_name": full_name(rng, gender),
            "gender": gender,
            "birth_date": birth,
            "position": position,
            "job": job,
            "phone": phone(rng),
        }
        if is_official:
            fields.update(kind=PersonKind.OFFICIAL, member_status="", staff_code=serials.next_staff())
            latest = today - dt.timedelta(days=30)
            earliest = min(max(_years_before(birth, -22), _years_before(today, 25)), latest)
            fields["started_on"] = _between(rng, earliest, latest)
        elif probationary:
            admitted = today - dt.timedelta(days=rng.randint(20, 330))
            fields.update(kind=PersonKind.MEMBER, member_status=MemberStatus.PROBATIONARY, admission_date=admitted)
            fields["started_on"] = admitted
        else:
            earliest = _years_before(birth, -18)
            latest = min(_years_before(birth, -45), today - dt.timedelta(days=400))
            admitted = _between(rng, earliest, latest)
            fields.update(
                kind=PersonKind.MEMBER,
                member_status=MemberStatus.FULL,
                admission_date=admitted,
                full_membership_date=_years_before(admitted, -1),
                card_number=serials.next_card(rng),
            )
            moved = _between(rng, admitted, today - dt.timedelta(days=30))
            fields["started_on"] = admitted if rng.random() < 0.4 else moved
        people.append(fields)
    return people
