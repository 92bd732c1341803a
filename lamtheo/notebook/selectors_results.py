"""Reads for the results part of the notebook: self-reports, evidence, evaluations.

Every query goes through `visible_to`; the write rights are computed from the user's cached
role roots (`reaches`), so the notebook section runs a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, TextField
from django.db.models.functions import Cast

from lamtheo.organizations.scoping import Capability, scope_roots, visible_to

from .models import (
    Evaluation,
    Evidence,
    Pledge,
    QualityVerdict,
    Registration,
    RegistrationState,
    ReportPeriod,
    SelfReport,
    SelfReportItem,
)

if TYPE_CHECKING:
    from lamtheo.accounts.models import User
    from lamtheo.organizations.models import Organization, Person


def reaches(user: Any, node: Organization, capability: Capability) -> bool:
    """Whether `user` holds `capability` on `node` (no query: the role roots are cached on the user)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(node.path.startswith(root) for root in scope_roots(user, capability))


def is_own(user: Any, person_id: int | None) -> bool:
    return bool(person_id) and getattr(user, "person_id", None) == person_id


def can_report(user: Any, registration: Registration) -> bool:
    """The member writes their own report; the secretary or deputy (EVALUATE) may enter it for them."""
    if registration.person_id is None:
        return False
    return is_own(user, registration.person_id) or reaches(user, registration.organization, Capability.EVALUATE)


def can_evaluate(user: Any, person: Person) -> bool:
    return reaches(user, person.cell, Capability.EVALUATE)


def writer_name(user: Any) -> str:
    """How a writer is shown: their person's name, else the account's full name, else the login."""
    if user is None:
        return ""
    person = getattr(user, "person", None)
    if person is not None:
        return str(person.full_name)
    return str(user.get_full_name() or user.get_username())


def reportable_registration(user: User, person_id: int, year: int) -> Registration | None:
    """The newest approved version of the person's registration for `year` that `user` may read."""
    qs = Registration.objects.filter(person_id=person_id, year=year, state=RegistrationState.APPROVED)
    return visible_to(qs, user).select_related("organization", "person").order_by("-number").first()


def _items_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "items",
        queryset=SelfReportItem.objects.select_related("pledge").order_by("pledge__position", "pledge_id"),
    )


def _evidence_prefetch() -> Prefetch[Any]:
    return Prefetch("evidence", queryset=Evidence.objects.order_by("uploaded_at", "pk"))


def self_reports(user: User, person_id: int, year: int) -> dict[str, SelfReport]:
    """Per period, the report on the newest registration version that has one (3 queries).

    A submitted report wins over a newer draft: an empty draft started on a new version must not
    hide what the member already sent.
    """
    qs = (
        visible_to(SelfReport.objects.all(), user)
        .filter(registration__person_id=person_id, registration__year=year)
        .select_related("registration", "entered_by__person")
        .prefetch_related(_items_prefetch(), _evidence_prefetch())
        .order_by("period", "-registration__number")
    )
    found: dict[str, SelfReport] = {}
    for report in qs:
        best = found.get(report.period)
        if best is None or (best.submitted_at is None and report.submitted_at is not None):
            found[report.period] = report
    return found


def self_report_for(user: User, registration: Registration, period: str) -> SelfReport | None:
    qs = visible_to(SelfReport.objects.all(), user).filter(registration=registration, period=period)
    return qs.select_related("entered_by__person").prefetch_related(_items_prefetch(), _evidence_prefetch()).first()


def evaluation_for(user: User, person_id: int, year: int) -> Evaluation | None:
    qs = visible_to(Evaluation.objects.all(), user).filter(person_id=person_id, year=year)
    return qs.select_related("written_by__person", "organization").first()


def pledges_of(registration: Registration) -> QuerySet[Pledge]:
    return registration.pledges.select_related("theme", "standard", "shortcoming").order_by("position", "pk")


@dataclass
class PeriodResults:
    period: str
    label: str
    report: SelfReport | None
    items: list[SelfReportItem] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class NotebookResults:
    person: Person
    year: int
    registration: Registration | None
    periods: list[PeriodResults]
    evaluation: Evaluation | None
    can_report: bool
    can_evaluate: bool
    on_behalf: bool


