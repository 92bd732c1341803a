"""Reads of the campaign documents: what a node issued and what applies to it from above.

A theme, a set of standards or a directive issued on a node applies to that node's whole
subtree, so "what applies to node N" is what N and its ancestors issued (never a sibling's).
The functions that take an organisation answer for that node; pass `user=` to pass the result
through `visible_to` as well (pages always do; the notebook does when it offers choices).
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from django.db.models import Count, Exists, Model, OuterRef, Q, QuerySet
from django.utils import timezone

from lamtheo.organizations.models import Organization
from lamtheo.organizations.scoping import ROLE_CAPABILITIES, Capability, active_assignments, scope_roots, visible_to

from .models import Directive, EthicalStandard, EthicalStandardVersion, Theme

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

M = TypeVar("M", bound=Model)

STEP = 4  # treebeard's steplen for Organization paths
MIN_YEAR = 1990
MAX_YEAR = 2100


def ancestor_paths(path: str, *, include_self: bool = True) -> list[str]:
    """The tree paths from the root down to `path` (the node itself unless `include_self=False`)."""
    end = len(path) + 1 if include_self else len(path)
    return [path[:i] for i in range(STEP, end, STEP)]


def current_year() -> int:
    return timezone.localdate().year


def _scoped(queryset: QuerySet[M], user: User | None) -> QuerySet[M]:
    return queryset if user is None else visible_to(queryset, user, Capability.VIEW)


def _theme_year_q(year: int) -> Q:
    return Q(year_from__lte=year, year_to__gte=year)


def _standard_year_q(year: int, prefix: str = "") -> Q:
    return Q(**{f"{prefix}year_from__lte": year}) & (
        Q(**{f"{prefix}year_to__isnull": True}) | Q(**{f"{prefix}year_to__gte": year})
    )


def _directive_year_q(year: int) -> Q:
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    started = Q(valid_from__lte=last) | Q(valid_from__isnull=True, issued_on__lte=last)
    return started & (Q(valid_to__isnull=True) | Q(valid_to__gte=first))


# --- for other apps (the notebook, plans, reviews) -----------------------------------------------


def themes_for(organization: Organization, year: int, *, user: User | None = None) -> QuerySet[Theme]:
    """The themes that apply to `organization` in `year`: those it set and those set above it.

    A theme applies when it covers `year` (`year_from <= year <= year_to`) and was set by
    `organization` or one of its ancestors — never by a sibling or a unit below. Higher levels
    come first (the province's theme before the commune's), then by title. Pass `user` to also
    restrict to what that user may read (`visible_to(..., VIEW)`); without it the caller must have
    checked that the user reaches `organization`. One query.
    """
    qs = Theme.objects.filter(_theme_year_q(year), organization__path__in=ancestor_paths(organization.path))
    qs = qs.select_related("organization", "directive").order_by("organization__depth", "-year_from", "title")
    return _scoped(qs, user)


def standards_for(organization: Organization, year: int, *, user: User | None = None) -> QuerySet[EthicalStandard]:
    """The sets of ethical standards that apply to `organization` in `year`.

    These are the sets issued by `organization` or one of its ancestors that cover `year`
    (`year_from <= year`, `year_to` empty or `>= year`). A model set published above
    (`is_model`) counts too — a unit that has not adapted it yet still follows it — unless the
    unit itself or a level between has adapted it into a copy covering `year`: then the copy
    replaces the model and only the copy is returned. The unit's own sets come first (deepest
    level first), then by title. Pass `user` to also apply `visible_to(..., VIEW)`. One query.
    """
    paths = ancestor_paths(organization.path)
    adapted_on_path = EthicalStandard.objects.filter(
        _standard_year_q(year), adapted_from=OuterRef("pk"), organization__path__in=paths
    )
    qs = (
        EthicalStandard.objects.filter(_standard_year_q(year), organization__path__in=paths)
        .exclude(Q(is_model=True) & Exists(adapted_on_path))
        .select_related("organization")
        .order_by("-organization__depth", "title", "pk")
    )
    return _scoped(qs, user)


def directives_for(
    organization: Organization, year: int | None = None, *, user: User | None = None
) -> QuerySet[Directive]:
    """The guiding documents recorded by `organization` or an ancestor (for themes, plans, reviews).

    With `year`, only those in force at some day of that year: started (`valid_from`, else the
    date issued) by 31 December and not ended (`valid_to`) before 1 January. Newest first. Pass
    `user` to also apply `visible_to(..., VIEW)`. One query.
    """
    qs = Directive.objects.filter(organization__path__in=ancestor_paths(organization.path))
    if year is not None:
        qs = qs.filter(_directive_year_q(year))
    return _scoped(qs.select_related("organization").order_by("-issued_on", "number"), user)


# --- list pages of a node ------------------------------------------------------------------------


def issued_directives(user: User, organization: Organization, query: str = "") -> QuerySet[Directive]:
    """The documents recorded by `organization` itself, newest first (optionally searched)."""
    qs = Directive.objects.filter(organization=organization)
    if query:
        qs = qs.filter(Q(number__icontains=query) | Q(title__icontains=query) | Q(issuer__icontains=query))
    return _scoped(qs.order_by("-issued_on", "number", "pk"), user)


def directives_from_above(
    user: User, organization: Organization, year: int | None, query: str = ""
) -> QuerySet[Directive]:
    """The documents recorded by the levels above `organization` (in force in `year` if given)."""
    qs = Directive.objects.filter(organization__path__in=ancestor_paths(organization.path, include_self=False))
    if year is not None:
        qs = qs.filter(_directive_year_q(year))
    if query:
        qs = qs.filter(Q(number__icontains=query) | Q(title__icontains=query) | Q(issuer__icontains=query))
    return _scoped(qs.select_related("organization").order_by("-issued_on", "number", "pk"), user)


def issued_themes(user: User, organization: Organization) -> QuerySet[Theme]:
    qs = Theme.objects.filter(organization=organization).select_related("directive")
    return _scoped(qs.order_by("-year_from", "title", "pk"), user)


def themes_from_above(user: User, organization: Organization, year: int | None) -> QuerySet[Theme]:
    qs = Theme.objects.filter(organization__path__in=ancestor_paths(organization.path, include_self=False))
    if year is not None:
        qs = qs.filter(_theme_year_q(year))
    qs = qs.select_related("organization", "directive")
    return _scoped(qs.order_by("organization__depth", "-year_from", "title", "pk"), user)


def issued_standards(user: User, organization: Organization) -> QuerySet[EthicalStandard]:
    qs = EthicalStandard.objects.filter(organization=organization).select_related(
        "adapted_from", "adapted_from__organization"
    )
    return _scoped(qs.annotate(adaptation_count=Count("adaptations")).order_by("-year_from", "title", "pk"), user)


def standards_from_above(user: User, organization: Organization, year: int | None) -> QuerySet[EthicalStandard]:
    """Sets issued above `organization` (covering `year` if given), each flagged `adapted_here`."""
    qs = EthicalStandard.objects.filter(organization__path__in=ancestor_paths(organization.path, include_self=False))
    if year is not None:
        qs = qs.filter(_standard_year_q(year))
    here = EthicalStandard.objects.filter(organization=organization, adapted_from=OuterRef("pk"))
    qs = qs.annotate(adapted_here=Exists(here)).select_related("organization")
    return _scoped(qs.order_by("organization__depth", "-year_from", "title", "pk"), user)


# --- nodes ---------------------------------------------------------------------------------------


def default_node(user: User) -> Organization | None:
    """Where the campaign pages open: the highest node of the user's roles, else their own cell."""
    if user.is_superuser:
        return Organization.objects.filter(depth=1).order_by("path").first()
    roots = scope_roots(user, Capability.VIEW)
    for assignment in active_assignments(user):
        if assignment.organization.path in roots:
            return assignment.organization
    person = getattr(user, "person", None) if getattr(user, "person_id", None) else None
    return person.cell if person is not None else None


