"""Reads for the meeting pages: a cell's year plan with the reporter forecast, one meeting, one report.

Every read of user data goes through `visible_to`; the pages check the cell with `scoped_get`
first. Counts for the rotation are read for the whole year in one query each.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from lamtheo.organizations.models import Organization, Person, PersonKind
from lamtheo.organizations.scoping import Capability, visible_to
from lamtheo.organizations.selectors import reaches

from . import planning, rotation, workflow
from .models import (
    Attendance,
    AttendanceStatus,
    Meeting,
    MeetingDocument,
    MeetingKind,
    MeetingRule,
    MeetingSettings,
    MeetingState,
    MemberReport,
    MemberReportEvent,
    ReportComment,
    ReportCorrection,
    ReportState,
    Volunteer,
)

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

FIRST_YEAR = 2006  # Chỉ thị 06-CT/TW started the campaign
LIVE = ~Q(state=ReportState.CANCELLED)


# --- years and rules ------------------------------------------------------------------------------


def today() -> dt.date:
    return timezone.localdate()


def this_year() -> int:
    return today().year


def valid_year(year: int) -> bool:
    return FIRST_YEAR <= year <= this_year() + 1


def year_from(value: Any) -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        return this_year()
    return year if valid_year(year) else this_year()


def settings_for(cell: Organization) -> MeetingSettings:
    """The cell's settings, or the defaults (unsaved) when the cell has not changed them."""
    found = MeetingSettings.objects.filter(cell=cell).first()
    return found if found is not None else MeetingSettings(cell=cell)


def plan_rules(settings: MeetingSettings) -> planning.PlanRules:
    return planning.PlanRules(
        meeting_day=settings.meeting_day,
        thematic_day=settings.thematic_day,
        start_time=settings.start_time,
        duration_minutes=settings.duration_minutes,
        place=settings.place,
        thematic_months=tuple(sorted({int(m) for m in settings.thematic_months or []})),
    )


def rotation_rules(settings: MeetingSettings) -> rotation.Rules:
    return rotation.Rules(
        reporters_per_month=settings.reporters_per_month,
        small_cell_threshold=settings.small_cell_threshold,
        small_cell_reports_per_member=settings.small_cell_reports_per_member,
    )


def rule_on(day: dt.date) -> MeetingRule | None:
    """The meeting rule in force on `day` (e.g. Hướng dẫn 42-HD/BTCTW from 28/10/2025), if any."""
    return (
        MeetingRule.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )


def documents_deadline(meeting: Meeting, rule: MeetingRule | None) -> dt.date | None:
    if rule is None:
        return None
    return meeting.date - dt.timedelta(days=rule.documents_days_before)


# --- who may do what ------------------------------------------------------------------------------


def can_manage(user: User, cell: Organization) -> bool:
    return reaches(user, cell, Capability.MANAGE_MEETINGS)


def roles_on(user: User, report: MemberReport, cell: Organization) -> set[workflow.Role]:
    roles: set[workflow.Role] = set()
    if not getattr(user, "is_authenticated", False):
        return roles
    if getattr(user, "person_id", None) == report.person_id:
        roles.add(workflow.Role.REPORTER)
    if can_manage(user, cell):
        roles.add(workflow.Role.COMMITTEE)
    return roles


def display_name(user: Any) -> str:
    if user is None:
        return ""
    person = getattr(user, "person", None) if getattr(user, "person_id", None) else None
    if person is not None:
        return str(person.full_name)
    return str(user.get_full_name() or user.username)


# --- querysets ------------------------------------------------------------------------------------


def meetings_for(user: User, capability: Capability = Capability.VIEW) -> QuerySet[Meeting]:
    return visible_to(Meeting.objects.select_related("cell", "theme"), user, capability)


def reports_for(user: User, capability: Capability = Capability.VIEW) -> QuerySet[MemberReport]:
    return visible_to(MemberReport.objects.select_related("person", "meeting__cell"), user, capability)


