"""Writes of the inspections app: each one checks who may do it, runs in a transaction and is
audited (auditlog). Bad input raises a ValidationError with a Vietnamese message per field;
nothing is saved half-way.

States: planned → open (the team reads the units' data) → concluded (the notice is issued; the
team's access to the data ends; the units report on the requirements) → closed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.core.versioning import save_versioned
from lamtheo.notebook import services as notebook_services
from lamtheo.notebook.models import Shortcoming, ShortcomingSource
from lamtheo.organizations.models import Organization, Person
from lamtheo.study.uploads import check_document

from . import evidence, selectors
from .models import (
    Assessment,
    Conclusion,
    Criterion,
    CriterionTemplate,
    Decision,
    Finding,
    FindingKind,
    Grade,
    InspectedUnit,
    Inspection,
    InspectionKind,
    InspectionState,
    Metric,
    ReportFile,
    Requirement,
    RequirementReport,
    RequirementShortcoming,
    RequirementState,
    TeamMember,
    TeamRole,
)

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

MAX_TEXT = 4000
MAX_FILES = 5


def _deny(message: str | None = None) -> ValidationError:
    return ValidationError(message or _("You may not do this on this inspection."), code="denied")


def _text(value: str | None, field: str, message: str, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: message})
    if len(text) > limit:
        raise ValidationError({field: _("Keep it under %(n)s characters.") % {"n": limit}})
    return text


def _state(inspection: Inspection, *states: str) -> None:
    if inspection.state not in states:
        raise ValidationError(
            _("This cannot be done now: the inspection is “%(state)s”.") % {"state": inspection.get_state_display()},
            code="state",
        )


# --- the plan -------------------------------------------------------------------------------------


def _check_plan(
    *,
    node: Organization,
    kind: str,
    year: int,
    subject: str,
    period_from: dt.date | None,
    period_to: dt.date | None,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    units: Sequence[Organization],
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    if kind not in InspectionKind.values:
        errors["kind"] = _("Choose inspection or supervision.")
    if not selectors.valid_year(year):
        errors["year"] = _("Choose a year between %(first)s and %(last)s.") % {
            "first": selectors.FIRST_YEAR,
            "last": selectors.today().year + 1,
        }
    subject = (subject or "").strip()
    if not subject:
        errors["subject"] = _("Write what the inspection is about.")
    elif len(subject) > 300:
        errors["subject"] = _("Keep it under %(n)s characters.") % {"n": 300}
    if period_from is None:
        errors["period_from"] = _("Enter the first day of the period covered.")
    if period_to is None:
        errors["period_to"] = _("Enter the last day of the period covered.")
    if period_from and period_to and period_to < period_from:
        errors["period_to"] = _("The period ends before it starts.")
    if starts_on is None:
        errors["starts_on"] = _("Enter the day the team starts.")
    if ends_on is None:
        errors["ends_on"] = _("Enter the day the team finishes.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The team finishes before it starts.")
    if not units:
        errors["units"] = _("Choose at least one unit to inspect.")
    elif any(u.pk == node.pk or not u.path.startswith(node.path) for u in units):
        errors["units"] = _("Choose units below %(node)s.") % {"node": node.name}
    if errors:
        raise ValidationError(errors)
    return {
        "kind": kind,
        "year": year,
        "subject": subject,
        "period_from": period_from,
        "period_to": period_to,
        "starts_on": starts_on,
        "ends_on": ends_on,
    }


@transaction.atomic
def create_inspection(
    *,
    actor: User,
    organization: Organization,
    kind: str,
    year: int,
    subject: str,
    period_from: dt.date | None,
    period_to: dt.date | None,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    units: Sequence[Organization],
) -> Inspection:
    """Plan an inspection of `units` (below `organization`); the default criteria are copied in."""
    if not selectors.can_plan(actor, organization):
        raise _deny()
    values = _check_plan(
        node=organization,
        kind=kind,
        year=year,
        subject=subject,
        period_from=period_from,
        period_to=period_to,
        starts_on=starts_on,
        ends_on=ends_on,
        units=units,
    )
    inspection = Inspection.objects.create(organization=organization, created_by=actor, **values)
    InspectedUnit.objects.bulk_create([InspectedUnit(inspection=inspection, unit=u) for u in units])
    templates = CriterionTemplate.objects.filter(active=True).exclude(
        kind__in=[k for k in InspectionKind.values if k != kind]
    )
    Criterion.objects.bulk_create(
        [
            Criterion(
                inspection=inspection, position=t.position, title=t.title, description=t.description, metric=t.metric
            )
            for t in templates.order_by("position", "pk")
        ]
    )
    return inspection


@transaction.atomic
def update_inspection(
    *,
    actor: User,
    inspection: Inspection,
    expected_version: int | None,
    kind: str,
    year: int,
    subject: str,
    period_from: dt.date | None,
    period_to: dt.date | None,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    units: Sequence[Organization],
) -> Inspection:
    """Change the plan while it is planned (units too) or open (not the units)."""
    if not selectors.can_manage(actor, inspection):
        raise _deny()
    _state(inspection, InspectionState.PLANNED, InspectionState.OPEN)
    values = _check_plan(
        node=inspection.organization,
        kind=kind,
        year=year,
        subject=subject,
        period_from=period_from,
        period_to=period_to,
        starts_on=starts_on,
        ends_on=ends_on,
        units=units,
    )
    current = {iu.unit_id: iu for iu in inspection.units.all()}
    wanted = {u.pk for u in units}
    if wanted != set(current) and inspection.state != InspectionState.PLANNED:
        raise ValidationError({"units": _("The units can change only before the inspection opens.")})
    for name, value in values.items():
        setattr(inspection, name, value)
    save_versioned(inspection, expected_version=expected_version)
    InspectedUnit.objects.filter(inspection=inspection).exclude(unit_id__in=wanted).delete()
    InspectedUnit.objects.bulk_create(
        [InspectedUnit(inspection=inspection, unit=u) for u in units if u.pk not in current]
    )
    _prefill(inspection)
    return inspection


@transaction.atomic
def set_team(*, actor: User, inspection: Inspection, head: User | None, members: Iterable[User]) -> list[TeamMember]:
    """Name the head and the members (replacing the team); the head is required."""
    if not selectors.can_manage(actor, inspection):
        raise _deny()
    _state(inspection, InspectionState.PLANNED, InspectionState.OPEN)
    if head is None:
        raise ValidationError({"head": _("Choose the head of the team.")})
    allowed = set(selectors.team_candidates(actor, inspection).values_list("pk", flat=True))
    others = [m for m in members if m.pk != head.pk]
    if head.pk not in allowed:
        raise ValidationError({"head": _("Choose someone holding a role in this subtree.")})
    if any(m.pk not in allowed for m in others):
        raise ValidationError({"members": _("Choose people holding a role in this subtree.")})
    inspection.team.all().delete()
    rows = [TeamMember(inspection=inspection, user=head, role=TeamRole.HEAD)]
    rows += [
        TeamMember(inspection=inspection, user=m, role=TeamRole.MEMBER) for m in {m.pk: m for m in others}.values()
    ]
    TeamMember.objects.bulk_create(rows)
    inspection.__dict__.pop("_team_roles", None)
    return rows


@transaction.atomic
def open_inspection(*, actor: User, inspection: Inspection, expected_version: int | None) -> Inspection:
    """Start the team's work: from now until the notice is issued it reads the units' data of the period."""
    if not selectors.can_manage(actor, inspection):
        raise _deny()
    _state(inspection, InspectionState.PLANNED)
    if not inspection.team.filter(role=TeamRole.HEAD).exists():
        raise ValidationError(_("Name the head of the team before opening the inspection."), code="no_team")
    inspection.state = InspectionState.OPEN
    save_versioned(inspection, expected_version=expected_version)
    _prefill(inspection)
    return inspection


@transaction.atomic
def close_inspection(*, actor: User, inspection: Inspection, expected_version: int | None) -> Inspection:
    """Close a concluded inspection (the follow-up is over), or cancel a planned one's work."""
    if not selectors.can_manage(actor, inspection):
        raise _deny()
    _state(inspection, InspectionState.CONCLUDED)
    inspection.state = InspectionState.CLOSED
    save_versioned(inspection, expected_version=expected_version)
    return inspection


