"""Columns of the Excel files for the tree and the rosters, and how their cells are read.

The template, the export and the import share these definitions so that an exported file
imports back unchanged. Choice values are written as their labels in the current language
and read back by label (Vietnamese or English) or code, ignoring case and diacritics.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.db.models import TextChoices
from django.utils import translation
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from lamtheo.core.text import fold, normalize_name

from .models import Block, Gender, MemberStatus, OrganizationKind, PersonKind, YesNo

TREE = "tree"
ROSTER = "roster"
KINDS = (TREE, ROSTER)
MAX_ROWS = 20_000
LANGUAGES = ("vi", "en")
_NOT_WORD = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class Column:
    key: str
    title: Promise
    help: Promise
    example: Any = ""
    required: bool = False
    choices: type[TextChoices] | None = None
    is_date: bool = False
    is_text_code: bool = False  # written as text so Excel keeps leading zeros


# Each list keeps the order of the columns in the files.
TREE_COLUMNS: list[Column] = [
    Column(
        "code",
        gettext_lazy("Unit code"),
        gettext_lazy(
            "Required. A short code that is unique in the whole system; re-importing a code updates that unit."
        ),
        example="VD-CB01",
        required=True,
        is_text_code=True,
    ),
    Column(
        "name",
        gettext_lazy("Unit name"),
        gettext_lazy("Required. The full name, e.g. Chi bộ thôn 1."),
        example="Chi bộ thôn Ví Dụ",
        required=True,
    ),
    Column(
        "kind",
        gettext_lazy("Kind of unit"),
        gettext_lazy("Required. One of the values below."),
        example=OrganizationKind.CELL,
        required=True,
        choices=OrganizationKind,
    ),
    Column(
        "block",
        gettext_lazy("Block"),
        gettext_lazy(
            "Optional. One of the values below. When empty, a new unit gets “Other” and a unit keeps its block."
        ),
        example=Block.COMMUNE,
        choices=Block,
    ),
    Column(
        "parent_code",
        gettext_lazy("Parent unit code"),
        gettext_lazy(
            "The code of the unit directly above: one of your units, or a unit listed in the same file. "
            "Leave empty to keep an existing unit where it is. Changing it moves the unit with everything under it."
        ),
        example="VD-XA",
        is_text_code=True,
    ),
    Column(
        "valid_from",
        gettext_lazy("Valid from"),
        gettext_lazy("Optional date, dd/mm/yyyy."),
        example=dt.date(2025, 7, 1),
        is_date=True,
    ),
    Column(
        "valid_to",
        gettext_lazy("Valid to"),
        gettext_lazy("Optional date, dd/mm/yyyy: the day the unit ended (e.g. merged)."),
        is_date=True,
    ),
]

ROSTER_COLUMNS: list[Column] = [
    Column(
        "card_number",
        gettext_lazy("Party card number"),
        gettext_lazy("Required for party members; re-importing a card number updates that person."),
        example="VD100001",
        is_text_code=True,
    ),
    Column(
        "staff_code",
        gettext_lazy("Staff code"),
        gettext_lazy("Required for non-member officials (they have no party card); optional for members."),
        is_text_code=True,
    ),
    Column(
        "full_name",
        gettext_lazy("Full name"),
        gettext_lazy("Required."),
        example="Nguyễn Văn Ví Dụ",
        required=True,
    ),
    Column(
        "gender",
        gettext_lazy("Gender"),
        gettext_lazy("Optional. One of the values below."),
        example=Gender.MALE,
        choices=Gender,
    ),
    Column(
        "birth_date",
        gettext_lazy("Date of birth"),
        gettext_lazy("Optional date, dd/mm/yyyy."),
        example=dt.date(1980, 5, 19),
        is_date=True,
    ),
    Column(
        "kind",
        gettext_lazy("Member or official"),
        gettext_lazy("Party member, or non-member official. When empty: a member if a card number is given."),
        example=PersonKind.MEMBER,
        choices=PersonKind,
    ),
    Column(
        "member_status",
        gettext_lazy("Member status"),
        gettext_lazy("For party members: full or probationary. Leave empty for officials."),
        example=MemberStatus.FULL,
        choices=MemberStatus,
    ),
    Column(
        "admission_date",
        gettext_lazy("Date of admission"),
        gettext_lazy("Optional date, dd/mm/yyyy."),
        example=dt.date(2005, 3, 26),
        is_date=True,
    ),
    Column(
        "full_membership_date",
        gettext_lazy("Date of full membership"),
        gettext_lazy("Optional date, dd/mm/yyyy."),
        example=dt.date(2006, 3, 26),
        is_date=True,
    ),
    Column("position", gettext_lazy("Position"), gettext_lazy("Optional, e.g. Trưởng thôn."), example="Trưởng thôn"),
    Column("job", gettext_lazy("Job"), gettext_lazy("Optional, e.g. Nông dân."), example="Nông dân"),
    Column(
        "civil_servant",
        gettext_lazy("Cadre, civil servant or public employee"),
        gettext_lazy("Optional. Yes for cán bộ, công chức, viên chức (members or not); empty means no."),
        example=YesNo.NO,
        choices=YesNo,
    ),
    Column(
        "phone",
        gettext_lazy("Phone"),
        gettext_lazy("Optional. Keep the leading 0."),
        example="0912345678",
        is_text_code=True,
    ),
    Column("email", gettext_lazy("Email"), gettext_lazy("Optional."), example=""),
    Column(
        "started_on",
        gettext_lazy("Date of joining the cell"),
        gettext_lazy(
            "Optional date, dd/mm/yyyy (ngày vào chi bộ). Empty: the date of admission for a party member, "
            "else the day of the import. Reviews of past years count the person from this day."
        ),
        example=dt.date(2005, 3, 26),
        is_date=True,
    ),
    Column(
        "cell_code",
        gettext_lazy("Cell code"),
        gettext_lazy(
            "Required. The code of the party cell (chi bộ) the person belongs to; it must be one of your cells. "
            "A different cell than before moves the person (the cell history is kept)."
        ),
        example="VD-CB01",
        required=True,
        is_text_code=True,
    ),
]

COLUMNS = {TREE: TREE_COLUMNS, ROSTER: ROSTER_COLUMNS}


def sheet_title(kind: str) -> str:
    # Sheet names may not hold / \ ? * [ ] : and are at most 31 characters.
    title = _("Units") if kind == TREE else _("People")
    return re.sub(r"[\\/?*\[\]:]", " ", title)[:31]


def guide_title() -> str:
    return _("Instructions")[:31]


def _words(text: str) -> str:
    return _NOT_WORD.sub(" ", fold(text)).strip()


def choice_lookup(choices: type[TextChoices]) -> dict[str, str]:
    """Folded label (in every language) or code → code."""
    lookup: dict[str, str] = {}
    for value, label in zip(choices.values, choices.labels, strict=True):
        lookup[_words(value)] = value
        for language in LANGUAGES:
            with translation.override(language):
                lookup.setdefault(_words(str(label)), value)
    return lookup


def parse_choice(raw: Any, choices: type[TextChoices], lookup: dict[str, str]) -> str:
    """The code for a label or code; a unique partial label also counts (“dự bị”, “chi bộ cơ sở”)."""
    words = _words(str(raw))
    if words in lookup:
        return lookup[words]
    padded = f" {words} "
    found = {code for label, code in lookup.items() if padded in f" {label} "}
    if len(found) == 1:
        return found.pop()
    allowed = "; ".join(str(label) for label in choices.labels)
    raise ValueError(
        _("“%(value)s” is not an allowed value. Use one of: %(allowed)s.") % {"value": raw, "allowed": allowed}
    )


_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%d/%m/%y")


def parse_date(raw: Any) -> dt.date:
    """An Excel date, an Excel serial number, or text dd/mm/yyyy."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, int | float) and not isinstance(raw, bool) and 2100 < raw < 2_958_466:
        value = from_excel(raw)
        if isinstance(value, dt.datetime):
            return value.date()
    text = str(raw).strip()
    for fmt in _DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if parsed.year >= 1900:
            return parsed
    raise ValueError(_("“%(value)s” is not a date. Write it as dd/mm/yyyy, e.g. 02/09/1975.") % {"value": raw})


