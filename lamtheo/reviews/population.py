"""Who was in a subtree, as what, during a period: the one population every figure provider uses.

A person belongs to a scope when one of their cell memberships (the history that transfers and
the 2025 merges keep) is open on the scope's reference day — the period's last day, or today
while the period runs — at a cell of the subtree; they count at that cell, not at today's cell.
A party member counts from admission; on the reference day they are probationary when their full
membership came later (without a date, when their status says so), else full. Non-member
officials are those on the rolls who are not party members. "Cán bộ, công chức, viên chức"
(`Person.civil_servant`) cuts across both: members and non-members.

A unit whose figures for exactly this period were entered as counts (`UnitCount`, a unit still
reporting on paper) is counted by those numbers and never by names: its subtree's memberships are
left out here (`named_only`), and the providers add `counted(scope)` instead.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db.models import Count, Q, QuerySet, Sum
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
        .filter(named_only(scope, "cell__path"))
    )


def counted_paths(scope: Scope) -> list[str]:
    """Paths of the units of the subtree counted by counts for exactly this period (one query, shared)."""
    from .models import UnitCount

    def query() -> list[str]:
        rows = UnitCount.objects.filter(
            date_from=scope.date_from, date_to=scope.date_to, organization__path__startswith=scope.path
        )
        return sorted(set(rows.values_list("organization__path", flat=True)))

    paths: list[str] = scope.shared("population.counted_paths", query)
    return paths


def named_only(scope: Scope, path_field: str) -> Q:
    """Rows outside the units counted by counts (a unit is counted by names or by counts, never both)."""
    condition = Q()
    for path in counted_paths(scope):
        condition &= ~Q(**{f"{path_field}__startswith": path})
    return condition


def counted(scope: Scope) -> dict[Key, dict[str, int]]:
    """The counts entered for the units counted by counts, by (child unit, block), with the names of
    the population (`members`, `officials`…) and of what they did (`members_attended`…)."""

    if not counted_paths(scope):
        return {}

    def query() -> dict[Key, dict[str, int]]:
        return _counted_rows(scope)

    shared: dict[Key, dict[str, int]] = scope.shared("population.counted", query)
    return {key: dict(values) for key, values in shared.items()}


def _counted_rows(scope: Scope) -> dict[Key, dict[str, int]]:
    from .models import UnitCount

    names = (
        "members",
        "probationary",
        "officials",
        "civil_servants",
        "members_attended",
        "officials_attended",
        "civil_servants_attended",
        "members_registered",
        "officials_registered",
    )
    rows = scope.grouped(
        UnitCount.objects.filter(date_from=scope.date_from, date_to=scope.date_to),
        org="organization",
        counts={"counted_units": Count("pk"), **{name: Sum(name) for name in names}},
    )
    for values in rows.values():
        values["full"] = values["members"] - values["probationary"]
        values["people"] = values["members"] + values["officials"]
        values["people_attended"] = values["members_attended"] + values["officials_attended"]
        values["people_registered"] = values["members_registered"] + values["officials_registered"]
    return rows


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
    result = {key: dict(values) for key, values in shared.items()}
    for key, values in counted(scope).items():
        target = result.setdefault(key, {name: 0 for name in NAMES})
        for name in ("people", "members", "full", "probationary", "officials", "civil_servants"):
            target[name] = target.get(name, 0) + values[name]
    return result
