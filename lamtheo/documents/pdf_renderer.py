"""PDF through WeasyPrint: the layout as HTML + CSS generated from the format profile."""

from __future__ import annotations

from html import escape

from .blocks import BulletList, Heading, PageBreak, Paragraph, PartyDocument, Signature, Table
from .layout import Layout, prepare

# Word's "single" line of Times New Roman / Liberation Serif is 1.15 em (ascent + descent): the
# profile's line_spacing is Word's multiple, so the PDF and the DOCX run the same number of lines.
SINGLE_LINE = 1.15


def _text(value: str) -> str:
    """Escaped, with the caller's line breaks kept."""
    return "<br>".join(escape(line) for line in value.split("\n"))


def _font_stack(fonts: list[str]) -> str:
    generic = {"serif", "sans-serif", "monospace"}
    return ", ".join(name if name in generic else f'"{name}"' for name in fonts)


def css(layout: Layout) -> str:
    p = layout.profile
    width, height = p.page_mm
    m = p.margins_mm
    number = p.page_number
    position = str(number.get("position", "top-center"))
    first_numbered = int(number.get("from_page", 2))
    # Page numbers sit `distance_mm` from the page edge, inside the margin box.
    edge = float(number.get("distance_mm", 10))
    vertical = "top" if position.startswith("top") else "bottom"
    pad = min(edge, m[vertical])  # the margin box spans the margin: pad it to `distance_mm` from the edge
    first_rule = f"@page :first {{ @{position} {{ content: none; }} }}" if first_numbered >= 2 else ""
    size = p.size
    body = p.body
    header_left, header_right = p.header_columns
    sign_left, sign_right = p.signature_columns
    return f"""
@page {{
  size: {width}mm {height}mm;
  margin: {m["top"]}mm {m["right"]}mm {m["bottom"]}mm {m["left"]}mm;
  @{position} {{
    content: counter(page);
    font-family: {_font_stack(p.pdf_fonts)};
    font-size: {size("page_number")}pt;
    vertical-align: {vertical};
    padding-{vertical}: {pad}mm;
  }}
}}
{first_rule}
html {{ font-family: {_font_stack(p.pdf_fonts)}; font-size: {size("body")}pt; color: #000; }}
body {{ margin: 0; line-height: {SINGLE_LINE * float(body("line_spacing")):.3f}; hyphens: manual; }}
p {{ margin: 0 0 {body("space_after_pt")}pt 0; }}
table.head, table.sign {{ width: 100%; border-collapse: collapse; table-layout: fixed; }}
table.head td, table.sign td {{ vertical-align: top; padding: 0; border: 0; }}
table.head td.left {{ width: {header_left * 100:.2f}%; text-align: center; }}
table.head td.right {{ width: {header_right * 100:.2f}%; text-align: center; }}
table.head p {{ margin: 0; line-height: 1.2; }}
.parent {{ font-size: {size("parent_body")}pt; }}
.issuer {{ font-size: {size("issuing_body")}pt; font-weight: bold; }}
.star {{ font-size: {size("star")}pt; }}
.number {{ font-size: {size("number")}pt; white-space: pre; }}
.party {{ font-size: {size("party_title")}pt; font-weight: bold; white-space: nowrap; }}
.party span {{ display: inline-block; border-bottom: 0.75pt solid #000; padding-bottom: 1pt; }}
.place-date {{ font-size: {size("place_date")}pt; font-style: italic; margin-top: 6pt !important; }}
.kind {{ font-size: {size("kind_title")}pt; font-weight: bold; text-align: center; margin: 18pt 0 0 0; }}
.title {{ font-size: {size("title")}pt; font-weight: bold; text-align: center; margin: 0; }}
.title-rule {{ text-align: center; margin: 0 0 12pt 0; }}
.body-text {{ text-indent: {body("first_line_indent_mm")}mm; text-align: justify; }}
.align-left {{ text-align: left; }} .align-center {{ text-align: center; text-indent: 0; }}
.align-right {{ text-align: right; text-indent: 0; }} .align-justify {{ text-align: justify; }}
.bold {{ font-weight: bold; }} .italic {{ font-style: italic; }}
h1, h2, h3 {{ font-size: {size("heading")}pt; font-weight: bold; margin: 6pt 0 {body("space_after_pt")}pt 0;
  text-indent: {body("first_line_indent_mm")}mm; page-break-after: avoid; break-after: avoid; }}
h3 {{ font-style: italic; }}
p.item {{ text-indent: {body("first_line_indent_mm")}mm; text-align: justify; }}
table.data {{ width: 100%; border-collapse: collapse; font-size: {size("table")}pt; table-layout: fixed;
  margin: 0 0 {body("space_after_pt")}pt 0; line-height: 1.2; }}
table.data th, table.data td {{ border: 0.75pt solid #000; padding: 2pt 4pt; vertical-align: top; }}
table.data th {{ font-weight: bold; text-align: center; vertical-align: middle; }}
table.data thead {{ display: table-header-group; }}
table.data tr {{ page-break-inside: avoid; break-inside: avoid; }}
.pagebreak {{ break-after: page; page-break-after: always; }}
table.sign {{ margin-top: 12pt; page-break-inside: avoid; break-inside: avoid; }}
.closing {{ page-break-inside: avoid; break-inside: avoid; }}
table.sign td.left {{ width: {sign_left * 100:.2f}%; text-align: left; }}
table.sign td.left.signed {{ text-align: center; }}
table.sign td.right {{ width: {sign_right * 100:.2f}%; text-align: center; }}
table.sign p {{ margin: 0; line-height: 1.2; }}
.recipients-label {{ font-size: {size("recipients_label")}pt; font-weight: bold; font-style: italic; }}
.recipient {{ font-size: {size("recipients")}pt; }}
.signature {{ font-size: {size("signature")}pt; font-weight: bold; }}
.signature-space {{ height: {float(body("signature_space_lines")) * size("signature") * 1.2}pt; }}
"""


