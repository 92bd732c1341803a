"""The Excel file of a unit's study statistics for a year (openpyxl).

Counts are written as numbers; each rate is an Excel formula dividing its two counts (shown as
0.0 %), so the file never carries a rounded rate and totals stay sums of counts.
"""

from __future__ import annotations

import io
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.db.models import Count
from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from lamtheo.core.spreadsheets import append, new_workbook
from lamtheo.organizations.models import Block

from .figures import Counts, StudyFigures
from .models import EssayGrade, StudySession

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="B3141B")
TOTAL_FONT = Font(bold=True)
PERCENT = "0.0%"
MAX_SESSIONS = 20_000


def _header(sheet: Worksheet, titles: list[str]) -> None:
    append(sheet, titles)
    for cell in sheet[sheet.max_row]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = f"A{sheet.max_row + 1}"


def _widths(sheet: Worksheet, widths: list[int]) -> None:
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width


def _rate_value(attended: int, eligible: int) -> float | None:
    """The rate rounded half up to one decimal of a percent (0.933 for 93,3%); None for 0/0."""
    if not eligible:
        return None
    scaled = Fraction(attended, eligible) * 1000
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    return (whole + (1 if 2 * rest >= scaled.denominator else 0)) / 1000


def count_titles() -> list[str]:
    return [
        _("Members attended"),
        _("Members eligible"),
        _("Members rate"),
        _("Officials attended"),
        _("Officials eligible"),
        _("Officials rate"),
        _("Essays sent"),
        _("Essays assessed"),
    ]


def _count_row(sheet: Worksheet, lead: list[Any], counts: Counts, *, bold: bool = False) -> None:
    """Counts from column len(lead)+1; the two rates are values (rounded as on the pages), not formulas,
    so that a reader without a calculation engine sees them."""
    start = len(lead) + 1
    m, o = counts.members, counts.officials
    append(sheet, [*lead, m.attended, m.eligible, None, o.attended, o.eligible, None, counts.essays, counts.assessed])
    row = sheet.max_row
    for offset, pair in ((2, m), (5, o)):
        cell = sheet.cell(row=row, column=start + offset)
        cell.value = _rate_value(pair.attended, pair.eligible)
        cell.number_format = PERCENT
    if bold:
        for cell in sheet[row]:
            cell.font = TOTAL_FONT


def _summary(sheet: Worksheet, figures: StudyFigures, year: int) -> None:
    org = figures.organization
    sheet.title = _("Summary (sheet)")[:31]
    append(sheet, [_("Study statistics"), org.name])
    sheet["A1"].font = Font(bold=True, size=13)
    append(sheet, [_("Year"), year])
    append(sheet, [_("People counted as of"), formats.date_format(figures.as_of, "SHORT_DATE_FORMAT")])
    append(sheet, [_("Party members"), figures.eligible.members.eligible])
    append(sheet, [_("Non-member officials"), figures.eligible.officials.eligible])
    append(sheet, [_("Classes organised"), figures.sessions.sessions])
    append(sheet, [_("Attendances by name"), figures.sessions.named])
    append(sheet, [_("Attendances of mass audiences"), figures.sessions.mass])
    sheet.append([])
    _header(sheet, [_("Theme"), *count_titles()])
    sheet.freeze_panes = None
    for theme in figures.themes:
        _count_row(sheet, [str(theme.theme)], theme.total)
    _widths(sheet, [46, 14, 14, 12, 14, 14, 12, 12, 12])


def _by_unit(sheet: Worksheet, figures: StudyFigures) -> None:
    _header(sheet, [_("Theme"), _("Unit"), _("Pilot unit"), *count_titles()])
    direct = _("People placed directly in %(unit)s") % {"unit": figures.organization.name}
    for theme in figures.themes:
        for row in theme.by_unit:
            name = row.unit.name if row.unit is not None else direct
            _count_row(sheet, [str(theme.theme), name, _("yes") if row.pilot else ""], row.counts)
        _count_row(sheet, [str(theme.theme), _("Total"), ""], theme.total, bold=True)
    _widths(sheet, [40, 36, 10, 12, 12, 10, 12, 12, 10, 10, 10])


def _by_block(sheet: Worksheet, figures: StudyFigures) -> None:
    _header(sheet, [_("Theme"), _("Block"), *count_titles()])
    for theme in figures.themes:
        for row in theme.by_block:
            _count_row(sheet, [str(theme.theme), row.label], row.counts)
        _count_row(sheet, [str(theme.theme), _("Total")], theme.total, bold=True)
    _widths(sheet, [40, 30, 12, 12, 10, 12, 12, 10, 10, 10])


def _grades(sheet: Worksheet, figures: StudyFigures) -> None:
    _header(sheet, [_("Theme"), *[str(label) for label in EssayGrade.labels]])
    for theme in figures.themes:
        append(sheet, [str(theme.theme), *[theme.grades.get(value, 0) for value in EssayGrade.values]])
    _widths(sheet, [40, 14, 14, 14, 14])


def _sessions(sheet: Worksheet, figures: StudyFigures) -> None:
    _header(
        sheet,
        [
            _("From"),
            _("To"),
            _("Organiser"),
            _("Class"),
            _("Theme"),
            _("Audience block"),
            _("Venue"),
            _("Reporters"),
            _("Attendances by name"),
            _("Mass attendance"),
        ],
    )
    org = figures.organization
    sessions = (
        StudySession.objects.filter(
            organization__path__startswith=org.path, starts_on__range=(figures.date_from, figures.date_to)
        )
        .select_related("organization", "theme")
        .annotate(named=Count("attendances"))
        .order_by("starts_on", "pk")[:MAX_SESSIONS]
    )
    blocks = dict(Block.choices)
    for s in sessions:
        append(
            sheet,
            [
                s.starts_on,
                s.ends_on,
                s.organization.name,
                s.title,
                str(s.theme),
                str(blocks.get(s.audience_block, _("All blocks"))),
                s.place,
                "; ".join(line.strip() for line in s.reporters.splitlines() if line.strip()),
                s.named,  # type: ignore[attr-defined]
                s.mass_count,
            ],
        )
        for column in (1, 2):
            sheet.cell(row=sheet.max_row, column=column).number_format = "DD/MM/YYYY"
    _widths(sheet, [12, 12, 30, 40, 36, 20, 24, 30, 12, 12])


def _propaganda(sheet: Worksheet, figures: StudyFigures) -> None:
    _header(sheet, [_("Kind"), _("Quantity"), _("Records")])
    for row in figures.propaganda:
        append(sheet, [row.label, row.quantity, row.records])
    sheet.append([])
    append(sheet, [_("Pilot units"), _("Chosen by"), _("What is piloted")])
    for cell in sheet[sheet.max_row]:
        cell.font = TOTAL_FONT
    for pilot in figures.pilots:
        append(sheet, [pilot.organization.name, pilot.designated_by.name, pilot.topic])
    _widths(sheet, [40, 30, 40])


def statistics_workbook(figures: StudyFigures, year: int) -> bytes:
    workbook = new_workbook()
    _summary(workbook.active, figures, year)  # type: ignore[arg-type]
    _by_unit(workbook.create_sheet(_("By unit")[:31]), figures)
    _by_block(workbook.create_sheet(_("By block")[:31]), figures)
    _grades(workbook.create_sheet(_("Essay grades")[:31]), figures)
    _sessions(workbook.create_sheet(_("Classes")[:31]), figures)
    _propaganda(workbook.create_sheet(_("Propaganda")[:31]), figures)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
