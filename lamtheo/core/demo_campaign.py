"""Demo data for one campaign year, on top of the demo tree of `manage.py seed_demo`.

`seed_campaign_year(year=…)` fills what a newcomer expects to find after `make run`: the year's
theme, ethical standards adapted down the tree, guiding documents, the demo cell's notebook
(registrations in every state, self-reports, evaluations, shortcomings), its meetings (the year
plan, minutes, members' reports through the workflow), the commune's study work (a class with
attendance, steering bodies, propaganda, essays) and its reviews.

Everything goes through the apps' service functions, so the business rules and the quality
check apply, with the demo accounts as actors: `tinhuy` (province committee member) for the
province, `capuy` for the commune, `bithu` (and the other cell
accounts for their own things) in the demo cell. The other cells of the demo commune get a
lighter fill entered by the superuser. Random choices come from `random.Random(seed)`; the
texts are Vietnamese data, not translatable messages. Attachments are generated here (a DOCX
plan, a meeting document, an evidence photo).
"""

from __future__ import annotations

import datetime as dt
import io
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from auditlog.context import disable_auditlog
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation

from lamtheo.accounts.models import User
from lamtheo.campaigns import services as campaign_services
from lamtheo.campaigns.models import Directive, DirectiveKind, EthicalStandard, Theme, ThemeScope
from lamtheo.contests.demo import seed_contests
from lamtheo.inspections.demo import seed_inspections
from lamtheo.meetings import selectors as meeting_selectors
from lamtheo.meetings import services as meeting_services
from lamtheo.meetings import services_minutes, services_reports
from lamtheo.meetings.models import AttendanceStatus, Meeting, MeetingKind, MeetingState, MemberReport, ReportState
from lamtheo.notebook import services as notebook_services
from lamtheo.notebook import services_results
from lamtheo.notebook.models import (
    EvaluationLevel,
    ItemStatus,
    PledgeRule,
    QualityVerdict,
    Registration,
    RegistrationState,
    ReportPeriod,
    SelfReport,
    ShortcomingSource,
    ShortcomingStatus,
)
from lamtheo.organizations.models import CELL_KINDS, Block, Organization, Person, PersonKind, Role, RoleAssignment
from lamtheo.reviews import services as review_services
from lamtheo.reviews.models import Review, ReviewKind, ReviewRequest
from lamtheo.study import services as study_services
from lamtheo.study import services_essays
from lamtheo.study.models import (
    Attendance as StudyAttendance,
)
from lamtheo.study.models import (
    BodyKind,
    Essay,
    EssayGrade,
    EssayState,
    PlanKind,
    PropagandaKind,
    SteeringRole,
    StudySession,
)
from lamtheo.yearend.demo import seed_yearend

DEFAULT_SEED = 2026
DOCUMENT_LANGUAGE = "vi"  # the services' default titles and agendas are document content
OTHER_CELLS_SHARE = (0.15, 0.45)  # the lighter fill: this share of each other cell registers

# --- texts ---------------------------------------------------------------------------------------

THEME_TITLE = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về tinh thần tự lực, tự cường, "
    "đổi mới sáng tạo, gần dân, trọng dân, vì Nhân dân phục vụ"
)
THEME_DESCRIPTION = (
    "Chuyên đề năm triển khai Kết luận số 01-KL/TW. Mỗi cán bộ, đảng viên đăng ký việc làm cụ thể, "
    "đo đếm được, gắn với chức trách và nơi cư trú; chi bộ sinh hoạt chuyên đề mỗi quý và sơ kết giữa năm."
)
MODEL_STANDARDS = [
    "Trung thành với Đảng, với Tổ quốc và Nhân dân; kiên định mục tiêu độc lập dân tộc gắn liền với chủ nghĩa xã hội",
    "Cần, kiệm, liêm, chính, chí công vô tư; không tham ô, lãng phí, không lợi dụng chức vụ để vụ lợi",
    "Gần dân, trọng dân, lắng nghe và giải quyết kịp thời những việc chính đáng của người dân",
    "Nói đi đôi với làm; nói ít, làm nhiều; người đứng đầu nêu gương trước",
    "Đoàn kết, thương yêu đồng chí, đồng nghiệp; thẳng thắn tự phê bình và phê bình",
    "Giữ gìn gia đình văn hóa, gương mẫu chấp hành pháp luật và quy ước nơi cư trú",
]
COMMUNE_STANDARD = "Tham gia đầy đủ sinh hoạt chi bộ và sinh hoạt tại nơi cư trú; đóng đảng phí đúng hạn"
CELL_STANDARD = "Giữ đường làng, ngõ xóm xanh, sạch, đẹp; đi đầu vận động bà con hiến đất, góp công làm đường"