def notebook_results(user: User, person: Person, year: int) -> NotebookResults:
    """Everything the results section of a notebook shows, in a bounded number of queries."""
    registration = reportable_registration(user, person.pk, year)
    reports = self_reports(user, person.pk, year)
    periods = []
    for value, label in ReportPeriod.choices:
        report = reports.get(value)
        periods.append(
            PeriodResults(
                period=value,
                label=str(label),
                report=report,
                items=list(report.items.all()) if report else [],
                evidence=list(report.evidence.all()) if report else [],
            )
        )
    return NotebookResults(
        person=person,
        year=year,
        registration=registration,
        periods=periods,
        evaluation=evaluation_for(user, person.pk, year),
        can_report=registration is not None and can_report(user, registration),
        can_evaluate=can_evaluate(user, person),
        on_behalf=not is_own(user, person.pk),
    )


# --- overview: who has not registered, reported or been evaluated --------------------------------

OVERVIEW_PAGE_SIZE = 50
NEAR_COPY_CODE = "near_copy"  # the quality check's reason code for a near-copy (notebook.quality.check)
_STEP = 4  # treebeard steplen


def _person_flags(year: int) -> dict[str, Any]:
    """Per-person yes/no flags for `year`, as subqueries on Person (`OuterRef("pk")`)."""
    registration = Registration.objects.filter(person=OuterRef("pk"), year=year, is_current=True)
    pledges = Pledge.objects.filter(
        registration__person=OuterRef("pk"), registration__year=year, registration__is_current=True
    )
    reported = SelfReport.objects.filter(
        registration__person=OuterRef("pk"), registration__year=year, submitted_at__isnull=False
    )
    return {
        "reg_state": Subquery(registration.values("state")[:1]),
        "registered": Exists(registration.exclude(state=RegistrationState.DRAFT)),
        "vague": Exists(pledges.filter(verdict=QualityVerdict.VAGUE)),
        "copied": Exists(
            pledges.annotate(reason_text=Cast("reasons", TextField())).filter(
                reason_text__contains=f'"{NEAR_COPY_CODE}"'
            )
        ),
        "mid_year": Exists(reported.filter(period=ReportPeriod.MID_YEAR)),
        "year_end": Exists(reported.filter(period=ReportPeriod.YEAR_END)),
        "evaluated": Exists(Evaluation.objects.filter(person=OuterRef("pk"), year=year)),
    }


COUNT_KEYS = ("not_registered", "flagged", "no_mid_year", "no_year_end", "no_evaluation")


def _counts() -> dict[str, Any]:
    return {
        "members": Count("pk"),
        "not_registered": Count("pk", filter=Q(registered=False)),
        "flagged": Count("pk", filter=Q(vague=True) | Q(copied=True)),
        "no_mid_year": Count("pk", filter=Q(mid_year=False)),
        "no_year_end": Count("pk", filter=Q(year_end=False)),
        "no_evaluation": Count("pk", filter=Q(evaluated=False)),
    }


@dataclass
class FlaggedPerson:
    person: Person
    pledges: list[Pledge]


@dataclass
class CellOverview:
    people: list[Person]
    not_registered: list[Person]
    flagged: list[FlaggedPerson]
    no_mid_year: list[Person]
    no_year_end: list[Person]
    no_evaluation: list[Person]


def is_copied(pledge: Pledge) -> bool:
    """Whether the quality check marked `pledge` as a near-copy (reasons hold codes or dicts)."""
    for reason in pledge.reasons or []:
        code = reason.get("code") if isinstance(reason, dict) else reason
        if code == NEAR_COPY_CODE:
            return True
    return False


