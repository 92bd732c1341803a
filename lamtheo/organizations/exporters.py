"""Excel files of the tree and the rosters: the import templates and the export of a subtree.

The export uses the template's columns, so it imports back unchanged. It is written in
openpyxl's write-only mode from two iterated queries (units, people) into a temporary file
that the response streams from disk.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator
from typing import IO, TYPE_CHECKING, Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from lamtheo.core import spreadsheets

from .models import Membership, Organization, Person, YesNo
from .spreadsheet import COLUMNS, ROSTER, TREE, Column, export_value, guide_title, sheet_title

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

DATE_FORMAT = "DD/MM/YYYY"
TEXT_FORMAT = "@"
TEMPLATE_ROWS = 1000  # rows pre-formatted (text codes, dates) in a template
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="B3141B")
EXAMPLE_FONT = Font(italic=True, color="55555A")


def _width(column: Column) -> int:
    return max(14, min(40, len(str(column.title)) + 4))


def _guide(workbook: Workbook, kind: str) -> dict[str, str]:
    """The “Instructions” sheet; returns, per choice column, the range of its allowed labels."""
    sheet = workbook.create_sheet(guide_title())
    notes = [
        _("How to fill in this file"),
        _("Row 2 of the first sheet is an example: it is ignored on import, you may keep or delete it."),
        _("Dates: dd/mm/yyyy, e.g. 02/09/2025. Lists: a label below or its code; capitals and accents do not matter."),
        _("Importing again updates the existing records (matched by their codes) instead of adding them twice."),
        _("An empty cell clears the value; a column you delete from the file is left unchanged."),
        _("If any row has a mistake nothing is saved: the import page lists each mistake by row and column."),
    ]
    for note in notes:
        sheet.append([note])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append([])
    sheet.append([_("Column"), _("What to write"), _("Allowed values"), _("Code (also accepted)")])
    for cell in sheet[sheet.max_row]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    ranges: dict[str, str] = {}
    for column in COLUMNS[kind]:
        title = f"{column.title} ({_('required')})" if column.required else str(column.title)
        sheet.append([title, str(column.help)])
        if column.choices is None:
            continue
        first = sheet.max_row + 1
        for value, label in zip(column.choices.values, column.choices.labels, strict=True):
            sheet.append(["", "", str(label), value])
        ranges[column.key] = f"{quote_sheetname(sheet.title)}!$C${first}:$C${sheet.max_row}"
    for letter, width in zip("ABCD", (34, 70, 40, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=1, max_col=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return ranges


def template_workbook(kind: str) -> Workbook:
    """An empty file for `kind` (TREE or ROSTER): header, example row, instructions, drop-downs."""
    columns = COLUMNS[kind]
    workbook = spreadsheets.new_workbook()
    sheet: Worksheet = workbook.active  # type: ignore[assignment]
    sheet.title = sheet_title(kind)
    sheet.append([str(c.title) for c in columns])
    sheet.append([export_value(c, c.example) for c in columns])
    sheet.freeze_panes = "A2"
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        header = sheet.cell(row=1, column=index)
        header.font, header.fill = HEADER_FONT, HEADER_FILL
        header.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[letter].width = _width(column)
        number_format = TEXT_FORMAT if column.is_text_code else DATE_FORMAT if column.is_date else None
        for row in range(2, TEMPLATE_ROWS + 2):
            cell = sheet.cell(row=row, column=index)
            if number_format:
                cell.number_format = number_format
            if row == 2:
                cell.font = EXAMPLE_FONT
    ranges = _guide(workbook, kind)
    for index, column in enumerate(columns, start=1):
        if column.key in ranges:
            letter = get_column_letter(index)
            # A drop-down that still accepts a typed code (no error box).
            validation = DataValidation(type="list", formula1=ranges[column.key], allow_blank=True)
            validation.showErrorMessage = False
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS + 1}")
            sheet.add_data_validation(validation)
    return workbook


def _row(sheet: Any, columns: list[Column], values: dict[str, Any]) -> list[Any]:
    cells: list[Any] = []
    for column in columns:
        value = export_value(column, values.get(column.key))
        cell = spreadsheets.cell(sheet, value)  # text typed by a user, never a live formula
        if column.is_date:
            cell.number_format = DATE_FORMAT
        elif column.is_text_code:
            cell.number_format = TEXT_FORMAT
        cells.append(cell)
    return cells


def _header(sheet: Any, columns: list[Column]) -> list[Any]:
    cells = []
    for column in columns:
        cell = spreadsheets.cell(sheet, str(column.title))
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cells.append(cell)
    return cells


def _unit_rows(units: Iterable[Organization], root_parent_code: str) -> Iterator[dict[str, Any]]:
    """Units in path order; each parent comes before its children, so its code is known."""
    codes: dict[str, str] = {}
    step = Organization.steplen
    for unit in units:
        parent = codes.get(unit.path[:-step]) if unit.depth > 1 else None
        codes[unit.path] = unit.code
        yield {
            "code": unit.code,
            "name": unit.name,
            "kind": unit.kind,
            "block": unit.block,
            "parent_code": root_parent_code if parent is None else parent,
            "valid_from": unit.valid_from,
            "valid_to": unit.valid_to,
        }


def export_subtree(*, units: QuerySet[Organization], people: QuerySet[Person], root_parent_code: str) -> IO[bytes]:
    """The workbook of a subtree (units in path order, people by cell) in a temporary file.

    `units` and `people` come already scoped to the reader; `root_parent_code` is the code of
    the top unit's parent when the reader may see it, else "".
    """
    workbook = spreadsheets.new_workbook(write_only=True)
    tree_columns, roster_columns = COLUMNS[TREE], COLUMNS[ROSTER]
    unit_sheet = workbook.create_sheet(sheet_title(TREE))
    unit_sheet.freeze_panes = "A2"
    for column_index, column in enumerate(tree_columns, start=1):
        unit_sheet.column_dimensions[get_column_letter(column_index)].width = _width(column)
    unit_sheet.append(_header(unit_sheet, tree_columns))
    fields = ["path", "depth", "code", "name", "kind", "block", "valid_from", "valid_to"]
    for values in _unit_rows(units.order_by("path").only(*fields).iterator(chunk_size=2000), root_parent_code):
        unit_sheet.append(_row(unit_sheet, tree_columns, values))

    people_sheet = workbook.create_sheet(sheet_title(ROSTER))
    people_sheet.freeze_panes = "A2"
    for column_index, column in enumerate(roster_columns, start=1):
        people_sheet.column_dimensions[get_column_letter(column_index)].width = _width(column)
    people_sheet.append(_header(people_sheet, roster_columns))
    since = Membership.objects.filter(person=OuterRef("pk"), ended_on__isnull=True).values("started_on")[:1]
    rows = (
        people.select_related("cell").annotate(started_on=Subquery(since)).order_by("cell__path", "search_name", "pk")
    )
    for person in rows.iterator(chunk_size=2000):
        values = {c.key: getattr(person, c.key, "") for c in roster_columns}
        values["cell_code"] = person.cell.code
        values["civil_servant"] = YesNo.YES if person.civil_servant else None
        people_sheet.append(_row(people_sheet, roster_columns, values))

    output = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it after streaming
    workbook.save(output)
    output.seek(0)
    return output