# The specific items people register, by the field of their work or life. One item per entry:
# "area | measure | deadline (d/m) | numbers to choose {n} from | text" ("-": none); a line that
# starts with spaces continues the text above. No two items are near copies of each other (see the tests).
POOL_TABLE = """
village | {n} hộ | 30/6 | 5 8 10 | Vận động {n} hộ trong xóm phân loại rác tại nguồn trước ngày 30/6
village | 12 buổi | - | - | Phát quang, quét dọn đường làng vào sáng Chủ nhật cuối mỗi tháng
village | {n} vụ | 15/12 | 2 3 | Hòa giải thành công ít nhất {n} vụ mâu thuẫn giữa các gia đình trong thôn
village | {n} ngày công | 30/9 | 3 5 | Góp {n} ngày công làm đường bê tông ngõ xóm trước ngày 30/9
village | {n} hộ | 31/7 | 2 3 4 | Giúp {n} hộ nghèo của thôn làm hồ sơ vay vốn ưu đãi trước ngày 31/7
village | {n} gia đình | 27/7 | 3 4 5 | Thăm, tặng quà {n} gia đình thương binh, liệt sĩ của thôn dịp 27/7
village | {n} buổi/tháng | - | 2 4 | Tuần tra đêm cùng tổ an ninh tự quản {n} buổi mỗi tháng
village | {n} hộ | 31/10 | 10 12 15 | Vận động {n} hộ lắp bóng đèn chiếu sáng trước cổng nhà để
    thắp sáng đường quê trước ngày 31/10
village | {n} triệu đồng | 5/9 | 1 2 | Góp {n} triệu đồng vào quỹ khuyến học của thôn trước ngày khai giảng 5/9
village | {n} hộ | 30/6 | 3 5 6 | Vận động {n} hộ chưa có thẻ tham gia bảo hiểm y tế hộ gia đình trước ngày 30/6
village | {n} cây | 31/3 | 10 20 | Trồng và chăm sóc {n} cây bóng mát dọc tuyến đường liên thôn trước ngày 31/3
village | {n} người | 31/5 | 5 8 | Giúp {n} người cao tuổi trong xóm cài đặt và dùng ứng dụng VNeID trước ngày 31/5
village | {n} cụ | - | 2 3 | Đến thăm {n} cụ già neo đơn trong thôn mỗi tháng một lần
village | {n} gia đình | - | 3 4 | Vận động {n} gia đình trong xóm tổ chức đám cưới, đám tang
    theo nếp sống văn minh, không mổ trâu bò
village | {n} phụ huynh | 31/5 | 10 15 | Vận động {n} phụ huynh trong xóm ký cam kết trông trẻ,
    phòng đuối nước dịp hè trước ngày 31/5
village | 52 buổi | - | - | Đọc tin về gương người tốt việc tốt của thôn trên loa
    truyền thanh vào tối thứ Bảy hằng tuần
farming | {n} sào | 31/8 | 3 4 5 | Áp dụng tưới ướt khô xen kẽ trên {n} sào lúa vụ Hè Thu để giảm nước và phân bón
farming | {n} sào | 30/4 | 2 3 | Chuyển {n} sào ruộng trũng cấy lúa kém hiệu quả sang nuôi
    cá kết hợp trồng sen trước ngày 30/4
farming | {n} tấn | 30/11 | 2 3 | Không đốt rơm rạ sau gặt, ủ {n} tấn rơm làm phân hữu cơ bón cho vụ sau
farming | {n} hộ | 30/9 | 4 6 | Hướng dẫn {n} hộ chăn nuôi trong xóm làm đệm lót
    sinh học cho chuồng lợn trước ngày 30/9
farming | - | - | - | Bỏ vỏ chai, bao bì thuốc bảo vệ thực vật vào bể thu gom đầu đồng sau mỗi lần phun
farming | {n} sào | 31/10 | 1 2 | Trồng {n} sào rau theo quy trình VietGAP, bán cho bếp ăn Trường Mầm non của xã
farming | {n} lần | 30/11 | 2 | Tiêm phòng cúm gia cầm cho đàn gà, vịt của gia đình {n} lần trong năm theo lịch thú y
farming | {n} hộ | 15/12 | 5 6 | Chia sẻ giống lúa chịu hạn cho {n} hộ trong thôn trước vụ Đông Xuân
farming | {n} sào | 30/11 | 2 3 | Cải tạo {n} sào vườn tạp thành vườn bưởi, cam trước ngày 30/11
retired | {n} câu chuyện | 31/8 | 3 4 | Kể {n} câu chuyện truyền thống cách mạng cho thiếu nhi của thôn trong dịp hè
retired | {n} bài | 22/12 | 1 2 | Viết {n} bài hồi ký về những năm tháng chiến đấu gửi
    Hội Cựu chiến binh xã trước ngày 22/12
retired | {n} cháu | 31/5 | 3 4 5 | Dạy kèm miễn phí môn Toán cho {n} cháu lớp 9 trong xóm ôn thi vào lớp 10
retired | {n} buổi | - | 4 6 | Dự đủ {n} buổi sinh hoạt của tổ hòa giải thôn trong năm
retired | 4 cuốn | - | - | Mỗi quý đọc một cuốn sách viết về Bác Hồ và kể lại cho con cháu trong gia đình nghe
retired | {n} suất | 5/9 | 2 3 | Vận động con cháu đóng góp {n} suất học bổng cho học sinh nghèo vượt khó của thôn
retired | {n} buổi/tuần | - | 2 3 | Tập dưỡng sinh cùng chi hội Người cao tuổi {n} buổi mỗi tuần tại nhà văn hóa thôn
retired | {n} hiện vật | 2/9 | 3 5 | Sưu tầm {n} hiện vật, ảnh thời kháng chiến tặng
    phòng truyền thống của xã trước ngày 2/9
retired | - | - | - | Tham gia ban giám sát đầu tư của cộng đồng, ghi sổ theo dõi thi công nhà văn hóa thôn mỗi tuần
trade | {n} sản phẩm | 31/3 | 30 50 | Niêm yết giá công khai cho {n} sản phẩm tại quầy và bán đúng giá niêm yết
trade | - | - | - | Không bán hàng giả, hàng không rõ nguồn gốc; giữ hóa đơn nhập hàng của từng tháng
trade | - | 31/3 | - | Nhận thanh toán bằng mã QR để khách hàng không phải dùng tiền mặt từ tháng 3
trade | {n}% | 30/9 | 50 70 | Dùng túi giấy gói hàng, giảm {n}% túi ni lông phát cho khách trước ngày 30/9
trade | 4 kỳ | - | - | Nộp thuế khoán của hộ kinh doanh đủ và đúng hạn trước ngày 30 của tháng cuối mỗi quý
worker | - | - | - | Đeo mũ bảo hộ, dây an toàn mỗi ngày làm việc trên giàn giáo
worker | {n} thợ phụ | 31/8 | 1 2 | Kèm cặp {n} thợ phụ mới vào nghề xây tường đúng kỹ thuật trước ngày 31/8
worker | {n} sáng kiến | 31/10 | 1 2 | Đề xuất {n} sáng kiến tiết kiệm nguyên liệu,
    vật tư tại phân xưởng trước ngày 31/10
worker | {n} lần | - | 1 2 | Hiến máu tình nguyện {n} lần trong năm tại các đợt do công đoàn tổ chức
worker | {n} thanh niên | 30/9 | 2 3 | Giới thiệu {n} thanh niên trong xóm đi học nghề điện dân
    dụng ở trung tâm giáo dục nghề nghiệp
worker | - | - | - | Không nghỉ làm không phép buổi nào trong năm, báo trước tổ trưởng khi cần nghỉ
office | 100% hồ sơ | - | - | Giải quyết 100% hồ sơ thủ tục hành chính được giao đúng hoặc trước
    hạn, không để người dân đi lại nhiều lần
office | {n} ngày | - | 5 7 | Trả lời đơn thư của công dân trong vòng {n} ngày làm việc kể từ khi nhận
office | {n} hồ sơ | 30/11 | 300 500 | Số hóa {n} hồ sơ hộ tịch lưu trữ của xã trước ngày 30/11
office | {n}% | - | 5 10 | Tắt đèn, điều hòa và máy tính khi rời phòng làm việc; giảm {n}%
    tiền điện của cơ quan so với năm trước
office | {n} người/tháng | - | 10 20 | Hướng dẫn {n} người dân mỗi tháng nộp hồ sơ trực tuyến trên Cổng dịch vụ công
school | {n} buổi/tuần | - | 1 2 | Phụ đạo miễn phí {n} buổi mỗi tuần cho học sinh yếu môn Toán của lớp chủ nhiệm
school | {n} học sinh | 31/12 | 3 5 | Đến thăm gia đình {n} học sinh có hoàn cảnh khó khăn trong học kỳ I
school | {n} bài giảng | 30/10 | 4 6 | Soạn {n} bài giảng điện tử lồng ghép câu chuyện về Bác
    cho các tiết Đạo đức trước ngày 30/10
school | {n} giáo viên | - | 2 | Dự giờ, góp ý cho {n} giáo viên trẻ của tổ mỗi tháng một tiết
health | {n} người/quý | - | 30 50 | Khám, đo huyết áp miễn phí cho {n} người cao tuổi trong xã mỗi quý
health | - | 31/1 | - | Không nhận phong bì của người bệnh và người nhà; dán số điện thoại đường
    dây nóng tại phòng khám trước ngày 31/1
health | {n} buổi | - | 12 | Trực đủ {n} buổi tiêm chủng mở rộng tại trạm và theo dõi trẻ 30 phút sau tiêm
health | {n} người | 30/9 | 200 300 | Cập nhật hồ sơ sức khỏe điện tử cho {n} người dân trước ngày 30/9
armed | {n} nội dung | 30/11 | 2 3 | Huấn luyện đạt loại giỏi {n} nội dung bắn súng và điều lệnh trong năm
armed | 52 lần | - | - | Lau chùi, bảo quản vũ khí được giao vào chiều thứ Sáu hằng tuần
armed | {n} nhân khẩu | 30/6 | 200 300 | Đến từng hộ cập nhật thông tin cư trú của {n}
    nhân khẩu trên địa bàn trước ngày 30/6
general | {n} mẩu chuyện/tháng | - | 1 2 | Mỗi tháng đọc {n} mẩu chuyện về Bác và kể lại
    một chuyện tại buổi sinh hoạt chi bộ
general | - | - | - | Không hút thuốc lá trong nhà và ở nơi công cộng
general | - | - | - | Không uống rượu, bia trước khi lái xe máy
general | 12 tháng | - | - | Nộp đảng phí cho chi bộ trước ngày 10 hằng tháng
general | {n}% | - | 10 15 | Tắt thiết bị điện khi không dùng, giảm {n}% hóa đơn
    tiền điện của gia đình so với năm trước
general | {n} tin/tháng | - | 1 2 | Kiểm tra nguồn trước khi chia sẻ tin trên Facebook; mỗi tháng đăng
    {n} tin về việc làm hay ở địa phương
general | {n} ngày lương | 18/11 | 1 | Ủng hộ {n} ngày lương vào Quỹ Vì người nghèo của xã trước ngày 18/11
general | {n} câu | 19/5 | 5 10 | Chép {n} câu nói của Bác về đạo đức cách mạng
    vào sổ tay và học thuộc trước ngày 19/5
general | - | - | - | Đi bộ hoặc đạp xe với quãng đường dưới 2 km, tập thể dục 30 phút mỗi sáng
general | {n} ý kiến/buổi | - | 1 | Phát biểu ít nhất {n} ý kiến đóng góp trong mỗi buổi sinh hoạt chi bộ
"""


@dataclass(frozen=True)
class PoolItem:
    area: str  # "village", "farming", "retired"…, or "general"
    measure: str
    deadline: str
    numbers: tuple[int, ...]
    text: str


def parse_pool(table: str) -> list[PoolItem]:
    entries: list[str] = []
    for line in table.splitlines():
        if line.startswith(" ") and entries:
            entries[-1] += " " + line.strip()
        elif line.strip():
            entries.append(line.strip())
    items = []
    for entry in entries:
        area, measure, deadline, numbers, text = (part.strip().removeprefix("-") for part in entry.split("|", 4))
        items.append(PoolItem(area, measure, deadline, tuple(int(n) for n in numbers.split()), text))
    return items


