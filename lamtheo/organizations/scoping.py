"""The one scoping function of the organisation tree.

Every view, export, admin page and task that reads user data passes its queryset through
`visible_to`. A role held on a node reaches the node's subtree (treebeard paths: a
descendant's path starts with its ancestor's). Anything outside is simply absent, so a
lookup by id answers 404.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.utils import timezone

from .models import Role, RoleAssignment

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

M = TypeVar("M", bound=Model)


class Capability(enum.StrEnum):
    VIEW = "view"
    MANAGE_PEOPLE = "manage_people"
    MANAGE_TREE = "manage_tree"
    MANAGE_ACCOUNTS = "manage_accounts"
    VIEW_AUDIT = "view_audit"
    # Campaign work of a level: directives, themes, ethical standards, study classes, propaganda.
    MANAGE_CAMPAIGN = "manage_campaign"
    # The cell committee's review: approve or return registrations, comment on reports, assess essays.
    REVIEW = "review"
    # Writing for members: the cell's collective evaluation and entries on behalf of a member.
    EVALUATE = "evaluate"
    # Planning cell meetings, assigning reporters, keeping the minutes.
    MANAGE_MEETINGS = "manage_meetings"
    # Writing and submitting the review reports (sơ kết, tổng kết) of a node.
    WRITE_REVIEW = "write_review"
    # Scoring contest entries: held by no role; reached only through a model's `granted_q` (a judge
    # named on a contest, see lamtheo/contests).
    JUDGE = "judge"


_CELL_LEAD = {Capability.REVIEW, Capability.EVALUATE, Capability.MANAGE_MEETINGS, Capability.WRITE_REVIEW}

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.SECRETARY: frozenset({Capability.VIEW, Capability.MANAGE_PEOPLE, Capability.MANAGE_CAMPAIGN, *_CELL_LEAD}),
    Role.DEPUTY_SECRETARY: frozenset(
        {Capability.VIEW, Capability.MANAGE_PEOPLE, Capability.MANAGE_CAMPAIGN, *_CELL_LEAD}
    ),
    Role.CELL_COMMITTEE: frozenset({Capability.VIEW, Capability.REVIEW, Capability.MANAGE_MEETINGS}),
    Role.COMMITTEE: frozenset(
        {Capability.VIEW, Capability.VIEW_AUDIT, Capability.MANAGE_CAMPAIGN, Capability.WRITE_REVIEW}
    ),
    Role.ASSISTANT: frozenset(
        {Capability.VIEW, Capability.MANAGE_PEOPLE, Capability.MANAGE_CAMPAIGN, Capability.WRITE_REVIEW}
    ),
    Role.INSPECTOR: frozenset({Capability.VIEW}),
    # Judges score contest entries; they do not browse rosters.
    Role.JUDGE: frozenset(),
    # The administrator runs the system (tree, rosters, accounts); the campaign's content
    # belongs to the committees and cells.
    Role.ADMIN: frozenset(
        {
            Capability.VIEW,
            Capability.MANAGE_PEOPLE,
            Capability.MANAGE_TREE,
            Capability.MANAGE_ACCOUNTS,
            Capability.VIEW_AUDIT,
        }
    ),
}

_CACHE_ATTR = "_lamtheo_scope_cache"
_STEP = 4  # treebeard's steplen for Organization paths


def active_assignments(user: User) -> list[RoleAssignment]:
    """The user's current role assignments with their nodes (one query, cached on the user)."""
    cache: dict[str, Any] = user.__dict__.setdefault(_CACHE_ATTR, {})
    if "assignments" not in cache:
        today = timezone.localdate()
        cache["assignments"] = list(
            RoleAssignment.objects.filter(user=user, started_on__lte=today)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))
            .select_related("organization")
            .order_by("organization__path")
        )
    return cache["assignments"]  # type: ignore[no-any-return]