# --- criteria and evidence -------------------------------------------------------------------------


def _prefill(inspection: Inspection, units: Iterable[InspectedUnit] | None = None) -> None:
    """Create the missing assessments and compute the evidence of each metric for the period."""
    units = list(units if units is not None else inspection.units.select_related("unit"))
    criteria = list(inspection.criteria.all())
    existing = {
        (a.criterion_id, a.unit_id): a for a in Assessment.objects.filter(unit__in=units, criterion__in=criteria)
    }
    now = timezone.now()
    for unit in units:
        for criterion in criteria:
            row = existing.get((criterion.pk, unit.pk)) or Assessment(criterion=criterion, unit=unit)
            pair = evidence.compute(criterion.metric, unit.unit, inspection.period_from, inspection.period_to)
            if pair is not None:
                row.numerator, row.denominator, row.computed_at = pair[0], pair[1], now
            if row.pk is None or pair is not None:
                row.save()


@transaction.atomic
def refresh_evidence(*, actor: User, unit: InspectedUnit) -> InspectedUnit:
    inspection = unit.inspection
    if not selectors.can_work(actor, inspection):
        raise _deny()
    _state(inspection, InspectionState.OPEN)
    _prefill(inspection, [unit])
    return unit


@transaction.atomic
def add_criterion(
    *, actor: User, inspection: Inspection, title: str, description: str = "", metric: str = ""
) -> Criterion:
    if not selectors.can_lead(actor, inspection):
        raise _deny()
    _state(inspection, InspectionState.PLANNED, InspectionState.OPEN)
    title = _text(title, "title", _("Name the criterion."), 300)
    if metric not in Metric.values:
        raise ValidationError({"metric": _("Choose evidence from the list.")})
    last = inspection.criteria.order_by("-position").values_list("position", flat=True).first() or 0
    criterion = Criterion.objects.create(
        inspection=inspection,
        position=last + 1,
        title=title,
        description=(description or "").strip()[:MAX_TEXT],
        metric=metric,
    )
    if inspection.state == InspectionState.OPEN:
        _prefill(inspection)
    return criterion