POOL = parse_pool(POOL_TABLE)
VAGUE_ITEMS = [
    "Học tập tốt, làm theo tốt",
    "Thực hiện tốt chức trách, nhiệm vụ được giao",
    "Giữ gìn phẩm chất đạo đức, lối sống trong sạch",
]
RETURN_COMMENT = (
    "Các nội dung còn chung chung, chưa đo được. Đề nghị đồng chí ghi rõ việc cụ thể, số lượng và thời hạn, "
    "ví dụ: “Vận động 5 hộ trong xóm phân loại rác trước ngày 30/6”."
)
SHORTCOMING_TEXT = "Còn đi họp chi bộ muộn; năm trước vắng 2 buổi sinh hoạt không báo trước"
SHORTCOMING_ITEM = "Đi họp chi bộ đúng giờ, không vắng buổi sinh hoạt nào mà không báo trước trong năm"
COLLECTIVE_ITEMS = [
    ("Tổ chức 4 buổi sinh hoạt chuyên đề kể chuyện về Bác, mỗi quý một buổi", "4 buổi", ""),
    ("Vận động bà con hiến 300 m² đất mở rộng đường liên xóm trước ngày 30/9", "300 m²", "30/9"),
    ("Xây dựng tuyến đường hoa dài 500 mét ở trục chính của thôn trước ngày 2/9", "500 mét", "2/9"),
]
JOB_AREAS = {
    "Nông dân": "farming",
    "Nuôi trồng thủy sản": "farming",
    "Cán bộ hưu trí": "retired",
    "Cựu chiến binh": "retired",
    "Nhà giáo nghỉ hưu": "retired",
    "Buôn bán nhỏ": "trade",
    "Kinh doanh": "trade",
    "Tiểu thương": "trade",
    "Công nhân": "worker",
    "Lao động tự do": "worker",
    "Thợ xây": "worker",
    "Người lao động": "worker",
    "Công chức": "office",
    "Cán bộ": "office",
    "Viên chức": "office",
    "Nhân viên văn phòng": "office",
    "Giáo viên": "school",
    "Giảng viên": "school",
    "Viên chức y tế": "health",
    "Quân nhân": "armed",
    "Công an": "armed",
}
DONE_NOTES = [
    "Đã hoàn thành, được chi bộ ghi nhận tại buổi sinh hoạt tháng {m}.",
    "Đã làm xong, có xác nhận của trưởng thôn.",
    "Đã duy trì đều đặn trong 6 tháng đầu năm.",
]
PARTLY_NOTES = [
    "Đã làm được khoảng một nửa khối lượng đăng ký.",
    "Mới thực hiện được một phần do vướng thời vụ.",
]
NOT_YET_NOTES = ["Chưa thực hiện; đã lên kế hoạch làm trong quý III."]
DIRECTIONS = [
    "Tiếp tục duy trì trong 6 tháng cuối năm.",
    "Hoàn thành phần còn lại trước thời hạn đã đăng ký.",
    "Nhờ chi hội hỗ trợ để làm xong trong quý IV.",
]
# Month → (news, results of the past month, tasks of the coming month), for the minutes.
MONTH_NOTES = {
    1: ("Quán triệt kế hoạch công tác năm của Đảng ủy xã.", "Tổng kết năm cũ", "Chuẩn bị đón Tết an toàn, tiết kiệm"),
    2: ("Thông tin về vụ Đông Xuân và lịch thời vụ.", "Đón Tết vui tươi, an toàn", "Ra quân làm thủy lợi nội đồng"),
    3: (
        "Hướng dẫn đăng ký làm theo Bác của Đảng ủy xã.",
        "Gieo cấy xong vụ Đông Xuân",
        "Tết trồng cây, ra quân vệ sinh",
    ),
    4: ("Thông tin về cải cách thủ tục hành chính của xã.", "Trồng 300 cây xanh", "Chuẩn bị kỷ niệm 30/4 và 1/5"),
    5: ("Kỷ niệm ngày sinh Chủ tịch Hồ Chí Minh 19/5.", "Dọn vệ sinh đường làng", "Phòng đuối nước cho trẻ dịp hè"),
    6: ("Sơ kết 6 tháng đầu năm của Đảng ủy xã.", "Thu hoạch vụ Đông Xuân", "Sơ kết 6 tháng của chi bộ"),
    7: ("Kỷ niệm Ngày Thương binh – Liệt sĩ 27/7.", "Thăm hỏi các gia đình chính sách", "Gieo cấy vụ Mùa"),
    8: ("Thông tin về phòng chống lụt bão năm nay.", "Gieo cấy xong vụ Mùa", "Chuẩn bị Quốc khánh 2/9"),
    9: ("Kỷ niệm Quốc khánh 2/9; khai giảng năm học mới.", "Trao 12 suất học bổng", "Phòng chống mưa bão"),
    10: (
        "Thông tin về an ninh trật tự trên địa bàn xã.",
        "Khắc phục hậu quả mưa lớn",
        "Chuẩn bị Ngày hội Đại đoàn kết",
    ),
    11: ("Ngày hội Đại đoàn kết toàn dân tộc 18/11.", "Tổ chức Ngày hội ở thôn", "Kiểm điểm, đánh giá cuối năm"),
    12: ("Hướng dẫn kiểm điểm, xếp loại cuối năm.", "Thu hoạch vụ Mùa", "Kế hoạch năm tới"),
}
THEMATIC_TOPICS = {
    1: "Bác Hồ với tinh thần tự lực, tự cường",
    2: "Gần dân, trọng dân, vì Nhân dân phục vụ",
    3: "Cần, kiệm, liêm, chính, chí công vô tư",
    4: "Nói đi đôi với làm, nêu gương ở nơi cư trú",
}
# Who sits on the commune's steering committee first (by position), then the heads of villages.
STEERING_LEADS = ("Chủ tịch Ủy ban nhân dân", "Chủ tịch Ủy ban Mặt trận", "Bí thư Đoàn", "Chủ tịch Hội", "Trưởng thôn")
EXCUSES = ["Đi công tác", "Ốm, có giấy của trạm y tế", "Việc gia đình", "Đi làm ăn xa"]
EXEMPT_AGE = 82


# --- summary -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CampaignSummary:
    year: int
    themes: int
    standards: int
    directives: int
    registrations: int
    approved: int
    flagged_vague: int
    self_reports: int
    meetings: int
    meetings_held: int
    member_reports: int
    study_sessions: int
    study_attendances: int
    essays: int
    reviews: int
    review_requests: int
    seconds: float
    notes: tuple[str, ...] = ()

    def line(self) -> str:
        return (
            f"Seeded the {self.year} campaign: {self.themes} theme(s), {self.standards} sets of standards, "
            f"{self.directives} documents; {self.registrations} registrations ({self.approved} approved, "
            f"{self.flagged_vague} with vague items), {self.self_reports} self-reports; {self.meetings} meetings "
            f"({self.meetings_held} held), {self.member_reports} members' reports; {self.study_sessions} study "
            f"classes ({self.study_attendances} attendances), {self.essays} essays; {self.reviews} reviews, "
            f"{self.review_requests} request(s) in {self.seconds:.1f} s."
        )


# --- the cast ------------------------------------------------------------------------------------


@dataclass
class Cast:
    """The demo accounts and the nodes they act on."""

    root: Organization
    commune: Organization
    cell: Organization
    top: User | None  # a superuser: the other cells' entries (and the province's documents without tinhuy)
    province: User | None  # tinhuy, the province committee member: the province's documents
    committee: User  # capuy
    assistant: User | None  # giupviec
    secretary: User  # bithu
    deputy: User | None  # phobithu
    cell_committee: User | None  # chiuy
    member: User | None  # dangvien
    notes: list[str] = field(default_factory=list)


def _holds_committee_role(user: User | None, node: Organization) -> User | None:
    """`user` when it holds a current committee role on `node` (else None)."""
    if user is None:
        return None
    held = RoleAssignment.objects.filter(user=user, organization=node, role=Role.COMMITTEE, ended_on__isnull=True)
    return user if held.exists() else None


def find_cast() -> Cast:
    """The demo accounts of `seed_demo`; RuntimeError when the tree has not been seeded."""
    names = ["tinhuy", "capuy", "giupviec", "bithu", "phobithu", "chiuy", "dangvien"]
    users = {u.username: u for u in User.objects.filter(username__in=names, is_active=True).select_related("person")}
    secretary, committee = users.get("bithu"), users.get("capuy")
    if secretary is None or secretary.person is None or committee is None:
        raise RuntimeError("The demo campaign needs the demo tree and its accounts: run seed_demo first.")
    cell = Organization.objects.get(pk=secretary.person.cell_id)
    held = RoleAssignment.objects.filter(user=committee, role=Role.COMMITTEE, ended_on__isnull=True)
    assignment = held.select_related("organization").first()
    if assignment is None or not cell.path.startswith(assignment.organization.path):
        raise RuntimeError("The demo committee account does not hold its role above the demo cell.")
    root = Organization.objects.get(path=cell.path[: Organization.steplen])
    superusers = sorted(
        User.objects.filter(is_superuser=True, is_active=True), key=lambda u: (u.username != "admin", u.pk)
    )
    cast = Cast(
        root=root,
        commune=assignment.organization,
        cell=cell,
        top=superusers[0] if superusers else None,
        province=_holds_committee_role(users.get("tinhuy"), root),
        committee=committee,
        assistant=users.get("giupviec"),
        secretary=secretary,
        deputy=_linked(users.get("phobithu"), cell),
        cell_committee=_linked(users.get("chiuy"), cell),
        member=_linked(users.get("dangvien"), cell),
    )
    if cast.top is None:
        cast.notes.append("no superuser: other cells left empty")
    if cast.top is None and cast.province is None:
        cast.notes.append("no province account: the province's documents are issued by the commune")
    return cast


def _linked(user: User | None, cell: Organization) -> User | None:
    """The account if it belongs to a person of the demo cell (else it cannot act there as a member)."""
    if user is None or user.person is None or user.person.cell_id != cell.pk:
        return None
    return user