def my_nodes(user: User) -> list[Organization]:
    """The nodes of the user's roles that read the campaign pages, then the own cell (for a switcher)."""
    nodes: list[Organization] = []
    for assignment in active_assignments(user):
        reads = Capability.VIEW in ROLE_CAPABILITIES.get(assignment.role, frozenset())
        if reads and assignment.organization not in nodes:
            nodes.append(assignment.organization)
    person = getattr(user, "person", None) if getattr(user, "person_id", None) else None
    if person is not None and all(n.pk != person.cell_id for n in nodes):
        nodes.append(person.cell)
    return nodes


def can_manage(user: User, organization: Organization) -> bool:
    """Whether `user` may issue and edit campaign documents on `organization` (no query)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(organization.path.startswith(root) for root in scope_roots(user, Capability.MANAGE_CAMPAIGN))


def adapt_targets(user: User, model: EthicalStandard) -> QuerySet[Organization]:
    """The units below the model's issuer where `user` may adapt it (MANAGE_CAMPAIGN), in tree order."""
    below = Organization.objects.filter(path__startswith=model.organization.path).exclude(pk=model.organization_id)
    return visible_to(below, user, Capability.MANAGE_CAMPAIGN).order_by("path")


def directive_choices(organization: Organization) -> QuerySet[Directive]:
    """Documents a theme of `organization` may cite: recorded by it or a level above it."""
    return directives_for(organization)


