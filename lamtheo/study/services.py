"""Writes of a level's campaign work: steering bodies, plans, classes and attendance, propaganda, pilots.

Each function is keyword-only and atomic, checks that the actor manages the campaign at the
node (MANAGE_CAMPAIGN; otherwise PermissionDenied, which the views answer with 404), raises
ValidationError with Vietnamese messages keyed by field, saves edits with `save_versioned`, and
leaves the audit trail to auditlog. Essays are in `services_essays`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from lamtheo.campaigns.models import Directive, Theme
from lamtheo.core.versioning import save_versioned
from lamtheo.organizations.models import Organization, Person
from lamtheo.organizations.scoping import visible_to

from . import selectors
from .models import (
    ActionPlan,
    Attendance,
    PilotUnit,
    PropagandaActivity,
    SteeringBody,
    SteeringMember,
    StudySession,
)
from .uploads import CheckedDocument, attach

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_MASS_COUNT = 10_000_000
MAX_QUANTITY = 100_000_000
MAX_CODES = 500


def require_manage(actor: User, node: Organization) -> None:
    if not selectors.can_manage(actor, node):
        raise PermissionDenied


def _check_year(year: int, field: str = "year") -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError(
            {field: _("Enter a year between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}}
        )


def _check_directive(node: Organization, directive: Directive | None) -> None:
    if directive is not None and not node.path.startswith(directive.organization.path):
        raise ValidationError({"directive": _("Choose a document recorded by this unit or a level above it.")})


def _check_theme(node: Organization, theme: Theme | None, year: int, *, field: str = "theme") -> None:
    if theme is None:
        return
    if not node.path.startswith(theme.organization.path):
        raise ValidationError({field: _("Choose a theme set by this unit or a level above it.")})
    if not theme.covers(year):
        raise ValidationError({field: _("This theme does not cover %(year)s.") % {"year": year}})


def _apply(instance: Any, fields: dict[str, Any]) -> None:
    for key, value in fields.items():
        setattr(instance, key, value)


def _store(instance: Any, *, expected_version: int | None) -> None:
    """Insert a new row, or save an edit only if nobody changed it meanwhile."""
    instance.full_clean()
    if instance.pk is None:
        instance.save()
    else:
        save_versioned(instance, expected_version=expected_version)


# --- steering bodies ------------------------------------------------------------------------------

BODY_FIELDS = ("kind", "name", "decision", "established_on", "dissolved_on", "directive", "duties")
MEMBER_FIELDS = ("full_name", "position", "role", "duties", "order")


@transaction.atomic
def save_steering_body(
    *,
    actor: User,
    organization: Organization,
    body: SteeringBody | None = None,
    expected_version: int | None = None,
    **fields: Any,
) -> SteeringBody:
    require_manage(actor, organization)
    body = body or SteeringBody(organization=organization)
    if body.organization_id != organization.pk:
        raise PermissionDenied
    _check_directive(organization, fields.get("directive"))
    start, end = fields.get("established_on"), fields.get("dissolved_on")
    if start and end and end < start:
        raise ValidationError({"dissolved_on": _("The body cannot be dissolved before it was set up.")})
    _apply(body, {k: v for k, v in fields.items() if k in BODY_FIELDS})
    _store(body, expected_version=expected_version)
    return body


def _person_by_code(actor: User, node: Organization, code: str) -> Person | None:
    code = code.strip()
    if not code:
        return None
    found = (
        visible_to(Person.objects.filter(cell__path__startswith=node.path), actor)
        .filter(Q(card_number=code) | Q(staff_code=code))
        .first()
    )
    if found is None:
        raise ValidationError(
            {
                "code": _("No person of %(unit)s has the card number or staff code “%(code)s”.")
                % {"unit": node.name, "code": code}
            }
        )
    return found


@transaction.atomic
def save_steering_member(
    *,
    actor: User,
    body: SteeringBody,
    member: SteeringMember | None = None,
    expected_version: int | None = None,
    code: str = "",
    **fields: Any,
) -> SteeringMember:
    """Add or edit a member. `code` (card number or staff code) links a person of the unit."""
    require_manage(actor, body.organization)
    member = member or SteeringMember(body=body)
    if member.body_id != body.pk:
        raise PermissionDenied
    person = _person_by_code(actor, body.organization, code)
    if person is not None:
        member.person = person
        if not str(fields.get("full_name") or "").strip():
            fields["full_name"] = person.full_name
    elif not code.strip():
        member.person = None
    if not str(fields.get("full_name") or "").strip():
        raise ValidationError({"full_name": _("Enter the member's full name.")})
    _apply(member, {k: v for k, v in fields.items() if k in MEMBER_FIELDS})
    _store(member, expected_version=expected_version)
    return member


@transaction.atomic
def remove_steering_member(*, actor: User, member: SteeringMember) -> None:
    require_manage(actor, member.body.organization)
    member.delete()


# --- plans ---------------------------------------------------------------------------------------

PLAN_FIELDS = ("kind", "year", "number", "title", "issued_on", "directive", "theme", "body")


@transaction.atomic
def save_plan(
    *,
    actor: User,
    organization: Organization,
    plan: ActionPlan | None = None,
    expected_version: int | None = None,
    document: CheckedDocument | None = None,
    remove_file: bool = False,
    **fields: Any,
) -> ActionPlan:
    require_manage(actor, organization)
    plan = plan or ActionPlan(organization=organization)
    if plan.organization_id != organization.pk:
        raise PermissionDenied
    year = int(fields.get("year") or 0)
    _check_year(year)
    _check_directive(organization, fields.get("directive"))
    _check_theme(organization, fields.get("theme"), year)
    _apply(plan, {k: v for k, v in fields.items() if k in PLAN_FIELDS})
    attach(plan, document=document, remove=remove_file)
    _store(plan, expected_version=expected_version)
    return plan


# --- classes and attendance -----------------------------------------------------------------------

SESSION_FIELDS = (
    "theme",
    "directive",
    "title",
    "starts_on",
    "ends_on",
    "place",
    "audience_block",
    "reporters",
    "mass_count",
    "counted_members",
    "counted_officials",
    "notes",
)
SESSION_RELATIONS = ("audiences", "places")


@transaction.atomic
def save_session(
    *,
    actor: User,
    organization: Organization,
    session: StudySession | None = None,
    expected_version: int | None = None,
    **fields: Any,
) -> StudySession:
    """Create or edit a class organised by `organization`."""
    require_manage(actor, organization)
    session = session or StudySession(organization=organization, created_by=actor)
    if session.organization_id != organization.pk:
        raise PermissionDenied
    starts_on: dt.date | None = fields.get("starts_on")
    ends_on: dt.date | None = fields.get("ends_on") or starts_on
    fields["ends_on"] = ends_on
    if starts_on is None:
        raise ValidationError({"starts_on": _("Enter the first day of the class.")})
    _check_year(starts_on.year, "starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The last day cannot be before the first day.")})
    if ends_on is not None and (ends_on - starts_on).days > 366:
        raise ValidationError({"ends_on": _("A class lasts at most a year.")})
    if fields.get("theme") is None:
        raise ValidationError({"theme": _("Choose the theme studied.")})
    _check_theme(organization, fields["theme"], starts_on.year)
    _check_directive(organization, fields.get("directive"))
    if not 0 <= int(fields.get("mass_count") or 0) <= MAX_MASS_COUNT:
        raise ValidationError({"mass_count": _("Enter a count between 0 and %(max)s.") % {"max": MAX_MASS_COUNT}})
    fields["mass_count"] = int(fields.get("mass_count") or 0)
    for name in ("counted_members", "counted_officials"):
        if not 0 <= int(fields.get(name) or 0) <= MAX_MASS_COUNT:
            raise ValidationError({name: _("Enter a count between 0 and %(max)s.") % {"max": MAX_MASS_COUNT}})
        fields[name] = int(fields.get(name) or 0)
    if (fields["counted_members"] or fields["counted_officials"]) and session.pk and session.attendances.exists():
        raise ValidationError(
            {
                "counted_members": _(
                    "This class's attendance is recorded by name; a class is counted by names or by counts, "
                    "never both. Remove the names first."
                )
            }
        )
    if session.pk and session.theme_id != fields["theme"].pk and session.essays.exists():
        raise ValidationError({"theme": _("Essays already follow this class; its theme cannot change.")})
    places = list(fields.get("places") or [])
    outside = [p.name for p in places if not p.organization.path.startswith(organization.path)]
    if outside:
        raise ValidationError(
            {
                "places": _("%(names)s: not a place of %(unit)s.")
                % {"names": ", ".join(outside), "unit": organization.name}
            }
        )
    _apply(session, {k: v for k, v in fields.items() if k in SESSION_FIELDS})
    _store(session, expected_version=expected_version)
    for name in SESSION_RELATIONS:
        if name in fields:
            getattr(session, name).set(fields[name] or [])
    return session


@transaction.atomic
def delete_session(*, actor: User, session: StudySession) -> None:
    require_manage(actor, session.organization)
    session.delete()


def _outside_error(session: StudySession, people: Iterable[Person]) -> ValidationError:
    names = ", ".join(p.full_name for p in people)
    return ValidationError(
        _(
            "%(names)s: not a person of %(unit)s or its units. Attendance by name is only for the organiser's "
            "people; count other participants as a mass audience."
        )
        % {"names": names, "unit": session.organization.name},
        code="outside",
    )


def _check_inside(session: StudySession, people: list[Person]) -> None:
    outside = [p for p in people if not p.cell.path.startswith(session.organization.path)]
    if outside:
        raise _outside_error(session, outside)


def _check_not_counted(session: StudySession) -> None:
    if session.is_counted:
        raise ValidationError(
            _(
                "This class's attendance was entered as counts; a class is counted by names or by counts, never "
                "both. Set the counts to 0 first."
            ),
            code="counted",
        )


@transaction.atomic
def add_attendance(*, actor: User, session: StudySession, people: list[Person]) -> int:
    """Record `people` as present (those already recorded stay). Returns how many were added."""
    require_manage(actor, session.organization)
    _check_not_counted(session)
    people = list(Person.objects.filter(pk__in=[p.pk for p in people]).select_related("cell"))
    _check_inside(session, people)
    known = set(Attendance.objects.filter(session=session, person__in=people).values_list("person_id", flat=True))
    added = 0
    for person in people:  # one row at a time, so auditlog records each
        if person.pk not in known:
            _row, created = Attendance.objects.get_or_create(
                session=session, person=person, defaults={"recorded_by": actor}
            )
            added += int(created)
    return added


@transaction.atomic
def set_cell_attendance(*, actor: User, session: StudySession, cell: Organization, present: Iterable[int]) -> int:
    """The people of `cell` present at `session` are exactly `present` (ids). Returns the count present."""
    require_manage(actor, session.organization)
    _check_not_counted(session)
    if not cell.path.startswith(session.organization.path):
        raise ValidationError(
            _("%(cell)s is not under %(unit)s.") % {"cell": cell.name, "unit": session.organization.name}
        )
    wanted = {int(i) for i in present}
    roster = {p.pk: p for p in Person.objects.filter(cell=cell).select_related("cell")}
    strangers = wanted - set(roster)
    if strangers:
        raise _outside_error(session, Person.objects.filter(pk__in=strangers).order_by("search_name"))
    for row in Attendance.objects.filter(session=session, person__cell=cell).exclude(person_id__in=wanted):
        row.delete()
    add_attendance(actor=actor, session=session, people=[roster[i] for i in wanted])
    return len(wanted)


CODE_SPLIT = re.compile(r"[\s,;]+")


@transaction.atomic
def add_attendance_by_codes(*, actor: User, session: StudySession, codes: str) -> int:
    """Record the people with these card numbers or staff codes; nothing is saved if one is wrong."""
    require_manage(actor, session.organization)
    _check_not_counted(session)
    wanted = [c for c in CODE_SPLIT.split(codes or "") if c]
    if not wanted:
        raise ValidationError({"codes": _("Enter at least one card number or staff code.")})
    if len(wanted) > MAX_CODES:
        raise ValidationError({"codes": _("Enter at most %(max)s codes at a time.") % {"max": MAX_CODES}})
    found = list(Person.objects.filter(Q(card_number__in=wanted) | Q(staff_code__in=wanted)).select_related("cell"))
    by_code = {c: p for p in found for c in (p.card_number, p.staff_code) if c}
    unknown = [c for c in wanted if c not in by_code]
    reachable = {p.pk for p in visible_to(Person.objects.filter(pk__in=[p.pk for p in found]), actor)}
    errors = []
    if unknown:
        errors.append(_("No person has these codes: %(codes)s.") % {"codes": ", ".join(unknown)})
    outside = [p for p in found if p.pk not in reachable or not p.cell.path.startswith(session.organization.path)]
    if outside:
        errors.extend(_outside_error(session, outside).messages)
    if errors:
        raise ValidationError({"codes": errors})
    return add_attendance(actor=actor, session=session, people=found)


@transaction.atomic
def remove_attendance(*, actor: User, session: StudySession, person_id: int) -> None:
    require_manage(actor, session.organization)
    for row in Attendance.objects.filter(session=session, person_id=person_id):
        row.delete()


# --- propaganda and pilots ------------------------------------------------------------------------

PROPAGANDA_FIELDS = ("kind", "year", "held_on", "quantity", "unit_label", "description", "theme")


@transaction.atomic
def save_propaganda(
    *,
    actor: User,
    organization: Organization,
    activity: PropagandaActivity | None = None,
    expected_version: int | None = None,
    **fields: Any,
) -> PropagandaActivity:
    require_manage(actor, organization)
    activity = activity or PropagandaActivity(organization=organization)
    if activity.organization_id != organization.pk:
        raise PermissionDenied
    year = int(fields.get("year") or 0)
    _check_year(year)
    held_on = fields.get("held_on")
    if held_on is not None and held_on.year != year:
        raise ValidationError({"held_on": _("The date must fall within %(year)s.") % {"year": year}})
    if not 0 < int(fields.get("quantity") or 0) <= MAX_QUANTITY:
        raise ValidationError({"quantity": _("Enter a quantity of at least 1.")})
    _check_theme(organization, fields.get("theme"), year)
    _apply(activity, {k: v for k, v in fields.items() if k in PROPAGANDA_FIELDS})
    _store(activity, expected_version=expected_version)
    return activity


@transaction.atomic
def delete_propaganda(*, actor: User, activity: PropagandaActivity) -> None:
    require_manage(actor, activity.organization)
    activity.delete()


PILOT_FIELDS = ("year", "topic", "lessons")


@transaction.atomic
def save_pilot(
    *,
    actor: User,
    designated_by: Organization,
    unit: Organization,
    pilot: PilotUnit | None = None,
    expected_version: int | None = None,
    **fields: Any,
) -> PilotUnit:
    """Choose `unit` (below `designated_by`) as a pilot unit for a year, or edit the record."""
    require_manage(actor, designated_by)
    pilot = pilot or PilotUnit(designated_by=designated_by)
    if pilot.designated_by_id != designated_by.pk:
        raise PermissionDenied
    if unit.pk == designated_by.pk or not unit.path.startswith(designated_by.path):
        raise ValidationError({"unit": _("Choose a unit below %(unit)s.") % {"unit": designated_by.name}})
    _check_year(int(fields.get("year") or 0))
    if not str(fields.get("topic") or "").strip():
        raise ValidationError({"topic": _("Write what the unit pilots.")})
    pilot.organization = unit
    _apply(pilot, {k: v for k, v in fields.items() if k in PILOT_FIELDS})
    clash = PilotUnit.objects.filter(organization=unit, year=pilot.year, topic=pilot.topic).exclude(pk=pilot.pk)
    if clash.exists():
        raise ValidationError({"topic": _("This unit is already a pilot for this in that year.")})
    _store(pilot, expected_version=expected_version)
    return pilot


@transaction.atomic
def delete_pilot(*, actor: User, pilot: PilotUnit) -> None:
    require_manage(actor, pilot.designated_by)
    pilot.delete()
