"""The shape of the demo tree (post-2025): province → communes, wards and agencies → (partial) → cells.

`plan_tree` returns plain `UnitPlan` objects with names, kinds, blocks, codes and the number of
people of every cell; the builder turns them into rows. Codes are fixed-width per level, so the
order of codes (treebeard's `node_order_by`) is the order of paths whatever the DB collation.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from lamtheo.organizations.models import Block
from lamtheo.organizations.models import OrganizationKind as K

from .rosters import PROFILES

PROVINCE = "Bình Sơn"
PROVINCE_CODE = "BS"
DEMO_COMMUNE = "Hòa An"
SECOND_COMMUNE = "Bình Minh"

# fmt: off
# Two-word place names are made of these ("Tân Phú", "Hòa An").
PLACE_FIRST = [
    "Tân", "Bình", "Phú", "An", "Hòa", "Xuân", "Đông", "Tây", "Vĩnh", "Long", "Hưng", "Thanh", "Quảng", "Yên",
    "Phước", "Mỹ", "Hồng", "Cẩm", "Đức", "Thạch", "Nghĩa", "Gia", "Kim", "Hải",
]
PLACE_SECOND = [
    "An", "Bình", "Phú", "Lợi", "Lộc", "Thịnh", "Hưng", "Sơn", "Hải", "Thành", "Tiến", "Phong", "Hòa", "Lâm",
    "Trung", "Mỹ", "Thuận", "Đức", "Tân", "Hà", "Minh", "Khánh", "Thủy", "Quang",
]
VILLAGES = [
    "Đông", "Tây", "Nam", "Bắc", "Trung", "Thượng", "Hạ", "Đoài", "Tân Lập", "Tân Tiến", "Đồng Tâm", "An Lạc",
    "Phú Mỹ", "Bình An", "Hòa Bình", "Quyết Tiến", "Thắng Lợi", "Đoàn Kết", "Cầu Gỗ", "Gò Mít", "Tân Hòa",
    "Bến Đò", "Đồng Xuân", "Phú Lâm", "Trại Mới", "Lạc Thiện", "Thanh Vân", "Hương Sơn", "Bãi Dâu",
    "Đồng Chùa", "Vạn Phúc", "Tiền Phong", "Hậu Lộc", "Cao Xá", "Đồng Quang", "Yên Thịnh", "Mỹ Hòa", "Phù Lưu",
    "Trung Hậu", "Kim Bảng",
]
# Schools are often named after historical figures.
FIGURES = [
    "Lê Quý Đôn", "Nguyễn Trãi", "Trần Phú", "Lê Hồng Phong", "Chu Văn An", "Nguyễn Du", "Phan Bội Châu",
    "Trần Hưng Đạo", "Quang Trung", "Lý Thường Kiệt", "Nguyễn Huệ", "Lê Lợi", "Hùng Vương", "Ngô Quyền",
    "Nguyễn Bỉnh Khiêm", "Phan Chu Trinh", "Võ Thị Sáu", "Lương Thế Vinh", "Nguyễn Đình Chiểu",
    "Huỳnh Thúc Kháng", "Trần Quốc Tuấn", "Bùi Thị Xuân", "Nguyễn Thị Minh Khai", "Lê Thánh Tông",
    "Hai Bà Trưng", "Kim Đồng", "Lý Tự Trọng", "Nguyễn Văn Trỗi", "Đinh Tiên Hoàng", "Tô Hiệu",
]
# Relative size of a cell by profile (a village cell is larger than a health station's).
WEIGHTS = {"village": 1.25, "residential": 1.0, "commune_office": 0.6, "school": 0.55, "health": 0.35,
           "hospital": 0.6, "agency": 0.5, "enterprise": 0.7, "military": 0.6, "police": 0.45,
           "university": 0.6, "student": 0.5}
# fmt: on


@dataclass
class UnitPlan:
    kind: str
    name: str
    block: str
    profile: str = ""  # cells: the roster profile
    unit_word: str = "xã"  # "xã" or "phường", for positions such as "Chủ tịch Ủy ban nhân dân xã"
    children: list[UnitPlan] = field(default_factory=list)
    code: str = ""
    size: int = 0  # cells: number of people

    @property
    def is_cell(self) -> bool:
        return self.kind in (K.CELL, K.BASE_CELL)

    def walk(self) -> Iterator[UnitPlan]:
        yield self
        for child in self.children:
            yield from child.walk()

    def cells(self) -> list[UnitPlan]:
        return [node for node in self.walk() if node.is_cell]


@dataclass
class TreePlan:
    root: UnitPlan
    demo_commune: UnitPlan
    demo_cell: UnitPlan


def cell(name: str, profile: str, *, kind: str = K.CELL, unit_word: str = "xã") -> UnitPlan:
    return UnitPlan(kind, name, PROFILES[profile].block, profile=profile, unit_word=unit_word)


def place_names(rng: random.Random, count: int, *, first: tuple[str, ...] = ()) -> list[str]:
    """Distinct two-word place names ("Tân Phú", "Hòa An"), starting with `first`."""
    pool = [f"{a} {b}" for a in PLACE_FIRST for b in PLACE_SECOND if a != b]
    rng.shuffle(pool)
    names = list(first) + [name for name in pool if name not in first]
    return names[:count]


def commune(rng: random.Random, place: str, n_cells: int, *, ward: bool = False, n_villages: int = 0) -> UnitPlan:
    """A commune or ward committee: its offices, militia, health station, schools and villages."""
    word = "phường" if ward else "xã"
    node = UnitPlan(K.BASE, f"Đảng ủy {word} {place}", Block.COMMUNE, unit_word=word)
    fixed = [
        cell(f"Chi bộ Cơ quan Đảng – Mặt trận – Đoàn thể {word}", "commune_office", unit_word=word),
        cell(f"Chi bộ Cơ quan Ủy ban nhân dân {word}", "commune_office", unit_word=word),
        cell(f"Chi bộ Quân sự {word}", "military", unit_word=word),
        cell(f"Chi bộ Trạm Y tế {word} {place}", "health", unit_word=word),
        cell(f"Chi bộ Trường Mầm non {place}", "school"),
        cell(f"Chi bộ Trường Tiểu học {place}", "school"),
        cell(f"Chi bộ Trường THCS {place}", "school"),
    ]
    if n_cells >= 28:
        fixed.append(cell(f"Chi bộ Trường Tiểu học {rng.choice(FIGURES)}", "school"))
    n_villages = n_villages or max(1, n_cells - len(fixed))
    fixed = fixed[: max(0, n_cells - n_villages)]
    if ward:
        villages = [cell(f"Chi bộ Tổ dân phố {i}", "residential", unit_word=word) for i in range(1, n_villages + 1)]
    else:
        names = rng.sample(VILLAGES, min(n_villages, len(VILLAGES)))
        names += [str(i) for i in range(len(names) + 1, n_villages + 1)]
        villages = [cell(f"Chi bộ thôn {name}", "village") for name in names]
    node.children = villages + fixed
    return node


def agency(name: str, block: str, cells: list[UnitPlan], partials: dict[str, list[UnitPlan]] | None = None) -> UnitPlan:
    node = UnitPlan(K.BASE, name, block)
    node.children = [UnitPlan(K.PARTIAL, pname, block, children=pcells) for pname, pcells in (partials or {}).items()]
    node.children += cells
    return node


def _offices(profile: str, names: list[str]) -> list[UnitPlan]:
    return [cell(f"Chi bộ {name}", profile) for name in names]


# fmt: off
COMMON_OFFICES = ["Văn phòng Sở", "Thanh tra Sở", "Phòng Kế hoạch – Tài chính", "Phòng Tổ chức cán bộ"]
DEPARTMENTS = {
    "Sở Tài chính": ["Phòng Quản lý ngân sách", "Phòng Quản lý giá và công sản", "Phòng Tài chính doanh nghiệp",
                     "Phòng Đầu tư", "Trung tâm Xúc tiến đầu tư"],
    "Sở Nội vụ": ["Phòng Công chức, viên chức", "Phòng Xây dựng chính quyền", "Phòng Lao động – Việc làm",
                  "Chi cục Văn thư – Lưu trữ", "Ban Thi đua – Khen thưởng"],
    "Sở Xây dựng": ["Phòng Quản lý xây dựng", "Phòng Quy hoạch – Kiến trúc", "Phòng Quản lý giao thông",
                    "Trung tâm Kiểm định xây dựng", "Ban Quản lý dự án giao thông"],
    "Sở Công Thương": ["Phòng Quản lý công nghiệp", "Phòng Quản lý thương mại", "Chi cục Quản lý thị trường",
                       "Trung tâm Khuyến công"],
    "Sở Văn hóa, Thể thao và Du lịch": ["Phòng Quản lý văn hóa", "Phòng Quản lý du lịch", "Bảo tàng tỉnh",
                                        "Thư viện tỉnh", "Trung tâm Huấn luyện thể thao",
                                        "Nhà hát Nghệ thuật truyền thống"],
    "Sở Khoa học và Công nghệ": ["Phòng Quản lý khoa học", "Chi cục Tiêu chuẩn Đo lường Chất lượng",
                                 "Trung tâm Chuyển đổi số"],
    "Văn phòng Ủy ban nhân dân tỉnh": ["Phòng Tổng hợp", "Phòng Kinh tế", "Phòng Khoa giáo – Văn xã",
                                       "Trung tâm Phục vụ hành chính công", "Phòng Quản trị – Tài vụ"],
    "Sở Tư pháp": ["Phòng Xây dựng và kiểm tra văn bản", "Trung tâm Trợ giúp pháp lý", "Phòng Công chứng số 1"],
}


def province_agencies(places: list[tuple[str, bool]]) -> list[UnitPlan]:
    """The province's agencies, armed forces, hospital, schools and enterprises (about 400 cells)."""
    p = PROVINCE
    military = agency(
        "Đảng ủy Quân sự tỉnh", Block.ARMED_FORCES,
        _offices("military", ["Phòng Tham mưu", "Phòng Chính trị", "Phòng Hậu cần – Kỹ thuật", "Văn phòng Bộ Chỉ huy",
                              "Đại đội Trinh sát", "Đại đội Công binh", "Đại đội Thông tin", "Trung đội Cảnh vệ"])
        + _offices("military", [f"Ban Chỉ huy Phòng thủ khu vực {i}" for i in range(1, 9)]),
        {"Đảng bộ bộ phận Tiểu đoàn Bộ binh 1": _offices(
            "military", ["Chỉ huy Tiểu đoàn", "Đại đội 1", "Đại đội 2", "Đại đội 3"])},
    )
    police = agency(
        "Đảng ủy Công an tỉnh", Block.ARMED_FORCES,
        _offices("police", [f"Phòng {name}" for name in (
            "Tham mưu", "Công tác đảng và công tác chính trị", "An ninh chính trị nội bộ", "An ninh kinh tế",
            "Cảnh sát hình sự", "Cảnh sát kinh tế", "Cảnh sát ma túy", "Hậu cần", "Cảnh sát điều tra",
            "Kỹ thuật hình sự", "Quản lý xuất nhập cảnh", "Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
            "An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao")])
        + _offices("police", [f"Công an {'phường' if ward else 'xã'} {place}" for place, ward in places]),
        {"Đảng bộ bộ phận Phòng Cảnh sát giao thông": _offices("police", [f"Đội {i}" for i in range(1, 6)])},
    )
    hospital = agency(
        "Đảng ủy Bệnh viện Đa khoa tỉnh", Block.HEALTH,
        _offices("hospital", ["Phòng Kế hoạch tổng hợp", "Phòng Tổ chức cán bộ", "Phòng Tài chính kế toán",
                              "Khoa Dược", "Khoa Xét nghiệm", "Khoa Chẩn đoán hình ảnh", "Khoa Khám bệnh"]),
        {"Đảng bộ bộ phận Khối Nội": _offices("hospital", [
            "Khoa Nội tổng hợp", "Khoa Tim mạch", "Khoa Nhi", "Khoa Truyền nhiễm",
            "Khoa Hồi sức tích cực – Chống độc"]),
         "Đảng bộ bộ phận Khối Ngoại": _offices("hospital", [
            "Khoa Ngoại tổng hợp", "Khoa Chấn thương chỉnh hình", "Khoa Phụ sản", "Khoa Gây mê hồi sức", "Khoa Mắt"])},
    )
    names = [place for place, _ in places]
    schools = [*FIGURES, *names[-12:]]
    education = agency(
        "Đảng ủy Sở Giáo dục và Đào tạo", Block.EDUCATION,
        _offices("agency", [*COMMON_OFFICES, "Phòng Giáo dục phổ thông"])
        + _offices("school", [f"Trường THPT {name}" for name in schools[:40]])
        + _offices("school", ["Trường Phổ thông Dân tộc nội trú tỉnh", "Trung tâm Giáo dục thường xuyên tỉnh"]),
    )
    health = agency(
        "Đảng ủy Sở Y tế", Block.HEALTH,
        _offices("agency", [*COMMON_OFFICES, "Phòng Nghiệp vụ Y"])
        + _offices("hospital", ["Trung tâm Kiểm soát bệnh tật", "Bệnh viện Y học cổ truyền",
                                "Bệnh viện Phục hồi chức năng", "Trung tâm Pháp y"])
        + _offices("hospital", [f"Trung tâm Y tế khu vực {place}" for place in names[1:80:7]]),
    )
    farming = agency(
        "Đảng ủy Sở Nông nghiệp và Môi trường", Block.AGENCY,
        _offices("agency", [*COMMON_OFFICES, "Chi cục Kiểm lâm", "Chi cục Thủy lợi", "Chi cục Chăn nuôi và Thú y",
                            "Chi cục Trồng trọt và Bảo vệ thực vật", "Trung tâm Khuyến nông",
                            "Văn phòng Đăng ký đất đai"])
        + _offices("agency", [f"Hạt Kiểm lâm khu vực {i}" for i in range(1, 7)]),
    )
    departments = [
        agency(f"Đảng ủy {name}", Block.AGENCY, _offices("agency", [*COMMON_OFFICES, *extra]))
        for name, extra in DEPARTMENTS.items()
    ]
    university = agency(
        f"Đảng ủy Trường Đại học {p}", Block.EDUCATION,
        _offices("agency", ["Phòng Đào tạo", "Phòng Tổ chức – Hành chính", "Phòng Công tác sinh viên"])
        + _offices("university", ["Khoa Kỹ thuật – Công nghệ", "Khoa Nông – Lâm"]) + _offices("student", ["Sinh viên"]),
        {"Đảng bộ bộ phận Khoa Sư phạm": _offices("university", ["Bộ môn Toán", "Bộ môn Ngữ văn", "Bộ môn Lịch sử"]),
         "Đảng bộ bộ phận Khoa Kinh tế": _offices("university", ["Bộ môn Kế toán", "Bộ môn Quản trị kinh doanh"])},
    )
    college = agency(
        f"Đảng ủy Trường Cao đẳng Kỹ thuật – Công nghệ {p}", Block.EDUCATION,
        _offices("agency", ["Phòng Đào tạo", "Phòng Tổ chức – Hành chính"])
        + _offices("university", ["Khoa Điện – Điện tử", "Khoa Cơ khí", "Khoa Công nghệ thông tin", "Khoa Xây dựng",
                              "Khoa Cơ bản", "Khoa Du lịch"]),
    )
    enterprises = [
        agency(f"Đảng ủy Công ty Điện lực {p}", Block.ENTERPRISE,
               _offices("enterprise", ["Văn phòng Công ty", "Phòng Kỹ thuật", "Phòng Kinh doanh"])
               + _offices("enterprise", [f"Điện lực khu vực {i}" for i in range(1, 9)])),
        agency(f"Đảng ủy Công ty Cổ phần Cấp thoát nước {p}", Block.ENTERPRISE,
               _offices("enterprise", ["Văn phòng Công ty", "Xí nghiệp Nước số 1", "Xí nghiệp Nước số 2",
                                       "Xí nghiệp Thoát nước", "Phòng Kỹ thuật – Chất lượng"])),
        agency(f"Đảng ủy Công ty TNHH MTV Lâm nghiệp {p}", Block.ENTERPRISE,
               _offices("enterprise", ["Văn phòng Công ty", *(f"Đội sản xuất {i}" for i in range(1, 7))])),
    ]
    return [military, police, hospital, education, health, farming, *departments, university, college, *enterprises]