def scope_roots(user: User, capability: Capability = Capability.VIEW) -> list[str]:
    """Minimal list of tree paths whose subtrees the user reaches with `capability`."""
    paths = sorted(
        a.organization.path
        for a in active_assignments(user)
        if capability in ROLE_CAPABILITIES.get(a.role, frozenset())
    )
    roots: list[str] = []
    for path in paths:
        if not any(path.startswith(root) for root in roots):
            roots.append(path)
    return roots


def own_cell_path(user: User) -> str | None:
    """The tree path of the user's own cell (through their Person), cached on the user."""
    cache: dict[str, Any] = user.__dict__.setdefault(_CACHE_ATTR, {})
    if "own_cell_path" not in cache:
        from .models import Organization

        person_id = getattr(user, "person_id", None)
        cache["own_cell_path"] = (
            Organization.objects.filter(people__pk=person_id).values_list("path", flat=True).first()
            if person_id
            else None
        )
    return cache["own_cell_path"]  # type: ignore[no-any-return]


# Read-only reach that comes from something other than a role on a node: an app registers a
# source `(user, model) -> Q | None` giving the extra rows of `model` the user may read (e.g. an
# open inspection's team reads the inspected units' data of the period, see
# lamtheo/inspections/access.py). Sources apply to VIEW only; with none registered, or a source
# answering None, `visible_to` is unchanged.
GrantSource = Callable[["User", type[Model]], Q | None]
_GRANT_SOURCES: list[GrantSource] = []


def register_grant_source(source: GrantSource) -> GrantSource:
    if source not in _GRANT_SOURCES:
        _GRANT_SOURCES.append(source)
    return source


def has_capability(user: User, capability: Capability) -> bool:
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or scope_roots(user, capability))


def visible_to(queryset: QuerySet[M], user: User, capability: Capability = Capability.VIEW) -> QuerySet[M]:
    """Restrict `queryset` to what `user` may reach with `capability`.

    The model names the path of its node in `SCOPE_PATH`; it may add `own_q(user)` (what a
    person sees of their own without any role, read-only) and `extra_scope_q(roots)`. A model
    with `INHERITED_PATH` (a document issued by a level: theme, standard, directive) is also read
    by the issuing node's whole subtree: with VIEW, rows issued on an ancestor of the user's
    roots or of the user's own cell are visible. A model may also add `granted_q(user, capability)`:
    rows reached through a grant that is not a role on the tree (a judge named on a contest).
    """
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.none()
    if user.is_superuser:
        return queryset
    model = queryset.model
    field: str = model.SCOPE_PATH  # type: ignore[attr-defined]
    roots = scope_roots(user, capability)
    condition = Q(pk__in=[])
    for root in roots:
        condition |= Q(**{f"{field}__startswith": root})
    if roots and hasattr(model, "extra_scope_q"):
        condition |= model.extra_scope_q(roots)  # type: ignore[attr-defined]
    if capability == Capability.VIEW and hasattr(model, "INHERITED_PATH"):
        bases = [*scope_roots(user, Capability.VIEW), *([p] if (p := own_cell_path(user)) else [])]
        prefixes = sorted({b[:i] for b in bases for i in range(_STEP, len(b) + 1, _STEP)})
        if prefixes:
            condition |= Q(**{f"{model.INHERITED_PATH}__in": prefixes})  # type: ignore[attr-defined]
    if capability == Capability.VIEW and hasattr(model, "own_q"):
        own = model.own_q(user)  # type: ignore[attr-defined]
        if own is not None:
            condition |= own
    if hasattr(model, "granted_q"):
        # A grant that is not a role on the tree (a judge named on a contest): the model says what
        # it opens to this user for this capability, or None.
        granted = model.granted_q(user, capability)  # type: ignore[attr-defined]
        if granted is not None:
            condition |= granted
    if capability == Capability.VIEW:
        for source in _GRANT_SOURCES:
            granted = source(user, model)
            if granted is not None:
                condition |= granted
    return queryset.filter(condition)


def can(user: User, capability: Capability, obj: Model) -> bool:
    """Whether `user` reaches `obj` with `capability` (one query)."""
    return visible_to(type(obj)._default_manager.filter(pk=obj.pk), user, capability).exists()
