"""A realistic cell report and readers for the documents tests (DOCX via python-docx, PDF via pypdf)."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

from lamtheo.documents import BulletList, Heading, PageBreak, Paragraph, PartyDocument, Signature, Table

SENTENCE = "Chi bộ đã tổ chức học tập chuyên đề năm 2026 cho 18/18 đồng chí đảng viên, đạt tỷ lệ 100%."
SHORT = "Đề nghị Đảng ủy xã tiếp tục mở lớp tập huấn cho bí thư chi bộ."
TITLE = "Kết quả học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh năm 2026"
TABLE_HEADER = ["STT", "Họ và tên", "Việc đăng ký làm theo", "Kết quả"]
TABLE_ROWS = [
    ["1", "Nguyễn Văn An", "Vận động 5 hộ hiến đất mở rộng đường liên thôn", "Hoàn thành"],
    ["2", "Trần Thị Bình", "Hướng dẫn hội viên phụ nữ trồng rau an toàn", "Vượt mức"],
]


def cell_report(*, date: dt.date | None = dt.date(2026, 12, 5), page_break: bool = False, **changes) -> PartyDocument:
    blocks = [
        Heading("I. KẾT QUẢ TRIỂN KHAI THỰC HIỆN"),
        Heading("1. Công tác quán triệt, học tập", level=2),
        Paragraph(SENTENCE),
        BulletList(["Số đảng viên đăng ký làm theo: 18/18.", "Số đảng viên thực hiện tốt: 16/18."]),
        Table(header=TABLE_HEADER, rows=TABLE_ROWS, widths=[1.3, 4.5, 8, 3]),
        Heading("II. THÀNH QUẢ VÀ BÀI HỌC KINH NGHIỆM"),
        Paragraph("Vai trò nêu gương của đảng viên được phát huy.", italic=True),
        *([PageBreak()] if page_break else []),
        Heading("III. ĐỀ XUẤT, KIẾN NGHỊ"),
        Paragraph(SHORT),
    ]
    values = {
        "issuing_body": "CHI BỘ THÔN 1",
        "parent_body": "ĐẢNG BỘ XÃ HÒA AN",
        "number": "Số 05-BC/CB",
        "place": "Hòa An",
        "date": date,
        "kind_title": "BÁO CÁO",
        "title": TITLE,
        "blocks": blocks,
        "signature": Signature(on_behalf="T/M CHI BỘ", position="BÍ THƯ", name="Lê Văn Thư"),
        "recipients": ["- Đảng ủy xã (để b/c),", "- Lưu Chi bộ."],
    }
    values.update(changes)
    return PartyDocument(**values)


def read_docx(data: bytes):
    import docx

    assert data[:2] == b"PK"
    return docx.Document(io.BytesIO(data))


def pdf_reader(data: bytes):
    from pypdf import PdfReader

    assert data[:5] == b"%PDF-"
    return PdfReader(io.BytesIO(data))


def pdf_text(data: bytes) -> str:
    """All pages' text, NFC, with line breaks turned into spaces (justified lines wrap anywhere)."""
    reader = pdf_reader(data)
    text = "\n".join(page.extract_text() for page in reader.pages)
    return unicodedata.normalize("NFC", " ".join(text.split()))


def pdf_font_names(data: bytes) -> dict[str, bool]:
    """BaseFont name → embedded (has a FontFile) for every font of every page."""
    fonts: dict[str, bool] = {}
    for page in pdf_reader(data).pages:
        resources = page["/Resources"].get_object()
        for ref in resources.get("/Font", {}).values():
            font = ref.get_object()
            descriptor = None
            if "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor or font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font["/BaseFont"]).split("+", 1)[-1]] = embedded
    return fonts