@transaction.atomic
def remove_criterion(*, actor: User, criterion: Criterion) -> None:
    inspection = criterion.inspection
    if not selectors.can_lead(actor, inspection):
        raise _deny()
    _state(inspection, InspectionState.PLANNED, InspectionState.OPEN)
    criterion.delete()


@transaction.atomic
def assess(*, actor: User, assessment: Assessment, expected_version: int | None, grade: str, notes: str) -> Assessment:
    inspection = assessment.unit.inspection
    if not selectors.can_work(actor, inspection):
        raise _deny()
    _state(inspection, InspectionState.OPEN)
    if grade not in Grade.values:
        raise ValidationError({"grade": _("Choose an assessment from the list.")})
    notes = (notes or "").strip()
    if len(notes) > MAX_TEXT:
        raise ValidationError({"notes": _("Keep it under %(n)s characters.") % {"n": MAX_TEXT}})
    assessment.grade, assessment.notes = grade, notes
    save_versioned(assessment, expected_version=expected_version)
    return assessment


# --- findings -------------------------------------------------------------------------------------


def clean_links(raw: str) -> str:
    """Links to pages of this site, one per line; anything else is refused with the line quoted."""
    lines = [line.strip() for line in (raw or "").splitlines() if line.strip()]
    if len(lines) > 10:
        raise ValidationError({"links": _("At most 10 links.")})
    for line in lines:
        bad = not line.startswith("/") or line.startswith("//") or len(line) > 300
        if not bad:
            try:
                resolve(line.split("?", 1)[0])
            except Resolver404:
                bad = True
        if bad:
            raise ValidationError(
                {
                    "links": _(
                        "“%(link)s” is not a page of this site. Copy the address from the page, starting with /."
                    )
                    % {"link": line[:80]}
                }
            )
    return "\n".join(lines)


