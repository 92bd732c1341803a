"""render_pdf: read the PDF back with pypdf (text, page size, embedded fonts, page numbers)."""

from __future__ import annotations

import unicodedata

import pytest

from lamtheo.documents import Paragraph, Table, render_pdf

from .documents_fixtures import (
    SENTENCE,
    SHORT,
    TABLE_ROWS,
    TITLE,
    cell_report,
    pdf_font_names,
    pdf_reader,
    pdf_text,
)


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_pdf(cell_report())


def test_a4_pages(pdf):
    for page in pdf_reader(pdf).pages:
        assert round(float(page.mediabox.width)) == 595  # 210 mm
        assert round(float(page.mediabox.height)) == 842  # 297 mm


def test_text_in_reading_order_with_exact_diacritics(pdf):
    text = pdf_text(pdf)
    expected_order = [
        "ĐẢNG BỘ XÃ HÒA AN",
        "CHI BỘ THÔN 1",
        "Số 05-BC/CB",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Hòa An, ngày 05 tháng 12 năm 2026",
        "BÁO CÁO",
        TITLE,
        "I. KẾT QUẢ TRIỂN KHAI THỰC HIỆN",
        SENTENCE,
        "- Số đảng viên đăng ký làm theo: 18/18.",
        "II. THÀNH QUẢ VÀ BÀI HỌC KINH NGHIỆM",
        "III. ĐỀ XUẤT, KIẾN NGHỊ",
        SHORT,
        "Nơi nhận:",
        "- Đảng ủy xã (để b/c),",
        "- Lưu Chi bộ.",
        "T/M CHI BỘ",
        "BÍ THƯ",
        "Lê Văn Thư",
    ]
    positions = [text.find(piece) for piece in expected_order]
    missing = [piece for piece, at in zip(expected_order, positions, strict=True) if at < 0]
    assert not missing
    assert positions == sorted(positions)
    assert "Số:" not in text  # HD 36: no colon after "Số"


def test_table_cells(pdf):
    text = pdf_text(pdf)
    for row in TABLE_ROWS:
        for cell in row:
            assert cell in text


def test_liberation_serif_is_embedded(pdf):
    fonts = pdf_font_names(pdf)
    assert {"Liberation-Serif", "Liberation-Serif-Bold", "Liberation-Serif-Italic"} <= set(fonts)
    assert all(fonts.values())
    assert all(name.startswith("Liberation-Serif") for name in fonts)


def test_metadata(pdf):
    info = pdf_reader(pdf).metadata
    assert info.title == f"Báo cáo {TITLE}"
    assert info.author == "CHI BỘ THÔN 1"


def test_page_numbers_from_page_two():
    reader = pdf_reader(render_pdf(cell_report(page_break=True)))
    assert len(reader.pages) == 2
    page1, page2 = ([line.strip() for line in page.extract_text().split("\n")] for page in reader.pages)
    assert "1" not in page1
    assert "2" in (page2[0], page2[-1])
    # the page break moved part III to page 2, with the signature
    assert "III. ĐỀ XUẤT, KIẾN NGHỊ" in page2 and "Lê Văn Thư" in page2


def test_signature_never_alone_on_a_page():
    # Growing the body moves the page end across the signature block: whatever the length, the
    # last paragraph goes with the signature (without the rule one length leaves it alone).
    page_counts = set()
    for count in range(8, 22, 1):
        doc = cell_report(blocks=[*[Paragraph(SENTENCE) for _ in range(count)], Paragraph(SHORT)])
        reader = pdf_reader(render_pdf(doc))
        page_counts.add(len(reader.pages))
        last = unicodedata.normalize("NFC", " ".join(reader.pages[-1].extract_text().split()))
        assert "T/M CHI BỘ" in last
        assert SHORT in last, count
    assert page_counts == {1, 2}


def test_text_is_escaped_and_nfc():
    nasty = "<b>không in đậm</b> & <script>x</script>"
    nfd = unicodedata.normalize("NFD", SENTENCE)
    doc = cell_report(blocks=[Paragraph(nasty), Paragraph(nfd + "\x07"), Table(header=["A & B"], rows=[["<i>c</i>"]])])
    text = pdf_text(render_pdf(doc))
    assert nasty in text
    assert SENTENCE in text
    assert "A & B" in text and "<i>c</i>" in text
