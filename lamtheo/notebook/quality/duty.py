"""Is a registration tied to the member's duty? Deliberately conservative.

Tied when the item shares a meaningful word with the duty text, names a work object of the duty's
field ("bác sĩ" → "bệnh nhân", "khám"), or names the workplace itself ("cơ quan", "giờ làm việc").
Only when none of these holds does the check give its (gentle) advice.
"""

from __future__ import annotations

from .lexicon import STOPWORDS, TITLE_WORDS
from .text import Lexicon, Tokens, fold_word

_TITLE_WORDS = frozenset(fold_word(w) for w in TITLE_WORDS)
_STOP = frozenset(fold_word(w) for w in STOPWORDS) | _TITLE_WORDS

# fmt: off
WORKPLACE = Lexicon(
    [
        "cơ quan", "đơn vị", "phòng làm việc", "nơi làm việc", "giờ làm việc", "công sở", "văn phòng",
        "đồng nghiệp", "ca làm việc", "nhiệm vụ chuyên môn", "công việc chuyên môn", "máy in", "xe công",
        "giờ hành chính", "người dân", "công dân", "khách hàng", "tiếp dân",
    ]
)

# field: (words that identify the field in a duty, work objects of that field)
FIELDS: dict[str, tuple[list[str], list[str]]] = {
    "education": (
        ["giáo viên", "giảng viên", "hiệu trưởng", "hiệu phó", "trường", "mầm non", "tiểu học", "trung học",
         "thcs", "thpt", "dạy", "giáo dục", "bảo mẫu", "tổng phụ trách"],
        ["học sinh", "lớp", "tiết", "giáo án", "bài giảng", "phụ huynh", "dạy", "giảng dạy", "dự giờ",
         "chấm bài", "chủ nhiệm", "môn", "trường", "điểm trường", "sinh viên", "thi", "ôn"],
    ),
    "health": (
        ["bác sĩ", "y sĩ", "y tá", "điều dưỡng", "hộ sinh", "dược sĩ", "bệnh viện", "trạm y tế", "y tế",
         "khoa", "phòng khám", "kỹ thuật viên xét nghiệm"],
        ["bệnh nhân", "người bệnh", "khám", "chữa", "tiêm", "thuốc", "bệnh án", "huyết áp", "trực",
         "cấp cứu", "người nhà", "phong bì", "tiêm chủng", "sức khỏe", "xét nghiệm", "khoa"],
    ),
    "police": (
        ["công an", "cảnh sát", "an ninh", "trinh sát", "cảnh vệ"],
        ["tuần tra", "an ninh", "trật tự", "cư trú", "thường trú", "tạm trú", "căn cước", "vi phạm",
         "biên bản", "giao thông", "tội phạm", "nhân khẩu", "hộ khẩu", "địa bàn"],
    ),
    "military": (
        ["bộ đội", "quân đội", "chiến sĩ", "sĩ quan", "quân nhân", "tiểu đội", "trung đội", "đại đội",
         "tiểu đoàn", "dân quân", "quân sự", "biên phòng", "hạ sĩ", "trung sĩ", "thượng sĩ", "úy", "tá"],
        ["huấn luyện", "vũ khí", "súng", "bắn", "doanh trại", "gác", "trực", "quân tư trang", "hành quân",
         "đơn vị", "diễn tập", "đóng quân", "tân binh"],
    ),
    "farming": (
        ["nông dân", "làm ruộng", "trồng trọt", "chăn nuôi", "nông nghiệp", "hợp tác xã", "trang trại",
         "làm vườn", "ngư dân", "nuôi trồng", "khuyến nông", "lâm nghiệp", "kiểm lâm", "bảo vệ rừng"],
        ["ruộng", "lúa", "rau", "vườn", "cây", "nuôi", "trồng", "gà", "vịt", "heo", "lợn", "bò", "trâu",
         "sào", "ha", "phân bón", "thu hoạch", "vụ", "giống", "rừng", "tôm", "cá", "rơm", "rạ", "mùa"],
    ),
    "commune": (
        ["xã", "phường", "thị trấn", "ủy ban", "ubnd", "địa chính", "tư pháp", "hộ tịch", "văn hóa xã hội",
         "một cửa", "chủ tịch", "trưởng thôn", "trưởng ấp", "trưởng bản", "tổ trưởng dân phố", "mặt trận",
         "hội phụ nữ", "hội nông dân", "đoàn thanh niên", "cựu chiến binh", "bí thư"],
        ["hồ sơ", "thủ tục", "người dân", "công dân", "một cửa", "tiếp dân", "đơn thư", "chứng thực",
         "thôn", "ấp", "xóm", "hộ", "họp dân", "hòa giải", "khu dân cư", "tổ dân phố", "hội viên",
         "đoàn viên", "đất đai"],
    ),
    "enterprise": (
        ["công nhân", "kỹ sư", "kỹ thuật viên", "thợ", "nhà máy", "xí nghiệp", "công ty", "phân xưởng",
         "tổ sản xuất", "doanh nghiệp", "lái xe", "thủ kho"],
        ["máy", "ca", "sản phẩm", "phế phẩm", "sáng kiến", "an toàn lao động", "bảo hộ", "dây chuyền",
         "kho", "hàng", "khách hàng", "tai nạn lao động", "nguyên liệu", "vật tư", "xưởng"],
    ),
    "finance": (
        ["kế toán", "thủ quỹ", "tài chính", "ngân hàng", "thuế", "kho bạc", "kiểm toán"],
        ["chứng từ", "quyết toán", "sổ sách", "thu chi", "báo cáo", "thuế", "hồ sơ", "khai", "ngân sách",
         "doanh nghiệp", "hộ kinh doanh", "khách hàng", "quỹ"],
    ),
    "retired": (
        ["nghỉ hưu", "hưu trí", "cựu chiến binh", "cựu giáo chức", "người cao tuổi"],
        ["con cháu", "cháu", "khu dân cư", "tổ dân phố", "xóm", "thôn", "ấp", "khuyến học", "hòa giải",
         "thiếu nhi", "hồi ký", "chi hội", "hàng xóm", "gia đình"],
    ),
}
# fmt: on
_FIELDS = {name: (Lexicon(keys), Lexicon(objects)) for name, (keys, objects) in FIELDS.items()}


def _meaningful(tokens: Tokens) -> set[str]:
    return {t for t in tokens.folded if t.isalpha() and len(t) > 1 and t not in _STOP}


def is_tied(item: Tokens, duty: Tokens) -> bool:
    if _meaningful(item) & _meaningful(duty):
        return True
    if WORKPLACE.spans(item):
        return True
    return any(keys.spans(duty) and objects.spans(item) for keys, objects in _FIELDS.values())
