"""Word lists for the pledge check, written in ordinary Vietnamese (folded on load).

Keep entries general (kinds of things, not phrases from one test item). One-syllable entries are
compared with their diacritics when the text has them (see text.py), so "đèn" does not match
"đến".
"""

from __future__ import annotations

from .text import Lexicon

# fmt: off

# Stock phrases of registrations that say nothing checkable. Matching one is not enough to call
# an item vague (a measured item may start with a slogan); their words are set aside before the
# check looks for concrete content.
SLOGANS = Lexicon(
    [
        # duty in general
        "thực hiện tốt", "thực hiện nghiêm", "thực hiện đúng", "thực hiện có hiệu quả", "chức trách",
        "nhiệm vụ được giao", "nhiệm vụ chuyên môn", "công tác chuyên môn", "chuyên môn nghiệp vụ",
        "hoàn thành tốt", "hoàn thành xuất sắc", "hoàn thành nhiệm vụ", "hoàn thành mọi nhiệm vụ",
        "hoàn thành chỉ tiêu", "các chỉ tiêu", "đạt và vượt", "kết quả cao", "mức cao", "cao nhất",
        "công việc", "nhiệm vụ", "chỉ tiêu", "kế hoạch", "kế hoạch được giao", "có hiệu quả", "hiệu quả",
        "chất lượng", "năng suất",
        "làm việc hiệu quả", "khoa học", "đúng giờ giấc", "giờ giấc",
        # attitude and ethics
        "nâng cao", "tinh thần trách nhiệm", "trách nhiệm", "tinh thần", "ý thức", "rèn luyện", "tu dưỡng",
        "đạo đức", "đạo đức cách mạng", "phẩm chất", "lối sống", "cần kiệm liêm chính", "chí công vô tư",
        "trong sạch", "lành mạnh", "vững mạnh", "trung thực", "gương mẫu", "nêu gương", "tiên phong",
        "giản dị", "khiêm tốn", "hòa đồng", "thương yêu", "đoàn kết", "nội bộ", "tận tình", "chu đáo",
        "tận tụy", "tận tâm", "nhiệt tình", "niềm nở", "tiền phong", "tầng lớp", "nhà nước", "đất nước",
        "hiến pháp", "xứng đáng", "noi theo", "nói đi đôi với làm",
        "chủ nghĩa cá nhân", "lập trường", "tư tưởng", "bản lĩnh chính trị", "lý luận chính trị",
        "vững vàng", "sẵn sàng", "mọi hoàn cảnh", "dao động", "suốt đời",
        # obeying
        "chấp hành nghiêm", "chấp hành tốt", "chấp hành", "chủ trương", "đường lối", "chính sách",
        "pháp luật", "nghị quyết", "quy định", "quy chế", "nội quy", "kỷ luật", "tổ chức kỷ luật",
        "những điều đảng viên không được làm", "điều bác hồ dạy", "điều kỷ luật", "lời bác dạy",
        # learning and following
        "học tập và làm theo", "làm theo bác", "làm theo gương bác", "làm theo lời bác", "tấm gương",
        "không ngừng", "học tập nâng cao", "trình độ", "nâng cao trình độ", "đổi mới", "phương pháp",
        "theo hướng tích cực",
        # effort words
        "tích cực", "tích cực tham gia", "phong trào", "thi đua", "phấn đấu", "cố gắng", "luôn", "luôn luôn",
        "giữ gìn", "giữ vững", "phát huy", "tăng cường", "đẩy mạnh", "quan tâm", "chăm lo", "nêu cao",
        "khắc phục", "hạn chế", "khuyết điểm", "sau kiểm điểm", "tự giác",
        # the people and the state
        "gần dân", "sát dân", "lắng nghe", "ý kiến", "phục vụ nhân dân", "gắn bó với nhân dân",
        "vì nhân dân phục vụ", "đời sống nhân dân", "cải cách hành chính", "tuyên truyền", "vận động",
        "an ninh trật tự", "kiểm tra giám sát", "phiền hà", "sách nhiễu", "tham nhũng", "tiêu cực",
        "quan liêu", "lãng phí", "chống lãng phí", "thực hành tiết kiệm", "tiết kiệm",
        # titles and rankings
        "danh hiệu", "chiến sĩ thi đua", "lao động tiên tiến", "lao động giỏi", "hoàn thành tốt nhiệm vụ",
        "gia đình văn hóa", "nông thôn mới", "đạt chuẩn", "xây dựng chi bộ", "bộ đội cụ hồ",
        "chiến sĩ công an nhân dân", "tuổi cao gương sáng", "gương sáng", "làm kinh tế giỏi",
        "sản xuất giỏi", "làm giàu", "dạy tốt", "học tốt", "lương y như từ mẫu", "người có ích",
        "việc tốt", "người tốt việc tốt",
    ]
)