def cell_overview(user: User, cell: Organization, year: int) -> CellOverview:
    """The people of `cell` with their flags for `year` (2 queries whatever the cell's size)."""
    from lamtheo.organizations.models import Person

    people = list(
        visible_to(Person.objects.filter(cell=cell), user).annotate(**_person_flags(year)).order_by("search_name", "pk")
    )
    flagged_ids = {p.pk for p in people if p.vague or p.copied}  # type: ignore[attr-defined]
    by_person: dict[int, list[Pledge]] = {}
    if flagged_ids:
        pledges = (
            Pledge.objects.filter(
                registration__person_id__in=flagged_ids, registration__year=year, registration__is_current=True
            )
            .annotate(reason_text=Cast("reasons", TextField()))
            .filter(Q(verdict=QualityVerdict.VAGUE) | Q(reason_text__contains=f'"{NEAR_COPY_CODE}"'))
            .select_related("registration")
            .order_by("registration__person_id", "position", "pk")
        )
        for pledge in pledges:
            pledge.is_copied = is_copied(pledge)  # type: ignore[attr-defined]
            by_person.setdefault(pledge.registration.person_id, []).append(pledge)  # type: ignore[arg-type]
    return CellOverview(
        people=people,
        not_registered=[p for p in people if not p.registered],  # type: ignore[attr-defined]
        flagged=[FlaggedPerson(p, by_person.get(p.pk, [])) for p in people if p.pk in flagged_ids],
        no_mid_year=[p for p in people if not p.mid_year],  # type: ignore[attr-defined]
        no_year_end=[p for p in people if not p.year_end],  # type: ignore[attr-defined]
        no_evaluation=[p for p in people if not p.evaluated],  # type: ignore[attr-defined]
    )


@dataclass
class CellRow:
    cell: Organization
    parent_name: str
    counts: dict[str, int]


@dataclass
class SubtreeOverview:
    page: Page[Organization]
    rows: list[CellRow]
    totals: dict[str, int]
    cell_count: int
    children: list[Organization]


def _active_cells(user: User, node: Organization, year: int) -> QuerySet[Organization]:
    from lamtheo.organizations.models import CELL_KINDS, Organization

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    cells = Organization.objects.filter(path__startswith=node.path, kind__in=CELL_KINDS)
    cells = cells.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
    cells = cells.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end))
    return visible_to(cells, user)


def subtree_overview(user: User, node: Organization, year: int, *, page: Any = None) -> SubtreeOverview:
    """Counts per cell of `node`'s subtree for `year`, one page of cells at a time (5 queries)."""
    from lamtheo.organizations.models import CELL_KINDS, Organization, Person

    cells = _active_cells(user, node, year).order_by("path")
    paginated = Paginator(cells, OVERVIEW_PAGE_SIZE).get_page(page)
    shown = list(paginated.object_list)
    people = visible_to(Person.objects.all(), user).annotate(**_person_flags(year))
    per_cell = {
        row["cell_id"]: row
        for row in people.filter(cell_id__in=[c.pk for c in shown]).values("cell_id").annotate(**_counts())
    }
    parent_paths = {c.path[:-_STEP] for c in shown if len(c.path) > _STEP}
    parents = dict(Organization.objects.filter(path__in=parent_paths).values_list("path", "name"))
    zero = dict.fromkeys(("members", *COUNT_KEYS), 0)
    rows = [
        CellRow(
            cell=c,
            parent_name=parents.get(c.path[:-_STEP], "") if c.path[:-_STEP] != node.path else "",
            counts={**zero, **{k: v for k, v in per_cell.get(c.pk, {}).items() if k != "cell_id"}},
        )
        for c in shown
    ]
    totals = people.filter(cell__in=_active_cells(user, node, year)).aggregate(**_counts())
    children = list(
        visible_to(Organization.objects.filter(path__startswith=node.path, depth=node.depth + 1), user)
        .exclude(kind__in=CELL_KINDS)
        .order_by("path")
    )
    return SubtreeOverview(
        page=paginated,
        rows=rows,
        totals={**zero, **{k: v or 0 for k, v in totals.items()}},
        cell_count=paginated.paginator.count,
        children=children,
    )


def breadcrumb(user: User, node: Organization) -> list[Organization]:
    """The ancestors of `node` the user may open with a role, top first (1 query)."""
    from lamtheo.organizations.models import Organization

    paths = [node.path[:i] for i in range(_STEP, len(node.path), _STEP)]
    if not paths:
        return []
    ancestors = Organization.objects.filter(path__in=paths).order_by("path")
    return [a for a in ancestors if reaches(user, a, Capability.VIEW)]
