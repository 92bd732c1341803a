"""DOCX through python-docx, from the same layout and profile as the PDF.

The header and the signature block are borderless two-column tables (what Party offices do in
Word); data tables get single borders and a header row repeated on each page. Page numbers are a
PAGE field in the header, hidden on the first page.
"""

from __future__ import annotations

import datetime
import io
import os
from functools import lru_cache
from typing import Any

from .blocks import BulletList, Heading, PageBreak, Paragraph, PartyDocument, Table
from .layout import Layout, prepare

_ALIGN = {"left": 0, "center": 1, "right": 2, "justify": 3}  # WD_ALIGN_PARAGRAPH values


def _set_run_font(
    run: Any, font: str, size: float, bold: bool = False, italic: bool = False, underline: bool = False
) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = font
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.italic = italic
    if underline:
        run.font.underline = True
    r_fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        r_fonts.set(qn(attr), font)


def _add_text(paragraph: Any, text: str, font: str, size: float, **style: bool) -> None:
    """One run; python-docx turns the caller's newlines into line breaks (w:br) inside it."""
    _set_run_font(paragraph.add_run(text), font, size, **style)


def _paragraph(
    container: Any,
    text: str,
    layout: Layout,
    size: float,
    align: str = "left",
    *,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    space_after: float = 0,
    indent_mm: float = 0,
    line_spacing: float | None = None,
    space_before: float = 0,
) -> Any:
    from docx.shared import Mm, Pt

    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = _ALIGN[align]
    fmt.space_after = Pt(space_after)
    fmt.space_before = Pt(space_before)
    fmt.line_spacing = line_spacing or 1.0
    if indent_mm:
        fmt.first_line_indent = Mm(indent_mm)
    if text:
        _add_text(paragraph, text, layout.profile.docx_font, size, bold=bold, italic=italic, underline=underline)
    return paragraph


def _first_paragraph(cell: Any) -> Any:
    """Table cells start with one empty paragraph: reuse it for the first line."""
    return cell.paragraphs[0]


def _cell_paragraph(
    cell: Any, text: str, layout: Layout, size: float, align: str = "center", *, first: bool = False, **style: Any
) -> Any:
    from docx.shared import Pt

    paragraph = _first_paragraph(cell) if first else cell.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = _ALIGN[align]
    fmt.space_after = Pt(style.pop("space_after", 0))
    fmt.space_before = Pt(style.pop("space_before", 0))
    fmt.line_spacing = 1.0
    if text:
        _add_text(paragraph, text, layout.profile.docx_font, size, **style)
    return paragraph


def _table_borders(table: Any, value: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), value)
        if value != "nil":
            edge.set(qn("w:sz"), "4")
            edge.set(qn("w:space"), "0")
            edge.set(qn("w:color"), "000000")
        borders.append(edge)
    tbl_pr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"
    )


def _column_widths(table: Any, widths_mm: list[float]) -> None:
    from docx.shared import Mm

    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=False):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)


def _grid_table(container: Any, rows: int, widths_mm: list[float]) -> Any:
    table = container.add_table(rows=rows, cols=len(widths_mm))
    _table_borders(table, "nil")
    _column_widths(table, widths_mm)
    return table


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _cant_split(row: Any) -> None:
    from docx.oxml import OxmlElement

    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))


def _page_number_field(paragraph: Any, font: str, size: float) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def fld(kind: str) -> Any:
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        return element

    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    for piece in (fld("begin"), instr, fld("separate")):
        run = paragraph.add_run()
        _set_run_font(run, font, size)
        run._element.append(piece)
    shown = paragraph.add_run("2")
    _set_run_font(shown, font, size)
    end = paragraph.add_run()
    _set_run_font(end, font, size)
    end._element.append(fld("end"))