def members_of(user: User, cell: Organization) -> list[Person]:
    """The cell's party members the user can see, in roster order (non-member officials do not report)."""
    qs = visible_to(Person.objects.filter(cell=cell, kind=PersonKind.MEMBER), user)
    return list(qs.order_by("search_name", "pk"))


def report_meetings(meetings: Iterable[Meeting], settings: MeetingSettings) -> list[Meeting]:
    """The regular meetings where members report: not cancelled, and (unless the cell chose
    otherwise) not in a month that has a thematic meeting."""
    meetings = list(meetings)
    thematic = {m.month for m in meetings if m.kind == MeetingKind.THEMATIC and m.state != MeetingState.CANCELLED}
    return sorted(
        (
            m
            for m in meetings
            if m.kind == MeetingKind.REGULAR
            and m.state != MeetingState.CANCELLED
            and (settings.reports_in_thematic_months or m.month not in thematic)
        ),
        key=lambda m: (m.date, m.pk),
    )


# --- the reporter proposal for one meeting --------------------------------------------------------


@dataclass
class Proposal:
    meeting: Meeting
    members: list[Person]
    rotation: rotation.Rotation
    places: int
    counts: dict[int, int]
    small: bool
    assigned: list[MemberReport]
    volunteers: list[int]
    unavailable: dict[int, Attendance]

    @property
    def people(self) -> dict[int, Person]:
        return {p.pk: p for p in self.members}

    @property
    def free_places(self) -> int:
        return max(self.places - len(self.assigned), 0)


def _year_reports(cell: Organization, year: int) -> list[dict[str, Any]]:
    rows = MemberReport.objects.filter(LIVE, meeting__cell=cell, meeting__year=year).values(
        "person_id", "meeting_id", "meeting__date"
    )
    return [dict(row) for row in rows]


def proposal(user: User, meeting: Meeting) -> Proposal:
    """Who the rotation proposes for `meeting`, with the counts it used (a bounded number of queries)."""
    cell = meeting.cell
    settings = settings_for(cell)
    rules = rotation_rules(settings)
    members = members_of(user, cell)
    ids = [p.pk for p in members]
    counts: dict[int, int] = defaultdict(int)
    last: dict[int, int] = {}
    for row in _year_reports(cell, meeting.year):
        if row["meeting_id"] == meeting.pk:
            continue
        counts[row["person_id"]] += 1
        last[row["person_id"]] = max(last.get(row["person_id"], -1), row["meeting__date"].toordinal())
    year_meetings = list(Meeting.objects.filter(cell=cell, year=meeting.year))
    left = [m for m in report_meetings(year_meetings, settings) if (m.date, m.pk) >= (meeting.date, meeting.pk)]
    places = rotation.places(
        rules, members=len(ids), reports_so_far=sum(counts.get(p, 0) for p in ids), months_left=max(len(left), 1)
    )
    assigned = list(meeting.reports.filter(LIVE).select_related("person").order_by("pk"))
    volunteers = list(meeting.volunteers.order_by("created_at", "pk").values_list("person_id", flat=True))
    unavailable = {a.person_id: a for a in meeting.attendance.exclude(status=AttendanceStatus.PRESENT)}
    result = rotation.choose(
        members=ids,
        counts=counts,
        slots=max(places - len(assigned), 0),
        last=last,
        volunteers=volunteers,
        unavailable=unavailable,
        exclude=[r.person_id for r in assigned],
        small_cell=rules.is_small(len(ids)),
    )
    return Proposal(
        meeting=meeting,
        members=members,
        rotation=result,
        places=places,
        counts=dict(counts),
        small=rules.is_small(len(ids)),
        assigned=assigned,
        volunteers=volunteers,
        unavailable=unavailable,
    )


# --- the year plan --------------------------------------------------------------------------------


@dataclass
class PlanMonth:
    month: int
    meetings: list[Meeting] = field(default_factory=list)


