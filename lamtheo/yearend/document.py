"""The evidence sheet for the year-end (or quarterly) self-grading, as a Party-format document.

One member's sheet, or every member of a cell in one file (a page each). Parts: I. registration
and results, II. the cell's evaluation and the grade, III. meeting reports and corrections,
IV. shortcomings and their remedy, V. the ethics self-review and the masses' upheld comments
(never who wrote them). Always written in Vietnamese, whatever the interface language.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lamtheo.core.text import fold
from lamtheo.documents import BulletList, Heading, PageBreak, Paragraph, PartyDocument, Signature, Table
from lamtheo.notebook.models import EvaluationLevel
from lamtheo.organizations.models import Organization

from .selectors import Sheet

if TYPE_CHECKING:
    from lamtheo.documents import Block

DOCUMENT_LANGUAGE = "vi"
FORMATS = ("pdf", "docx")


def _date(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y")


def _period_label(year: int, quarter: int | None) -> str:
    if quarter:
        return _("quarter %(q)s of %(year)s") % {"q": quarter, "year": year}
    return _("year %(year)s") % {"year": year}


def _grade_label(code: str) -> str:
    return str(EvaluationLevel(code).label) if code in EvaluationLevel.values else _("Not graded yet")


def sheet_blocks(sheet: Sheet) -> list[Block]:
    person = sheet.person
    blocks: list[Block] = [
        Paragraph(_("Full name: %(name)s") % {"name": person.full_name}, bold=True, align="left"),
        Paragraph(_("Party cell: %(cell)s") % {"cell": person.cell.name}, align="left"),
    ]
    if person.position:
        blocks.append(Paragraph(_("Position: %(position)s") % {"position": person.position}, align="left"))
    blocks.append(
        Paragraph(_("Period: %(period)s") % {"period": _period_label(sheet.year, sheet.quarter)}, align="left")
    )

    blocks.append(Heading(_("I. REGISTRATION AND RESULTS"), level=1))
    registration = sheet.registration
    if registration is None:
        blocks.append(Paragraph(_("No registration for this year."), italic=True))
    else:
        blocks.append(
            Paragraph(
                _("Registration (%(state)s), version %(n)s.")
                % {"state": registration.get_state_display(), "n": registration.number},
                italic=True,
            )
        )
        blocks.append(
            Table(
                header=[_("No."), _("Registered item"), _("Measure"), _("Deadline")],
                rows=[
                    [str(i), p.text, p.measure, _date(p.deadline)]
                    for i, p in enumerate(registration.pledges.all(), start=1)
                ],
                widths=[1.0, 8.0, 4.0, 2.5],
            )
        )
    for report in sheet.self_reports:
        blocks.append(Heading(_("Self-report: %(period)s") % {"period": report.get_period_display()}, level=2))
        rows = [
            [str(i), item.pledge.text, str(item.get_status_display()), item.achieved]
            for i, item in enumerate(report.items.all(), start=1)
        ]
        if rows:
            blocks.append(
                Table(
                    header=[_("No."), _("Registered item"), _("Result"), _("What was achieved")],
                    rows=rows,
                    widths=[1.0, 6.0, 2.5, 6.0],
                )
            )
        if report.summary:
            blocks.append(Paragraph(report.summary))
    if registration is not None and not sheet.self_reports:
        blocks.append(Paragraph(_("No self-report yet."), italic=True))

    blocks.append(Heading(_("II. THE CELL'S EVALUATION AND THE GRADE"), level=1))
    if sheet.evaluation is not None:
        blocks.append(Paragraph(sheet.evaluation.text))
    else:
        blocks.append(Paragraph(_("The cell has not written its evaluation yet."), italic=True))
    grade = _("Grade: %(grade)s") % {"grade": _grade_label(sheet.grade)}
    if sheet.score is not None:
        grade += " " + _("(%(score)s points)") % {"score": sheet.score}
    blocks.append(Paragraph(grade, bold=True))

    blocks.append(Heading(_("III. REPORTS AT CELL MEETINGS AND CORRECTIONS"), level=1))
    if sheet.meeting_reports:
        blocks.append(
            Table(
                header=[_("Meeting"), _("Registered items and how far they are done"), _("Chair's conclusion")],
                rows=[
                    [
                        _date(r.meeting.date),
                        r.done,
                        "\n".join([r.good_points, *(f"- {c.text}" for c in r.corrections.all())]).strip(),
                    ]
                    for r in sheet.meeting_reports
                ],
                widths=[2.5, 7.0, 6.0],
            )
        )
    else:
        blocks.append(Paragraph(_("No report at a cell meeting in the period."), italic=True))

    blocks.append(Heading(_("IV. SHORTCOMINGS AND THEIR REMEDY"), level=1))
    if sheet.shortcomings:
        blocks.append(
            Table(
                header=[_("No."), _("Shortcoming"), _("Source"), _("Status"), _("How it was remedied")],
                rows=[
                    [
                        str(i),
                        s.text,
                        " — ".join(x for x in (str(s.get_source_display()), s.source_note) if x),
                        str(s.get_status_display()),
                        s.remedy_note,
                    ]
                    for i, s in enumerate(sheet.shortcomings, start=1)
                ],
                widths=[1.0, 5.0, 3.5, 2.5, 4.0],
            )
        )
    else:
        blocks.append(Paragraph(_("No shortcoming recorded."), italic=True))

    blocks.append(Heading(_("V. ETHICS SELF-REVIEW AND THE MASSES' COMMENTS"), level=1))
    if not sheet.ethics:
        blocks.append(Paragraph(_("Not under review in the period."), italic=True))
    for review in sheet.ethics:
        blocks.append(Heading(review.session.title, level=2))
        if review.self_review:
            blocks.append(Paragraph(_("Self-review: %(text)s") % {"text": review.self_review}))
        if review.example:
            blocks.append(Paragraph(_("Following the example: %(text)s") % {"text": review.example}))
        if review.conclusion:
            blocks.append(Paragraph(_("Chair's conclusion: %(text)s") % {"text": review.conclusion}))
        corrections = [c.text for c in review.corrections.all()]
        if corrections:
            blocks.append(BulletList(corrections))
    if sheet.upheld:
        blocks.append(Paragraph(_("Comments of the masses upheld by the committee:"), bold=True))
        blocks.append(BulletList(list(sheet.upheld)))
    return blocks


def _parent(cell: Organization) -> Organization | None:
    if len(cell.path) <= cell.steplen:
        return None
    return Organization.objects.filter(path=cell.path[: -cell.steplen]).first()


def sheet_document(sheets: list[Sheet], cell: Organization, year: int, quarter: int | None) -> PartyDocument:
    """One document with a page per member (a single member's sheet when the list has one)."""
    with translation.override(DOCUMENT_LANGUAGE):
        blocks: list[Block] = []
        for index, sheet in enumerate(sheets):
            if index:
                blocks.append(PageBreak())
            blocks.extend(sheet_blocks(sheet))
        if not sheets:
            blocks.append(Paragraph(_("No member in this cell."), italic=True))
        parent = _parent(cell)
        return PartyDocument(
            issuing_body=cell.name.upper(),
            parent_body=parent.name.upper() if parent else "",
            date=timezone.localdate(),
            kind_title=_("EVIDENCE SHEET"),
            title=_("For the self-review and grading of party members, %(period)s")
            % {"period": _period_label(year, quarter)},
            blocks=blocks,
            signature=Signature(on_behalf=_("ON BEHALF OF THE PARTY CELL"), position=_("SECRETARY")),
            recipients=[_("The party member;"), _("Filed by the party cell.")],
        )


def filename(stem: str, year: int, quarter: int | None) -> str:
    name = slugify(fold(stem)) or "phieu"
    return f"minh-chung-{name}-{year}" + (f"-quy-{quarter}" if quarter else "")
