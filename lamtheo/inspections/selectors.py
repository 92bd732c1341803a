"""Scoped reads of inspections and who may do what on them.

- managers: who reach the planning node with MANAGE_CAMPAIGN (plan, team, open, issue, close);
- the team: head and members of the plan (criteria, assessments, findings, requirements, decisions);
- the unit: who hold a MANAGE_CAMPAIGN role inside a responsible unit (report on its requirements,
  record shortcomings in the notebook).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from lamtheo.organizations.models import Organization, Person, RoleAssignment
from lamtheo.organizations.scoping import (
    ROLE_CAPABILITIES,
    Capability,
    active_assignments,
    scope_roots,
    visible_to,
)

from .models import (
    Assessment,
    Finding,
    InspectedUnit,
    Inspection,
    InspectionState,
    Requirement,
    RequirementState,
    TeamMember,
    TeamRole,
)

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

FIRST_YEAR = 2006


def today() -> dt.date:
    return timezone.localdate()


def valid_year(year: int) -> bool:
    return FIRST_YEAR <= year <= today().year + 1


def reaches(user: Any, node: Organization, capability: Capability) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(node.path.startswith(root) for root in scope_roots(user, capability))


def can_plan(user: Any, node: Organization) -> bool:
    return reaches(user, node, Capability.MANAGE_CAMPAIGN)


def can_manage(user: Any, inspection: Inspection) -> bool:
    return can_plan(user, inspection.organization)


def team_role(user: Any, inspection: Inspection) -> str | None:
    """The user's role on the plan's team ("head", "member") or None."""
    if not getattr(user, "pk", None):
        return None
    cache = inspection.__dict__.setdefault("_team_roles", {})
    if user.pk not in cache:
        cache[user.pk] = (
            TeamMember.objects.filter(inspection=inspection, user_id=user.pk).values_list("role", flat=True).first()
        )
    return cache[user.pk]  # type: ignore[no-any-return]


def is_team(user: Any, inspection: Inspection) -> bool:
    return team_role(user, inspection) is not None


def can_work(user: Any, inspection: Inspection) -> bool:
    """Record assessments and findings: the team, or the planning node's managers."""
    return is_team(user, inspection) or can_manage(user, inspection)


def can_lead(user: Any, inspection: Inspection) -> bool:
    """Adapt criteria, draft the notice, decide on reports: the head of the team or the managers."""
    return team_role(user, inspection) == TeamRole.HEAD or can_manage(user, inspection)


def speaking_units(user: Any) -> set[int]:
    """Ids of the nodes on which the user holds a MANAGE_CAMPAIGN role (no query beyond the cached roles)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    return {
        a.organization_id
        for a in active_assignments(user)
        if Capability.MANAGE_CAMPAIGN in ROLE_CAPABILITIES.get(a.role, frozenset())
    }


def is_unit_side(user: Any, unit: Organization) -> bool:
    """Whether the user speaks for `unit`: a MANAGE_CAMPAIGN role held on the unit itself (its secretary)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return unit.pk in speaking_units(user)


def inspections_for(user: User) -> QuerySet[Inspection]:
    return visible_to(Inspection.objects.select_related("organization"), user)


def requirements_for(user: User) -> QuerySet[Requirement]:
    return visible_to(Requirement.objects.select_related("unit", "inspection__organization"), user)


def overdue_q(day: dt.date | None = None) -> Q:
    return (
        ~Q(state=RequirementState.ACCEPTED)
        & Q(deadline__lt=day or today())
        & Q(inspection__state__in=[InspectionState.CONCLUDED, InspectionState.CLOSED])
    )


@dataclass
class Alerts:
    """Overdue requirements for the home page: those the user's units must report, those the user follows."""

    to_report: list[Requirement] = field(default_factory=list)
    to_follow: list[Requirement] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.to_report or self.to_follow)