# Things, people and places you can count or point at.
CONCRETE_NOUNS = Lexicon(
    [
        # people one can count
        "học sinh", "sinh viên", "cháu", "thiếu nhi", "phụ huynh", "bệnh nhân", "người bệnh",
        "người nhà", "người cao tuổi", "người già", "hộ", "trẻ em", "hộ nghèo", "hộ dân", "hộ gia đình",
        "gia đình chính sách", "thương binh", "liệt sĩ", "công dân", "khách hàng", "doanh nghiệp",
        "hộ kinh doanh", "đoàn viên", "hội viên", "công nhân", "tân binh", "chiến sĩ mới",
        "đồng nghiệp mới", "con cháu", "nhân khẩu", "người lao động", "bà con",
        # records and papers
        "hồ sơ", "đơn thư", "đơn từ", "giáo án", "bài giảng", "bệnh án", "sổ", "nhật ký", "biên bản",
        "báo cáo", "văn bản", "chứng từ", "phiếu", "tờ khai", "hợp đồng", "thủ tục", "lệ phí",
        "tin nhắn", "cuộc gọi", "bài thu hoạch", "bài viết", "hồi ký", "khóa học", "lớp học",
        "chương trình trung cấp",
        "chương trình cao cấp", "chứng chỉ", "văn bằng", "bằng tốt nghiệp", "dữ liệu", "cơ sở dữ liệu",
        "phần mềm", "thư viện",
        # reading and stories
        "sách", "báo", "cuốn", "mẩu chuyện", "câu chuyện", "chuyện", "tin tức", "bản tin", "phim",
        # objects and devices
        "đèn", "quạt", "điện", "nước sạch", "vòi nước", "bình nước", "máy", "máy in", "máy tính", "máy lạnh",
        "điều hòa", "giấy",
        "mực in", "văn phòng phẩm", "xe", "xe đạp", "xe máy", "xe công", "xăng", "điện thoại",
        "mũ bảo hiểm", "khẩu trang", "găng tay", "chai nhựa", "túi ni lông", "bình chữa cháy",
        "rác", "thuốc", "thuốc lá", "chất nổ", "xung điện", "hóa chất", "chất cấm", "thuốc trừ sâu",
        "thuốc bảo vệ thực vật", "rượu", "bia", "tiền", "quà", "phong bì", "quỹ", "huyết áp",
        "vắc xin", "súng", "vũ khí", "quân tư trang", "doanh trại", "phòng làm việc", "phòng họp",
        "phòng học",
        "kho", "bàn ghế", "bảng", "sân", "nhà", "cổng", "máy tính", "vườn cam",
        # land, crops, animals
        "ruộng", "lúa", "rau", "vườn", "cây", "cây xanh", "rừng", "đất đai", "ao", "gà", "vịt", "lợn", "heo",
        "bò", "trâu", "ao cá", "tôm", "phân bón", "rơm", "rạ", "sào", "ha", "cây giống", "con giống",
        # places and public works
        "đường", "đường bê tông", "cây cầu", "kênh", "mương", "thôn", "ấp", "xóm", "tổ dân phố",
        "khu phố", "khu dân cư", "lớp", "trường học", "nhà trường", "điểm trường", "trạm y tế", "khoa", "bệnh viện",
        "bộ phận một cửa", "nhà văn hóa", "chợ", "nghĩa trang",
        # events one can attend
        "lớp tập huấn", "sinh hoạt chi bộ", "cuộc họp", "ca trực", "buổi trực",
        # dues and goods
        "đảng phí", "hội phí", "mặt hàng", "sản phẩm",
    ],
    # Without diacritics "den" may be "đến", "sach" "sạch", "tien" "tiến": only these count.
    unaccented_singles="rau rung ga vit heo trau tom rom kenh muong thon xom lop nha cuon phim quat xe xang ruou bia",
)

