"""A realistic cell report, as an example for callers and for ``manage.py document_sample``."""

from __future__ import annotations

import datetime

from .blocks import BulletList, Heading, Paragraph, PartyDocument, Signature, Table


def sample_report(date: datetime.date | None = None) -> PartyDocument:
    """Báo cáo of a cell on the yearly study-and-follow results, parts I–III with a table."""
    return PartyDocument(
        issuing_body="CHI BỘ THÔN 1",
        parent_body="ĐẢNG BỘ XÃ HÒA AN",
        number="Số 05-BC/CB",
        place="Hòa An",
        date=date or datetime.date(2026, 12, 5),
        kind_title="BÁO CÁO",
        title="Kết quả học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2026",
        blocks=[
            Paragraph(
                "Thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị, Chi bộ thôn 1 báo cáo kết quả năm 2026 như sau:"
            ),
            Heading("I. KẾT QUẢ TRIỂN KHAI THỰC HIỆN"),
            Heading("1. Công tác quán triệt, học tập chuyên đề", level=2),
            Paragraph(
                "Chi bộ đã tổ chức học tập chuyên đề năm 2026 cho 18/18 đồng chí đảng viên, đạt tỷ lệ 100%. "
                "Sau học tập, mỗi đảng viên viết bài thu hoạch và đăng ký ít nhất một việc làm cụ thể để làm theo."
            ),
            Heading("2. Việc đăng ký và thực hiện làm theo", level=2),
            BulletList(
                [
                    "Số đảng viên đăng ký làm theo: 18/18 đồng chí (100%).",
                    "Số đảng viên thực hiện tốt nội dung đã đăng ký: 16/18 đồng chí (88,9%).",
                ]
            ),
            Paragraph("Một số việc làm tiêu biểu:", italic=True),
            Table(
                header=["STT", "Họ và tên", "Việc đăng ký làm theo", "Kết quả"],
                rows=[
                    ["1", "Nguyễn Văn An", "Vận động 5 hộ hiến đất mở rộng đường liên thôn", "Hoàn thành"],
                    ["2", "Trần Thị Bình", "Hướng dẫn hội viên phụ nữ trồng rau an toàn", "Vượt mức"],
                ],
                widths=[1.3, 4.5, 8, 3],
            ),
            Heading("II. THÀNH QUẢ VÀ BÀI HỌC KINH NGHIỆM"),
            Paragraph(
                "Việc học tập và làm theo Bác đã trở thành nền nếp trong sinh hoạt chi bộ; vai trò nêu gương "
                "của đảng viên, nhất là bí thư chi bộ và trưởng thôn, được phát huy."
            ),
            Heading("III. ĐỀ XUẤT, KIẾN NGHỊ"),
            Paragraph("Đề nghị Đảng ủy xã tiếp tục mở lớp tập huấn nghiệp vụ cho bí thư các chi bộ."),
        ],
        signature=Signature(on_behalf="T/M CHI BỘ", position="BÍ THƯ", name="Lê Văn Thư"),
        recipients=["- Đảng ủy xã (để b/c),", "- Lưu Chi bộ."],
    )
