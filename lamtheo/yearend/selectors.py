"""Reads of the year end, all through the scoping function: sessions, rounds, moderation lists,
the upheld comments a person reads (text only), the grading rule and its cap, and the evidence
sheets of a member or a whole cell in a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from lamtheo.meetings.models import PRESENTED_STATES, MemberReport, ReportCorrection
from lamtheo.notebook.models import Evaluation, EvaluationLevel, Registration, SelfReport, SelfReportItem, Shortcoming
from lamtheo.organizations.models import Organization, Person
from lamtheo.organizations.scoping import Capability, visible_to
from lamtheo.organizations.selectors import reaches

from .models import (
    CapBase,
    CommentRound,
    CommentStatus,
    EthicsReview,
    EthicsSession,
    GradingRule,
    MassComment,
    MassOrganization,
    QuarterGrade,
    RoundSubject,
)

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

MIN_YEAR, MAX_YEAR = 2006, 2100
LIST_LIMIT = 50
PEOPLE_LIMIT = 400


def today() -> dt.date:
    return timezone.localdate()


def period_of(year: int, quarter: int | None) -> tuple[dt.date, dt.date]:
    """The days of a year, or of one of its quarters."""
    if not quarter:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    first = dt.date(year, 3 * quarter - 2, 1)
    last = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, 3 * quarter + 1, 1)
    return first, last - dt.timedelta(days=1)


# --- lists ----------------------------------------------------------------------------------------


def sessions_of(user: User, organization: Organization | None = None) -> list[EthicsSession]:
    qs = visible_to(EthicsSession.objects.all(), user)
    if organization is not None:
        qs = qs.filter(organization=organization)
    return list(qs.select_related("organization").annotate(people=Count("reviews", distinct=True))[:LIST_LIMIT])


def rounds_of(user: User, organization: Organization | None = None) -> list[CommentRound]:
    """The rounds the user runs (the committee's list: comments are never shown to others)."""
    qs = visible_to(CommentRound.objects.all(), user, Capability.REVIEW)
    if organization is not None:
        qs = qs.filter(organization=organization)
    return list(
        qs.select_related("organization").annotate(
            people=Count("subjects", distinct=True),
            received=Count("subjects__comments", distinct=True),
            pending=Count("subjects__comments", filter=Q(subjects__comments__status="pending"), distinct=True),
        )[:LIST_LIMIT]
    )


def my_reviews(user: User) -> list[EthicsReview]:
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return []
    qs = visible_to(EthicsReview.objects.filter(person_id=person_id), user)
    return list(qs.select_related("session__organization").order_by("-session__date_to", "-pk")[:LIST_LIMIT])


@dataclass
class UpheldGroup:
    round_title: str
    texts: list[str]


def upheld_about(user: User, person: Person) -> list[UpheldGroup]:
    """The upheld comments on `person`, text only (never who wrote them or how they came in)."""
    qs = visible_to(MassComment.objects.filter(subject__person=person, status=CommentStatus.UPHELD), user).order_by(
        "subject__round__date_to", "subject__round_id", "moderated_at", "pk"
    )
    groups: dict[str, UpheldGroup] = {}
    for title, text in qs.values_list("subject__round__title", "text"):
        groups.setdefault(title, UpheldGroup(title, [])).texts.append(text)
    return list(groups.values())


def people_choices(organization: Organization) -> QuerySet[Person]:
    """The people of the unit's subtree (for naming who is under review), bounded."""
    return (
        Person.objects.filter(cell__path__startswith=organization.path)
        .select_related("cell")
        .order_by("search_name", "pk")
    )


def session_reviews(session: EthicsSession) -> list[EthicsReview]:
    return list(session.reviews.select_related("person", "registration").annotate(n_corrections=Count("corrections")))


def review_detail(review: EthicsReview) -> dict[str, Any]:
    registration = None
    if review.registration_id:
        registration = Registration.objects.filter(pk=review.registration_id).prefetch_related("pledges").first()
    return {
        "comments": list(review.comments.all()),
        "corrections": list(review.corrections.select_related("shortcoming")),
        "registration": registration,
        "pledges": list(registration.pledges.all()) if registration else [],
    }


@dataclass
class SubjectComments:
    subject: RoundSubject
    comments: list[MassComment] = field(default_factory=list)

    @property
    def pending(self) -> int:
        return sum(1 for c in self.comments if c.status == CommentStatus.PENDING)


def moderation(round_: CommentRound) -> list[SubjectComments]:
    """Every comment of the round by person under review (2 queries)."""
    subjects = [SubjectComments(s) for s in round_.subjects.select_related("person")]
    by_pk = {s.subject.pk: s for s in subjects}
    for comment in MassComment.objects.filter(subject__round=round_).select_related("mass_organization"):
        by_pk[comment.subject_id].comments.append(comment)
    return subjects


def public_subjects(round_: CommentRound) -> list[RoundSubject]:
    return list(round_.subjects.select_related("person"))


def mass_organizations() -> QuerySet[MassOrganization]:
    return MassOrganization.objects.filter(active=True)


# --- grading rule and the cap ---------------------------------------------------------------------


def rule_for(day: dt.date) -> GradingRule | None:
    return (
        GradingRule.objects.filter(valid_from__lte=day)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
        .order_by("-valid_from")
        .first()
    )


@dataclass
class CapCheck:
    rule: GradingRule | None
    counts: dict[str, int]
    excellent: int = 0
    base: int = 0
    allowed: int | None = None  # None: no cap in the rule

    @property
    def exceeded(self) -> bool:
        return self.allowed is not None and self.excellent > self.allowed


def cap_check(rule: GradingRule | None, grades: list[str]) -> CapCheck:
    """How many may be graded 'excellent' under the rule's cap, and whether the grades pass it.

    With base "good" (HD 21-HD/BTCTW, 2019) the cap counts those graded 'well fulfilled'; with
    "all", every member graded. The allowed number is rounded down.
    """
    counts: dict[str, int] = defaultdict(int)
    for grade in grades:
        counts[grade] += 1
    check = CapCheck(rule, dict(counts), excellent=counts[EvaluationLevel.EXCELLENT])
    if rule is None or rule.cap_percent is None:
        return check
    check.base = counts[EvaluationLevel.GOOD] if rule.cap_base == CapBase.GOOD else len(grades)
    check.allowed = int(Fraction(check.base * rule.cap_percent, 100))
    return check


def grade_for_score(rule: GradingRule | None, score: int | None) -> str:
    """The grade a score reaches under the rule (the first whose minimum it meets)."""
    if rule is None or score is None:
        return ""
    for grade in rule.grades:
        if score >= int(grade.get("min_score", 0)):
            return str(grade.get("code", ""))
    return ""


@dataclass
class GradeRow:
    person: Person
    grade: str
    score: int | None

    @property
    def label(self) -> str:
        return str(EvaluationLevel(self.grade).label) if self.grade in EvaluationLevel.values else ""


def cell_grades(user: User, cell: Organization, year: int, quarter: int | None) -> list[GradeRow]:
    """The members' grades: the cell's evaluation level for a year, the quarterly grade otherwise."""
    members = list(visible_to(Person.objects.filter(cell=cell), user).order_by("search_name", "pk")[:PEOPLE_LIMIT])
    ids = [p.pk for p in members]
    if quarter:
        found = {
            g.person_id: (g.grade, g.score)
            for g in visible_to(QuarterGrade.objects.filter(person_id__in=ids, year=year, quarter=quarter), user)
        }
    else:
        found = {
            e.person_id: (e.level, None)
            for e in visible_to(Evaluation.objects.filter(person_id__in=ids, year=year), user)
        }
    return [GradeRow(p, *found.get(p.pk, ("", None))) for p in members]


# --- evidence sheets ------------------------------------------------------------------------------


@dataclass
class Sheet:
    """One member's evidence for a year or a quarter."""

    person: Person
    year: int
    quarter: int | None
    registration: Registration | None = None
    self_reports: list[SelfReport] = field(default_factory=list)
    evaluation: Evaluation | None = None
    grade: str = ""
    score: int | None = None
    meeting_reports: list[MemberReport] = field(default_factory=list)
    corrections: list[ReportCorrection] = field(default_factory=list)
    shortcomings: list[Shortcoming] = field(default_factory=list)
    ethics: list[EthicsReview] = field(default_factory=list)
    upheld: list[str] = field(default_factory=list)


def sheets(user: User, people: list[Person], year: int, quarter: int | None = None) -> list[Sheet]:
    """The evidence sheets of `people` (already scoped by the caller) in about a dozen queries,
    whatever their number: every read is one query over all of them."""
    first, last = period_of(year, quarter)
    ids = [p.pk for p in people]
    out = {p.pk: Sheet(p, year, quarter) for p in people}
    registrations = visible_to(
        Registration.objects.filter(person_id__in=ids, year=year, is_current=True), user
    ).prefetch_related("pledges")
    for registration in registrations:
        out[registration.person_id].registration = registration  # type: ignore[index]
    reports = (
        visible_to(SelfReport.objects.filter(registration__person_id__in=ids, registration__year=year), user)
        .filter(registration__is_current=True)
        .select_related("registration")
        .prefetch_related(
            Prefetch("items", queryset=SelfReportItem.objects.select_related("pledge").order_by("pledge__position"))
        )
        .order_by("period")
    )
    for report in reports:
        out[report.registration.person_id].self_reports.append(report)  # type: ignore[index]
    for evaluation in visible_to(Evaluation.objects.filter(person_id__in=ids, year=year), user):
        sheet = out[evaluation.person_id]
        sheet.evaluation = evaluation
        if not quarter:
            sheet.grade = evaluation.level
    if quarter:
        for grade in visible_to(QuarterGrade.objects.filter(person_id__in=ids, year=year, quarter=quarter), user):
            out[grade.person_id].grade, out[grade.person_id].score = grade.grade, grade.score
    meeting_reports = (
        visible_to(MemberReport.objects.filter(person_id__in=ids, meeting__date__range=(first, last)), user)
        .filter(state__in=list(PRESENTED_STATES))
        .select_related("meeting")
        .prefetch_related("corrections__shortcoming")
        .order_by("meeting__date", "pk")
    )
    for member_report in meeting_reports:
        sheet = out[member_report.person_id]
        sheet.meeting_reports.append(member_report)
        sheet.corrections.extend(member_report.corrections.all())
    shortcomings = visible_to(Shortcoming.objects.filter(person_id__in=ids), user).filter(
        Q(year=year) | Q(created_at__date__range=(first, last))
    )
    for shortcoming in shortcomings.order_by("created_at", "pk"):
        out[shortcoming.person_id].shortcomings.append(shortcoming)
    ethics = (
        visible_to(EthicsReview.objects.filter(person_id__in=ids), user)
        .filter(session__date_from__lte=last, session__date_to__gte=first)
        .select_related("session")
        .prefetch_related("corrections")
        .order_by("session__date_to", "pk")
    )
    for review in ethics:
        out[review.person_id].ethics.append(review)
    upheld = visible_to(
        MassComment.objects.filter(subject__person_id__in=ids, status=CommentStatus.UPHELD), user
    ).filter(subject__round__date_from__lte=last, subject__round__date_to__gte=first)
    for person_id, text in upheld.order_by("moderated_at", "pk").values_list("subject__person_id", "text"):
        out[person_id].upheld.append(text)
    return [out[pk] for pk in ids]


def can_read_person(user: User, person: Person) -> bool:
    return getattr(user, "person_id", None) == person.pk or reaches(user, person.cell, Capability.VIEW)
