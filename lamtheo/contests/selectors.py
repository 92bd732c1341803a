"""Scoped reads of contests. Every function goes through `visible_to` (judges through the
models' `granted_q`)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from lamtheo.accounts.models import User
from lamtheo.organizations.models import Organization, Person, RoleAssignment
from lamtheo.organizations.scoping import Capability, visible_to
from lamtheo.organizations.selectors import active_q, organizations_for, people_for

from .models import Contest, ContestJudge, Entry, EntryAuthor, EntryState, Phase, Score

ROSTER_LIMIT = 300


def contests_for(user: User) -> QuerySet[Contest]:
    """Contests the user reads: issued on their nodes, above them or above their cell, and those they judge."""
    return visible_to(Contest.objects.all(), user).select_related("organization", "kind")


def contest_list(user: User) -> list[Contest]:
    rows: list[Contest] = list(
        contests_for(user).annotate(
            n_entries=Count("entries", filter=Q(entries__state=EntryState.SENT), distinct=True)
        )[:200]
    )
    judged = set(ContestJudge.objects.filter(user=user).values_list("contest_id", flat=True))
    for row in rows:
        row.is_judge = row.pk in judged  # type: ignore[attr-defined]
    return rows


def managed_units(user: User, contest: Contest) -> QuerySet[Organization]:
    """Current units of the contest's subtree where the user manages the campaign work."""
    return (
        organizations_for(user, Capability.MANAGE_CAMPAIGN)
        .filter(active_q(), path__startswith=contest.organization.path)
        .order_by("path")[:500]
    )


def _entries() -> QuerySet[Entry]:
    return Entry.objects.select_related("unit", "person", "tier", "contest").prefetch_related(
        Prefetch("authors", queryset=EntryAuthor.objects.order_by("order", "pk"))
    )


def entries_for(user: User, contest: Contest) -> list[Entry]:
    """The contest's entries the user reads through the tree (their units' and their own)."""
    qs = visible_to(Entry.objects.filter(contest=contest), user)
    return list(
        qs.select_related("unit", "person", "tier")
        .prefetch_related(Prefetch("authors", queryset=EntryAuthor.objects.order_by("order", "pk")))
        .order_by("unit__path", "pk")[:1000]
    )


def judging_list(user: User, contest: Contest) -> list[Entry]:
    """The entries a judge scores in this contest (own unit's left out), with `scored` set."""
    mine = Score.objects.filter(entry=OuterRef("pk"), judge=user)
    qs = visible_to(Entry.objects.filter(contest=contest, state=EntryState.SENT), user, Capability.JUDGE)
    return list(qs.annotate(scored=Exists(mine)).select_related("unit").order_by("pk")[:1000])


def results(contest: Contest) -> list[Entry]:
    """Ranked entries, best first (read on a contest the user already reached)."""
    return list(_entries().filter(contest=contest, state=EntryState.SENT, rank__isnull=False).order_by("rank")[:2000])


def winners(contest: Contest) -> list[Entry]:
    return [e for e in results(contest) if e.tier_id is not None]


def progress(contest: Contest) -> dict[str, int]:
    """Entries, judges and sheets written (the jury's progress)."""
    entries = Entry.objects.filter(contest=contest, state=EntryState.SENT).count()
    return {
        "entries": entries,
        "judges": ContestJudge.objects.filter(contest=contest).count(),
        "sheets": Score.objects.filter(entry__contest=contest).count(),
    }


def roster_for(user: User, unit: Organization) -> QuerySet[Person]:
    """People of the unit's subtree the user reads (a member: themself)."""
    qs = people_for(user).filter(cell__path__startswith=unit.path).order_by("search_name", "pk")
    ids = list(qs.values_list("pk", flat=True)[:ROSTER_LIMIT])  # a form field needs an unsliced queryset
    return qs.filter(pk__in=ids)


def judge_candidates(contest: Contest) -> QuerySet[User]:
    """Accounts that may sit on the jury: those holding a current role (the judge role first of all)
    on the organiser, above it or inside its subtree, and accounts of people of the subtree."""
    path = contest.organization.path
    prefixes = [path[:i] for i in range(4, len(path) + 1, 4)]
    roles = RoleAssignment.objects.filter(
        Q(organization__path__startswith=path) | Q(organization__path__in=prefixes), ended_on__isnull=True
    ).values("user_id")
    qs = User.objects.filter(Q(pk__in=roles) | Q(person__cell__path__startswith=path), is_active=True)
    ids = list(qs.order_by("username").values_list("pk", flat=True).distinct()[:ROSTER_LIMIT])
    return User.objects.filter(pk__in=ids).select_related("person").order_by("username")


def next_round_choices(user: User, node: Organization, current: Contest | None = None) -> QuerySet[Contest]:
    """Contests of the levels above a node that still take entries (its possible next rounds)."""
    prefixes = [node.path[:i] for i in range(4, len(node.path), 4)]
    keep = Q(phase=Phase.ENTRIES) | Q(pk=current.pk if current else None)
    return contests_for(user).filter(keep, organization__path__in=prefixes)


def seat(user: User, contest: Contest) -> ContestJudge | None:
    return ContestJudge.objects.filter(contest=contest, user=user).first()


def own_score(user: User, entry: Entry) -> Score | None:
    return Score.objects.filter(entry=entry, judge=user).prefetch_related("items__criterion").first()


def entry_scores(entry: Entry) -> list[Score]:
    return list(Score.objects.filter(entry=entry).select_related("judge").prefetch_related("items__criterion"))