# --- helpers -------------------------------------------------------------------------------------


def _dm(text: str, year: int) -> dt.date | None:
    if not text:
        return None
    day, month = (int(part) for part in text.split("/"))
    return dt.date(year, month, day)


def _docx(title: str, paragraphs: Sequence[str]) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(title, level=1)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _photo() -> bytes:
    """A small drawn JPEG: a village road with trees and a flag (no file from outside the repository)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (640, 480), (150, 200, 240))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 300, 640, 480), fill=(110, 170, 80))
    draw.polygon([(250, 480), (390, 480), (330, 300), (310, 300)], fill=(190, 180, 160))
    for x, y in ((80, 260), (160, 280), (480, 270), (560, 250)):
        draw.rectangle((x - 6, y, x + 6, y + 60), fill=(100, 70, 40))
        draw.ellipse((x - 40, y - 60, x + 40, y + 20), fill=(40, 120, 50))
    draw.rectangle((420, 120, 424, 300), fill=(90, 90, 90))
    draw.rectangle((424, 120, 504, 172), fill=(218, 37, 29))
    draw.polygon([(464, 130), (470, 146), (486, 146), (473, 155), (478, 170), (464, 160), (450, 170), (455, 155),
                  (442, 146), (458, 146)], fill=(255, 205, 0))  # fmt: skip
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _item(text: str, measure: str = "", deadline: dt.date | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "text": text,
        "measure": measure,
        "deadline": deadline,
        "theme": None,
        "standard": None,
        "rule": "",
        "shortcoming": None,
        "id": None,
        **extra,
    }


def _short_name(node: Organization) -> str:
    """ "thôn Tân Hòa" for "Chi bộ thôn Tân Hòa", "Hòa An" for "Đảng ủy xã Hòa An"."""
    name = node.name
    for prefix in ("Chi bộ ", "Đảng ủy xã ", "Đảng ủy phường ", "Đảng bộ tỉnh "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


class ItemPicker:
    """Specific items for the people of one cell, none used twice in the cell while the pool lasts
    (the quality check compares items within a cell and flags near copies)."""

    def __init__(self, rng: random.Random, year: int) -> None:
        self.rng = rng
        self.year = year
        self.used: set[int] = set()

    def areas_of(self, person: Person, cell: Organization) -> list[str]:
        """The person's work first, then their village (cells of communes), then anyone's."""
        areas = []
        if person.job in JOB_AREAS:
            areas.append(JOB_AREAS[person.job])
        if cell.block == Block.COMMUNE:
            areas.append("village")
        areas.append("general")
        return areas

    def pick(self, areas: Sequence[str], count: int, **extra: Any) -> list[dict[str, Any]]:
        """`count` item dicts for `notebook.services.save_registration`, one per area in order."""
        chosen: list[int] = []
        for wanted in [*areas, *(["general"] * count)]:
            if len(chosen) >= count:
                break
            free = [i for i, row in enumerate(POOL) if row.area == wanted and i not in self.used and i not in chosen]
            if free:
                chosen.append(self.rng.choice(free))
        while len(chosen) < count:  # the pool is used up: any item (it may be flagged as a near copy)
            free = [i for i in range(len(POOL)) if i not in self.used and i not in chosen]
            chosen.append(self.rng.choice(free or [i for i in range(len(POOL)) if i not in chosen]))
        self.used.update(chosen)
        items = []
        for index in chosen:
            row = POOL[index]
            n = self.rng.choice(row.numbers) if row.numbers else 0
            items.append(_item(row.text.format(n=n), row.measure.format(n=n), _dm(row.deadline, self.year), **extra))
        return items


# --- the seeder ----------------------------------------------------------------------------------


class CampaignSeeder:
    def __init__(
        self, cast: Cast, *, year: int, rng: random.Random, progress: Callable[[str], None] | None = None
    ) -> None:
        self.cast = cast
        self.year = year
        self.rng = rng
        self.progress = progress
        self.today = min(timezone.localdate(), dt.date(year, 12, 31))
        self.cell_people = list(
            Person.objects.filter(cell=cast.cell).select_related("cell").order_by("pk")
        )  # the demo accounts' people come first (seed_demo puts them there)
        self.theme: Theme
        self.directive: Directive
        self.d05: Directive
        self.cell_standard: EthicalStandard

    def say(self, text: str) -> None:
        if self.progress:
            self.progress(f"  campaign: {text}")

    def day(self, month: int, day: int) -> dt.date:
        """A date of the year that has already happened (today at the latest)."""
        return min(dt.date(self.year, month, day), self.today)

    def person(self, user: User | None) -> Person | None:
        return user.person if user is not None else None

    def run(self) -> None:
        steps = [
            ("themes, standards and documents", self.campaign),
            ("the demo cell's notebook", self.notebook),
            ("the other cells' registrations", self.other_cells),
            ("meetings", self.meetings),
            ("study", self.study),
            ("reviews", self.reviews),
            ("contests", self.contests),
            ("inspections", lambda: self.cast.notes.extend(seed_inspections(self.cast, year=self.year))),
            ("year end", lambda: seed_yearend(self.cast, year=self.year)),
        ]
        for label, step in steps:
            started = time.perf_counter()
            step()
            self.say(f"{label} ({time.perf_counter() - started:.1f} s)")

    # --- campaigns --------------------------------------------------------------------------------

    def campaign(self) -> None:
        cast, year = self.cast, self.year
        province_actor = cast.province or cast.top
        top_node, top_actor = (cast.root, province_actor) if province_actor else (cast.commune, cast.committee)
        d05 = campaign_services.create_directive(
            organization=top_node,
            user=top_actor,
            kind=DirectiveKind.DIRECTIVE,
            number="05-CT/TW",
            issued_on=dt.date(2016, 5, 15),
            issuer="Bộ Chính trị",
            title="Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
            summary="Đưa việc học tập và làm theo Bác thành việc làm tự giác, thường xuyên của cán bộ, đảng viên.",
            valid_from=dt.date(2016, 5, 15),
            valid_to=None,
        )
        self.directive = campaign_services.create_directive(
            organization=top_node,
            user=top_actor,
            kind=DirectiveKind.CONCLUSION,
            number="01-KL/TW",
            issued_on=dt.date(2021, 5, 18),
            issuer="Bộ Chính trị",
            title="Về tiếp tục thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị",
            summary="Tiếp tục đẩy mạnh học tập và làm theo Bác; mỗi năm có chuyên đề và đăng ký làm theo.",
            valid_from=dt.date(2021, 5, 18),
            valid_to=None,
        )
        self.theme = campaign_services.create_theme(
            organization=top_node,
            user=top_actor,
            scope=ThemeScope.YEAR,
            title=f"Chuyên đề năm {year}: {THEME_TITLE}",
            year_from=year,
            description=THEME_DESCRIPTION,
            directive=self.directive,
        )
        place = _short_name(cast.commune)
        issued = self.day(1, 12)
        plan_text = [
            f"Căn cứ Kết luận số 01-KL/TW và chuyên đề năm {year}, Đảng ủy xã {place} ban hành kế hoạch thực hiện.",
            "1. Tổ chức học tập chuyên đề cho toàn thể cán bộ, đảng viên trong quý I.",
            "2. Mỗi đảng viên đăng ký việc làm cụ thể, đo đếm được; chi ủy duyệt trước ngày 31/3.",
            "3. Các chi bộ sinh hoạt chuyên đề mỗi quý; sơ kết 6 tháng, tổng kết cuối năm.",
        ]
        campaign_services.create_directive(
            organization=cast.commune,
            user=cast.committee,
            kind=DirectiveKind.PLAN,
            number="01-KH/ĐU",
            issued_on=issued,
            issuer=cast.commune.name,
            title=f"Kế hoạch thực hiện chuyên đề năm {year} trong Đảng bộ xã {place}",
            summary="Triển khai đến các chi bộ; đăng ký làm theo xong trước ngày 31/3.",
            valid_from=issued,
            valid_to=dt.date(year, 12, 31),
            file=SimpleUploadedFile(
                "01-KH-DU.docx",
                _docx(f"Kế hoạch thực hiện chuyên đề năm {year}", plan_text),
                content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ),
        )
        self.d05 = d05
        # A model set published at the top, adapted by the commune (published again for its cells),
        # then adapted by the demo cell.
        model = campaign_services.create_standard(
            organization=top_node,
            user=top_actor,
            title=f"Chuẩn mực đạo đức cách mạng của cán bộ, đảng viên {_short_name(top_node)}",
            body="\n".join(MODEL_STANDARDS),
            year_from=year,
            is_model=True,
        )
        if top_node.pk != cast.commune.pk:
            adapted = campaign_services.adapt_standard(
                model=model,
                organization=cast.commune,
                user=cast.committee,
                title=f"Chuẩn mực đạo đức của cán bộ, đảng viên xã {place}",
                year_from=year,
            )
            adapted = campaign_services.update_standard(
                adapted,
                user=cast.committee,
                expected_version=adapted.version,
                title=adapted.title,
                body=f"{adapted.body}\n{COMMUNE_STANDARD}",
                year_from=year,
                year_to=None,
            )
            model = campaign_services.publish_standard(adapted, user=cast.committee, expected_version=adapted.version)
        cell_standard = campaign_services.adapt_standard(
            model=model,
            organization=cast.cell,
            user=cast.secretary,
            title=f"Chuẩn mực đạo đức của đảng viên {cast.cell.name}",
            year_from=year,
        )
        self.cell_standard = campaign_services.update_standard(
            cell_standard,
            user=cast.secretary,
            expected_version=cell_standard.version,
            title=cell_standard.title,
            body=f"{cell_standard.body}\n{CELL_STANDARD}",
            year_from=year,
            year_to=None,
        )

    # --- the notebook of the demo cell ------------------------------------------------------------

    def register(
        self, actor: User, person: Person | None, items: list[dict[str, Any]], *, submit: bool = True, unit: Any = None
    ) -> Registration:
        return notebook_services.save_registration(
            actor=actor, year=self.year, person=person, unit=unit, items=items, expected_version=None, submit=submit
        )

    def review(
        self, actor: User, registration: Registration, *, approve: bool = True, comment: str = ""
    ) -> Registration:
        return notebook_services.review_registration(
            actor=actor,
            registration=registration,
            approve=approve,
            comment=comment,
            expected_version=registration.version,
        )

    def mid_year(self, actor: User, registration: Registration, *, photo: bool = False) -> SelfReport:
        results = []
        done = 0
        for pledge in registration.pledges.order_by("position", "pk"):
            if pledge.deadline is not None and pledge.deadline <= dt.date(self.year, 6, 30):
                status = ItemStatus.DONE
            elif pledge.deadline is None:
                status = ItemStatus.DONE if self.rng.random() < 0.6 else ItemStatus.PARTLY
            else:
                status = ItemStatus.PARTLY if self.rng.random() < 0.7 else ItemStatus.NOT_YET
            notes = {ItemStatus.DONE: DONE_NOTES, ItemStatus.PARTLY: PARTLY_NOTES}.get(status, NOT_YET_NOTES)
            done += status == ItemStatus.DONE
            results.append(
                services_results.ItemResult(
                    pledge_id=pledge.pk,
                    status=status,
                    achieved=self.rng.choice(notes).format(m=self.rng.randint(3, 6)),
                    direction=self.rng.choice(DIRECTIONS),
                )
            )
        summary = (
            f"6 tháng đầu năm đã hoàn thành {done}/{len(results)} việc đăng ký; "
            "các việc còn lại đang làm theo đúng kế hoạch."
        )
        photos = []
        if photo:
            upload = SimpleUploadedFile("quet-don-duong-lang.jpg", _photo(), content_type="image/jpeg")
            photos.append(services_results.prepare_photo(upload, caption="Ra quân quét dọn đường làng"))
        return services_results.save_self_report(
            actor=actor,
            registration=registration,
            period=ReportPeriod.MID_YEAR,
            items=results,
            summary=summary,
            submit=True,
            expected_version=0,
            photos=photos,
        )

    def notebook(self) -> None:
        cast, year = self.cast, self.year
        secretary = cast.secretary
        picker = ItemPicker(self.rng, year)
        extra = {"theme": self.theme}

        def items_for(person: Person, count: int = 3) -> list[dict[str, Any]]:
            items = picker.pick(picker.areas_of(person, cast.cell), count)
            items[0].update(extra)
            items[-1].update(standard=self.cell_standard, rule=PledgeRule.EXAMPLE)
            return items

        accounts = [u for u in (cast.secretary, cast.deputy, cast.cell_committee, cast.member) if u is not None]
        linked = {u.person_id for u in accounts}
        others = [p for p in self.cell_people if p.pk not in linked]
        # The demo accounts write their own registrations.
        own = {}
        for user in accounts:
            assert user.person is not None
            person = next(p for p in self.cell_people if p.pk == user.person_id)
            own[user.username] = self.register(user, person, items_for(person))
        reviewer_of_secretary = cast.deputy or cast.cell_committee or secretary
        self.review(reviewer_of_secretary, own["bithu"], comment="Đồng ý. Đề nghị đồng chí Bí thư nêu gương.")
        if "phobithu" in own:
            self.review(secretary, own["phobithu"])
        if "dangvien" in own and cast.member is not None:
            approved = self.review(secretary, own["dangvien"], comment="Nội dung cụ thể, phù hợp. Đồng ý.")
            self.mid_year(cast.member, approved, photo=True)
        if "phobithu" in own and cast.deputy is not None:
            self.mid_year(cast.deputy, Registration.objects.get(pk=own["phobithu"].pk))
        # chiuy's registration waits for the committee.
        # The others: the secretary enters their registrations on their behalf.
        vague = others.pop(0) if others else None
        if len(others) >= 3:
            others.pop()  # the last one has not registered yet: the overview lists them
        drafted = others.pop() if len(others) >= 4 else None
        remedied = others[0] if others else None
        if remedied is not None:
            shortcoming = notebook_services.record_shortcoming(
                actor=secretary,
                person=remedied,
                year=year,
                text=SHORTCOMING_TEXT,
                source=ShortcomingSource.SELF_CRITICISM,
                source_note=f"Kiểm điểm cuối năm {year - 1}",
            )
            notebook_services.update_shortcoming(
                actor=secretary,
                shortcoming=shortcoming,
                expected_version=shortcoming.version,
                status=ShortcomingStatus.IN_PROGRESS,
                remedy_note="Từ đầu năm đã đi họp đúng giờ; chi ủy tiếp tục theo dõi.",
            )
        for index, person in enumerate(others):
            items = items_for(person, 3 if index % 3 else 2)
            if person is remedied:
                items.append(_item(SHORTCOMING_ITEM, "12 buổi", None, shortcoming=shortcoming))
            registration = self.review(secretary, self.register(secretary, person, items))
            if index % 2 == 0:
                self.mid_year(secretary, registration)
        if vague is not None:
            items = [_item(text) for text in VAGUE_ITEMS[:2]] + picker.pick(["general"], 1)
            self.review(secretary, self.register(secretary, vague, items), approve=False, comment=RETURN_COMMENT)
        if drafted is not None:
            self.register(secretary, drafted, items_for(drafted, 2), submit=False)
        # The cell's collective registration.
        collective = [_item(text, measure, _dm(deadline, year)) for text, measure, deadline in COLLECTIVE_ITEMS]
        collective[0].update(extra)
        self.review(secretary, self.register(secretary, None, collective, unit=cast.cell))
        # The cell's collective evaluation of two members.
        evaluated = [p for p in (self.person(cast.member), others[1] if len(others) > 1 else None) if p is not None]
        texts = [
            (
                EvaluationLevel.GOOD,
                "Thực hiện đầy đủ các việc đã đăng ký, tích cực kể chuyện về Bác cho thiếu nhi. "
                "Cần mạnh dạn phát biểu hơn trong sinh hoạt chi bộ.",
            ),
            (
                EvaluationLevel.EXCELLENT,
                "Hoàn thành vượt mức các việc đăng ký, được bà con trong xóm tín nhiệm; là tấm gương của chi bộ.",
            ),
        ]
        for person, (level, text) in zip(evaluated, texts, strict=False):
            services_results.save_evaluation(actor=secretary, person=person, year=year, text=text, level=level)
        self._backdate(Registration.objects.filter(organization=cast.cell, year=year))

    def _backdate(self, registrations: Iterable[Registration], *, one_day: bool = False) -> None:
        """The entries were made now; date them as a cell would have (sent in February, approved in
        March, mid-year reports in July). Only the timestamps the services set to now move, with plain
        updates (no state changes, no audit entries). `one_day`: the whole cell on the same days.
        """
        from lamtheo.notebook.models import EventAction, RegistrationEvent

        tz = timezone.get_current_timezone()
        decided = [EventAction.APPROVE, EventAction.RETURN]
        registrations = list(registrations)
        groups = [registrations] if one_day else [[r] for r in registrations]
        for group in groups:
            ids = [r.pk for r in group]
            seen = dt.datetime.combine(self.day(3, self.rng.randint(5, 20)), dt.time(9, 30), tz)
            sent = min(dt.datetime.combine(self.day(2, self.rng.randint(10, 27)), dt.time(20, 0), tz), seen)
            Registration.objects.filter(pk__in=ids, submitted_at__isnull=False).update(submitted_at=sent)
            Registration.objects.filter(pk__in=ids, reviewed_at__isnull=False).update(reviewed_at=seen)
            RegistrationEvent.objects.filter(registration__in=ids).exclude(action__in=decided).update(at=sent)
            RegistrationEvent.objects.filter(registration__in=ids, action__in=decided).update(at=seen)
        reports = SelfReport.objects.filter(registration__in=[r.pk for r in registrations], submitted_at__isnull=False)
        reports.update(submitted_at=dt.datetime.combine(self.day(7, 8), dt.time(20, 0), tz))

    # --- the other cells: a lighter fill ----------------------------------------------------------

    def other_cells(self) -> None:
        """Registrations for part of each other cell of the demo commune, entered by the superuser.

        Background data for the overviews and the reviews' figures: the audit trail is left out
        (like the tree's bulk inserts), which also makes it faster.
        """
        if self.cast.top is None:
            return
        with disable_auditlog():
            self._other_cells(self.cast.top)

    def _other_cells(self, actor: User) -> None:
        cast = self.cast
        cells = Organization.objects.filter(path__startswith=cast.commune.path, kind__in=CELL_KINDS).exclude(
            pk=cast.cell.pk
        )
        people_by_cell: dict[int, list[Person]] = {}
        for person in Person.objects.filter(cell__in=cells).select_related("cell").order_by("pk"):
            people_by_cell.setdefault(person.cell_id, []).append(person)
        for cell in cells.order_by("path"):
            people = people_by_cell.get(cell.pk, [])
            share = self.rng.uniform(*OTHER_CELLS_SHARE)
            chosen = [p for p in people if self.rng.random() < share]
            picker = ItemPicker(self.rng, self.year)
            for person in chosen:
                items = picker.pick(picker.areas_of(person, cell), 2, theme=self.theme)
                if self.rng.random() < 0.05:
                    items[-1] = _item(self.rng.choice(VAGUE_ITEMS))
                roll = self.rng.random()
                registration = self.register(actor, person, items, submit=roll >= 0.07)
                if roll < 0.2:
                    continue  # a draft, or waiting for the committee
                registration = self.review(actor, registration)
                if self.rng.random() < 0.35:
                    self.mid_year(actor, registration)
            self._backdate(Registration.objects.filter(organization=cell, year=self.year), one_day=True)

    # --- meetings ---------------------------------------------------------------------------------

    def meetings(self) -> None:
        cast, year = self.cast, self.year
        secretary, cell = cast.secretary, cast.cell
        village = _short_name(cell)
        meeting_services.save_settings(
            actor=secretary,
            cell=cell,
            data={
                "reporters_per_month": 2,
                "small_cell_threshold": 10,
                "small_cell_reports_per_member": 2,
                "thematic_months": [3, 6, 9, 12],
                "reports_in_thematic_months": True,
                "meeting_day": 5,
                "thematic_day": 20,
                "start_time": dt.time(8, 0),
                "duration_minutes": 120,
                "place": f"Nhà văn hóa {village}",
                "locality": _short_name(cast.commune),
                "draft_days_before": 7,
                "review_days_before": 3,
                "finalise_days_after": 7,
            },
            expected_version=None,
        )
        meeting_services.generate_year_plan(actor=secretary, cell=cell, year=year)
        meetings = list(Meeting.objects.filter(cell=cell, year=year).order_by("date", "start_time", "pk"))
        secretary_name = secretary.person.full_name if secretary.person else secretary.get_full_name()
        for meeting in meetings:
            if meeting.kind != MeetingKind.THEMATIC:
                continue
            quarter = (meeting.month - 1) // 3 + 1
            meeting_services.update_meeting(
                actor=secretary,
                meeting=meeting,
                data={
                    "kind": meeting.kind,
                    "date": meeting.date,
                    "start_time": meeting.start_time,
                    "duration_minutes": meeting.duration_minutes,
                    "place": meeting.place,
                    "title": f"Sinh hoạt chuyên đề quý {quarter}: {THEMATIC_TOPICS[quarter]}",
                    "theme": self.theme,
                    "presenter": f"Đồng chí {secretary_name}, Bí thư Chi bộ",
                    "material": f"Tài liệu chuyên đề năm {year}; câu chuyện “{THEMATIC_TOPICS[quarter]}”.",
                    "agenda": meeting.agenda,
                },
                expected_version=meeting.version,
            )
        past = [m for m in meetings if m.date <= self.today]
        if not past:  # early January: the first meeting is brought forward to today
            first = meetings[0]
            meeting_services.update_meeting(
                actor=secretary,
                meeting=first,
                data={key: getattr(first, key) for key in meeting_services.MEETING_FIELDS} | {"date": self.today},
                expected_version=first.version,
            )
            past = [first]
        members = [p for p in self.cell_people if p.kind == PersonKind.MEMBER]
        reporter = self.person(cast.member)
        regular = [m for m in past if m.kind == MeetingKind.REGULAR]
        target = regular[-1] if regular and reporter is not None else None
        if target is not None and reporter is not None and past.index(target) > 0:
            before = past[past.index(target) - 1]
            services_minutes.record_volunteers(actor=secretary, meeting=before, people=[reporter])
        recorder = self.person(cast.deputy or cast.cell_committee) or self.person(secretary)
        for meeting in past:
            report = None
            if meeting is target and reporter is not None:
                (report,) = services_reports.assign_reporters(actor=secretary, meeting=meeting, people=[reporter])
                report = self._report_until_meeting(report)
            present = {p.pk for p in (self.person(secretary), recorder, reporter if report else None) if p}
            rows = self._attendance_rows(members, present)
            services_minutes.record_attendance(
                actor=secretary, meeting=meeting, rows=rows, expected_version=meeting.version
            )
            if report is not None:
                report = self._report_at_meeting(report)
            self._minutes(meeting, recorder, report)
            if report is not None and cast.member is not None:
                report = services_reports.save_report(
                    actor=cast.member,
                    report=report,
                    fields=self._report_fields(report, final=True),
                    expected_version=report.version,
                    finalise=True,
                )
                self._backdate_report(report, meeting)
        self._upcoming(past[-1], members)

    def _attendance_rows(self, members: list[Person], present: set[int]) -> list[dict[str, Any]]:
        rows = []
        for person in members:
            age = (self.today - person.birth_date).days // 365 if person.birth_date else 0
            if person.pk in present:
                status, reason = AttendanceStatus.PRESENT, ""
            elif age >= EXEMPT_AGE:
                status, reason = AttendanceStatus.EXEMPT, "Tuổi cao, được miễn sinh hoạt"
            else:
                roll = self.rng.random()
                if roll < 0.86:
                    status, reason = AttendanceStatus.PRESENT, ""
                elif roll < 0.97:
                    status, reason = AttendanceStatus.EXCUSED, self.rng.choice(EXCUSES)
                else:
                    status, reason = AttendanceStatus.ABSENT, ""
            rows.append({"person": person, "status": status, "reason": reason})
        return rows

    def _report_fields(self, report: MemberReport, *, final: bool = False) -> dict[str, str]:
        fields = {
            "done": "Đã vận động được các hộ trong xóm phân loại rác; mỗi tháng kể một chuyện về Bác ở chi bộ.",
            "remedied": "Đã khắc phục việc đi họp muộn mà chi bộ nhắc ở kỳ kiểm điểm trước.",
            "weaknesses": "Còn ngại góp ý thẳng thắn với đồng chí, hàng xóm.",
            "direction": "Mỗi buổi sinh hoạt phát biểu ít nhất một ý kiến; hoàn thành các việc còn lại trước 30/11.",
        }
        if final:
            fields["direction"] += " Tiếp thu ý kiến của chi bộ: đi họp đúng giờ."
        return fields

    def _report_until_meeting(self, report: MemberReport) -> MemberReport:
        cast = self.cast
        assert cast.member is not None
        report = services_reports.save_report(
            actor=cast.member, report=report, fields=self._report_fields(report), expected_version=report.version
        )
        report = services_reports.act(
            actor=cast.member, report=report, action="submit", expected_version=report.version
        )
        return services_reports.act(
            actor=cast.secretary,
            report=report,
            action="accept",
            comment="Báo cáo đầy đủ, đề nghị nói rõ thêm số hộ đã vận động.",
            expected_version=report.version,
        )

    def _report_at_meeting(self, report: MemberReport) -> MemberReport:
        cast = self.cast
        report = services_reports.act(
            actor=cast.secretary, report=report, action="present", expected_version=report.version
        )
        speakers = [p for p in self.cell_people if p.kind == PersonKind.MEMBER and p.pk != report.person_id][:2]
        comments = [
            {"speaker": speakers[0] if speakers else None, "text": "Đồng chí làm gương ở xóm, bà con đồng tình."},
            {"speaker": speakers[1] if len(speakers) > 1 else None, "text": "Đề nghị đồng chí đi họp đúng giờ hơn."},
        ]
        services_reports.record_comments(
            actor=cast.secretary, report=report, comments=comments, expected_version=report.version
        )
        report.refresh_from_db()
        report = services_reports.conclude(
            actor=cast.secretary,
            report=report,
            good_points="Gương mẫu vận động bà con phân loại rác; kể chuyện về Bác sinh động.",
            corrections=["Đi họp chi bộ đúng giờ"],
            expected_version=report.version,
        )
        return report

    def _backdate_report(self, report: MemberReport, meeting: Meeting) -> None:
        """Date the report's steps around its meeting (the services stamped them now); plain updates."""
        from lamtheo.meetings.models import MemberReportEvent, ReportAction

        tz = timezone.get_current_timezone()

        def at(days: int, hour: int) -> dt.datetime:
            return dt.datetime.combine(min(meeting.date + dt.timedelta(days=days), self.today), dt.time(hour, 0), tz)

        steps = {
            ReportAction.ASSIGN: at(-14, 9),
            ReportAction.SAVE: at(-9, 20),
            ReportAction.SUBMIT: at(-8, 20),
            ReportAction.ACCEPT: at(-4, 9),
            ReportAction.PRESENT: at(0, 9),
            ReportAction.COMMENT: at(0, 9),
            ReportAction.CONCLUDE: at(0, 10),
            ReportAction.FINALISE: at(5, 20),
        }
        for action, when in steps.items():
            MemberReportEvent.objects.filter(report=report, action=action).update(at=when)
        MemberReport.objects.filter(pk=report.pk).update(
            submitted_at=steps[ReportAction.SUBMIT],
            presented_at=steps[ReportAction.PRESENT],
            concluded_at=steps[ReportAction.CONCLUDE],
            finalised_at=steps[ReportAction.FINALISE],
        )

    def _minutes(self, meeting: Meeting, recorder: Person | None, report: MemberReport | None) -> None:
        news, results, tasks = MONTH_NOTES[meeting.month]
        secretary = self.person(self.cast.secretary)
        start = dt.datetime.combine(meeting.date, meeting.start_time)
        follow = (
            f"Đồng chí {report.person.full_name} báo cáo việc làm theo Bác; chi bộ góp ý, chủ trì kết luận."
            if report is not None
            else "Một đồng chí kể chuyện về Bác; chi bộ trao đổi việc làm theo của đảng viên trong tháng."
        )
        if meeting.kind == MeetingKind.THEMATIC:
            follow = f"Chi bộ thảo luận chuyên đề: {meeting.title}."
        services_minutes.save_minutes(
            actor=self.cast.secretary,
            meeting=meeting,
            data={
                "chair": secretary.full_name if secretary else "",
                "recorder": recorder.full_name if recorder else "",
                "started_at": meeting.start_time,
                "ended_at": (start + dt.timedelta(minutes=meeting.duration_minutes)).time(),
                "news": news,
                "review_text": f"{results}; các đảng viên hoàn thành nhiệm vụ được giao.",
                "follow_text": follow,
                "tasks_text": f"{tasks}.",
                "conclusions": "Chi bộ thống nhất các nhiệm vụ trên; giao chi ủy đôn đốc thực hiện.",
            },
            held=True,
            expected_version=meeting.version,
        )

    def _upcoming(self, last: Meeting, members: list[Person]) -> None:
        """The next regular meeting: reporters from the rotation (a volunteer first), one draft started."""
        cast = self.cast
        secretary = cast.secretary
        upcoming = (
            Meeting.objects.filter(cell=cast.cell, kind=MeetingKind.REGULAR, state=MeetingState.PLANNED)
            .filter(date__gt=self.today)
            .order_by("date", "pk")
            .first()
        )
        if upcoming is None:  # the year's meetings are over: plan the first one of next month
            first = (self.today.replace(day=1) + dt.timedelta(days=32)).replace(day=5)
            upcoming = meeting_services.create_meeting(
                actor=secretary,
                cell=cast.cell,
                data={
                    "kind": MeetingKind.REGULAR,
                    "date": first,
                    "start_time": dt.time(8, 0),
                    "duration_minutes": 120,
                    "place": last.place,
                    "title": "",
                    "theme": None,
                    "presenter": "",
                    "material": "",
                    "agenda": "",
                },
            )
        volunteer = self.person(cast.deputy)
        if volunteer is not None and meeting_selectors.next_regular(last) == upcoming:
            services_minutes.record_volunteers(actor=secretary, meeting=last, people=[volunteer])
        proposal = meeting_selectors.proposal(secretary, upcoming)
        people = {p.pk: p for p in members}
        picked = [people[pick.person_id] for pick in proposal.rotation.picks if pick.person_id in people]
        reports = services_reports.assign_reporters(actor=secretary, meeting=upcoming, people=picked) if picked else []
        for report in reports:
            if cast.deputy is not None and report.person_id == cast.deputy.person_id:
                services_reports.save_report(
                    actor=cast.deputy,
                    report=report,
                    fields={
                        "done": "Đã hoàn thành 2/3 việc đăng ký: vận động các hộ lắp đèn đường, tuần tra đêm.",
                        "remedied": "",
                        "weaknesses": "",
                        "direction": "",
                    },
                    expected_version=report.version,
                )
        text = (
            f"TÀI LIỆU SINH HOẠT CHI BỘ {cast.cell.name.upper()}\n\n"
            f"Chuyên đề năm {self.year}: {THEME_TITLE}.\n\n"
            "Câu chuyện: “Bác Hồ với tinh thần tự lực, tự cường”.\n"
            "Câu hỏi thảo luận: Mỗi đảng viên đã làm được việc gì cụ thể cho bà con trong xóm?\n"
        )
        services_minutes.add_document(
            actor=secretary,
            meeting=upcoming,
            upload=SimpleUploadedFile("tai-lieu-sinh-hoat.txt", text.encode("utf-8"), content_type="text/plain"),
            title="Tài liệu sinh hoạt chi bộ",
        )

    # --- study ------------------------------------------------------------------------------------

    def study(self) -> None:
        cast, year = self.cast, self.year
        commune, capuy = cast.commune, cast.committee
        place = _short_name(commune)
        commune_people = list(
            Person.objects.filter(cell__path__startswith=commune.path).select_related("cell").order_by("pk")
        )
        # The steering committee and the assisting unit.
        body = study_services.save_steering_body(
            actor=capuy,
            organization=commune,
            kind=BodyKind.STEERING,
            name=f"Ban Chỉ đạo thực hiện Chỉ thị 05-CT/TW của Đảng ủy xã {place}",
            decision="15-QĐ/ĐU",
            established_on=dt.date(year - 1, 8, 15),
            dissolved_on=None,
            directive=self.d05,
            duties="Chỉ đạo, kiểm tra việc học tập và làm theo Bác trong Đảng bộ xã; sơ kết, tổng kết hằng năm.",
        )
        study_services.save_steering_member(
            actor=capuy,
            body=body,
            full_name=capuy.get_full_name() or capuy.username,
            position=f"Bí thư Đảng ủy xã {place}",
            role=SteeringRole.HEAD,
            duties="Phụ trách chung",
            order=1,
        )
        seats = [
            (SteeringRole.DEPUTY, "Phụ trách tuyên truyền, học tập chuyên đề"),
            (SteeringRole.STANDING, "Theo dõi việc đăng ký làm theo của các chi bộ"),
            (SteeringRole.MEMBER, "Phụ trách khối thôn"),
            (SteeringRole.MEMBER, "Phụ trách khối cơ quan, trường học"),
        ]
        holders = sorted(
            (p for p in commune_people if p.position and (p.card_number or p.staff_code)),
            key=lambda p: next((i for i, lead in enumerate(STEERING_LEADS) if p.position.startswith(lead)), 99),
        )[: len(seats)]
        for order, (person, (role, duties)) in enumerate(zip(holders, seats, strict=False), start=2):
            study_services.save_steering_member(
                actor=capuy,
                body=body,
                code=person.card_number or person.staff_code or "",
                full_name="",
                position=person.position,
                role=role,
                duties=duties,
                order=order,
            )
        if cast.assistant is not None:
            unit = study_services.save_steering_body(
                actor=capuy,
                organization=commune,
                kind=BodyKind.ASSISTING,
                name="Tổ giúp việc Ban Chỉ đạo",
                decision="16-QĐ/ĐU",
                established_on=dt.date(year - 1, 8, 15),
                dissolved_on=None,
                directive=self.d05,
                duties="Tham mưu kế hoạch, tổng hợp số liệu và dự thảo báo cáo.",
            )
            study_services.save_steering_member(
                actor=capuy,
                body=unit,
                full_name=cast.assistant.get_full_name() or cast.assistant.username,
                position="Văn phòng Đảng ủy xã",
                role=SteeringRole.HEAD,
                duties="Tổng hợp số liệu, dự thảo báo cáo sơ kết, tổng kết",
                order=1,
            )
        study_services.save_plan(
            actor=capuy,
            organization=commune,
            kind=PlanKind.PLAN,
            year=year,
            number="05-KH/ĐU",
            title=f"Kế hoạch học tập chuyên đề năm {year} của Đảng bộ xã {place}",
            issued_on=self.day(1, 15),
            directive=self.directive,
            theme=self.theme,
            body="Học tập chuyên đề trong quý I; các chi bộ sinh hoạt chuyên đề mỗi quý; viết bài thu hoạch.",
        )
        # The commune's class, attended by most of its people.
        day = self.day(3, 12)
        reporters = f"Đồng chí {capuy.get_full_name() or capuy.username}, Bí thư Đảng ủy xã"
        session = study_services.save_session(
            actor=capuy,
            organization=commune,
            theme=self.theme,
            directive=self.directive,
            title=f"Hội nghị học tập, quán triệt chuyên đề năm {year}",
            starts_on=day,
            ends_on=day,
            place=f"Hội trường Đảng ủy xã {place}",
            audience_block="",
            reporters=reporters,
            mass_count=60 + 5 * len(commune_people) // 10,
            notes="Phát tài liệu chuyên đề cho các chi bộ sau hội nghị.",
        )
        must = {u.person_id for u in (cast.secretary, cast.deputy, cast.cell_committee, cast.member) if u is not None}
        attended = [p for p in commune_people if p.pk in must or self.rng.random() < 0.78]
        study_services.add_attendance(actor=capuy, session=session, people=attended)
        # The demo cell's own class.
        cell_day = self.day(4, 8)
        cell_session = study_services.save_session(
            actor=cast.secretary,
            organization=cast.cell,
            theme=self.theme,
            directive=None,
            title=f"Chi bộ {_short_name(cast.cell)} học tập chuyên đề năm {year}",
            starts_on=cell_day,
            ends_on=cell_day,
            place=f"Nhà văn hóa {_short_name(cast.cell)}",
            audience_block="",
            reporters="",
            mass_count=0,
            notes="",
        )
        present = [p.pk for p in self.cell_people if p.pk in must or self.rng.random() < 0.85]
        study_services.set_cell_attendance(actor=cast.secretary, session=cell_session, cell=cast.cell, present=present)
        # Propaganda and a pilot unit.
        for kind, month, quantity, label, description in (
            (PropagandaKind.MATERIALS, 3, 350, "cuốn", f"Cấp phát tài liệu chuyên đề năm {year} cho các chi bộ"),
            (PropagandaKind.BANNERS, 5, 24, "băng rôn", "Treo băng rôn, khẩu hiệu kỷ niệm ngày sinh Bác 19/5"),
            (PropagandaKind.RADIO, 6, 36, "chương trình", "Chuyên mục “Kể chuyện Bác Hồ” trên loa truyền thanh xã"),
        ):
            held_on = self.day(month, 19)
            study_services.save_propaganda(
                actor=capuy,
                organization=commune,
                kind=kind,
                year=year,
                held_on=held_on,
                quantity=quantity,
                unit_label=label,
                description=description,
                theme=self.theme,
            )
        if cast.cell.pk != commune.pk:
            study_services.save_pilot(
                actor=capuy,
                designated_by=commune,
                unit=cast.cell,
                year=year,
                topic="Mỗi đảng viên một việc làm cụ thể làm theo Bác gắn với xây dựng thôn kiểu mẫu",
                lessons="Chi ủy duyệt từng việc đăng ký, có số lượng và thời hạn; báo cáo kết quả mỗi quý.",
            )
        # Essays after the class: one assessed, one waiting for the committee.
        writers = [(cast.member, "Tự lực, tự cường ở thôn tôi"), (cast.cell_committee, "Học Bác gần dân, trọng dân")]
        for index, (writer, title) in enumerate(writers):
            if writer is None:
                continue
            essay = services_essays.save_essay(
                actor=writer,
                theme=self.theme,
                year=year,
                title=f"Bài thu hoạch: {title}",
                body=(
                    f"Qua học tập chuyên đề năm {year}, tôi nhận thức rõ hơn lời Bác dạy về tinh thần tự lực, "
                    "tự cường. Bản thân tôi đăng ký vận động các hộ trong xóm phân loại rác, giữ đường làng sạch "
                    "đẹp và kể chuyện về Bác cho thiếu nhi trong thôn."
                ),
                session=session,
                submit=True,
            )
            if index == 0:
                services_essays.assess_essay(
                    actor=cast.secretary,
                    essay=essay,
                    grade=EssayGrade.GOOD,
                    comment="Bài viết liên hệ sát với việc làm ở thôn.",
                    expected_version=essay.version,
                )

    # --- reviews ----------------------------------------------------------------------------------

    def reviews(self) -> None:
        cast, year = self.cast, self.year
        first, half = dt.date(year, 1, 1), dt.date(year, 6, 30)
        review = review_services.create_review(
            actor=cast.committee, organization=cast.commune, kind=ReviewKind.INTERIM, date_from=first, date_to=half
        )
        review_services.update_review(
            actor=cast.committee,
            review=review,
            data={
                "number": "12-BC/ĐU",
                "part2": (
                    "Ưu điểm: việc đăng ký làm theo đã cụ thể hơn, nhiều việc đo đếm được. "
                    "Hạn chế: một số đảng viên còn đăng ký chung chung; vài chi bộ sinh hoạt chuyên đề chưa đều."
                ),
                "part3": "Đề nghị Đảng ủy tỉnh tiếp tục cấp tài liệu chuyên đề bằng bản điện tử cho các chi bộ.",
            },
            expected_version=review.version,
        )
        if cast.cell.pk != cast.commune.pk:  # the demo cell already sent its mid-year review
            cell_review = review_services.create_review(
                actor=cast.secretary, organization=cast.cell, kind=ReviewKind.INTERIM, date_from=first, date_to=half
            )
            cell_review = review_services.update_review(
                actor=cast.secretary,
                review=cell_review,
                data={
                    "number": "03-BC/CB",
                    "issued_on": self.day(7, 5),
                    "part2": "Đảng viên đăng ký việc làm cụ thể; chi bộ sinh hoạt đều đặn hằng tháng.",
                    "part3": "Đề nghị Đảng ủy xã hỗ trợ tài liệu kể chuyện về Bác cho chi bộ.",
                },
                expected_version=cell_review.version,
            )
            review_services.submit_review(
                actor=cast.secretary, review=cell_review, expected_version=cell_review.version
            )
        deadline = max(dt.date(year, 12, 15), timezone.localdate() + dt.timedelta(days=7))
        review_services.create_request(
            actor=cast.committee,
            organization=cast.commune,
            kind=ReviewKind.FINAL,
            date_from=first,
            date_to=dt.date(year, 12, 31),
            deadline=deadline,
            message=(
                f"Đề nghị các chi bộ tổng kết năm {year} việc học tập và làm theo Bác, "
                f"gửi báo cáo về Văn phòng Đảng ủy trước ngày {deadline:%d/%m/%Y}."
            ),
        )

    def contests(self) -> None:
        seed_contests(
            commune=self.cast.commune,
            committee=self.cast.committee,
            province_actor=self.cast.province,
            year=self.year,
        )


# --- entry point ---------------------------------------------------------------------------------


def seed_campaign_year(
    *, year: int, progress: Callable[[str], None] | None = None, seed: int = DEFAULT_SEED
) -> CampaignSummary:
    """Fill `year` (this year or an earlier one) of the campaign on the demo tree; see the module doc.

    Runs in one transaction: either the whole year is seeded or nothing. RuntimeError when the
    demo tree is missing or the year already has a theme at the demo province.
    """
    started = time.perf_counter()
    if year > timezone.localdate().year:
        raise ValueError("The demo campaign fills this year or an earlier one.")
    cast = find_cast()
    if Theme.objects.filter(
        organization__path__startswith=cast.root.path, year_from__lte=year, year_to__gte=year
    ).exists():
        raise RuntimeError(f"The demo tree already has a theme for {year}; the campaign seeds an empty year only.")
    with translation.override(DOCUMENT_LANGUAGE), transaction.atomic():
        CampaignSeeder(cast, year=year, rng=random.Random(seed), progress=progress).run()
    return summarize(cast, year, seconds=time.perf_counter() - started)


def summarize(cast: Cast, year: int, *, seconds: float = 0.0) -> CampaignSummary:
    path = cast.root.path
    registrations = Registration.objects.filter(organization__path__startswith=path, year=year, is_current=True)
    meetings = Meeting.objects.filter(cell__path__startswith=path, year=year)
    return CampaignSummary(
        year=year,
        themes=Theme.objects.filter(
            organization__path__startswith=path, year_from__lte=year, year_to__gte=year
        ).count(),
        standards=EthicalStandard.objects.filter(organization__path__startswith=path).count(),
        directives=Directive.objects.filter(organization__path__startswith=path).count(),
        registrations=registrations.count(),
        approved=registrations.filter(state=RegistrationState.APPROVED).count(),
        flagged_vague=registrations.filter(pledges__verdict=QualityVerdict.VAGUE).distinct().count(),
        self_reports=SelfReport.objects.filter(registration__in=registrations).count(),
        meetings=meetings.count(),
        meetings_held=meetings.filter(state=MeetingState.HELD).count(),
        member_reports=MemberReport.objects.filter(meeting__in=meetings).exclude(state=ReportState.CANCELLED).count(),
        study_sessions=StudySession.objects.filter(organization__path__startswith=path, starts_on__year=year).count(),
        study_attendances=StudyAttendance.objects.filter(session__organization__path__startswith=path).count(),
        essays=Essay.objects.filter(cell__path__startswith=path, year=year).exclude(state=EssayState.DRAFT).count(),
        reviews=Review.objects.filter(organization__path__startswith=path, date_from__year=year).count(),
        review_requests=ReviewRequest.objects.filter(organization__path__startswith=path).count(),
        seconds=seconds,
        notes=tuple(cast.notes),
    )


__all__ = ["CampaignSummary", "seed_campaign_year"]
