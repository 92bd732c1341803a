"""Reads of the reviews: who sees which review, the figures of a review, the children's
submissions and their reconciliation with the live data, request tracking.

Visibility: a review's writers (WRITE_REVIEW on the node or above) see it in every state;
anyone with VIEW on the node (the levels above, inspectors) sees it once it is submitted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.utils import timezone

from lamtheo.organizations.models import Organization
from lamtheo.organizations.scoping import Capability, scope_roots, visible_to
from lamtheo.organizations.selectors import parent_of as parent_of
from lamtheo.organizations.selectors import reaches

from . import display, figures, narrative
from .figures import FigureSet, Unit, rate_index
from .models import FigureSource, Review, ReviewExport, ReviewRequest, ReviewState

if TYPE_CHECKING:
    from lamtheo.accounts.models import User


def reviews_for(user: User) -> QuerySet[Review]:
    written = visible_to(Review.objects.all(), user, Capability.WRITE_REVIEW)
    submitted = visible_to(Review.objects.filter(state=ReviewState.SUBMITTED), user, Capability.VIEW)
    return (written | submitted).distinct()


def exports_for(user: User) -> QuerySet[ReviewExport]:
    return ReviewExport.objects.filter(review__in=reviews_for(user))


def can_write(user: User, node: Organization) -> bool:
    return reaches(user, node, Capability.WRITE_REVIEW)


def can_edit(user: User, review: Review) -> bool:
    return review.state == ReviewState.DRAFT and can_write(user, review.organization)


def can_view_node(user: User, node: Organization) -> bool:
    """A role's VIEW on the node (a member's own cell without a role does not count)."""
    return reaches(user, node, Capability.VIEW)


# --- figures of a review ---------------------------------------------------------------------------


def children_submissions(node: Organization, date_from: dt.date, date_to: dt.date) -> dict[str, Review]:
    """The latest submitted review of each child of `node` for exactly this period (one query)."""
    rows = (
        Review.objects.filter(
            organization__path__startswith=node.path,
            organization__depth=node.depth + 1,
            state=ReviewState.SUBMITTED,
            date_from=date_from,
            date_to=date_to,
        )
        .select_related("organization")
        .order_by("organization__path", "submitted_at", "pk")
    )
    latest: dict[str, Review] = {}
    for review in rows:
        latest[review.organization.path] = review  # later rows win
    return latest


def snapshot_of(review: Review) -> FigureSet | None:
    return FigureSet.from_json(review.snapshot) if review.snapshot else None


def live_figures(review: Review, progress: figures.ProgressFn | None = None) -> FigureSet:
    """The figures a draft shows: live from the subtree, or compiled from the children's reviews."""
    node = review.organization
    if review.source == FigureSource.CHILDREN and not node.is_cell:
        submitted = children_submissions(node, review.date_from, review.date_to)
        snapshots = {path: s for path, r in submitted.items() if (s := snapshot_of(r)) is not None}
        own = figures.compute(node, review.date_from, review.date_to, direct=True)
        return figures.compile_children(node, review.date_from, review.date_to, snapshots, own)
    return figures.compute(node, review.date_from, review.date_to, progress=progress)


def figures_for(review: Review, progress: figures.ProgressFn | None = None) -> FigureSet:
    """Frozen figures of a submitted review, live ones of a draft."""
    if review.is_frozen and review.snapshot:
        return FigureSet.from_json(review.snapshot)
    return live_figures(review, progress)


def parts_for(review: Review, figure_set: FigureSet) -> dict[str, str]:
    """The narrative as printed: frozen when submitted, else with the tokens filled live."""
    if review.is_frozen and review.frozen_parts:
        return {part: str(review.frozen_parts.get(part, "")) for part in narrative.PARTS}
    return {part: narrative.render(getattr(review, part), figure_set) for part in narrative.PARTS}


# --- reconciliation: live data against the children's submitted reviews -----------------------------


@dataclass
class Difference:
    key: str
    label: str
    live: str
    submitted: str


@dataclass
class RateFlag:
    label: str
    message: str


@dataclass
class ChildCheck:
    unit: Unit
    review: Review | None
    differences: list[Difference] = field(default_factory=list)
    rate_flags: list[RateFlag] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.review is not None and not self.differences and not self.rate_flags


@dataclass
class Reconciliation:
    rows: list[ChildCheck]
    compiled: FigureSet
    totals: list[Difference]

    @property
    def missing(self) -> list[ChildCheck]:
        return [r for r in self.rows if r.review is None]

    @property
    def problems(self) -> int:
        return sum(len(r.differences) + len(r.rate_flags) for r in self.rows) + len(self.totals)


def stored_rate_flags(snapshot: FigureSet) -> list[RateFlag]:
    """Rates kept in a snapshot that do not match the snapshot's own counts."""
    totals = snapshot.totals()
    flags = []
    for key, pair in sorted(snapshot.stored_rates.items()):
        rate = rate_index().get(key)
        if rate is None or len(pair) != 2:
            continue
        expected = [totals.get(rate.numerator, 0), totals.get(rate.denominator, 0)]
        if pair != expected:
            flags.append(
                RateFlag(
                    str(rate.label),
                    display.rate_text(*pair) + " ≠ " + display.rate_text(*expected),
                )
            )
    return flags


def _differences(live: dict[str, int], submitted: dict[str, int], keys: list[str]) -> list[Difference]:
    out = []
    for key in keys:
        a, b = live.get(key, 0), submitted.get(key, 0)
        if a != b:
            out.append(Difference(key, display.label_of(key), display.number(a), display.number(b)))
    return out


