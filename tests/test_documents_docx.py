"""render_docx: read the Word file back with python-docx and check layout, text and typography."""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from lamtheo.documents import Paragraph, Signature, render_docx

from .documents_fixtures import SENTENCE, SHORT, TABLE_HEADER, TABLE_ROWS, TITLE, cell_report, read_docx


@pytest.fixture(scope="module")
def document():
    return read_docx(render_docx(cell_report()))


def texts(paragraphs) -> list[str]:
    return [p.text for p in paragraphs if p.text.strip()]


def by_text(document, text: str):
    return next(p for p in document.paragraphs if p.text == text)


def cell_paragraph(cell, text: str):
    return next(p for p in cell.paragraphs if p.text == text)


def run_style(paragraph) -> tuple[float, bool, bool]:
    run = paragraph.runs[0]
    return run.font.size.pt, bool(run.font.bold), bool(run.font.italic)


def test_page_is_a4_with_the_profile_margins(document):
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]


def test_header_block_left_and_right(document):
    header = document.tables[0]
    left, right = header.rows[0].cells
    assert texts(left.paragraphs) == ["ĐẢNG BỘ XÃ HÒA AN", "CHI BỘ THÔN 1", "*", "Số 05-BC/CB"]
    assert texts(right.paragraphs) == ["ĐẢNG CỘNG SẢN VIỆT NAM", "Hòa An, ngày 05 tháng 12 năm 2026"]
    # Typography of HD 36: parent 14 upright, issuer 14 bold, number 14; all centred in the column
    assert run_style(cell_paragraph(left, "ĐẢNG BỘ XÃ HÒA AN")) == (14, False, False)
    assert run_style(cell_paragraph(left, "CHI BỘ THÔN 1")) == (14, True, False)
    assert run_style(cell_paragraph(left, "Số 05-BC/CB")) == (14, False, False)
    assert cell_paragraph(left, "*").alignment == WD_ALIGN_PARAGRAPH.CENTER
    # "ĐẢNG CỘNG SẢN VIỆT NAM" 15 bold with a rule under it as long as the title; date 14 italic
    party = cell_paragraph(right, "ĐẢNG CỘNG SẢN VIỆT NAM")
    assert run_style(party) == (15, True, False)
    border = party._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert border.get(qn("w:val")) == "single"
    indent = party.paragraph_format.left_indent
    assert indent == party.paragraph_format.right_indent and Mm(1) < indent < Mm(15)
    assert run_style(cell_paragraph(right, "Hòa An, ngày 05 tháng 12 năm 2026")) == (14, False, True)
    # the header table has no borders
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}


def test_title_body_and_typography(document):
    body = texts(document.paragraphs)
    printed = TITLE.replace("Hồ Chí Minh", "Hồ\u00a0Chí\u00a0Minh")  # never split across lines (issue 11)
    assert body[:3] == ["BÁO CÁO", printed, "-----"]
    assert run_style(by_text(document, "BÁO CÁO")) == (15, True, False)
    assert run_style(by_text(document, printed)) == (14, True, False)
    assert by_text(document, printed).alignment == WD_ALIGN_PARAGRAPH.CENTER
    for heading in (
        "I. KẾT QUẢ TRIỂN KHAI THỰC HIỆN",
        "II. THÀNH QUẢ VÀ BÀI HỌC KINH NGHIỆM",
        "III. ĐỀ XUẤT, KIẾN NGHỊ",
    ):
        paragraph = by_text(document, heading)
        assert run_style(paragraph) == (14, True, False)
        assert paragraph.paragraph_format.keep_with_next
    sentence = by_text(document, SENTENCE)
    assert run_style(sentence) == (14, False, False)
    assert sentence.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(sentence.paragraph_format.first_line_indent - Mm(10)) < Mm(0.1)
    assert run_style(by_text(document, "Vai trò nêu gương của đảng viên được phát huy.")) == (14, False, True)
    assert "- Số đảng viên đăng ký làm theo: 18/18." in body
    assert body.index("I. KẾT QUẢ TRIỂN KHAI THỰC HIỆN") < body.index(SENTENCE) < body.index(SHORT)


def test_fonts_are_the_profile_fonts(document):
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    assert normal.element.rPr.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    fonts = {run.font.name for p in document.paragraphs for run in p.runs}
    for table in document.tables:
        for cell in table._cells:
            fonts |= {run.font.name for p in cell.paragraphs for run in p.runs}
    assert fonts == {"Times New Roman"}