def alerts(user: User) -> Alerts:
    """One query: the overdue requirements of the units the user speaks for, of the teams they
    sit on and of the inspections their committee planned (at most 20 on each side)."""
    result = Alerts()
    if not getattr(user, "is_authenticated", False):
        return result
    units = speaking_units(user)
    wanted = Q(unit_id__in=units) | Q(
        inspection_id__in=TeamMember.objects.filter(user_id=user.pk).values("inspection_id")
    )
    for root in scope_roots(user, Capability.MANAGE_CAMPAIGN):
        wanted |= Q(inspection__organization__path__startswith=root)
    if user.is_superuser:
        wanted = Q()
    rows = list(requirements_for(user).filter(overdue_q()).filter(wanted).order_by("deadline", "pk")[:40])
    result.to_report = [r for r in rows if r.unit_id in units][:20]
    result.to_follow = [r for r in rows if r.unit_id not in units][:20]
    return result


@dataclass
class UnitView:
    unit: InspectedUnit
    assessments: list[Assessment]
    findings: list[Finding]


def detail(inspection: Inspection) -> dict[str, Any]:
    """The plan's units with assessments and findings, its team, criteria, requirements (bounded queries)."""
    units = list(
        InspectedUnit.objects.filter(inspection=inspection)
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "assessments",
                queryset=Assessment.objects.select_related("criterion").order_by("criterion__position", "criterion_id"),
            ),
            Prefetch("findings", queryset=Finding.objects.select_related("criterion").order_by("kind", "pk")),
        )
    )
    return {
        "units": [UnitView(u, list(u.assessments.all()), list(u.findings.all())) for u in units],
        "team": list(inspection.team.select_related("user__person").order_by("role", "pk")),
        "criteria": list(inspection.criteria.order_by("position", "pk")),
        "requirements": list(inspection.requirements.select_related("unit").order_by("deadline", "pk")),
    }


def team_candidates(user: User, inspection: Inspection) -> QuerySet[Any]:
    """Users holding a current role in the planning node's subtree that the user sees."""
    from lamtheo.accounts.models import User as UserModel

    day = today()
    assignments = visible_to(
        RoleAssignment.objects.filter(organization__path__startswith=inspection.organization.path), user
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day), started_on__lte=day)
    return (
        UserModel.objects.filter(is_active=True, pk__in=assignments.values("user_id"))
        .select_related("person")
        .order_by("username")
    )


def unit_candidates(user: User, node: Organization) -> QuerySet[Organization]:
    """Units of the node's subtree (not the node itself) that the user reaches, in force today."""
    from lamtheo.organizations.selectors import active_q

    return (
        visible_to(Organization.objects.filter(path__startswith=node.path).exclude(pk=node.pk), user)
        .filter(active_q())
        .order_by("path")
    )


def people_of(user: User, unit: Organization) -> QuerySet[Person]:
    return visible_to(Person.objects.filter(cell__path__startswith=unit.path), user).order_by("search_name", "pk")


def unit_data(user: User, inspected: InspectedUnit) -> dict[str, Any]:
    """The inspected unit's data of the period, read through the scoping function (the team's
    temporary grant while the inspection is open): registrations with their vague items, the
    evaluations written. At most 50 rows each, three queries."""
    from lamtheo.notebook.models import Evaluation, Pledge, QualityVerdict, Registration

    inspection = inspected.inspection
    years = (inspection.period_from.year, inspection.period_to.year)
    path = inspected.unit.path
    registrations = list(
        visible_to(Registration.objects.all(), user)
        .filter(organization__path__startswith=path, year__gte=years[0], year__lte=years[1], is_current=True)
        .select_related("person", "organization")
        .order_by("organization__path", "person__search_name", "pk")[:50]
    )
    vague = list(
        visible_to(Pledge.objects.all(), user)
        .filter(registration__in=[r.pk for r in registrations], verdict=QualityVerdict.VAGUE)
        .order_by("registration_id", "position", "pk")
    )
    by_registration: dict[int, list[Any]] = {}
    for pledge in vague:
        by_registration.setdefault(pledge.registration_id, []).append(pledge)
    for registration in registrations:
        registration.vague_items = by_registration.get(registration.pk, [])  # type: ignore[attr-defined]
    evaluations = list(
        visible_to(Evaluation.objects.all(), user)
        .filter(organization__path__startswith=path, year__gte=years[0], year__lte=years[1])
        .select_related("person")
        .order_by("person__search_name", "pk")[:50]
    )
    return {"registrations": registrations, "evaluations": evaluations}