def reconcile(
    node: Organization, date_from: dt.date, date_to: dt.date, live: FigureSet | None = None
) -> Reconciliation:
    """Each child's live counts against its submitted review, rate checks, and the compiled totals.

    Like with like: the compiled figures (the children's reviews plus the node's own direct activity)
    against the whole live figures; nothing is subtracted, so a lost row shows as a difference.
    """
    live = live if live is not None else figures.compute(node, date_from, date_to)
    submitted = children_submissions(node, date_from, date_to)
    snapshots = {path: s for path, r in submitted.items() if (s := snapshot_of(r)) is not None}
    direct = figures.compute(node, date_from, date_to, direct=True)
    compiled = figures.compile_children(node, date_from, date_to, snapshots, direct)
    by_unit = live.by_unit()
    rows = []
    for unit in live.units:
        if unit.path == node.path:
            continue
        review = submitted.get(unit.path)
        check = ChildCheck(unit, review)
        if review is not None and unit.path in snapshots:
            snap = snapshots[unit.path]
            own = snap.totals()
            keys = [k for k in sorted(set(own) | set(by_unit.get(unit.path, {}))) if snap.has(k) and live.has(k)]
            check.differences = _differences(by_unit.get(unit.path, {}), own, keys)
            check.rate_flags = stored_rate_flags(snap)
            for part in (review.frozen_parts or {}).values():
                check.rate_flags += [RateFlag("", issue.message) for issue in narrative.rate_issues(str(part))]
        rows.append(check)
    # Units that submitted but are no longer children during the period (moved or merged).
    known = {u.path for u in live.units}
    for path, review in submitted.items():
        if path not in known:
            rows.append(ChildCheck(figures.unit_of(review.organization), review))
    compiled_totals = compiled.totals()
    live_totals = live.totals()
    keys = [k for k in sorted(set(compiled_totals) | set(live_totals)) if compiled.has(k) and live.has(k)]
    totals = _differences(live_totals, compiled_totals, keys)
    return Reconciliation(rows, compiled, totals)


# --- requests ----------------------------------------------------------------------------------------


@dataclass
class TrackRow:
    unit: Organization
    review: Review | None
    deadline: dt.date

    @property
    def submitted(self) -> bool:
        return self.review is not None and self.review.state == ReviewState.SUBMITTED

    @property
    def is_late(self) -> bool:
        if self.review is not None and self.review.submitted_at is not None:
            return timezone.localtime(self.review.submitted_at).date() > self.deadline
        return timezone.localdate() > self.deadline


@dataclass
class Tracking:
    request: ReviewRequest
    rows: list[TrackRow]

    @property
    def submitted_count(self) -> int:
        return sum(1 for r in self.rows if r.submitted)

    @property
    def overdue(self) -> bool:
        return timezone.localdate() > self.request.deadline


def request_targets(request: ReviewRequest) -> QuerySet[Organization]:
    node = request.organization
    active = (Q(valid_from__isnull=True) | Q(valid_from__lte=request.date_to)) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=request.date_from)
    )
    return Organization.objects.filter(path__startswith=node.path, depth=node.depth + 1).filter(active).order_by("path")


def tracking(request: ReviewRequest) -> Tracking:
    """Each child asked, with its submitted review for the request (2 queries). Drafts are not shown."""
    targets = list(request_targets(request))
    answers = {
        r.organization_id: r
        for r in Review.objects.filter(request=request, state=ReviewState.SUBMITTED).order_by("submitted_at", "pk")
    }
    return Tracking(request, [TrackRow(t, answers.get(t.pk), request.deadline) for t in targets])


def requests_for(user: User) -> QuerySet[ReviewRequest]:
    return visible_to(ReviewRequest.objects.select_related("organization"), user, Capability.VIEW)


@dataclass
class ToAnswer:
    request: ReviewRequest
    unit: Organization
    review: Review | None


def requests_to_answer(user: User) -> list[ToAnswer]:
    """Requests of the level above each node the user writes reviews for, not yet submitted (3 queries)."""
    if user.is_superuser:
        return []
    roots = scope_roots(user, Capability.WRITE_REVIEW)
    nodes = {o.path: o for o in Organization.objects.filter(path__in=roots)}
    parent_paths = {p[: -figures.STEP] for p in nodes if len(p) > figures.STEP}
    if not parent_paths:
        return []
    requests = list(
        ReviewRequest.objects.filter(organization__path__in=parent_paths)
        .select_related("organization")
        .order_by("deadline", "pk")[:50]
    )
    answers = {
        (r.request_id, r.organization_id): r
        for r in Review.objects.filter(request__in=requests, organization__path__in=list(nodes))
    }
    out = []
    for request in requests:
        for path, node in sorted(nodes.items()):
            if path[: -figures.STEP] == request.organization.path:
                review = answers.get((request.pk, node.pk))
                if review is None or review.state != ReviewState.SUBMITTED:
                    out.append(ToAnswer(request, node, review))
    return out


def node_requests_from_above(node: Organization) -> QuerySet[ReviewRequest]:
    parent_path = node.path[: -figures.STEP]
    return ReviewRequest.objects.filter(organization__path=parent_path).order_by("-date_to", "-pk")


def home_nodes(user: User) -> list[Organization]:
    """The nodes a user's roles sit on (reviews are written there or read from there)."""
    if user.is_superuser:
        return list(Organization.get_root_nodes())
    roots = sorted(set(scope_roots(user, Capability.VIEW)) | set(scope_roots(user, Capability.WRITE_REVIEW)))
    return list(Organization.objects.filter(path__in=roots).order_by("path"))


def latest_exports(review: Review, limit: int = 5) -> list[ReviewExport]:
    return list(review.exports.order_by("-created_at", "-pk")[:limit])