def _setup(document: Any, layout: Layout) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    p = layout.profile
    width, height = p.page_mm
    m = p.margins_mm
    section = document.sections[0]
    section.page_width, section.page_height = Mm(width), Mm(height)
    section.top_margin, section.bottom_margin = Mm(m["top"]), Mm(m["bottom"])
    section.left_margin, section.right_margin = Mm(m["left"]), Mm(m["right"])
    number = p.page_number
    section.header_distance = Mm(float(number.get("distance_mm", 10)))
    section.footer_distance = Mm(float(number.get("distance_mm", 10)))

    normal = document.styles["Normal"]
    normal.font.name = p.docx_font
    normal.font.size = Pt(p.size("body"))
    r_pr = normal.element.get_or_add_rPr()
    r_fonts = r_pr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        r_fonts.set(qn(attr), p.docx_font)
    for old in r_pr.findall(qn("w:lang")):
        r_pr.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    r_pr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")

    # Page numbers: a PAGE field in the header, the first page's header left empty.
    if int(number.get("from_page", 2)) >= 2:
        section.different_first_page_header_footer = True
    target = section.header if str(number.get("position", "top-center")).startswith("top") else section.footer
    target.is_linked_to_previous = False
    paragraph = target.paragraphs[0]
    paragraph.paragraph_format.alignment = _ALIGN["center"]
    _page_number_field(paragraph, p.docx_font, p.size("page_number"))

    props = document.core_properties
    props.title = layout.meta_title
    props.author = layout.meta_author
    props.last_modified_by = layout.meta_author
    props.comments = ""
    props.keywords = ""
    props.subject = ""
    props.language = "vi-VN"
    props.created = props.modified = datetime.datetime.now(tz=datetime.UTC).replace(tzinfo=None)


_BOLD_SERIF_FILES = (
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Bold.ttf",
    "/usr/share/fonts/truetype/msttcorefonts/Times_New_Roman_Bold.ttf",
)
# WordprocessingML is strict about child order: these are the elements that must follow.
_PPR_AFTER_BORDER = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_CELL_PADDING_MM = 1.9 * 2  # Word's default left + right cell margins (0.08 in each)


@lru_cache(maxsize=4)
def _advance_widths(path: str) -> tuple[dict[int, int], int] | None:
    try:
        from fontTools.ttLib import TTFont

        font = TTFont(path, lazy=True)
        cmap = font.getBestCmap()
        metrics = font["hmtx"]
        return {code: metrics[glyph][0] for code, glyph in cmap.items()}, int(font["head"].unitsPerEm)
    except Exception:  # any unreadable font just means "no metrics"
        return None


def text_width_mm(text: str, size: float) -> float | None:
    """Width of bold serif text (Liberation Serif Bold = Times New Roman Bold metrics), or None."""
    for path in _BOLD_SERIF_FILES:
        if os.path.exists(path) and (found := _advance_widths(path)):
            widths, units = found
            if all(ord(char) in widths for char in text):
                return sum(widths[ord(char)] for char in text) / units * size / 72 * 25.4
    return None


