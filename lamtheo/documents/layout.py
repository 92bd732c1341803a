"""What both renderers print, computed once: cleaned text, the number line, the place/date line.

Text is NFC-normalised (phones and Excel mix NFC and NFD, and a PDF must contain the composed
letters) and stripped of the control characters that XML cannot hold.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .blocks import Block, BulletList, Heading, PageBreak, Paragraph, PartyDocument, Signature, Table, normalize_align
from .profiles import FormatProfile, resolve_profile

# XML 1.0 forbids these (python-docx/lxml raise on them); \t and \n are kept.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_NUMBER_PREFIX = re.compile(r"^\s*s[oố]\s*:?\s*", re.IGNORECASE)


def clean(text: object) -> str:
    value = "" if text is None else str(text)
    value = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", value)


NBSP = "\u00a0"
# Names a line must never split ("Hồ / Chí Minh"): their spaces become no-break spaces in titles.
KEEP_TOGETHER = ("Hồ Chí Minh",)


def keep_together(text: str) -> str:
    for name in KEEP_TOGETHER:
        text = text.replace(name, name.replace(" ", NBSP))
    return text


def clean_line(text: object) -> str:
    """A one-line field (names, titles): newlines become spaces, outer spaces go."""
    return " ".join(clean(text).split())


@dataclass
class Layout:
    profile: FormatProfile
    parent_body: str
    issuing_body: str
    number_line: str
    date_line: str
    kind_title: str
    title: str
    blocks: list[Block]
    signature: Signature | None
    recipients: list[str]
    meta_title: str
    meta_author: str
    extra: dict[str, str] = field(default_factory=dict)
    left_signature: Signature | None = None


def number_line(doc: PartyDocument, profile: FormatProfile) -> str:
    """ "Số 05-BC/CB": "Số", a space, the number — never a colon (HD 36). Blank number kept open."""
    prefix = profile.label("number_prefix")
    number = clean_line(doc.number)
    if number:
        return f"{prefix} {_NUMBER_PREFIX.sub('', number)}"
    symbol = clean_line(doc.symbol)
    if not symbol:
        kind = profile.kind_abbreviation(clean_line(doc.kind_title))
        issuer = profile.issuer_abbreviation(clean_line(doc.issuing_body))
        symbol = "/".join(part for part in (kind, issuer) if part)
    return f"{prefix}{profile.label('number_blank')}-{symbol}"


def date_line(doc: PartyDocument, profile: FormatProfile) -> str:
    """ "Hòa An, ngày 05 tháng 12 năm 2026": a leading zero for days 1–9 and months 1–2 (HD 36)."""
    place = clean_line(doc.place)
    if doc.date is None:
        line = profile.label("date_blank").format(place=place, year="20...")
    else:
        day, month = doc.date.day, doc.date.month
        line = profile.label("date").format(
            place=place,
            day=f"{day:02d}",
            month=f"{month:02d}" if month < 3 else str(month),
            year=doc.date.year,
        )
    return line if place else line.lstrip(", ")


def _clean_block(block: Block) -> Block:
    if isinstance(block, Heading):
        return Heading(text=clean_line(block.text), level=max(1, min(3, int(block.level or 1))))
    if isinstance(block, Paragraph):
        return Paragraph(
            text=clean(block.text).strip("\n"),
            bold=bool(block.bold),
            italic=bool(block.italic),
            align=normalize_align(block.align),
        )
    if isinstance(block, BulletList):
        return BulletList(items=[clean(item).strip() for item in block.items])
    if isinstance(block, Table):
        header = [clean(cell).strip() for cell in block.header]
        rows = [[clean(cell).strip() for cell in row] for row in block.rows]
        columns = max([len(header), *(len(row) for row in rows)], default=0)
        if columns == 0:
            raise ValueError("A table needs at least one column.")
        header += [""] * (columns - len(header))
        rows = [row + [""] * (columns - len(row)) for row in rows]
        widths = list(block.widths) if block.widths else [1.0] * columns
        if len(widths) != columns or any(float(w) <= 0 for w in widths):
            raise ValueError(f"Table widths {block.widths!r} must be {columns} positive numbers.")
        total = sum(float(w) for w in widths)
        return Table(header=header if any(header) else [], rows=rows, widths=[float(w) / total for w in widths])
    if isinstance(block, PageBreak):
        return block
    raise ValueError(f"Unknown document block {block!r}.")


_TABLE_PADDING_MM = 1.9 * 2 + 1.0  # Word's cell margins (the PDF's are smaller) and a little slack


def _token_width_mm(text: str, size: float) -> float:
    from .docx_renderer import text_width_mm  # font metrics (bold: the widest case)

    width = text_width_mm(text, size)
    return width if width is not None else len(text) * size * 0.55 / 72 * 25.4  # no font file: a safe guess


def fit_widths(table: Table, size: float, total_mm: float) -> list[float]:
    """Column shares in which no column is narrower than its longest unbreakable word or number
    ("2.181/2.321", "(94,0%)", "STT"), so that no renderer breaks inside one. A column below its
    minimum takes the width it lacks from the columns with room to spare, in proportion to that room.
    When even the minimums do not fit, the shares are the minimums' (the caller should drop columns).
    """
    shares = list(table.widths or [])
    minimums = []
    for index in range(len(shares)):
        cells = [table.header[index]] if table.header else []
        cells += [row[index] for row in table.rows]
        words = {word for cell in cells for word in cell.split()}
        widest = max((_token_width_mm(word, size) for word in words), default=0.0)
        minimums.append(widest + _TABLE_PADDING_MM)
    if sum(minimums) >= total_mm:
        return [m / sum(minimums) for m in minimums]
    given = [share * total_mm for share in shares]
    lacking = sum(max(m - g, 0.0) for m, g in zip(minimums, given, strict=True))
    room = sum(max(g - m, 0.0) for m, g in zip(minimums, given, strict=True))
    fitted = [m if g < m else g - lacking * (g - m) / room if room else g for m, g in zip(minimums, given, strict=True)]
    return [width / total_mm for width in fitted]


def min_table_width_mm(header: list[str], rows: list[list[str]], size: float) -> float:
    """The narrowest a table can be without a break inside a word or number (see `fit_widths`)."""
    total = 0.0
    for index in range(len(header)):
        words = {w for cell in [header[index], *(row[index] for row in rows)] for w in cell.split()}
        total += max((_token_width_mm(w, size) for w in words), default=0.0) + _TABLE_PADDING_MM
    return total


def _fit(block: Block, profile: FormatProfile) -> Block:
    if isinstance(block, Table) and block.widths:
        block.widths = fit_widths(block, profile.size("table"), profile.text_width_mm)
    return block


def _recipient(line: str, profile: FormatProfile) -> str:
    """ "Nơi nhận" lines are a dash list: "Đảng ủy xã (để b/c)," becomes "- Đảng ủy xã (để b/c),"."""
    text = clean_line(line)
    bullet = profile.label("bullet")
    return text if text.startswith((bullet, "-", "–", "+")) else f"{bullet} {text}"


def _signature(signature: Signature | None) -> Signature | None:
    if signature is None:
        return None
    return Signature(
        on_behalf=clean_line(signature.on_behalf).upper(),
        position=clean_line(signature.position).upper(),
        name=clean_line(signature.name),
    )


def prepare(doc: PartyDocument) -> Layout:
    profile = resolve_profile(doc.profile, doc.date)
    signature = _signature(doc.signature)
    kind_title = clean_line(doc.kind_title).upper()
    title = keep_together(clean(doc.title).strip())
    return Layout(
        profile=profile,
        parent_body=clean_line(doc.parent_body).upper(),
        issuing_body=clean_line(doc.issuing_body).upper(),
        number_line=number_line(doc, profile),
        date_line=date_line(doc, profile),
        kind_title=kind_title,
        title=title,
        blocks=[_fit(_clean_block(block), profile) for block in doc.blocks],
        signature=signature,
        recipients=[_recipient(line, profile) for line in doc.recipients if clean_line(line)],
        meta_title=" ".join(
            part for part in (kind_title.capitalize(), " ".join(title.split())) if part
        ),  # plain spaces
        meta_author=clean_line(doc.author) or clean_line(doc.issuing_body),
        left_signature=_signature(doc.left_signature),
    )
