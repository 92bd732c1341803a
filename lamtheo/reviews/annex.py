"""The annex tables of a review as an Excel workbook: summary, by lower level, by block.

Counts, totals and rates are written as values (a reader without a calculation engine sees every
cell); a rate is the fraction rounded half up to one decimal of a percent, as on the pages,
formatted as a percentage (93,3%). Counted figures ("entered as counts") have their own columns.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from lamtheo.core.spreadsheets import new_workbook, put

from . import display, drafting, periods
from .figures import FigureSet, fraction, indicator_index, rate_index
from .models import Review

BOLD = Font(bold=True)
PERCENT = "0.0%"


def rate_value(numerator: int, denominator: int) -> float | None:
    """The rate as shown on the pages (rounded half up to 0,1%) as a spreadsheet number; None for x/0."""
    ratio = fraction(numerator, denominator)
    if ratio is None:
        return None
    return display.scaled_percent(ratio) / 10**display.PERCENT_DECIMALS / 100


def _title(sheet: Worksheet, review: Review, figures: FigureSet, caption: str) -> int:
    put(sheet, 1, 1, review.organization.name).font = Font(bold=True, size=13)
    put(sheet, 2, 1, review.title)
    sheet["A3"] = _("%(caption)s — %(period)s") % {
        "caption": caption,
        "period": periods.label(figures.date_from, figures.date_to),
    }
    sheet["A3"].font = Font(italic=True)
    return 5


def _summary(sheet: Worksheet, figures: FigureSet, row: int) -> None:
    headers = [
        pgettext("reviews", "Section"),
        pgettext("reviews", "Indicator"),
        pgettext("reviews", "Count"),
        pgettext("reviews", "Numerator"),
        pgettext("reviews", "Denominator"),
        pgettext("reviews", "Rate"),
        pgettext("reviews", "Key"),
    ]
    for col, text in enumerate(headers, start=1):
        put(sheet, row=row, column=col, value=text).font = BOLD
    totals = figures.totals()
    indicators, rates = indicator_index(), rate_index()
    for section in display.sections(figures):
        for item in section.rows:
            row += 1
            put(sheet, row=row, column=1, value=section.title)
            put(sheet, row=row, column=2, value=item.label)
            if item.is_rate:
                rate = rates[item.key]
                put(sheet, row=row, column=4, value=totals.get(rate.numerator, 0))
                put(sheet, row=row, column=5, value=totals.get(rate.denominator, 0))
                value = rate_value(totals.get(rate.numerator, 0), totals.get(rate.denominator, 0))
                cell = put(sheet, row=row, column=6, value=value)
                cell.number_format = PERCENT
            elif item.key in indicators:
                put(sheet, row=row, column=3, value=totals.get(item.key, 0))
            put(sheet, row=row, column=7, value=item.key)


def _grid(
    sheet: Worksheet, figures: FigureSet, row: int, first: str, groups: list[tuple[str, str, dict[str, int]]]
) -> None:
    """Rows = groups (code, name, counts); columns = every indicator, then every rate as a formula."""
    present = [p for p in display.providers() if p.key in figures.providers]
    indicator_keys = [i.key for p in present for i in p.indicators]
    rates = [r for p in present for r in p.rates]
    headers = [
        pgettext("reviews", "Code"),
        first,
        *(display.label_of(k) for k in indicator_keys),
        *(str(r.label) for r in rates),
    ]
    for col, text in enumerate(headers, start=1):
        cell = put(sheet, row=row, column=col, value=text)
        cell.font = BOLD
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    column_of = {key: 3 + i for i, key in enumerate(indicator_keys)}
    first_row = row + 1
    for code, name, counts in groups:
        row += 1
        put(sheet, row=row, column=1, value=code)
        put(sheet, row=row, column=2, value=name)
        for key in indicator_keys:
            put(sheet, row=row, column=column_of[key], value=counts.get(key, 0))
    row += 1
    put(sheet, row=row, column=2, value=pgettext("reviews", "Total")).font = BOLD
    totals = figures.totals()
    for key in indicator_keys:
        put(sheet, row=row, column=column_of[key], value=totals.get(key, 0)).font = BOLD
    all_counts = [counts for _code, _name, counts in groups] + [totals]
    for r, counts in zip(range(first_row, row + 1), all_counts, strict=True):
        for i, rate in enumerate(rates):
            col = 3 + len(indicator_keys) + i
            value = rate_value(counts.get(rate.numerator, 0), counts.get(rate.denominator, 0))
            cell = put(sheet, row=r, column=col, value=value)
            cell.number_format = PERCENT
    sheet.column_dimensions["B"].width = 36
    sheet.freeze_panes = sheet.cell(row=first_row - 0, column=3)


def build(review: Review, figures: FigureSet, progress: Callable[[int], None] | None = None) -> bytes:
    with translation.override(drafting.DOCUMENT_LANGUAGE):
        book = new_workbook()
        summary = book.active
        summary.title = pgettext("reviews", "Summary")[:31]
        _summary(summary, figures, _title(summary, review, figures, pgettext("reviews", "Summary")))
        summary.column_dimensions["A"].width = 30
        summary.column_dimensions["B"].width = 48
        if progress:
            progress(40)
        by_unit = figures.by_unit()
        units = book.create_sheet(pgettext("reviews", "By lower level")[:31])
        groups = [(u.code, u.name, by_unit.get(u.path, {})) for u in figures.units]
        _grid(
            units,
            figures,
            _title(units, review, figures, pgettext("reviews", "By lower level")),
            pgettext("reviews", "Unit"),
            groups,
        )
        if progress:
            progress(70)
        blocks = book.create_sheet(pgettext("reviews", "By block")[:31])
        block_groups = [(b, display.block_label(b), counts) for b, counts in sorted(figures.by_block().items())]
        _grid(
            blocks,
            figures,
            _title(blocks, review, figures, pgettext("reviews", "By block")),
            pgettext("reviews", "Block"),
            block_groups,
        )
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