@dataclass
class PlanView:
    cell: Organization
    year: int
    settings: MeetingSettings
    months: list[PlanMonth]
    can_manage: bool
    people: dict[int, Person]
    missing_quarters: list[int]
    count: int

    @property
    def has_plan(self) -> bool:
        return self.count > 0


def year_plan(user: User, cell: Organization, year: int) -> PlanView:
    """The cell's meetings of `year` by month, each with its visible reports and, for the
    committee, the rotation's forecast for the planned report meetings still to come."""
    settings = settings_for(cell)
    manage = can_manage(user, cell)
    reports = Prefetch(
        "reports",
        queryset=visible_to(MemberReport.objects.filter(LIVE).select_related("person"), user).order_by("pk"),
        to_attr="live_reports",
    )
    meetings = list(
        meetings_for(user)
        .filter(cell=cell, year=year)
        .annotate(document_count=Count("documents"))
        .prefetch_related(reports)
        .order_by("date", "start_time", "pk")
    )
    people: dict[int, Person] = {}
    if manage:
        people = {p.pk: p for p in members_of(user, cell)}
        _attach_forecast(cell, year, meetings, settings, people)
    months = [PlanMonth(month) for month in range(1, 13)]
    for meeting in meetings:
        months[meeting.month - 1].meetings.append(meeting)
    thematic = [m.month for m in meetings if m.kind == MeetingKind.THEMATIC and m.state != MeetingState.CANCELLED]
    return PlanView(
        cell=cell,
        year=year,
        settings=settings,
        months=months,
        can_manage=manage,
        people=people,
        missing_quarters=planning.quarters_missing(thematic) if meetings else [],
        count=len(meetings),
    )


def _attach_forecast(
    cell: Organization, year: int, meetings: Sequence[Meeting], settings: MeetingSettings, people: dict[int, Person]
) -> None:
    start = today()
    upcoming = [m for m in report_meetings(meetings, settings) if m.state == MeetingState.PLANNED and m.date >= start]
    window = {m.pk for m in upcoming}
    counts: dict[int, int] = defaultdict(int)
    last: dict[int, int] = {}
    assigned: dict[int, list[int]] = defaultdict(list)
    for row in _year_reports(cell, year):
        if row["meeting_id"] in window:
            assigned[row["meeting_id"]].append(row["person_id"])
            continue
        counts[row["person_id"]] += 1
        last[row["person_id"]] = max(last.get(row["person_id"], -1), row["meeting__date"].toordinal())
    volunteers: dict[int, list[int]] = defaultdict(list)
    for meeting_id, person_id in (
        Volunteer.objects.filter(meeting_id__in=window)
        .order_by("created_at", "pk")
        .values_list("meeting_id", "person_id")
    ):
        volunteers[meeting_id].append(person_id)
    away: dict[int, set[int]] = defaultdict(set)
    for meeting_id, person_id in (
        Attendance.objects.filter(meeting_id__in=window)
        .exclude(status=AttendanceStatus.PRESENT)
        .values_list("meeting_id", "person_id")
    ):
        away[meeting_id].add(person_id)
    months = [
        rotation.Month(
            key=m.pk,
            day=m.date.toordinal(),
            volunteers=volunteers[m.pk],
            unavailable=away[m.pk],
            assigned=assigned[m.pk],
        )
        for m in upcoming
    ]
    result = rotation.forecast(
        members=list(people), counts=counts, months=months, rules=rotation_rules(settings), last=last
    )
    for meeting in meetings:
        meeting.forecast = result.get(meeting.pk)  # type: ignore[attr-defined]


# --- one meeting ----------------------------------------------------------------------------------


