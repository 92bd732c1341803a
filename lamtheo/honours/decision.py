"""A level's decision (Quyết định) to commend or reward, with its list as an annex: a Party document
through `lamtheo.documents` (DOCX, PDF), and the list alone as XLSX (openpyxl).

The document is always in Vietnamese whatever the interface language (English msgids translated
through this app's catalogue, rendered under `translation.override("vi")`).
"""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext as _

from lamtheo.documents import Heading, PageBreak, Paragraph, PartyDocument, Signature, Table
from lamtheo.documents import render as render_document
from lamtheo.organizations.selectors import parent_of

from . import selectors
from .models import Commendation, DecisionKind, Outcome

DOCUMENT_LANGUAGE = "vi"
PREFIXES = ("Chi bộ ", "Đảng ủy xã ", "Đảng ủy phường ", "Đảng ủy ", "Đảng bộ tỉnh ", "Đảng bộ ", "Tỉnh ủy ")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def place_of(name: str) -> str:
    """ "Hòa An" for "Đảng ủy xã Hòa An"."""
    for prefix in PREFIXES:
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _row(number: int, outcome: Outcome) -> list[str]:
    nomination = outcome.nomination
    if nomination.is_collective:
        above = parent_of(nomination.unit) if nomination.unit else None
        unit = above.name if above else ""
        kind = _("Collective")
    else:
        unit = nomination.person.cell.name  # type: ignore[union-attr]
        kind = _("Individual")
    return [
        str(number),
        nomination.nominee_name,
        str(kind),
        unit,
        nomination.category.name,
        outcome.reward_form.name if outcome.reward_form else "",
    ]


def annex_rows(commendation: Commendation) -> tuple[list[str], list[list[str]]]:
    header = [_("No."), _("Name"), _("Individual or collective"), _("Unit"), _("Category"), _("Form of reward")]
    rows = [_row(i, o) for i, o in enumerate(selectors.annex(commendation), start=1)]
    return header, rows


def _counts(rows: list[list[str]]) -> tuple[int, int]:
    collectives = sum(1 for r in rows if r[2] == str(_("Collective")))
    return collectives, len(rows) - collectives


def build(commendation: Commendation) -> PartyDocument:
    level = commendation.organization
    parent = parent_of(level)
    header, rows = annex_rows(commendation)
    collectives, individuals = _counts(rows)
    reward = commendation.kind == DecisionKind.REWARD
    verb = _("reward") if reward else _("commend")
    title = (
        _("On rewarding collectives and individuals who set an example in studying and following Ho Chi Minh")
        if reward
        else _("On commending collectives and individuals who set an example in studying and following Ho Chi Minh")
    )
    blocks = [
        Paragraph(_("Pursuant to the Party Statute and the working rules of %(level)s;") % {"level": level.name}),
        Paragraph(
            _(
                "Pursuant to Directive 05-CT/TW of the Politburo on studying and following Ho Chi Minh's thought, "
                "ethics and style;"
            )
        ),
        Paragraph(_("Considering the proposals of the subordinate units,"), italic=True),
        Paragraph(_("DECIDES:"), bold=True, align="center"),
        Paragraph(
            _(
                "Article 1. To %(verb)s %(collectives)s collective(s) and %(individuals)s individual(s) who set an "
                "example in studying and following Ho Chi Minh's thought, ethics and style (list annexed)."
            )
            % {"verb": verb, "collectives": collectives, "individuals": individuals}
        ),
        Paragraph(_("Article 2. This decision takes effect from the date of signing.")),
        Paragraph(
            _(
                "Article 3. The units concerned and the collectives and individuals named in Article 1 carry out "
                "this decision."
            )
        ),
        PageBreak(),
        Heading(_("LIST"), level=1),
        Paragraph(
            _("(Annexed to Decision No. %(number)s of %(day)s)")
            % {"number": commendation.number, "day": commendation.decided_on.strftime("%d/%m/%Y")},
            italic=True,
            align="center",
        ),
        Table(header=header, rows=rows, widths=[0.8, 4.0, 2.2, 3.2, 3.4, 2.2]),
    ]
    return PartyDocument(
        issuing_body=level.name.upper(),
        parent_body=parent.name.upper() if parent else "",
        number=f"Số {commendation.number}",
        place=place_of(level.name),
        date=commendation.decided_on,
        kind_title=_("DECISION"),
        title=title,
        blocks=blocks,  # type: ignore[arg-type]
        signature=Signature(on_behalf=_("ON BEHALF OF THE STANDING COMMITTEE"), position=_("SECRETARY"), name=""),
        recipients=[_("As in Article 3,"), _("Filed.")],
    )


def render(commendation: Commendation, fmt: str) -> tuple[bytes, str, str]:
    """(data, content type, extension) for "docx", "pdf" or "xlsx"; ValueError for another format."""
    with translation.override(DOCUMENT_LANGUAGE):
        if fmt == "xlsx":
            return workbook(commendation), XLSX_TYPE, "xlsx"
        return render_document(build(commendation), fmt)


def workbook(commendation: Commendation) -> bytes:
    from openpyxl.styles import Font

    from lamtheo.core.spreadsheets import append, new_workbook

    header, rows = annex_rows(commendation)
    book = new_workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("List")[:31]
    append(
        sheet,
        [
            _("Annexed to Decision No. %(number)s of %(day)s")
            % {"number": commendation.number, "day": commendation.decided_on.strftime("%d/%m/%Y")}
        ],
    )
    append(sheet, [commendation.organization.name])
    append(sheet, header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        append(sheet, [int(row[0]), *row[1:]])
    for column, width in zip("ABCDEF", (6, 32, 16, 30, 40, 16), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def filename(commendation: Commendation) -> str:
    return f"Quyết định {commendation.number.replace('/', '-')}"