def themes_citing(user: User, directive: Directive) -> QuerySet[Theme]:
    qs = Theme.objects.filter(directive=directive).select_related("organization")
    return visible_to(qs, user, Capability.VIEW).order_by("-year_from", "title")[:50]


def adaptations_of(user: User, standard: EthicalStandard) -> QuerySet[EthicalStandard]:
    """The copies of `standard` the user may read (at most 100), by unit."""
    qs = EthicalStandard.objects.filter(adapted_from=standard).select_related("organization")
    return visible_to(qs, user, Capability.VIEW).order_by("organization__path", "pk")[:100]


# --- history and differences ---------------------------------------------------------------------


@dataclass
class DiffLine:
    op: str  # "same", "added" or "removed"
    text: str


@dataclass
class Diff:
    lines: list[DiffLine] = field(default_factory=list)

    @property
    def added(self) -> int:
        return sum(1 for line in self.lines if line.op == "added")

    @property
    def removed(self) -> int:
        return sum(1 for line in self.lines if line.op == "removed")

    @property
    def changed(self) -> bool:
        return bool(self.added or self.removed)


def split_items(body: str) -> list[str]:
    return [line.strip() for line in body.splitlines() if line.strip()]


def diff_items(old: str, new: str) -> Diff:
    """Which standards (lines) were removed from `old` and added in `new`, in reading order."""
    a, b = split_items(old), split_items(new)
    diff = Diff()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            diff.lines.extend(DiffLine("same", text) for text in a[i1:i2])
            continue
        diff.lines.extend(DiffLine("removed", text) for text in a[i1:i2])
        diff.lines.extend(DiffLine("added", text) for text in b[j1:j2])
    return diff


@dataclass
class VersionEntry:
    version: EthicalStandardVersion
    diff: Diff | None  # against the previous version; None for the first one
    title_changed: bool


def version_history(standard: EthicalStandard, *, limit: int = 20, before: int | None = None) -> list[VersionEntry]:
    """The saved versions of `standard`, newest first, each compared with the one before it.

    At most `limit` versions (older than version `before` if given); one query.
    """
    qs = EthicalStandardVersion.objects.filter(standard=standard).select_related("saved_by")
    if before is not None:
        qs = qs.filter(version__lt=before)
    rows = list(qs.order_by("-version")[: limit + 1])
    entries: list[VersionEntry] = []
    for index, row in enumerate(rows[:limit]):
        previous = rows[index + 1] if index + 1 < len(rows) else None
        entries.append(
            VersionEntry(
                version=row,
                diff=diff_items(previous.body, row.body) if previous is not None else None,
                title_changed=previous is not None and previous.title != row.title,
            )
        )
    return entries


@dataclass
class ModelComparison:
    """An adaptation against the model it was copied from."""

    model: EthicalStandard
    adapted_version: int | None
    base_body: str | None  # the model's text at the version adapted (None if that version is missing)
    vs_model: Diff | None  # the unit's current text against `base_body`
    model_changes: Diff | None  # the model's changes since the version adapted (None if none)


def compare_with_model(standard: EthicalStandard) -> ModelComparison | None:
    """How the unit's copy differs from the model it adapted, and what the model changed since.

    None when `standard` is not an adaptation (or its model was deleted). One query.
    """
    model = standard.adapted_from
    adapted = standard.adapted_from_version
    if model is None:
        return None
    base = None
    if adapted is not None:
        rows = EthicalStandardVersion.objects.filter(standard=model, version=adapted)
        base = rows.values_list("body", flat=True).first()
    newer = adapted is not None and model.version > adapted
    return ModelComparison(
        model=model,
        adapted_version=adapted,
        base_body=base,
        vs_model=diff_items(base, standard.body) if base is not None else None,
        model_changes=diff_items(base, model.body) if base is not None and newer else None,
    )


def years_around(year: int) -> list[int]:
    """Years to offer in a year switcher: two before the current year to one after, and `year`."""
    now = current_year()
    years = set(range(now - 2, now + 2)) | {year}
    return sorted(y for y in years if MIN_YEAR <= y <= MAX_YEAR)