@transaction.atomic
def add_finding(
    *,
    actor: User,
    unit: InspectedUnit,
    kind: str,
    text: str,
    criterion: Criterion | None = None,
    links: str = "",
) -> Finding:
    inspection = unit.inspection
    if not selectors.can_work(actor, inspection):
        raise _deny()
    _state(inspection, InspectionState.OPEN)
    errors: dict[str, str] = {}
    if kind not in FindingKind.values:
        errors["kind"] = _("Choose strength or shortcoming.")
    if criterion is not None and criterion.inspection_id != inspection.pk:
        errors["criterion"] = _("Choose a criterion of this inspection.")
    if errors:
        raise ValidationError(errors)
    return Finding.objects.create(
        unit=unit,
        kind=kind,
        text=_text(text, "text", _("Describe what was found.")),
        criterion=criterion,
        links=clean_links(links),
        created_by=actor,
    )


@transaction.atomic
def delete_finding(*, actor: User, finding: Finding) -> None:
    inspection = finding.unit.inspection
    if not selectors.can_work(actor, inspection):
        raise _deny()
    _state(inspection, InspectionState.OPEN)
    finding.delete()


# --- the conclusion notice and its requirements -----------------------------------------------------


@transaction.atomic
def save_conclusion(
    *,
    actor: User,
    inspection: Inspection,
    expected_version: int | None,
    number: str,
    place: str,
    summary: str,
    signer_name: str,
    signer_position: str,
) -> Conclusion:
    if not selectors.can_lead(actor, inspection):
        raise _deny()
    _state(inspection, InspectionState.OPEN)
    number = (number or "").strip()
    if number.lower().startswith("số"):
        number = number[2:].lstrip(" :")
    values = {
        "number": number[:40],
        "place": (place or "").strip()[:80],
        "summary": _text(summary, "summary", _("Write the general assessment.")),
        "signer_name": (signer_name or "").strip()[:150],
        "signer_position": (signer_position or "").strip()[:80],
    }
    conclusion = Conclusion.objects.filter(inspection=inspection).first()
    if conclusion is None:
        return Conclusion.objects.create(inspection=inspection, **values)
    for name, value in values.items():
        setattr(conclusion, name, value)
    save_versioned(conclusion, expected_version=expected_version)
    return conclusion


@transaction.atomic
def add_requirement(
    *, actor: User, inspection: Inspection, unit: Organization | None, text: str, deadline: dt.date | None
) -> Requirement:
    if not selectors.can_lead(actor, inspection):
        raise _deny()
    _state(inspection, InspectionState.OPEN)
    errors: dict[str, str] = {}
    inspected = [iu.unit for iu in inspection.units.select_related("unit")]
    if unit is None:
        errors["unit"] = _("Choose the responsible unit.")
    elif not any(unit.path.startswith(u.path) for u in inspected):
        errors["unit"] = _("Choose an inspected unit or a unit inside one.")
    if deadline is None:
        errors["deadline"] = _("Enter the deadline.")
    elif deadline < selectors.today():
        errors["deadline"] = _("The deadline is in the past.")
    if errors or unit is None or deadline is None:
        raise ValidationError(errors)
    return Requirement.objects.create(
        inspection=inspection,
        unit=unit,
        text=_text(text, "text", _("Write what the unit must do.")),
        deadline=deadline,
    )


@transaction.atomic
def delete_requirement(*, actor: User, requirement: Requirement) -> None:
    if not selectors.can_lead(actor, requirement.inspection):
        raise _deny()
    _state(requirement.inspection, InspectionState.OPEN)
    requirement.delete()


@transaction.atomic
def issue_conclusion(
    *, actor: User, inspection: Inspection, expected_version: int | None, issued_on: dt.date | None = None
) -> Inspection:
    """Issue the notice: the inspection is concluded, the team's access to the units' data ends."""
    if not selectors.can_manage(actor, inspection):
        raise _deny(_("Only the committee that planned the inspection issues its conclusion."))
    _state(inspection, InspectionState.OPEN)
    conclusion = Conclusion.objects.filter(inspection=inspection).first()
    if conclusion is None:
        raise ValidationError(_("Write the conclusion before issuing it."), code="no_conclusion")
    if not Finding.objects.filter(unit__inspection=inspection).exists():
        raise ValidationError(_("Record at least one finding before issuing the conclusion."), code="no_findings")
    conclusion.issued_on = issued_on or selectors.today()
    conclusion.save()
    inspection.state = InspectionState.CONCLUDED
    save_versioned(inspection, expected_version=expected_version)
    return inspection


