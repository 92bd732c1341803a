"""Who was in a subtree, as what, during a period: the one population every figure provider uses.

A person belongs to a scope when one of their cell memberships (the history that transfers and
the 2025 merges keep) is open on the scope's reference day — the period's last day, or today
while the period runs — at a cell of the subtree; they count at that cell, not at today's cell.
A party member counts from admission; on the reference day they are probationary when their full
membership came later (without a date, when their status says so), else full. Non-member
officials are those on the rolls who are not party members. "Cán bộ, công chức, viên chức"
(`Person.civil_servant`) cuts across both: members and non-members.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from lamtheo.organizations.models import Membership, MemberStatus, PersonKind

if TYPE_CHECKING:
    from .figures import Key, Scope

# Population names, in the order the documents list them.
NAMES = ("people", "members", "full", "probationary", "officials", "civil_servants", "civil_servant_members")


def reference_day(scope: Scope) -> dt.date:
    """The day the population is taken: the period's end, or today for a period not yet over."""
    return min(scope.date_to, timezone.localdate())


def memberships(scope: Scope) -> QuerySet[Membership]:
    """Cell memberships open on the reference day (one per person), of members already admitted.

    Not filtered by the subtree: providers group them with `scope.grouped(..., org="cell")`.
    """
    day = reference_day(scope)
    return (
        Membership.objects.filter(started_on__lte=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=day))
        .exclude(person__kind=PersonKind.MEMBER, person__admission_date__gt=day)
    )


def categories(day: dt.date, prefix: str = "person__") -> dict[str, Q]:
    """Filters (on rows reaching the person through `prefix`) for each population on `day`."""
    member = Q(**{f"{prefix}kind": PersonKind.MEMBER})
    full_later = Q(**{f"{prefix}full_membership_date__gt": day})
    undated_probationary = Q(
        **{f"{prefix}full_membership_date__isnull": True, f"{prefix}member_status": MemberStatus.PROBATIONARY}
    )
    full_by_then = Q(**{f"{prefix}full_membership_date__lte": day}) | (
        Q(**{f"{prefix}full_membership_date__isnull": True})
        & ~Q(**{f"{prefix}member_status": MemberStatus.PROBATIONARY})
    )
    civil = Q(**{f"{prefix}civil_servant": True})
    return {
        "people": Q(),
        "members": member,
        "full": member & full_by_then,
        "probationary": member & (full_later | undated_probationary),
        "officials": ~member,
        "civil_servants": civil,
        "civil_servant_members": member & civil,
    }


def counts(scope: Scope) -> dict[Key, dict[str, int]]:
    """The population of the subtree by (child unit, block): one aggregate query, shared per scope."""

    def query() -> dict[Key, dict[str, int]]:
        cats = categories(reference_day(scope))
        return scope.grouped(
            memberships(scope),
            org="cell",
            counts={name: Count("pk", filter=q) if q else Count("pk") for name, q in cats.items()},
        )

    shared: dict[Key, dict[str, int]] = scope.shared("population", query)
    return {key: dict(values) for key, values in shared.items()}
