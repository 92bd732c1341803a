"""Vietnamese full names and phone numbers for the demo data, drawn from a seeded `random.Random`.

Family names are weighted roughly by their share of the population (Nguyễn about 38 %);
middle names depend on gender (Văn, Thị, …). All combinations are ordinary, none is a real person.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence

from lamtheo.organizations.models import Gender


class Weighted:
    """Pick from (value, weight) pairs quickly with a seeded random generator."""

    def __init__(self, pairs: Sequence[tuple[str, float]]) -> None:
        self.values = [value for value, _ in pairs]
        self.cumulative = list(itertools.accumulate(weight for _, weight in pairs))

    def pick(self, rng: random.Random) -> str:
        point = rng.random() * self.cumulative[-1]
        return self.values[bisect.bisect_right(self.cumulative, point)]


FAMILY_NAMES = Weighted(
    [
        ("Nguyễn", 38.4),
        ("Trần", 11.0),
        ("Lê", 9.5),
        ("Phạm", 7.0),
        ("Hoàng", 3.2),
        ("Huỳnh", 2.1),
        ("Phan", 4.5),
        ("Vũ", 2.2),
        ("Võ", 1.7),
        ("Đặng", 2.1),
        ("Bùi", 2.0),
        ("Đỗ", 1.4),
        ("Hồ", 1.3),
        ("Ngô", 1.3),
        ("Dương", 1.0),
        ("Lý", 0.5),
        ("Đinh", 0.6),
        ("Trương", 0.6),
        ("Mai", 0.4),
        ("Lương", 0.4),
        ("Đào", 0.4),
        ("Cao", 0.3),
        ("Hà", 0.3),
        ("Lâm", 0.3),
        ("Trịnh", 0.3),
        ("Tạ", 0.2),
        ("Chu", 0.2),
        ("Kiều", 0.1),
    ]
)

MIDDLE_NAMES = {
    Gender.MALE: Weighted(
        [
            ("Văn", 40),
            ("Hữu", 6),
            ("Minh", 8),
            ("Thanh", 5),
            ("Quốc", 5),
            ("Đức", 6),
            ("Công", 5),
            ("Xuân", 4),
            ("Ngọc", 3),
            ("Đình", 5),
            ("Quang", 4),
            ("Trọng", 3),
            ("Tiến", 2),
            ("Mạnh", 2),
            ("Hoàng", 2),
        ]
    ),
    Gender.FEMALE: Weighted(
        [
            ("Thị", 55),
            ("Thu", 5),
            ("Thanh", 5),
            ("Ngọc", 6),
            ("Minh", 3),
            ("Hồng", 4),
            ("Phương", 3),
            ("Kim", 3),
            ("Thúy", 3),
            ("Bích", 2),
            ("Mai", 2),
            ("Hoài", 2),
            ("Khánh", 2),
        ]
    ),
}

# fmt: off
MALE_GIVEN = [
    "An", "Bình", "Cường", "Dũng", "Đức", "Hùng", "Hải", "Hiếu", "Hoàng", "Huy", "Khánh", "Long", "Minh",
    "Nam", "Phong", "Phúc", "Quân", "Sơn", "Tài", "Thành", "Thắng", "Toàn", "Trung", "Tuấn", "Việt", "Vinh",
    "Quang", "Tùng", "Kiên", "Lâm", "Nghĩa", "Tiến", "Hưng", "Thịnh", "Lợi", "Tâm", "Hòa", "Khoa", "Đạt",
    "Bảo", "Chiến", "Hậu", "Lộc", "Nhân", "Tú", "Định", "Phương", "Thái",
]
FEMALE_GIVEN = [
    "Anh", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai",
    "Nga", "Ngân", "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Tâm", "Thảo", "Thanh", "Thu", "Thủy", "Trang",
    "Tuyết", "Vân", "Yến", "Dung", "Duyên", "Giang", "Nhàn", "Lệ", "Hòa", "Xuân", "Hảo", "Huệ", "Lành",
    "Nguyệt",
]
# fmt: on
GIVEN_NAMES = {
    Gender.MALE: Weighted([(name, 1.0) for name in MALE_GIVEN]),
    Gender.FEMALE: Weighted([(name, 1.0) for name in FEMALE_GIVEN]),
}


def full_name(rng: random.Random, gender: str) -> str:
    """Pick "Nguyễn Văn An": family name, a middle name by gender, a given name (never the middle again)."""
    family = FAMILY_NAMES.pick(rng)
    middle = MIDDLE_NAMES[Gender(gender)].pick(rng)
    given = GIVEN_NAMES[Gender(gender)].pick(rng)
    while given == middle:
        given = GIVEN_NAMES[Gender(gender)].pick(rng)
    return f"{family} {middle} {given}"


def phone(rng: random.Random) -> str:
    """A mobile number of the 09x series, 10 digits."""
    return f"09{rng.randrange(10**8):08d}"
