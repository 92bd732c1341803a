"""Scoped reads of nominations, decisions, calls and yearbooks (every query through `visible_to`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Prefetch, QuerySet

from lamtheo.notebook.models import Registration, SelfReport
from lamtheo.organizations.models import Organization, Person
from lamtheo.organizations.scoping import Capability, scope_roots, visible_to
from lamtheo.organizations.selectors import reaches

from .models import (
    Category,
    Commendation,
    Evidence,
    Nomination,
    NominationCall,
    NominationEvent,
    NominationState,
    Outcome,
    RewardForm,
    Yearbook,
    YearbookEntry,
    YearbookExport,
)

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

SHOWN_PEOPLE = 200
LIST_RELATED = ("person", "person__cell", "unit", "category", "proposer", "level")


def nominations_for(user: User) -> QuerySet[Nomination]:
    return visible_to(Nomination.objects.all(), user).select_related(*LIST_RELATED)


def incoming(user: User, level: Organization) -> QuerySet[Nomination]:
    """Nominations sitting at `level` (its children's, forwarded from below, and its own), pending first."""
    return (
        nominations_for(user)
        .filter(level=level)
        .exclude(state=NominationState.DRAFT)
        .order_by("-state", "-submitted_at", "-pk")  # "pending" sorts after the decided states
    )


def decided_here(user: User, level: Organization) -> QuerySet[Nomination]:
    """Nominations this level decided on and sent up (they now sit above it)."""
    forwarded = Outcome.objects.filter(level=level, kind="forward").values("nomination_id")
    return nominations_for(user).filter(pk__in=forwarded).exclude(level=level).order_by("-pk")


def outgoing(user: User, unit: Organization) -> QuerySet[Nomination]:
    """What `unit` proposed (drafts included)."""
    return nominations_for(user).filter(proposer=unit).exclude(level=unit).order_by("-created_at", "-pk")


def detail(nomination_pk: int, user: User) -> Nomination:
    return nominations_for(user).get(pk=nomination_pk)


def outcomes(nomination: Nomination) -> list[Outcome]:
    return list(
        Outcome.objects.filter(nomination=nomination).select_related(
            "level", "reward_form", "commendation", "decided_by"
        )
    )


def history(nomination: Nomination) -> list[NominationEvent]:
    return list(NominationEvent.objects.filter(nomination=nomination).select_related("level", "actor"))


def evidence(nomination: Nomination) -> list[Evidence]:
    return list(Evidence.objects.filter(nomination=nomination))


def evidence_for(user: User) -> QuerySet[Evidence]:
    return visible_to(Evidence.objects.all(), user)


def linkable_work(nomination: Nomination) -> tuple[list[Registration], list[SelfReport]]:
    """The nominee's own registrations (current versions) and reported results."""
    if nomination.person_id:
        regs = Registration.objects.filter(person_id=nomination.person_id)
    else:
        regs = Registration.objects.filter(person__isnull=True, organization_id=nomination.unit_id or 0)
    regs = regs.filter(is_current=True).order_by("-year")
    reports = SelfReport.objects.filter(registration__in=regs).select_related("registration").order_by("-pk")
    return list(regs), list(reports)


def categories() -> QuerySet[Category]:
    return Category.objects.filter(active=True)


def reward_forms() -> QuerySet[RewardForm]:
    return RewardForm.objects.filter(active=True)


def people_of(user: User, unit: Organization) -> QuerySet[Person]:
    """People the user reaches in `unit`'s subtree (nominee candidates)."""
    return visible_to(Person.objects.filter(cell__path__startswith=unit.path), user).select_related("cell")


def units_of(user: User, unit: Organization) -> QuerySet[Organization]:
    """The unit and its subordinate units (collective nominee candidates)."""
    return visible_to(Organization.objects.filter(path__startswith=unit.path), user).order_by("path")


def calls_for(user: User, unit: Organization) -> QuerySet[NominationCall]:
    """Calls issued on the unit or its ancestors (the unit answers them), newest deadline first."""
    prefixes = [unit.path[:i] for i in range(Organization.steplen, len(unit.path) + 1, Organization.steplen)]
    return (
        visible_to(NominationCall.objects.all(), user)
        .filter(organization__path__in=prefixes)
        .select_related("organization")
    )


def commendations_for(user: User) -> QuerySet[Commendation]:
    return visible_to(Commendation.objects.all(), user).select_related("organization")


def commendations_of(user: User, level: Organization) -> QuerySet[Commendation]:
    return commendations_for(user).filter(organization=level).annotate(size=Count("outcomes"))


def annex(commendation: Commendation) -> list[Outcome]:
    """The decision's list: collectives first, then individuals, by name."""
    rows = list(
        Outcome.objects.filter(commendation=commendation).select_related(
            "nomination__person__cell",
            "nomination__unit",
            "nomination__category",
            "nomination__proposer",
            "reward_form",
        )
    )
    return sorted(rows, key=lambda o: (not o.nomination.is_collective, o.nomination.nominee_name))


def yearbooks_for(user: User) -> QuerySet[Yearbook]:
    return visible_to(Yearbook.objects.all(), user).select_related("organization")


def yearbook_entries(yearbook: Yearbook) -> list[YearbookEntry]:
    return list(yearbook.entries.select_related("nomination__category").order_by("position", "pk"))


def entries_for(user: User) -> QuerySet[YearbookEntry]:
    return visible_to(YearbookEntry.objects.all(), user).select_related("yearbook__organization")


def exports_for(user: User) -> QuerySet[YearbookExport]:
    return visible_to(YearbookExport.objects.all(), user)


def yearbook_candidates(user: User, yearbook: Yearbook) -> list[Nomination]:
    """Commended or rewarded exemplars of the yearbook's subtree decided in its period, not yet in it."""
    decided = Outcome.objects.filter(
        kind__in=["commend", "reward"], decided_on__range=(yearbook.date_from, yearbook.date_to)
    ).values("nomination_id")
    taken = yearbook.entries.values("nomination_id")
    return list(
        nominations_for(user)
        .filter(proposer__path__startswith=yearbook.organization.path, pk__in=decided)
        .exclude(pk__in=taken)
        .prefetch_related(Prefetch("outcomes", queryset=Outcome.objects.select_related("level", "reward_form")))
        .order_by("person__search_name", "unit__name")[:200]
    )


def managed_units(user: User) -> list[Organization]:
    """The top units where the user proposes and decides (MANAGE_CAMPAIGN)."""
    if user.is_superuser:
        return list(Organization.get_root_nodes())
    return list(Organization.objects.filter(path__in=scope_roots(user, Capability.MANAGE_CAMPAIGN)).order_by("path"))


def viewed_units(user: User) -> list[Organization]:
    if user.is_superuser:
        return list(Organization.get_root_nodes())
    return list(Organization.objects.filter(path__in=scope_roots(user, Capability.VIEW)).order_by("path"))


def can_manage(user: User, node: Organization) -> bool:
    return reaches(user, node, Capability.MANAGE_CAMPAIGN)


def children(user: User, node: Organization) -> list[Organization]:
    return list(
        visible_to(Organization.objects.filter(path__startswith=node.path, depth=node.depth + 1), user).order_by("path")
    )


def pending_counts(user: User, nodes: list[Organization]) -> dict[int, int]:
    """Nominations waiting at each node (one query)."""
    rows = (
        nominations_for(user)
        .filter(level__in=nodes, state=NominationState.PENDING)
        .values("level_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["level_id"]: row["n"] for row in rows}


def state_filter(queryset: QuerySet[Nomination], state: str) -> QuerySet[Nomination]:
    return queryset.filter(state=state) if state in NominationState.values else queryset
