"""Reads of the study app. Every read of user data goes through `visible_to`.

`study_figures(org, date_from, date_to)` (in `figures`, re-exported here) gives the counts by
block and by child unit that the reviews (issue 6) quote; see its docstring.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from lamtheo.campaigns.models import Directive, Theme
from lamtheo.core.text import fold
from lamtheo.organizations.models import CELL_KINDS, Organization, Person, Place
from lamtheo.organizations.scoping import Capability, scope_roots, visible_to
from lamtheo.organizations.selectors import reaches

from .figures import StudyFigures, participation, study_figures, year_figures  # noqa: F401  (public API)
from .models import (
    ActionPlan,
    Attendance,
    Essay,
    PilotUnit,
    PropagandaActivity,
    SteeringBody,
    SteeringMember,
    StudySession,
)

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

STEP = Organization.steplen
CELL_SEARCH_LIMIT = 30
PEOPLE_SEARCH_LIMIT = 30


def ancestor_paths(node: Organization) -> list[str]:
    """The paths of `node` and of every ancestor, top first."""
    return [node.path[:i] for i in range(STEP, len(node.path) + 1, STEP)]


def can_manage(user: User, node: Organization) -> bool:
    return reaches(user, node, Capability.MANAGE_CAMPAIGN)


def can_review(user: User, cell: Organization) -> bool:
    return reaches(user, cell, Capability.REVIEW)


def can_view(user: User, node: Organization) -> bool:
    """VIEW through a role (statistics and lists of a unit; a member's own cell is not enough)."""
    return reaches(user, node, Capability.VIEW)


def themes_for(node: Organization, year: int | None = None) -> QuerySet[Theme]:
    """Themes set by `node` or an ancestor (those its classes and essays may follow)."""
    qs = Theme.objects.filter(organization__path__in=ancestor_paths(node)).select_related("organization")
    if year is not None:
        qs = qs.filter(year_from__lte=year, year_to__gte=year)
    return qs.order_by("-year_from", "title", "pk")


def directives_for(node: Organization) -> QuerySet[Directive]:
    """Guiding documents recorded by `node` or an ancestor."""
    return Directive.objects.filter(organization__path__in=ancestor_paths(node)).order_by("-issued_on", "number")


def places_for(node: Organization) -> QuerySet[Place]:
    """The villages and residential groups where a class of `node` may be held: those of its subtree."""
    return Place.objects.filter(organization__path__startswith=node.path, valid_to__isnull=True).order_by(
        "organization__path", "name"
    )


def top_units(user: User, capability: Capability = Capability.VIEW) -> list[Organization]:
    if user.is_superuser:
        return list(Organization.get_root_nodes())
    return list(Organization.objects.filter(path__in=scope_roots(user, capability)).order_by("path"))


def breadcrumb(user: User, node: Organization) -> list[Organization]:
    """The ancestors of `node` the user reaches with a role, top first (1 query)."""
    paths = ancestor_paths(node)[:-1]
    if not paths:
        return []
    return [a for a in Organization.objects.filter(path__in=paths).order_by("path") if can_view(user, a)]


def children(user: User, node: Organization) -> list[Organization]:
    return list(
        visible_to(Organization.objects.filter(path__startswith=node.path, depth=node.depth + 1), user).order_by("path")
    )


# --- classes and attendance -----------------------------------------------------------------------


def sessions_of(user: User, node: Organization, year: int) -> QuerySet[StudySession]:
    """Classes organised in `node`'s subtree in `year`, with their named attendance."""
    qs = StudySession.objects.filter(organization__path__startswith=node.path, starts_on__year=year)
    return (
        visible_to(qs, user)
        .select_related("organization", "theme")
        .annotate(named=Count("attendances"))
        .order_by("-starts_on", "-pk")
    )


def sessions_attended(user: User, person: Person) -> QuerySet[StudySession]:
    """Classes where `person` was recorded present."""
    return (
        visible_to(StudySession.objects.filter(attendances__person=person), user)
        .select_related("organization", "theme")
        .order_by("-starts_on", "-pk")
    )


def attendees(user: User, session: StudySession) -> QuerySet[Attendance]:
    """The named attendance of `session` that the user may read (a cell sees its own people)."""
    return (
        visible_to(Attendance.objects.filter(session=session), user)
        .select_related("person__cell")
        .order_by("person__search_name", "pk")
    )


def cells_for_attendance(session: StudySession, query: str = "") -> list[Organization]:
    """Cells under the organiser (matching `query`), for ticking their people's attendance."""
    qs = Organization.objects.filter(path__startswith=session.organization.path, kind__in=CELL_KINDS)
    for word in fold(query).split():
        qs = qs.filter(search_name__contains=word)
    return list(qs.order_by("path")[:CELL_SEARCH_LIMIT])


def cell_roll(session: StudySession, cell: Organization) -> list[Person]:
    """The people of `cell` with `present` set for `session` (1 query)."""
    present = Attendance.objects.filter(session=session, person=OuterRef("pk"))
    return list(Person.objects.filter(cell=cell).annotate(present=Exists(present)).order_by("search_name", "pk"))


def search_people(session: StudySession, query: str) -> list[Person]:
    """People of the organiser's subtree whose name (without accents) or card number matches."""
    words = fold(query).split()
    if not words:
        return []
    qs = Person.objects.filter(cell__path__startswith=session.organization.path).select_related("cell")
    for word in words:
        qs = qs.filter(Q(search_name__contains=word) | Q(card_number__startswith=word) | Q(staff_code=word))
    present = Attendance.objects.filter(session=session, person=OuterRef("pk"))
    return list(qs.annotate(present=Exists(present)).order_by("search_name", "pk")[:PEOPLE_SEARCH_LIMIT])


# --- steering bodies, plans, propaganda, pilots ----------------------------------------------------


def steering_bodies(user: User, node: Organization) -> list[SteeringBody]:
    members = SteeringMember.objects.select_related("person").order_by("order", "pk")
    qs = SteeringBody.objects.filter(organization=node).select_related("directive")
    return list(
        visible_to(qs, user).prefetch_related(Prefetch("members", queryset=members)).order_by("kind", "-established_on")
    )


def plans(user: User, node: Organization, year: int) -> QuerySet[ActionPlan]:
    qs = ActionPlan.objects.filter(organization=node, year=year).select_related("directive", "theme")
    return visible_to(qs, user).order_by("-issued_on", "-pk")


def propaganda(user: User, node: Organization, year: int) -> QuerySet[PropagandaActivity]:
    qs = PropagandaActivity.objects.filter(organization__path__startswith=node.path, year=year)
    return visible_to(qs, user).select_related("organization", "theme").order_by("-held_on", "-pk")


def pilots(user: User, node: Organization, year: int) -> QuerySet[PilotUnit]:
    qs = PilotUnit.objects.filter(organization__path__startswith=node.path, year=year)
    return visible_to(qs, user).select_related("organization", "designated_by").order_by("organization__path", "pk")


def pilot_candidates(node: Organization) -> QuerySet[Organization]:
    """Units below `node` that it may choose as pilots."""
    return Organization.objects.filter(path__startswith=node.path, depth__gt=node.depth).order_by("path")


# --- essays ----------------------------------------------------------------------------------------


def my_essays(person: Person) -> QuerySet[Essay]:
    return Essay.objects.filter(person=person).select_related("theme", "session").order_by("-year", "-pk")


def cell_essays(user: User, cell: Organization, year: int, theme: Theme | None) -> list[Person]:
    """The people of `cell`, each with `essay` (their essay on `theme` in `year`, or None); 2 queries."""
    people = list(visible_to(Person.objects.filter(cell=cell), user).order_by("search_name", "pk"))
    essays: dict[int, Essay] = {}
    if theme is not None:
        qs = Essay.objects.filter(year=year, theme=theme, person__in=[p.pk for p in people])
        essays = {e.person_id: e for e in visible_to(qs, user)}
    for person in people:
        person.essay = essays.get(person.pk)  # type: ignore[attr-defined]
    return people


def session_choices_for(person: Person) -> QuerySet[StudySession]:
    """Classes the person attended (an essay may name the class it follows)."""
    return StudySession.objects.filter(attendances__person=person).select_related("theme").order_by("-starts_on", "-pk")
