"""The one safe way to write XLSX files: data is always text, never a live formula.

A unit or person name like ``=HYPERLINK("http://evil.example/","Chi bộ")`` must reach the reader's
Excel as the text it is. Every exporter builds its workbook with `new_workbook()` and writes
values with `put` / `append` (or `cell` in write-only mode): a string beginning with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return, or spelling an Excel error code, is stored as a text
cell with Excel's quote prefix (it stays text even when the reader edits the cell), and control
characters Excel refuses are dropped instead of failing the export. The exporter's own formulas
are marked with `Formula(...)`; nothing else becomes one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE, Cell

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


class Formula(str):
    """A formula written by the exporter itself (e.g. a sum or a rate of two counts)."""


def new_workbook(*, write_only: bool = False) -> Workbook:
    return Workbook(write_only=write_only)


def clean(value: Any) -> Any:
    """Drop the control characters openpyxl refuses (it would raise on a hostile name)."""
    if isinstance(value, str) and not isinstance(value, Formula):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def needs_text(value: Any) -> bool:
    return (
        isinstance(value, str)
        and not isinstance(value, Formula)
        and (value.startswith(DANGEROUS_PREFIXES) or value in ERROR_CODES)
    )


def _as_text(cell: Any) -> Any:
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def put(sheet: Any, row: int, column: int, value: Any = None) -> Cell:
    """`sheet.cell(row, column, value)` where only a `Formula` may become a formula."""
    value = clean(value)
    cell = sheet.cell(row=row, column=column)
    cell.value = value
    if needs_text(value):
        _as_text(cell)
    return cell


def cell(sheet: Any, value: Any) -> Any:
    """A cell for a write-only sheet's `append`, safe like `put`."""
    value = clean(value)
    made = WriteOnlyCell(sheet, value=value)
    if needs_text(value):
        _as_text(made)
    return made


def append(sheet: Any, values: Iterable[Any]) -> None:
    """`sheet.append(values)` where only a `Formula` may become a formula (any sheet kind)."""
    values = [clean(v) for v in values]
    if getattr(sheet, "_parent", None) is not None and getattr(sheet._parent, "write_only", False):
        sheet.append([cell(sheet, v) if needs_text(v) else v for v in values])
        return
    sheet.append(values)
    row = sheet.max_row
    for index, value in enumerate(values, start=1):
        if needs_text(value):
            _as_text(sheet.cell(row=row, column=index))