@dataclass
class MeetingView:
    meeting: Meeting
    reports: list[MemberReport]
    documents: list[MeetingDocument]
    attendance: list[Attendance]
    tally: dict[str, int]
    volunteers: list[Volunteer]
    next_meeting: Meeting | None
    can_manage: bool
    rule: MeetingRule | None
    documents_due: dt.date | None

    @property
    def documents_late(self) -> bool:
        """Documents are due a day (per the rule) before the meeting and none is posted by then."""
        if self.documents_due is None or self.meeting.state != MeetingState.PLANNED:
            return False
        on_time = [d for d in self.documents if timezone.localtime(d.uploaded_at).date() <= self.documents_due]
        return today() > self.documents_due and not on_time

    @property
    def reporters(self) -> set[int]:
        return {r.person_id for r in self.reports}


def next_regular(meeting: Meeting) -> Meeting | None:
    """The next planned regular meeting of the same cell after `meeting` (unscoped: the caller checked the cell)."""
    return (
        Meeting.objects.filter(cell_id=meeting.cell_id, kind=MeetingKind.REGULAR, state=MeetingState.PLANNED)
        .filter(Q(date__gt=meeting.date) | Q(date=meeting.date, pk__gt=meeting.pk))
        .exclude(pk=meeting.pk)
        .order_by("date", "pk")
        .first()
    )


def meeting_view(user: User, meeting: Meeting) -> MeetingView:
    manage = can_manage(user, meeting.cell)
    reports = list(
        visible_to(meeting.reports.filter(LIVE).select_related("person"), user).order_by("pk")  # type: ignore[arg-type]
    )
    documents = list(visible_to(meeting.documents.all(), user).order_by("uploaded_at", "pk"))  # type: ignore[arg-type]
    attendance: list[Attendance] = []
    volunteers: list[Volunteer] = []
    following = None
    if manage:
        attendance = list(meeting.attendance.select_related("person").order_by("person__search_name"))
        following = next_regular(meeting)
        volunteers = list(
            Volunteer.objects.filter(named_at=meeting).select_related("person", "meeting").order_by("created_at")
        )
    tally = {status: 0 for status in AttendanceStatus.values}
    for row in attendance:
        tally[row.status] += 1
    rule = rule_on(meeting.date)
    return MeetingView(
        meeting=meeting,
        reports=reports,
        documents=documents,
        attendance=attendance,
        tally=tally,
        volunteers=volunteers,
        next_meeting=following,
        can_manage=manage,
        rule=rule,
        documents_due=documents_deadline(meeting, rule),
    )


def attendance_rows(meeting: Meeting, members: list[Person]) -> list[tuple[Person, Attendance | None]]:
    recorded = {a.person_id: a for a in meeting.attendance.all()}
    return [(person, recorded.get(person.pk)) for person in members]


# --- one report -----------------------------------------------------------------------------------


@dataclass
class ReportView:
    report: MemberReport
    events: list[MemberReportEvent]
    comments: list[ReportComment]
    corrections: list[ReportCorrection]
    roles: set[workflow.Role]
    actions: set[workflow.Action]

    @property
    def is_reporter(self) -> bool:
        return workflow.Role.REPORTER in self.roles

    @property
    def is_committee(self) -> bool:
        return workflow.Role.COMMITTEE in self.roles

    @property
    def can_edit(self) -> bool:
        return workflow.Action.SAVE in self.actions


def report_view(user: User, report: MemberReport) -> ReportView:
    roles = roles_on(user, report, report.meeting.cell)
    events = list(report.events.select_related("actor__person").order_by("at", "pk"))
    for event in events:
        event.actor_name = display_name(event.actor)  # type: ignore[attr-defined]
    return ReportView(
        report=report,
        events=events,
        comments=list(report.comments.select_related("speaker").order_by("created_at", "pk")),
        corrections=list(report.corrections.select_related("shortcoming").order_by("position", "pk")),
        roles=roles,
        actions=workflow.available_actions(report.state, roles),
    )


def report_queryset() -> QuerySet[MemberReport]:
    return MemberReport.objects.select_related("person__cell", "meeting__cell", "meeting__theme")
