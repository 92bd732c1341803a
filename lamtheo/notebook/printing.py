"""The printable notebook "Sổ tay Làm theo gương Bác" of one member for one year (PDF / DOCX).

Built as a `lamtheo.documents.PartyDocument` (the shared Party-format renderer): a cover, then
I. the registration (items with measure, deadline and what each is tied to), II. the
self-reports, III. the cell's collective evaluation with the secretary's signature block.
The document is a Party paper, so it is always written in Vietnamese whatever the interface
language (the texts are English msgids translated through the notebook catalogue).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lamtheo.core.text import fold
from lamtheo.organizations.models import Organization, Role, RoleAssignment
from lamtheo.organizations.scoping import visible_to

from . import selectors_results as sel
from .models import Evaluation, Pledge, Registration, SelfReport

if TYPE_CHECKING:
    from lamtheo.documents import PartyDocument
    from lamtheo.organizations.models import Person

DOCUMENT_LANGUAGE = "vi"


def _registration(user: Any, person: Person, year: int) -> Registration | None:
    """The approved registration, else the current one (whatever its state)."""
    found = sel.reportable_registration(user, person.pk, year)
    if found is not None:
        return found
    qs = Registration.objects.filter(person=person, year=year, is_current=True)
    return visible_to(qs, user).first()


def _ties(pledge: Pledge) -> str:
    parts = []
    if pledge.theme_id:
        parts.append(_("Theme: %(title)s") % {"title": pledge.theme.title})  # type: ignore[union-attr]
    if pledge.standard_id:
        parts.append(_("Standards: %(title)s") % {"title": pledge.standard.title})  # type: ignore[union-attr]
    if pledge.rule:
        parts.append(str(pledge.get_rule_display()))
    if pledge.shortcoming_id:
        parts.append(_("Remedies: %(text)s") % {"text": pledge.shortcoming.text})  # type: ignore[union-attr]
    return "; ".join(parts)


def _date(value: Any) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def _signer_position(evaluation: Evaluation | None) -> str:
    if evaluation is None or evaluation.written_by_id is None:
        return _("SECRETARY")
    roles = set(
        RoleAssignment.objects.filter(
            user_id=evaluation.written_by_id, role__in=[Role.SECRETARY, Role.DEPUTY_SECRETARY], ended_on__isnull=True
        ).values_list("role", flat=True)
    )
    if Role.DEPUTY_SECRETARY in roles and Role.SECRETARY not in roles:
        return _("DEPUTY SECRETARY")
    return _("SECRETARY")


def notebook_document(user: Any, person: Person, year: int) -> PartyDocument:
    with translation.override(DOCUMENT_LANGUAGE):
        return _build(user, person, year)


def _build(user: Any, person: Person, year: int) -> PartyDocument:
    from lamtheo.documents import (
        Heading,
        PageBreak,
        Paragraph,
        PartyDocument,
        Signature,
        Table,
    )

    cell = person.cell
    parent = Organization.objects.filter(path=cell.path[:-4]).first() if len(cell.path) > 4 else None
    registration = _registration(user, person, year)
    pledges = list(sel.pledges_of(registration)) if registration else []
    reports = sel.self_reports(user, person.pk, year)
    evaluation = sel.evaluation_for(user, person.pk, year)

    blocks: list[Any] = [
        Paragraph(_("Full name: %(name)s") % {"name": person.full_name}, bold=True, align="left"),
        Paragraph(_("Party cell: %(cell)s") % {"cell": cell.name}, align="left"),
    ]
    if parent is not None:
        blocks.append(Paragraph(_("Party committee: %(name)s") % {"name": parent.name}, align="left"))
    if person.position:
        blocks.append(Paragraph(_("Position: %(position)s") % {"position": person.position}, align="left"))
    blocks += [Paragraph(_("Year: %(year)s") % {"year": year}, align="left"), PageBreak()]

    # I. Registration
    blocks.append(Heading(_("I. REGISTRATION TO FOLLOW THE EXAMPLE"), level=1))
    if registration is None:
        blocks.append(Paragraph(_("No registration for this year."), italic=True))
    else:
        if registration.state != "approved":
            blocks.append(
                Paragraph(
                    _("Registration not yet approved (%(state)s).") % {"state": registration.get_state_display()},
                    italic=True,
                )
            )
        elif registration.reviewed_at:
            blocks.append(
                Paragraph(
                    _("Approved by the cell on %(date)s.")
                    % {"date": _date(timezone.localtime(registration.reviewed_at))},
                    italic=True,
                )
            )
        blocks.append(
            Table(
                header=[_("No."), _("What I will do"), _("Measure"), _("Deadline"), _("Tied to")],
                rows=[[str(i), p.text, p.measure, _date(p.deadline), _ties(p)] for i, p in enumerate(pledges, start=1)],
                widths=[1.0, 6.0, 3.5, 2.2, 4.3],
            )
        )

    # II. Self-reports
    blocks.append(Heading(_("II. SELF-ASSESSMENT OF RESULTS"), level=1))
    for number, (period, label) in enumerate(_periods(), start=1):
        blocks.append(Heading(f"{number}. {label}", level=2))
        report = reports.get(period)
        if report is None:
            blocks.append(Paragraph(_("Not reported yet."), italic=True))
            continue
        blocks.extend(_report_blocks(report, Paragraph, Table))

    # III. Evaluation
    blocks.append(Heading(_("III. COLLECTIVE EVALUATION OF THE PARTY CELL"), level=1))
    if evaluation is None:
        blocks.append(Paragraph(_("The cell has not written its evaluation yet."), italic=True))
    else:
        blocks.append(Paragraph(evaluation.text))
        blocks.append(Paragraph(_("Level: %(level)s") % {"level": evaluation.get_level_display()}, bold=True))
        blocks.append(
            Paragraph(
                _("Written by %(name)s on %(date)s.")
                % {
                    "name": sel.writer_name(evaluation.written_by),
                    "date": _date(timezone.localtime(evaluation.written_at)),
                },
                italic=True,
            )
        )
    signer = sel.writer_name(evaluation.written_by) if evaluation and evaluation.written_by else ""
    return PartyDocument(
        issuing_body=cell.name.upper(),
        parent_body=parent.name.upper() if parent else "",
        date=timezone.localtime(evaluation.written_at).date() if evaluation else timezone.localdate(),
        kind_title=_("NOTEBOOK"),
        title=_("“Following Uncle Ho's example” — year %(year)s") % {"year": year},
        blocks=blocks,
        signature=Signature(
            on_behalf=_("ON BEHALF OF THE PARTY CELL"), position=_signer_position(evaluation), name=signer
        ),
        recipients=[_("The party member;"), _("Filed by the party cell.")],
    )


def _periods() -> list[tuple[str, str]]:
    from .models import ReportPeriod

    return [(ReportPeriod.MID_YEAR, _("Mid-year")), (ReportPeriod.YEAR_END, _("Year end"))]


def _report_blocks(report: SelfReport, paragraph: Any, table: Any) -> list[Any]:
    blocks: list[Any] = []
    if report.submitted_at:
        blocks.append(
            paragraph(
                _("Sent to the cell on %(date)s.") % {"date": _date(timezone.localtime(report.submitted_at))},
                italic=True,
            )
        )
    else:
        blocks.append(paragraph(_("Draft, not yet sent to the cell."), italic=True))
    if report.entered_by_id and report.entered_by and report.entered_by.person_id != report.registration.person_id:
        blocks.append(
            paragraph(
                _("Entered on the member's behalf by %(name)s.") % {"name": sel.writer_name(report.entered_by)},
                italic=True,
            )
        )
    items = list(report.items.all())
    if items:
        blocks.append(
            table(
                header=[
                    _("No."),
                    _("Registered item"),
                    _("Result"),
                    _("What was achieved"),
                    _("Direction to continue"),
                ],
                rows=[
                    [str(i), item.pledge.text, str(item.get_status_display()), item.achieved, item.direction]
                    for i, item in enumerate(items, start=1)
                ],
                widths=[1.0, 4.5, 2.5, 4.5, 4.5],
            )
        )
    if report.summary:
        blocks.append(paragraph(_("Overall: %(text)s") % {"text": report.summary}))
    photos = len(report.evidence.all())
    if photos:
        blocks.append(paragraph(_("Evidence attached: %(n)s photo(s).") % {"n": photos}, italic=True))
    return blocks


def filename(person: Person, year: int, fmt: str) -> str:
    name = slugify(fold(person.full_name)) or f"person-{person.pk}"
    return f"so-tay-{name}-{year}.{fmt}"


def response(document: PartyDocument, fmt: str, name: str) -> HttpResponse:
    from lamtheo.documents import file_response

    return file_response(document, fmt, name)