def _rule_under(paragraph: Any, text: str, size: float, cell_width_mm: float) -> bool:
    """A solid rule under the title exactly as long as the title (HD 36), drawn as a bottom border
    of a paragraph indented to the title's width; an underline would cut the dots under Ộ and Ệ."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    width = text_width_mm(text, size)
    if width is None:
        return False
    indent = (cell_width_mm - _CELL_PADDING_MM - width) / 2 - 0.6  # a little slack: never wrap
    if indent < 0:
        return False
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = Mm(indent)
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "3"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    p_pr.insert_element_before(borders, *_PPR_AFTER_BORDER)
    return True


def _header(document: Any, layout: Layout) -> None:
    p = layout.profile
    text_width = p.text_width_mm
    table = _grid_table(document, 1, [text_width * share for share in p.header_columns])
    left, right = table.rows[0].cells
    first = True
    if layout.parent_body:
        _cell_paragraph(left, layout.parent_body, layout, p.size("parent_body"), first=True)
        first = False
    _cell_paragraph(left, layout.issuing_body, layout, p.size("issuing_body"), first=first, bold=True)
    _cell_paragraph(left, p.label("star"), layout, p.size("star"))
    _cell_paragraph(left, layout.number_line, layout, p.size("number"))
    party = _cell_paragraph(right, "", layout, p.size("party_title"), first=True)
    ruled = _rule_under(party, p.label("party"), p.size("party_title"), text_width * p.header_columns[1])
    _add_text(party, p.label("party"), p.docx_font, p.size("party_title"), bold=True, underline=not ruled)
    _cell_paragraph(right, layout.date_line, layout, p.size("place_date"), italic=True, space_before=6)


def _title(document: Any, layout: Layout) -> None:
    p = layout.profile
    if layout.kind_title:
        _paragraph(document, layout.kind_title, layout, p.size("kind_title"), "center", bold=True, space_before=18)
    if layout.title:
        _paragraph(document, layout.title, layout, p.size("title"), "center", bold=True)
    if layout.kind_title or layout.title:
        _paragraph(document, p.label("title_rule"), layout, p.size("title"), "center", space_after=12)


def _body(document: Any, layout: Layout) -> None:
    from docx.enum.text import WD_BREAK

    p = layout.profile
    after = float(p.body("space_after_pt"))
    indent = float(p.body("first_line_indent_mm"))
    spacing = float(p.body("line_spacing"))
    for block in layout.blocks:
        if isinstance(block, Heading):
            paragraph = _paragraph(
                document,
                block.text,
                layout,
                p.size("heading"),
                "justify",
                bold=True,
                italic=block.level >= 3,
                indent_mm=indent,
                space_after=after,
                space_before=6,
                line_spacing=spacing,
            )
            paragraph.paragraph_format.keep_with_next = True
        elif isinstance(block, Paragraph):
            _paragraph(
                document,
                block.text,
                layout,
                p.size("body"),
                block.align,
                bold=block.bold,
                italic=block.italic,
                indent_mm=indent if block.align in ("justify", "left") else 0,
                space_after=after,
                line_spacing=spacing,
            )
        elif isinstance(block, BulletList):
            for item in block.items:
                _paragraph(
                    document,
                    f"{p.label('bullet')} {item}",
                    layout,
                    p.size("body"),
                    "justify",
                    indent_mm=indent,
                    space_after=after,
                    line_spacing=spacing,
                )
        elif isinstance(block, Table):
            _data_table(document, block, layout)
        elif isinstance(block, PageBreak):
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _data_table(document: Any, block: Table, layout: Layout) -> None:
    p = layout.profile
    widths = [p.text_width_mm * share for share in (block.widths or [])]
    rows = len(block.rows) + (1 if block.header else 0)
    table = document.add_table(rows=rows, cols=len(widths))
    _table_borders(table, "single")
    _column_widths(table, widths)
    size = p.size("table")
    offset = 0
    if block.header:
        row = table.rows[0]
        _repeat_header(row)
        _cant_split(row)
        for cell, text in zip(row.cells, block.header, strict=True):
            _cell_paragraph(cell, text, layout, size, "center", first=True, bold=True)
        offset = 1
    for index, values in enumerate(block.rows):
        row = table.rows[index + offset]
        _cant_split(row)
        for cell, text in zip(row.cells, values, strict=True):
            _cell_paragraph(cell, text, layout, size, "left", first=True)
    # A thin paragraph after the table: a little air, and two tables in a row stay two tables.
    _paragraph(document, "", layout, 3, space_after=0)


def _signature(document: Any, layout: Layout) -> None:
    if not (layout.signature or layout.recipients or layout.left_signature):
        return
    p = layout.profile
    # Never a signature alone on the last page: the last paragraph keeps with it.
    last = document.paragraphs[-1] if document.paragraphs else None
    if last is not None and _is_last_body(document, last):
        last.paragraph_format.keep_with_next = True
    spacer = _paragraph(document, "", layout, p.size("body"))
    spacer.paragraph_format.keep_with_next = True
    table = _grid_table(document, 1, [p.text_width_mm * share for share in p.signature_columns])
    _cant_split(table.rows[0])
    left, right = table.rows[0].cells
    if layout.left_signature:
        _signature_cell(left, layout.left_signature, layout)
    elif layout.recipients:
        _cell_paragraph(
            left, p.label("recipients"), layout, p.size("recipients_label"), "left", first=True, bold=True, italic=True
        )
        for line in layout.recipients:
            _cell_paragraph(left, line, layout, p.size("recipients"), "left")
    if layout.signature:
        _signature_cell(right, layout.signature, layout)


def _signature_cell(cell: Any, s: Any, layout: Layout) -> None:
    """Who signs (on behalf of, position), room to sign, then the name — centred in its column."""
    p = layout.profile
    size = p.size("signature")
    first = True
    for text in (s.on_behalf, s.position):
        if text:
            _cell_paragraph(cell, text, layout, size, first=first, bold=True)
            first = False
    for _ in range(int(p.body("signature_space_lines"))):
        _cell_paragraph(cell, "", layout, size, first=first)
        first = False
    if s.name:
        _cell_paragraph(cell, s.name, layout, size, bold=True)


def _is_last_body(document: Any, paragraph: Any) -> bool:
    """True when ``paragraph`` is the last block before the section properties (no table after it)."""
    following = paragraph._p.getnext()
    return following is None or following.tag.endswith("}sectPr")


def render_docx(doc: PartyDocument) -> bytes:
    """The document as a Word file (A4, the profile's margins and fonts)."""
    import docx

    layout = prepare(doc)
    document = docx.Document()
    _setup(document, layout)
    # The template starts with no paragraph; the header table comes first.
    _header(document, layout)
    _title(document, layout)
    _body(document, layout)
    _signature(document, layout)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