def text_value(raw: Any) -> str:
    """A cell as text: numbers without “.0”, names NFC-normalised with single spaces."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, dt.datetime | dt.date):
        return raw.strftime("%d/%m/%Y")
    return normalize_name(str(raw))


def code_value(raw: Any) -> str:
    return text_value(raw).replace(" ", "")


_PHONE_SEPARATORS = str.maketrans("", "", " .-()")


def phone_value(raw: Any) -> str:
    """A phone typed into a number cell lost its leading 0 (Vietnamese numbers start with 0)."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        digits = text_value(raw)
        return digits if digits.startswith("0") else f"0{digits}"
    text = text_value(raw)
    digits = text.translate(_PHONE_SEPARATORS).removeprefix("+")
    if not digits.isdigit() or not 8 <= len(digits) <= 15:
        raise ValueError(
            _("“%(value)s” is not a phone number. Write digits only, e.g. 0912345678.") % {"value": text[:40]}
        )
    return text


@dataclass(frozen=True)
class FormulaCell:
    """A formula cell whose value the file does not hold (e.g. written by a program that does not compute)."""

    formula: str


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def export_value(column: Column, value: Any) -> Any:
    """What the export writes for a model value: choice labels, dates as dates, None when empty."""
    if value in (None, ""):
        return None
    if column.choices is not None:
        return str(column.choices(value).label)
    return value