# --- follow-up ------------------------------------------------------------------------------------


@transaction.atomic
def report_requirement(
    *, actor: User, requirement: Requirement, expected_version: int | None, text: str, files: Sequence[Any] = ()
) -> RequirementReport:
    """The responsible unit reports what it did, with files; the requirement waits for the team."""
    if not selectors.is_unit_side(actor, requirement.unit):
        raise _deny(_("Only the responsible unit reports on this requirement."))
    _state(requirement.inspection, InspectionState.CONCLUDED)
    if requirement.state not in (RequirementState.OPEN, RequirementState.RETURNED):
        raise ValidationError(_("This requirement is not waiting for a report."), code="state")
    text = _text(text, "text", _("Write what the unit did."))
    if len(files) > MAX_FILES:
        raise ValidationError({"attachments": _("At most %(n)s files.") % {"n": MAX_FILES}})
    checked = []
    for upload in files:
        try:
            checked.append(check_document(upload))
        except ValidationError as exc:
            raise ValidationError({"attachments": exc.messages}) from exc
    requirement.state = RequirementState.REPORTED
    save_versioned(requirement, expected_version=expected_version)
    report = RequirementReport.objects.create(requirement=requirement, text=text, reported_by=actor)
    for document in checked:
        row = ReportFile(report=report, name=document.original_name, size=len(document.content))
        row.file.save(document.storage_name, document.content, save=False)
        row.save()
    return report


@transaction.atomic
def decide_report(*, actor: User, report: RequirementReport, decision: str, note: str = "") -> RequirementReport:
    """The team accepts the report (the requirement is remedied) or returns it with a note."""
    requirement = report.requirement
    if not selectors.can_lead(actor, requirement.inspection) and not selectors.is_team(actor, requirement.inspection):
        raise _deny()
    _state(requirement.inspection, InspectionState.CONCLUDED)
    if report.decision or requirement.state != RequirementState.REPORTED:
        raise ValidationError(_("This report has already been decided."), code="state")
    if decision not in (Decision.ACCEPTED, Decision.RETURNED):
        raise ValidationError({"decision": _("Choose accept or return.")})
    note = (note or "").strip()
    if decision == Decision.RETURNED and not note:
        raise ValidationError({"note": _("Say what is still missing.")})
    report.decision, report.decision_note = decision, note[:MAX_TEXT]
    report.decided_by, report.decided_at = actor, timezone.now()
    report.save()
    requirement.state = RequirementState.ACCEPTED if decision == Decision.ACCEPTED else RequirementState.RETURNED
    save_versioned(requirement, expected_version=None)
    return report


@transaction.atomic
def record_shortcomings(
    *, actor: User, requirement: Requirement, people: Sequence[Person], text: str
) -> list[Shortcoming]:
    """The unit's committee turns a requirement into shortcomings of the people concerned (the notebook's
    own service, source "inspection"), linked to the requirement."""
    if not selectors.is_unit_side(actor, requirement.unit):
        raise _deny(_("Only the responsible unit records its members' shortcomings."))
    if requirement.inspection.state not in (InspectionState.CONCLUDED, InspectionState.CLOSED):
        raise ValidationError(_("The conclusion has not been issued yet."), code="state")
    if not people:
        raise ValidationError({"people": _("Choose the people concerned.")})
    if any(not p.cell.path.startswith(requirement.unit.path) for p in people):
        raise ValidationError({"people": _("Choose people of the responsible unit.")})
    text = _text(text or requirement.text, "text", _("Describe the shortcoming."), 2000)
    conclusion = getattr(requirement.inspection, "conclusion", None)
    note = _("Conclusion notice %(number)s") % {"number": conclusion.number if conclusion else ""}
    created = []
    for person in people:
        shortcoming = notebook_services.record_shortcoming(
            actor=actor,
            person=person,
            year=requirement.inspection.year,
            text=text,
            source=ShortcomingSource.INSPECTION,
            source_note=note.strip(),
        )
        RequirementShortcoming.objects.create(requirement=requirement, shortcoming=shortcoming)
        created.append(shortcoming)
    return created
