"""Reads across cells and people: the level above's per-cell figures, a user's to-do list, and the
finalised reports shown in a member's notebook.

Figures are computed by the database (correlated subqueries per cell on one page of cells), so a
page costs the same few queries whatever the size of the subtree.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from lamtheo.organizations.models import CELL_KINDS, Organization, Person, PersonKind
from lamtheo.organizations.scoping import Capability, visible_to

from . import selectors
from .models import (
    PRESENTED_STATES,
    Meeting,
    MeetingKind,
    MeetingSettings,
    MeetingState,
    MemberReport,
    ReportCorrection,
    ReportState,
)

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

PER_PAGE = 25


def _count(qs: QuerySet[Any], by: str) -> Any:
    """A correlated COUNT(*) of `qs` grouped by the column `by` (already filtered on OuterRef)."""
    return Coalesce(
        Subquery(qs.order_by().values(by).annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()),
        Value(0),
    )


def _presented(year: int) -> QuerySet[MemberReport]:
    return MemberReport.objects.filter(meeting__year=year, state__in=list(PRESENTED_STATES))


def _never_reported(year: int) -> QuerySet[Person]:
    reported = _presented(year).filter(person=OuterRef("pk"))
    return Person.objects.filter(kind=PersonKind.MEMBER).exclude(Exists(reported))


@dataclass
class CellFigures:
    cell: Organization
    members: int
    regular_held: int
    thematic_held: int
    planned: int
    presented: int
    never: int
    never_names: list[str] = field(default_factory=list)


@dataclass
class Overview:
    node: Organization
    year: int
    page: Page
    rows: list[CellFigures]
    totals: dict[str, int]


def cells_under(user: User, node: Organization) -> QuerySet[Organization]:
    return visible_to(Organization.objects.filter(path__startswith=node.path, kind__in=list(CELL_KINDS)), user)


def overview(user: User, node: Organization, year: int, *, page: Any = None) -> Overview:
    """Per cell under `node`: meetings held (regular, thematic), reports presented, members who
    have not reported this year (with their names) — one page of cells, bounded queries."""
    meetings = Meeting.objects.filter(cell=OuterRef("pk"), year=year)
    cells = cells_under(user, node).annotate(
        members=_count(Person.objects.filter(cell=OuterRef("pk"), kind=PersonKind.MEMBER), "cell"),
        regular_held=_count(meetings.filter(kind=MeetingKind.REGULAR, state=MeetingState.HELD), "cell"),
        thematic_held=_count(meetings.filter(kind=MeetingKind.THEMATIC, state=MeetingState.HELD), "cell"),
        planned=_count(meetings.exclude(state=MeetingState.CANCELLED), "cell"),
        presented=_count(_presented(year).filter(meeting__cell=OuterRef("pk")), "meeting__cell"),
        never=_count(_never_reported(year).filter(cell=OuterRef("pk")), "cell"),
    )
    paginator = Paginator(cells.order_by("path"), PER_PAGE)
    current = paginator.get_page(page)
    rows = [
        CellFigures(
            cell=c,
            members=c.members,  # type: ignore[attr-defined]
            regular_held=c.regular_held,  # type: ignore[attr-defined]
            thematic_held=c.thematic_held,  # type: ignore[attr-defined]
            planned=c.planned,  # type: ignore[attr-defined]
            presented=c.presented,  # type: ignore[attr-defined]
            never=c.never,  # type: ignore[attr-defined]
        )
        for c in current.object_list
    ]
    names: dict[int, list[str]] = defaultdict(list)
    for cell_id, name in (
        visible_to(_never_reported(year).filter(cell__in=[r.cell.pk for r in rows]), user)
        .order_by("search_name", "pk")
        .values_list("cell_id", "full_name")
    ):
        names[cell_id].append(name)
    for row in rows:
        row.never_names = names[row.cell.pk]
    in_subtree = cells_under(user, node).values("pk")
    totals = {
        "cells": paginator.count,
        **Meeting.objects.filter(cell__in=in_subtree, year=year, state=MeetingState.HELD).aggregate(
            regular=Count("pk", filter=Q(kind=MeetingKind.REGULAR)),
            thematic=Count("pk", filter=Q(kind=MeetingKind.THEMATIC)),
        ),
        "presented": _presented(year).filter(meeting__cell__in=in_subtree).count(),
        "never": _never_reported(year).filter(cell__in=in_subtree).count(),
    }
    return Overview(node=node, year=year, page=current, rows=rows, totals=totals)


# --- to do ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Todo:
    kind: str  # draft | revise | finalise | review | conclude | record | documents
    title: str
    detail: str
    url: str
    due: dt.date | None

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < selectors.today()


def todo(user: User) -> list[Todo]:
    """What the user has to do for meetings now: their own reports to write or finalise; for the
    cell committee, reports to comment on or conclude, documents to post, meetings to record."""
    from django.utils.translation import gettext as _

    items: list[Todo] = []
    if not getattr(user, "is_authenticated", False):
        return items
    if user.person_id:
        own = (
            MemberReport.objects.filter(
                person_id=user.person_id,
                state__in=[ReportState.ASSIGNED, ReportState.DRAFT, ReportState.RETURNED, ReportState.CONCLUDED],
            )
            .select_related("meeting__cell__meeting_settings")
            .order_by("meeting__date", "pk")
        )
        for report in own:
            url = reverse("meetings:report_edit", args=[report.pk])
            when = report.meeting.date.strftime("%d/%m/%Y")
            if report.state == ReportState.CONCLUDED:
                due = report.meeting.date + dt.timedelta(days=_days(report.meeting.cell, "finalise_days_after"))
                items.append(Todo("finalise", _("Finalise your report"), _("Meeting of %(d)s") % {"d": when}, url, due))
            elif report.state == ReportState.RETURNED:
                items.append(
                    Todo(
                        "revise",
                        _("Revise your report"),
                        _("Returned with comments · meeting of %(d)s") % {"d": when},
                        url,
                        report.draft_due,
                    )
                )
            else:
                items.append(
                    Todo("draft", _("Write your report"), _("Meeting of %(d)s") % {"d": when}, url, report.draft_due)
                )
    if selectors_has_manage(user):
        waiting = (
            visible_to(MemberReport.objects.all(), user, Capability.MANAGE_MEETINGS)
            .filter(state__in=[ReportState.SUBMITTED, ReportState.PRESENTED, ReportState.COMMENTED])
            .select_related("person", "meeting__cell__meeting_settings")
            .order_by("meeting__date", "pk")
        )
        for report in waiting:
            when = report.meeting.date.strftime("%d/%m/%Y")
            if report.state == ReportState.SUBMITTED:
                due = report.meeting.date - dt.timedelta(days=_days(report.meeting.cell, "review_days_before"))
                items.append(
                    Todo(
                        "review",
                        _("Comment on %(name)s's draft") % {"name": report.person.full_name},
                        _("Meeting of %(d)s") % {"d": when},
                        reverse("meetings:report_review", args=[report.pk]),
                        due,
                    )
                )
            else:
                items.append(
                    Todo(
                        "conclude",
                        _("Conclude on %(name)s's report") % {"name": report.person.full_name},
                        _("Meeting of %(d)s") % {"d": when},
                        reverse("meetings:report_conclude", args=[report.pk]),
                        report.meeting.date,
                    )
                )
        soon = selectors.today() + dt.timedelta(days=7)
        meetings = (
            visible_to(Meeting.objects.all(), user, Capability.MANAGE_MEETINGS)
            .filter(state=MeetingState.PLANNED, date__lte=soon)
            .annotate(document_count=Count("documents"))
            .select_related("cell")
            .order_by("date", "pk")[:50]
        )
        for meeting in meetings:
            when = meeting.date.strftime("%d/%m/%Y")
            url = reverse("meetings:meeting", args=[meeting.pk])
            if meeting.date < selectors.today():
                items.append(
                    Todo("record", _("Record the meeting of %(d)s") % {"d": when}, meeting.cell.name, url, meeting.date)
                )
            elif not meeting.document_count:  # type: ignore[attr-defined]
                items.append(
                    Todo(
                        "documents",
                        _("Post the documents for the meeting of %(d)s") % {"d": when},
                        meeting.cell.name,
                        url,
                        meeting.date - dt.timedelta(days=1),
                    )
                )
    return sorted(items, key=lambda t: (t.due or dt.date.max, t.kind))


def _days(cell: Organization, name: str) -> int:
    """A deadline setting of the cell (loaded with select_related), or its default."""
    try:
        settings = cell.meeting_settings  # type: ignore[attr-defined]
    except MeetingSettings.DoesNotExist:
        settings = MeetingSettings()
    return int(getattr(settings, name))


def selectors_has_manage(user: User) -> bool:
    from lamtheo.organizations.scoping import has_capability

    return has_capability(user, Capability.MANAGE_MEETINGS)


# --- the notebook's part ---------------------------------------------------------------------------


def finalised_reports(user: User, person: Person, year: int) -> list[MemberReport]:
    """The member's finalised reports of `year` with the chair's conclusion and the corrections
    (each linked to its shortcoming), as the viewer may see them."""
    corrections = Prefetch(
        "corrections", queryset=ReportCorrection.objects.select_related("shortcoming").order_by("position", "pk")
    )
    return list(
        visible_to(MemberReport.objects.all(), user)
        .filter(person=person, meeting__year=year, state=ReportState.FINALISED)
        .select_related("meeting")
        .prefetch_related(corrections, "comments__speaker")
        .order_by("meeting__date", "pk")
    )
