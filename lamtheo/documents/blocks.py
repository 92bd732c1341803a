"""The document model handed to the renderers: plain dataclasses of plain (Vietnamese) strings.

Callers (notebook, meetings, reviews) build a :class:`PartyDocument` from their data and pass it
to ``render_docx`` / ``render_pdf``; they never deal with python-docx or HTML, and the renderers
escape every string.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

ALIGNMENTS = ("justify", "left", "center", "right")
_ALIGN_ALIASES = {"centre": "center", "centered": "center", "justified": "justify"}


@dataclass
class Signature:
    on_behalf: str = ""  # "T/M CHI BỘ" (empty for a personal document)
    position: str = ""  # "BÍ THƯ"
    name: str = ""  # "Lê Văn Thư"


@dataclass
class Heading:
    """A section heading; the caller numbers it ("I. …", "1. …", "a) …")."""

    text: str
    level: int = 1


@dataclass
class Paragraph:
    text: str
    bold: bool = False
    italic: bool = False
    align: str = "justify"  # justify | left | center | right


@dataclass
class BulletList:
    """Items printed with the dash ("- …") that Party documents use, not a bullet glyph."""

    items: list[str] = field(default_factory=list)


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)
    widths: list[float] | None = None  # relative column widths (any unit: only proportions count)


@dataclass
class PageBreak:
    pass


Block = Heading | Paragraph | BulletList | Table | PageBreak


@dataclass
class PartyDocument:
    issuing_body: str  # "CHI BỘ THÔN 1"
    parent_body: str = ""  # the level above: "ĐẢNG BỘ XÃ HÒA AN"
    number: str = ""  # "Số 05-BC/CB"; empty → "Số     -BC/CB" with the number left blank
    place: str = ""  # "Hòa An"
    date: datetime.date | None = None  # "Hòa An, ngày 05 tháng 12 năm 2026" in italics
    kind_title: str = ""  # "BÁO CÁO", "BIÊN BẢN", "SỔ TAY"
    title: str = ""  # the subject line (trích yếu) under kind_title
    blocks: list[Block] = field(default_factory=list)
    signature: Signature | None = None
    recipients: list[str] = field(default_factory=list)  # "Nơi nhận:" lines
    profile: str | None = None  # format profile code; None = the one valid on `date`
    # Optional additions to the contract:
    symbol: str = ""  # "BC/CB": printed after "Số     -" when `number` is empty (else derived)
    author: str = ""  # document metadata (DOCX core properties, PDF info); default issuing_body
    # A second signature in the left column (minutes: THƯ KÝ left, CHỦ TRÌ right), instead of recipients.
    left_signature: Signature | None = None


def normalize_align(align: str) -> str:
    value = _ALIGN_ALIASES.get((align or "justify").strip().lower(), (align or "justify").strip().lower())
    if value not in ALIGNMENTS:
        raise ValueError(f"Unknown paragraph alignment {align!r}; use one of {', '.join(ALIGNMENTS)}.")
    return value
