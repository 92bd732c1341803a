"""The conclusion notice (thông báo kết luận) as a Party-format document (DOCX / PDF).

Built as a `lamtheo.documents.PartyDocument`: the plan (who inspected what, when, the period
covered), I. strengths, II. shortcomings (per unit), III. requirements (a table: what, the
responsible unit, the deadline), the signature and the recipients. A Party paper is always in
Vietnamese whatever the interface language (English msgids translated by this app's catalogue).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lamtheo.core.text import fold

from .models import Conclusion, Finding, FindingKind, Inspection, InspectionKind

if TYPE_CHECKING:
    from lamtheo.documents import PartyDocument

DOCUMENT_LANGUAGE = "vi"


def notice_document(inspection: Inspection) -> PartyDocument:
    with translation.override(DOCUMENT_LANGUAGE):
        return _build(inspection)


def _build(inspection: Inspection) -> PartyDocument:
    from lamtheo.documents import BulletList, Heading, Paragraph, PartyDocument, Signature, Table

    conclusion: Conclusion = inspection.conclusion
    node = inspection.organization
    parent = node.get_parent()
    units = list(inspection.units.select_related("unit").order_by("unit__path"))
    found = list(
        Finding.objects.filter(unit__inspection=inspection)
        .select_related("unit__unit")
        .order_by("unit__unit__path", "pk")
    )
    findings = {kind: [f for f in found if f.kind == kind] for kind in FindingKind.values}
    names = ", ".join(u.unit.name for u in units)
    what = _("inspection") if inspection.kind == InspectionKind.INSPECTION else _("supervision")
    blocks: list[Any] = [
        Paragraph(
            _(
                "Carrying out its %(what)s plan, from %(start)s to %(end)s the team of %(node)s carried out the "
                "%(what)s of %(units)s on: %(subject)s, for the period from %(from)s to %(to)s."
            )
            % {
                "what": what,
                "start": inspection.starts_on.strftime("%d/%m/%Y"),
                "end": inspection.ends_on.strftime("%d/%m/%Y"),
                "node": node.name,
                "units": names,
                "subject": inspection.subject,
                "from": inspection.period_from.strftime("%d/%m/%Y"),
                "to": inspection.period_to.strftime("%d/%m/%Y"),
            }
        ),
        Paragraph(conclusion.summary),
    ]
    for number, kind, title in (
        ("I.", FindingKind.STRENGTH, _("STRENGTHS")),
        ("II.", FindingKind.SHORTCOMING, _("SHORTCOMINGS")),
    ):
        blocks.append(Heading(f"{number} {title}"))
        lines = [f"{f.unit.unit.name}: {f.text}" for f in findings[kind]]
        blocks.append(BulletList(lines) if lines else Paragraph(_("None recorded.")))
    heading = _("REQUIREMENTS")
    blocks.append(Heading(f"III. {heading}"))
    requirements = list(inspection.requirements.select_related("unit").order_by("deadline", "pk"))
    if requirements:
        blocks.append(
            Table(
                header=[_("No."), _("Requirement"), _("Responsible unit"), _("Deadline")],
                rows=[
                    [str(i), r.text, r.unit.name, r.deadline.strftime("%d/%m/%Y")]
                    for i, r in enumerate(requirements, start=1)
                ],
                widths=[1, 6, 3, 2],
            )
        )
        blocks.append(
            Paragraph(_("The units report in writing what they have done for each requirement by its deadline."))
        )
    else:
        blocks.append(Paragraph(_("None recorded.")))
    title_kind = (
        _("Conclusion of the inspection")
        if inspection.kind == InspectionKind.INSPECTION
        else _("Conclusion of the supervision")
    )
    return PartyDocument(
        issuing_body=node.name.upper(),
        parent_body=parent.name.upper() if parent else "",
        number=f"Số {conclusion.number}" if conclusion.number else "",
        place=conclusion.place,
        date=conclusion.issued_on,
        kind_title=_("NOTICE"),
        title=f"{title_kind}: {inspection.subject}",
        blocks=blocks,
        signature=Signature(
            on_behalf=_("ON BEHALF OF THE STANDING COMMITTEE"),
            position=(conclusion.signer_position or "").upper(),
            name=conclusion.signer_name,
        ),
        recipients=[*(f"{u.unit.name}," for u in units), _("Archive.")],
    )


def filename(inspection: Inspection, fmt: str) -> str:
    return f"thong-bao-ket-luan-{slugify(fold(inspection.subject))[:40] or inspection.pk}.{fmt}"