# Actions one can see being done (as opposed to "thực hiện", "làm", "tham gia").
CONCRETE_VERBS = Lexicon(
    [
        "đọc", "viết", "ghi chép", "chép", "kể", "kể chuyện", "trồng", "nuôi", "cấy", "gieo", "bón", "phun",
        "dọn", "dọn vệ sinh", "quét", "lau", "lau chùi", "sửa", "sửa chữa", "đào", "nạo vét",
        "thăm", "thăm hỏi", "khám", "đo", "tiêm", "kèm", "kèm cặp", "dạy", "soạn", "chấm", "nộp", "lập",
        "số hóa", "nhập liệu", "cập nhật", "tuần tra", "trực ban", "trực thêm", "đi trực", "gác",
        "canh gác", "hiến đất", "hiến máu", "ủng hộ",
        "đóng góp", "quyên góp", "tặng", "đi bộ", "đạp xe", "tắt", "rửa tay", "hướng dẫn", "tập huấn",
        "họp", "gọi điện", "nhắn tin", "trả lời", "trả kết quả", "giải quyết", "hòa giải", "phân loại",
        "thu gom", "niêm yết", "in", "chiếu", "đón", "chào", "giải thích", "huấn luyện", "bắn",
        "luyện tập", "dự giờ", "tiếp dân", "tư vấn", "kiểm tra", "lau dọn", "bảo dưỡng", "sơn", "lắp",
        "vay", "trả nợ", "kê khai", "khai thuế", "học xong", "thi đỗ", "lấy bằng", "tốt nghiệp", "nhắc", "ghi",
        "đọc báo", "đọc sách", "đọc truyện",
    ],
    unaccented_singles="doc chep nuoi gieo phun quet sua kham tiem soan nop gac in ghi",
)

# Time units: a number or "mỗi" before them measures time, not things.
TIME_UNITS = Lexicon(
    [
        "ngày", "tuần", "tháng", "quý", "năm", "giờ", "tiếng", "phút", "buổi", "lần", "ca", "kỳ",
        "học kỳ", "đợt", "dịp", "vụ", "mùa", "sáng", "trưa", "chiều", "tối", "đêm", "lượt",
    ]
)

# "5 điều Bác Hồ dạy", "3 nhiệm vụ trọng tâm", "100% hoàn thành": a number here measures nothing.
ABSTRACT_AFTER_NUMBER = Lexicon(
    [
        "điều", "chữ", "không", "nhiệm vụ", "chỉ tiêu", "nội dung", "tiêu chí", "tiêu chuẩn", "mặt",
        "vấn đề", "giải pháp", "việc", "việc làm", "công việc", "kế hoạch", "hoàn thành", "đạt", "vượt",
        "tốt", "xuất sắc", "đúng", "phấn đấu", "đảm bảo", "bảo đảm", "thực hiện", "chương trình",
        "phong trào", "danh hiệu", "yêu cầu", "mục tiêu", "lời", "lời thề", "lời dạy", "nguyên tắc",
        "phẩm chất", "bài học", "tác phong", "đức tính",
    ]
)

# Words before a number that make it a name, not a count: "Quy định 101", "lớp 8A", "thôn 2".
IDENTIFIER_BEFORE_NUMBER = Lexicon(
    [
        "quy định", "chỉ thị", "nghị quyết", "kết luận", "thông tư", "nghị định", "luật",
        "số", "khóa", "điều", "khoản", "mục", "chương", "bài", "lớp", "phòng", "tổ", "đội", "thôn", "ấp",
        "khu", "xóm", "ngõ", "hẻm", "đường", "quốc lộ", "tỉnh lộ", "phường", "quận", "lần thứ", "thứ",
        "nhà", "ki ốt", "máy", "xe", "cổng", "tầng", "phiên", "kíp", "trạm", "tiểu đội", "trung đội",
        "đại đội", "tiểu đoàn",
    ]
)

NUMBER_WORDS = Lexicon(
    [
        "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "bẩy", "tám", "chín", "mười", "mươi", "trăm",
        "nghìn", "ngàn", "triệu", "vài",
    ]
)

# Counters after a number word ("hai buổi", "một đảng viên"). Closed list: folded "ba con"
# may be "bà con", so only accented text counts "con".
COUNTERS = Lexicon(
    [
        "lần", "buổi", "ngày", "tuần", "tháng", "quý", "giờ", "tiếng", "phút", "ca", "đợt", "lượt",
        "người", "hộ", "em", "cháu", "học sinh", "bệnh nhân", "đảng viên", "đoàn viên", "hội viên",
        "gia đình", "cây", "con", "cuốn", "quyển", "bài", "mẩu", "câu chuyện", "tiết", "sào", "mẫu",
        "suất", "phần quà", "chiếc", "cái", "bộ", "hồ sơ", "vụ", "trường hợp", "lớp", "thôn", "ấp", "xóm",
        "doanh nghiệp", "điểm", "sáng kiến", "đề tài", "ngày công", "ngày lương", "triệu", "nghìn", "trăm",
    ]
)

FREQUENCY_WORDS = Lexicon(["mỗi", "hằng", "hàng", "từng", "định kỳ", "cứ"])

WEEKDAYS = Lexicon(["thứ hai", "thứ ba", "thứ tư", "thứ năm", "thứ sáu", "thứ bảy", "chủ nhật"])