class FileError(Exception):
    """The whole file cannot be read (not an .xlsx, no matching sheet, too many rows)."""


def open_workbook(file: IO[bytes]) -> Any:
    """The workbook in read-only mode, or FileError for anything that is not a readable .xlsx."""
    head = file.read(4)
    file.seek(0)
    if head != b"PK\x03\x04":
        raise FileError(
            _("This file is not an Excel workbook (.xlsx). Open it in Excel and save it as “Excel Workbook (.xlsx)”.")
        )
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
        workbook.lamtheo_source = file  # find_sheet reads it again for formulas that hold no value
        return workbook
    except Exception as exc:
        raise FileError(
            _("This Excel file is damaged or is not an .xlsx workbook. Open it in Excel and save it again as .xlsx.")
        ) from exc


def header_lookup(columns: list[Column]) -> dict[str, str]:
    """Folded column title (in every language) or key → column key."""
    lookup: dict[str, str] = {}
    for column in columns:
        lookup[_words(column.key)] = column.key
        for language in LANGUAGES:
            with translation.override(language):
                lookup.setdefault(_words(str(column.title)), column.key)
    return lookup


@dataclass
class Sheet:
    positions: dict[str, int]  # column key → index in the row
    rows: Iterator[tuple[int, tuple[Any, ...]]]  # (row number in Excel, values)


HEADER_SEARCH_ROWS = 10  # a title or a note may sit above the header row


def _positions(header: tuple[Any, ...], lookup: dict[str, str]) -> dict[str, int]:
    positions: dict[str, int] = {}
    for index, title in enumerate(header):
        key = lookup.get(_words(str(title))) if title is not None else None
        if key and key not in positions:
            positions[key] = index
    return positions


def find_sheet(workbook: Any, kind: str) -> Sheet:
    """The first sheet with a header row (among its first rows) naming the required columns of `kind`."""
    columns = COLUMNS[kind]
    lookup = header_lookup(columns)
    required = {c.key for c in columns if c.required}
    for worksheet in workbook.worksheets:
        if not isinstance(worksheet, ReadOnlyWorksheet):
            continue
        worksheet.reset_dimensions()  # some programs store a wrong used range; read every row
        rows = worksheet.iter_rows(values_only=True, max_col=len(columns) + 20)
        for number, header in enumerate(itertools.islice(rows, HEADER_SEARCH_ROWS), start=1):
            positions = _positions(header, lookup)
            if required <= positions.keys():
                formulas = _formula_rows(workbook, worksheet.title, number, len(columns) + 20)
                return Sheet(positions, _numbered(_with_formulas(rows, formulas), number + 1))
    titles = ", ".join(f"“{c.title}”" for c in columns if c.required)
    raise FileError(
        _(
            "No sheet of this file has the header row of this kind of import (it needs the columns %(titles)s). "
            "Download the template and keep its first row."
        )
        % {"titles": titles}
    )


def _formula_rows(workbook: Any, title: str, header_row: int, max_col: int) -> Iterator[tuple[Any, ...]]:
    """The same sheet's rows below the header as formulas (the workbook was read for values)."""
    source = getattr(workbook, "lamtheo_source", None)
    if source is None:
        return iter(())
    source.seek(0)
    formulas = load_workbook(source, read_only=True, data_only=False)
    return formulas[title].iter_rows(min_row=header_row + 1, values_only=True, max_col=max_col)


def _with_formulas(rows: Iterator[tuple[Any, ...]], formulas: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    """Rows of values where an empty value that is a formula in the file becomes a FormulaCell."""
    for values, written in itertools.zip_longest(rows, formulas):
        if values is None:
            return
        if written and any(v is None for v in values):
            values = tuple(
                FormulaCell(w) if v is None and isinstance(w, str) and w.startswith("=") else v
                for v, w in itertools.zip_longest(values, written[: len(values)])
            )
        yield values


def _numbered(rows: Iterator[tuple[Any, ...]], start: int) -> Iterator[tuple[int, tuple[Any, ...]]]:
    for number, values in enumerate(rows, start=start):
        if number > MAX_ROWS + 1:
            raise FileError(
                _("The file has more than %(max)s rows. Split it into several files.")
                % {"max": number_format(MAX_ROWS, force_grouping=True)}
            )
        if any(not is_blank(v) for v in values):
            yield number, values