def _blocks_html(layout: Layout) -> list[str]:
    bullet = escape(layout.profile.label("bullet"))
    parts: list[str] = []
    for block in layout.blocks:
        if isinstance(block, Heading):
            parts.append(f"<h{block.level}>{escape(block.text)}</h{block.level}>")
        elif isinstance(block, Paragraph):
            classes = ["body-text", f"align-{block.align}"]
            classes += [c for c, on in (("bold", block.bold), ("italic", block.italic)) if on]
            parts.append(f'<p class="{" ".join(classes)}">{_text(block.text)}</p>')
        elif isinstance(block, BulletList):
            parts.extend(f'<p class="item">{bullet} {_text(item)}</p>' for item in block.items)
        elif isinstance(block, Table):
            widths = block.widths or []
            cols = "".join(f'<col style="width:{w * 100:.2f}%">' for w in widths)
            head = ""
            if block.header:
                head = "<thead><tr>" + "".join(f"<th>{_text(c)}</th>" for c in block.header) + "</tr></thead>"
            rows = "".join("<tr>" + "".join(f"<td>{_text(c)}</td>" for c in row) + "</tr>" for row in block.rows)
            parts.append(f'<table class="data"><colgroup>{cols}</colgroup>{head}<tbody>{rows}</tbody></table>')
        elif isinstance(block, PageBreak):
            parts.append('<div class="pagebreak"></div>')
    return parts


def _signature_html(s: Signature) -> str:
    """Who signs, room to sign, the name (the same in either column of the closing table)."""
    cell = "".join(f'<p class="signature">{escape(x)}</p>' for x in (s.on_behalf, s.position) if x)
    cell += '<div class="signature-space"></div>'
    return cell + (f'<p class="signature">{escape(s.name)}</p>' if s.name else "")


def html(layout: Layout) -> str:
    p = layout.profile
    left = []
    if layout.parent_body:
        left.append(f'<p class="parent">{escape(layout.parent_body)}</p>')
    left.append(f'<p class="issuer">{escape(layout.issuing_body)}</p>')
    left.append(f'<p class="star">{escape(p.label("star"))}</p>')
    left.append(f'<p class="number">{escape(layout.number_line)}</p>')
    right = [
        f'<p class="party"><span>{escape(p.label("party"))}</span></p>',
        f'<p class="place-date">{escape(layout.date_line)}</p>',
    ]
    parts = [
        '<table class="head"><tr>',
        f'<td class="left">{"".join(left)}</td><td class="right">{"".join(right)}</td>',
        "</tr></table>",
    ]
    if layout.kind_title:
        parts.append(f'<p class="kind">{escape(layout.kind_title)}</p>')
    if layout.title:
        parts.append(f'<p class="title">{_text(layout.title)}</p>')
    if layout.kind_title or layout.title:
        parts.append(f'<p class="title-rule">{escape(p.label("title_rule"))}</p>')
    body = _blocks_html(layout)
    closing = ""
    if layout.signature or layout.recipients or layout.left_signature:
        left_cell = ""
        if layout.left_signature:
            left_cell = _signature_html(layout.left_signature)
        elif layout.recipients:
            lines = "".join(f'<p class="recipient">{escape(line)}</p>' for line in layout.recipients)
            left_cell = f'<p class="recipients-label">{escape(p.label("recipients"))}</p>{lines}'
        right_cell = _signature_html(layout.signature) if layout.signature else ""
        left_class = "left signed" if layout.left_signature else "left"
        cells = f'<td class="{left_class}">{left_cell}</td><td class="right">{right_cell}</td>'
        closing = f'<table class="sign"><tr>{cells}</tr></table>'
        # Never a signature alone on the last page: it keeps the last paragraph with it.
        if body and body[-1].startswith("<p"):
            closing = body.pop() + closing
        closing = f'<div class="closing">{closing}</div>'
    parts.extend(body)
    parts.append(closing)
    return (
        '<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
        f"<title>{escape(layout.meta_title)}</title>"
        f'<meta name="author" content="{escape(layout.meta_author)}">'
        f"<style>{css(layout)}</style></head><body>{''.join(parts)}</body></html>"
    )


def render_pdf(doc: PartyDocument) -> bytes:
    """The document as an A4 PDF (fonts embedded, page numbers from page 2)."""
    from weasyprint import HTML  # imported here: heavy, and only the export paths need it

    layout = prepare(doc)
    return bytes(HTML(string=html(layout)).write_pdf())