# "trước ngày 30/11", "trong quý II", "cuối năm", "trước mùa mưa bão".
DEADLINE_WORDS = Lexicon(["trước", "trong", "cuối", "đầu", "giữa", "hết", "đến", "chậm nhất", "hạn", "vào"])
DEADLINE_UNITS = Lexicon(
    [
        "ngày", "tuần", "tháng", "quý", "năm", "học kỳ", "năm học", "vụ", "mùa", "dịp", "tết", "hè",
        "lễ", "đợt", "kỳ", "khai giảng",
    ]
)
DEADLINE_PHRASES = Lexicon(
    ["đúng hạn", "đúng hẹn", "trễ hẹn", "trễ hạn", "quá hạn", "trong vòng", "trong ngày", "ngay trong"]
)

# Behaviour anyone can see, with no number needed.
NEGATED_ACTS = Lexicon(
    [
        "hút", "hút thuốc", "uống rượu", "uống bia", "nhận tiền", "nhận quà", "nhận phong bì",
        "nhận hối lộ", "nhận bồi dưỡng", "đốt", "vứt", "xả rác", "đánh bạc", "chơi", "dạy thêm",
        "đi muộn", "đến muộn", "đi trễ", "về sớm", "nghỉ việc", "nghỉ học", "lấn chiếm",
        "đỗ xe", "nói tục", "chửi", "để hồ sơ", "để tồn đọng", "để trễ", "để người dân", "để công dân",
        "cho vay nặng lãi", "săn bắt", "săn", "chặt", "chặt phá", "bán", "bán hàng", "buôn bán",
        "đổ rác", "đổ trộm", "đánh bắt", "chở quá", "chở hàng", "chở người", "cá độ", "lô đề", "mở nhạc",
        "hát karaoke", "đậu xe", "lái xe",
        "phun thuốc", "thả rông", "bỏ học", "bỏ họp", "bỏ sinh hoạt",
    ]
)
# "không để xảy ra ..." is a behaviour only for an event one can see ("tai nạn", not "sai phạm").
LET_HAPPEN = Lexicon(["để xảy ra", "để"])
EVENTS = Lexicon(
    [
        "tai nạn", "cháy", "cháy nổ", "cháy rừng", "hỏa hoạn", "mất mát", "mất cắp", "hư hỏng",
        "thất thoát", "ngộ độc", "dịch bệnh", "đuối nước", "trộm cắp", "trễ hẹn", "sai sót", "khiếu kiện",
        "hồ sơ", "tồn đọng", "người dân", "công dân", "học sinh", "bệnh nhân",
    ]
)
NEGATED_USE = Lexicon(["dùng", "sử dụng"])  # observable only with a concrete object after it
NEGATION = Lexicon(["không", "tuyệt đối không", "không được", "không bao giờ", "chưa bao giờ"])

OBSERVABLE = Lexicon(
    [
        "đội mũ bảo hiểm", "thắt dây an toàn", "phân loại rác", "in hai mặt", "nhật ký", "rửa tay",
        "đi bộ", "đạp xe", "xe đạp", "tắt đèn", "tắt quạt", "tắt điện", "tắt máy", "tắt điều hòa",
        "tắt máy lạnh", "khóa vòi", "khóa nước", "về sớm", "đi muộn", "đến muộn",
    ]
)
# "đúng giờ" is behaviour after going somewhere ("đến cơ quan đúng giờ"), a slogan in "đúng giờ giấc".
ARRIVAL = Lexicon(["đến", "đi", "đi làm", "có mặt", "vào", "dự", "họp", "mở cửa", "bắt đầu", "lên lớp"])
ON_TIME = Lexicon(["đúng giờ"])

TRIGGERS = Lexicon(["khi", "trước khi", "sau khi", "rời khỏi", "ra khỏi", "ra về", "kết thúc"])

STOPWORDS = frozenset([
    "và", "của", "các", "những", "cho", "với", "trong", "ở", "tại", "về", "là", "có", "được", "để", "thì", "mà",
    "này", "đó", "từ", "theo", "như", "lại", "đã", "sẽ", "đang", "bị", "rất", "cũng", "nhất", "một", "mình", "tôi",
    "bản", "thân", "đồng", "chí",
])
# Words too common in job titles to tie a registration to a duty on their own.
TITLE_WORDS = [
    "cán", "bộ", "công", "chức", "viên", "nhân", "chuyên", "phó", "trưởng", "đồng", "chí", "người", "làm", "việc",
    "đảng", "hưu", "nghỉ", "kiêm", "phụ", "trách",
]
# fmt: on
