"""Reads across the tree and the rosters. Every function scopes through `visible_to`."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from lamtheo.core.text import fold

from .models import CELL_KINDS, Membership, Organization, Person, Role
from .scoping import Capability, active_assignments, scope_roots, visible_to

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

CELL_ROLES = {Role.SECRETARY, Role.DEPUTY_SECRETARY, Role.CELL_COMMITTEE}


def organizations_for(user: User, capability: Capability = Capability.VIEW) -> QuerySet[Organization]:
    return visible_to(Organization.objects.all(), user, capability)


def people_for(user: User, capability: Capability = Capability.VIEW) -> QuerySet[Person]:
    return visible_to(Person.objects.all(), user, capability)


def top_nodes(user: User) -> list[Organization]:
    """The highest nodes the user can see (their role nodes, or everything's roots for a superuser)."""
    if user.is_superuser:
        return list(Organization.get_root_nodes())
    roots = scope_roots(user, Capability.VIEW)
    if not roots:
        own = getattr(user, "person", None)
        return [own.cell] if own is not None else []
    return list(Organization.objects.filter(path__in=roots).order_by("path"))


def subtree_member_counts(nodes: list[Organization]) -> dict[int, int]:
    """People under each node, in one query per depth (siblings share a depth)."""
    counts: dict[int, int] = {}
    by_depth: dict[int, list[Organization]] = {}
    for node in nodes:
        by_depth.setdefault(node.depth, []).append(node)
    for depth, group in by_depth.items():
        length = depth * Organization.steplen
        by_path = {n.path: n.pk for n in group}
        rows = (
            Person.objects.annotate(prefix=Substr("cell__path", 1, length))
            .filter(prefix__in=list(by_path))
            .values("prefix")
            .annotate(n=Count("pk"))
        )
        for row in rows:
            counts[by_path[row["prefix"]]] = row["n"]
    return {n.pk: counts.get(n.pk, 0) for n in nodes}


def children_with_counts(user: User, node: Organization) -> list[Organization]:
    children = list(organizations_for(user).filter(path__startswith=node.path, depth=node.depth + 1).order_by("path"))
    counts = subtree_member_counts(children)
    for child in children:
        child.member_count = counts[child.pk]  # type: ignore[attr-defined]
    return children


def search_people(user: User, query: str = "", *, within: Organization | None = None) -> QuerySet[Person]:
    """People the user can see, matching every word of `query` without case or diacritics."""
    qs = people_for(user).select_related("cell")
    if within is not None:
        qs = qs.filter(cell__path__startswith=within.path)
    for word in fold(query).split():
        qs = qs.filter(Q(search_name__contains=word) | Q(card_number__startswith=word))
    return qs.order_by("search_name", "pk")


def ancestors_visible(user: User, node: Organization) -> list[Organization]:
    """Breadcrumb: the node's ancestors that the user may see."""
    paths = [node.path[: i * Organization.steplen] for i in range(1, node.depth)]
    return list(organizations_for(user).filter(path__in=paths).order_by("depth"))


def home_context(user: User) -> dict[str, Any]:
    assignments = active_assignments(user)
    person = getattr(user, "person", None)
    cell_roles = [a for a in assignments if a.role in CELL_ROLES and a.organization.kind in CELL_KINDS]
    committee_roles = [a for a in assignments if a not in cell_roles]
    return {
        "person": person,
        "assignments": assignments,
        "cell_roles": cell_roles,
        "committee_roles": committee_roles,
        "top_nodes": top_nodes(user),
    }


# --- tree browser and people pages -------------------------------------------------------------


def reaches(user: User, node: Organization, capability: Capability) -> bool:
    """Whether `user` reaches `node` with `capability`, without a query (the roots are cached).

    Same rule as `visible_to` on Organization for the write capabilities (no `own_q` there).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(node.path.startswith(root) for root in scope_roots(user, capability))


def active_q(prefix: str = "") -> Q:
    """Nodes in force today (`valid_to` is the last day)."""
    today = timezone.localdate()
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": today})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": today})
    )


def with_member_counts(nodes: list[Organization]) -> list[Organization]:
    """Set `member_count` (people of the whole subtree) on each node; one query per depth."""
    counts = subtree_member_counts(nodes)
    for node in nodes:
        node.member_count = counts[node.pk]  # type: ignore[attr-defined]
    return nodes


def tree_top(user: User) -> list[Organization]:
    """The user's top visible nodes with their member counts."""
    return with_member_counts(top_nodes(user))


def node_candidates(
    user: User, capability: Capability, *, cells: bool | None = None, exclude: Organization | None = None
) -> QuerySet[Organization]:
    """Current nodes the user reaches with `capability`, as targets of a move, merge or transfer.

    `cells` keeps only cells (True) or only higher units (False); `exclude` drops a node with
    its whole subtree (a unit cannot go under, or merge into, itself).
    """
    qs = organizations_for(user, capability).filter(active_q())
    if cells is True:
        qs = qs.filter(kind__in=CELL_KINDS)
    elif cells is False:
        qs = qs.exclude(kind__in=CELL_KINDS)
    if exclude is not None:
        qs = qs.exclude(path__startswith=exclude.path)
    return qs.order_by("path")


def search_nodes(queryset: QuerySet[Organization], query: str) -> QuerySet[Organization]:
    """Nodes whose name or code holds every word of `query` (case and diacritics ignored)."""
    for word in fold(query).split():
        queryset = queryset.filter(search_name__contains=word)
    return queryset


def cell_people(user: User, cell: Organization) -> QuerySet[Person]:
    return people_for(user).filter(cell=cell).order_by("search_name", "pk")


def visible_predecessors(user: User, node: Organization) -> list[Organization]:
    """Units that ended and named `node` as their successor (merged into it)."""
    return list(organizations_for(user).filter(successor=node).order_by("path"))


def person_history(user: User, person: Person) -> list[Membership]:
    """The person's stays in cells, newest first; `cell_visible` tells whether to link the cell."""
    rows = list(
        visible_to(Membership.objects.filter(person=person), user).select_related("cell").order_by("-started_on", "-pk")
    )
    visible = set(organizations_for(user).filter(pk__in={m.cell_id for m in rows}).values_list("pk", flat=True))
    for row in rows:
        row.cell_visible = row.cell_id in visible  # type: ignore[attr-defined]
    return rows


def latest_open_start(user: User, cell: Organization) -> dt.date | None:
    """The latest start of a current stay in `cell`: a merge cannot close the cell before it."""
    rows = visible_to(Membership.objects.filter(cell=cell, ended_on__isnull=True), user)
    return rows.aggregate(last=Max("started_on"))["last"]  # type: ignore[no-any-return]


def open_membership_start(user: User, person: Person) -> dt.date | None:
    """When the person joined their current cell (a transfer cannot be dated before it)."""
    rows = visible_to(Membership.objects.filter(person=person, ended_on__isnull=True), user)
    return rows.values_list("started_on", flat=True).first()


def active_children_count(user: User, node: Organization) -> int:
    """Current direct subordinate units (a unit cannot end while it still has some)."""
    return organizations_for(user).filter(path__startswith=node.path, depth=node.depth + 1).filter(active_q()).count()


def parent_of(node: Organization) -> Organization | None:
    """The node's parent (one query; None for a root). Its name heads documents of the node, so it
    is not scoped: a cell's secretary writes "Đảng ủy xã …" above the cell's name."""
    return Organization.objects.filter(path=node.path[: -Organization.steplen]).first() if node.depth > 1 else None