# Grassroots cells (chi bộ cơ sở) directly under the province.
BASE_CELLS = [("Chi bộ Liên minh Hợp tác xã tỉnh", "agency"), ("Chi bộ Hội Văn học Nghệ thuật tỉnh", "agency"),
              ("Chi bộ Ban Quản lý các Khu công nghiệp tỉnh", "agency"),
              ("Chi bộ Quỹ Đầu tư phát triển tỉnh", "enterprise"), ("Chi bộ Trường Chính trị tỉnh", "school")]
# fmt: on


def assign_sizes(rng: random.Random, cells: list[UnitPlan], total: int, minimum: int = 3) -> None:
    """Share `total` people among `cells` by profile weight with some spread (most cells 10–40)."""
    weights = [WEIGHTS[c.profile] * rng.lognormvariate(0, 0.35) for c in cells]
    scale = total / sum(weights)
    for node, weight in zip(cells, weights, strict=True):
        node.size = max(minimum, round(weight * scale))


def number(node: UnitPlan) -> None:
    """Codes: the parent's code, "-", and a zero-padded index of the same width for all siblings."""
    width = max(2, len(str(len(node.children))))
    for index, child in enumerate(node.children, start=1):
        child.code = f"{node.code}-{index:0{width}d}"
        number(child)


