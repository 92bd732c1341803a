"""A review as a Party document (Hướng dẫn 36-HD/VPTW), handed to `lamtheo.documents` for DOCX/PDF.

Parts I–III follow the cell review report of the campaign: the writers' text, and in part I the
figures of the subtree as tables (summary, by lower level, by block).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lamtheo.documents import BulletList, Heading, Paragraph, PartyDocument, Signature, Table
from lamtheo.documents.layout import min_table_width_mm
from lamtheo.documents.profiles import resolve_profile
from lamtheo.organizations.models import Organization

from . import display, drafting, periods
from .figures import FigureSet
from .models import Review

MAX_TABLE_COLUMNS = 6  # unit + 5 figures fit an A4 page in portrait


def _paragraphs(text: str) -> list[Paragraph | BulletList]:
    """Blank lines separate paragraphs; lines starting with "-" or "+" make a dash list."""
    blocks: list[Paragraph | BulletList] = []
    for chunk in (text or "").replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not lines:
            continue
        if all(line[0] in "-+" for line in lines):
            blocks.append(BulletList([line[1:].strip() for line in lines]))
        else:
            blocks.extend(Paragraph(line) for line in lines)
    return blocks


def _table(table: display.Table, first: str) -> Table:
    header = [pgettext("reviews", "No."), first, *table.columns]
    rows = [[str(i), row.label, *(c.value for c in row.cells)] for i, row in enumerate(table.rows, start=1)]
    if table.total is not None:
        rows.append(["", table.total.label, *(c.value for c in table.total.cells)])
    widths = [1.0, 4.0, *([2.6] * len(table.columns))]
    return Table(header=header, rows=rows, widths=widths)


def _summary(figures: FigureSet) -> Table:
    rows = []
    number = 0
    for section in display.sections(figures):
        rows.append(["", section.title.upper(), ""])
        for row in section.rows:
            number += 1
            rows.append([str(number), row.label, row.value])
    return Table(
        header=[pgettext("reviews", "No."), pgettext("reviews", "Indicator"), pgettext("reviews", "Figure")],
        rows=rows,
        widths=[1.0, 9.0, 4.0],
    )


def _fitting(build: Callable[[list[str]], display.Table], keys: list[str], first: str, day: dt.date | None) -> Table:
    """The table with as many of `keys` as fit the page without breaking a number or "STT"."""
    profile = resolve_profile(None, day)
    size, room = profile.size("table"), profile.text_width_mm
    for count in range(len(keys), 0, -1):
        table = _table(build(keys[:count]), first)
        if min_table_width_mm(table.header, table.rows, size) <= room:
            return table
    return _table(build(keys[:1]), first)


def figure_blocks(figures: FigureSet, day: dt.date | None = None) -> list[Heading | Paragraph | Table]:
    keys = display.headline_keys(figures)[: MAX_TABLE_COLUMNS - 1]
    blocks: list[Heading | Paragraph | Table] = [
        Heading(_("Figures of %(period)s") % {"period": periods.label(figures.date_from, figures.date_to)}, level=2),
        Paragraph(_("Table 1. Summary"), bold=True, align="center"),
        _summary(figures),
    ]
    if len(figures.units) > 1 or (figures.units and figures.units[0].path != figures.node.path):
        blocks += [
            Paragraph(_("Table 2. By lower level"), bold=True, align="center"),
            _fitting(lambda k: display.unit_table(figures, k), keys, pgettext("reviews", "Unit"), day),
        ]
    if len(figures.by_block()) > 1:
        blocks += [
            Paragraph(_("Table 3. By block"), bold=True, align="center"),
            _fitting(lambda k: display.block_table(figures, k), keys, pgettext("reviews", "Block"), day),
        ]
    return blocks


def build(review: Review, figures: FigureSet, parts: dict[str, str], parent: Organization | None) -> PartyDocument:
    """The PartyDocument of `review` in Vietnamese, whatever the user's language."""
    with translation.override(drafting.DOCUMENT_LANGUAGE):
        node = review.organization
        blocks: list = [*_paragraphs(parts.get("intro", ""))]
        blocks.append(Heading(_("I. RESULTS OF THE IMPLEMENTATION")))
        blocks += _paragraphs(parts.get("part1", ""))
        blocks += figure_blocks(figures, review.issued_on)
        blocks.append(Heading(_("II. ACHIEVEMENTS AND LESSONS LEARNED")))
        blocks += _paragraphs(parts.get("part2", "")) or [Paragraph("…")]
        blocks.append(Heading(_("III. PROPOSALS AND RECOMMENDATIONS")))
        blocks += _paragraphs(parts.get("part3", "")) or [Paragraph("…")]
        signature = Signature(
            on_behalf=review.signer_on_behalf, position=review.signer_position, name=review.signer_name
        )
        return PartyDocument(
            issuing_body=drafting.upper(node.name),
            parent_body=drafting.superior_name(parent),
            number=review.number,
            place=review.place,
            date=review.issued_on,
            kind_title=_("REPORT"),
            title=review.title,
            blocks=blocks,
            signature=signature,
            recipients=[line.strip() for line in review.recipients.splitlines() if line.strip()],
        )