def test_data_table_has_borders_header_and_cells(document):
    table = document.tables[1]
    assert [c.text for c in table.rows[0].cells] == TABLE_HEADER
    assert [[c.text for c in row.cells] for row in table.rows[1:]] == TABLE_ROWS
    header_run = table.rows[0].cells[1].paragraphs[0].runs[0]
    assert header_run.font.bold and header_run.font.size == Pt(13)
    assert table.rows[1].cells[1].paragraphs[0].runs[0].font.size == Pt(13)
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # repeated on each page
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"single"}
    widths = [column.width for column in table.columns]
    assert abs(sum(widths) - Mm(165)) < Mm(0.5)  # the text width: 210 - 30 - 15
    assert widths[2] > widths[1] > widths[0]


def test_signature_right_and_recipients_left(document):
    left, right = document.tables[-1].rows[0].cells
    assert texts(left.paragraphs) == ["Nơi nhận:", "- Đảng ủy xã (để b/c),", "- Lưu Chi bộ."]
    assert run_style(cell_paragraph(left, "Nơi nhận:")) == (12, True, True)
    assert run_style(cell_paragraph(left, "- Lưu Chi bộ.")) == (11, False, False)
    assert texts(right.paragraphs) == ["T/M CHI BỘ", "BÍ THƯ", "Lê Văn Thư"]
    for line in ("T/M CHI BỘ", "BÍ THƯ", "Lê Văn Thư"):
        paragraph = cell_paragraph(right, line)
        assert run_style(paragraph) == (14, True, False)
        assert paragraph.alignment == WD_ALIGN_PARAGRAPH.CENTER
    # room for the signature between the position and the name
    names = [p.text for p in right.paragraphs]
    assert names.index("Lê Văn Thư") - names.index("BÍ THƯ") >= 4
    # the last paragraph stays on the page of the signature
    assert by_text(document, SHORT).paragraph_format.keep_with_next


def test_page_numbers_from_page_two(document):
    section = document.sections[0]
    assert section.different_first_page_header_footer
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml and "fldChar" in header_xml
    assert "PAGE" not in section.first_page_header._element.xml


def test_core_properties(document):
    props = document.core_properties
    assert props.title == f"Báo cáo {TITLE}"
    assert props.author == "CHI BỘ THÔN 1"
    assert props.language == "vi-VN"
    assert "python-docx" not in (props.comments or "")


def test_nfd_input_comes_out_nfc_and_control_characters_are_dropped():
    nfd = unicodedata.normalize("NFD", SENTENCE)
    assert nfd != SENTENCE
    doc = cell_report(
        blocks=[Paragraph(nfd + "\x00\x0b"), Paragraph("Dòng một\nDòng hai")],
        issuing_body=unicodedata.normalize("NFD", "Chi bộ thôn 1"),
    )
    document = read_docx(render_docx(doc))
    body = texts(document.paragraphs)
    assert SENTENCE in body
    assert "Dòng một\nDòng hai" in body  # a line break inside the paragraph
    assert texts(document.tables[0].rows[0].cells[0].paragraphs)[1] == "CHI BỘ THÔN 1"


def test_minimal_document_without_parent_number_date_or_signature():
    doc = cell_report(parent_body="", number="", date=None, signature=None, recipients=[], blocks=[])
    document = read_docx(render_docx(doc))
    left, right = document.tables[0].rows[0].cells
    assert texts(left.paragraphs) == ["CHI BỘ THÔN 1", "*", "Số     -BC/CB"]
    assert texts(right.paragraphs)[1] == "Hòa An, ngày      tháng      năm 20..."
    assert len(document.tables) == 1  # no signature table


def test_personal_signature_without_on_behalf():
    doc = cell_report(signature=Signature(name="Nguyễn Văn An"), recipients=[])
    right = read_docx(render_docx(doc)).tables[-1].rows[0].cells[1]
    assert texts(right.paragraphs) == ["Nguyễn Văn An"]


def test_recipients_without_a_dash_get_one():
    doc = cell_report(recipients=["Đảng ủy xã (để b/c),", "  ", "- Lưu Chi bộ."])
    left = read_docx(render_docx(doc)).tables[-1].rows[0].cells[0]
    assert texts(left.paragraphs) == ["Nơi nhận:", "- Đảng ủy xã (để b/c),", "- Lưu Chi bộ."]


def test_profile_date_drives_layout_of_old_dates():
    # A document dated before HD 36 still renders (with the oldest profile)
    document = read_docx(render_docx(cell_report(date=dt.date(2017, 1, 2))))
    assert texts(document.tables[0].rows[0].cells[1].paragraphs)[1] == "Hòa An, ngày 02 tháng 01 năm 2017"