def plan_tree(scale: str, rng: random.Random) -> TreePlan:
    root = UnitPlan(K.PROVINCE, f"Đảng bộ tỉnh {PROVINCE}", Block.OTHER, code=PROVINCE_CODE)
    if scale == "cell":
        main = commune(rng, DEMO_COMMUNE, 1, n_villages=1)
        main.children[0].size = 5
        root.children = [main]
    elif scale == "commune":
        main = commune(rng, DEMO_COMMUNE, 30)
        second = commune(rng, SECOND_COMMUNE, 3, n_villages=2)
        assign_sizes(rng, main.cells(), 700)
        assign_sizes(rng, second.cells(), 45)
        root.children = [main, second]
    elif scale == "province":
        names = place_names(rng, 80, first=(DEMO_COMMUNE, SECOND_COMMUNE))
        places = [(place, index % 6 == 5) for index, place in enumerate(names)]  # every sixth is a ward
        communes = [commune(rng, place, rng.randint(21, 45), ward=ward) for place, ward in places]
        bases = [cell(name, profile, kind=K.BASE_CELL) for name, profile in BASE_CELLS]
        root.children = [*communes, *province_agencies(places), *bases]
        main = communes[0]
        assign_sizes(rng, root.cells(), 100_000)
    else:
        raise ValueError(f"unknown scale {scale!r}")
    number(root)
    return TreePlan(root=root, demo_commune=main, demo_cell=main.children[0])
