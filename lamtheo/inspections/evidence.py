"""Evidence for a criterion from the data of the covered period, for one inspected unit.

Each metric is a (numerator, denominator) pair counted over the unit's whole subtree:

- vague_share: registered items the notebook's pledge quality check (notebook.quality, stored
  as `Pledge.verdict`) marked vague / items of the registrations sent (current versions);
- reviewed_share: registrations the cell committee reviewed (approved or returned) / registrations sent;
- evaluated: collective evaluations written for the years of the period / people of the unit;
- reported: members who presented a report at a cell meeting held in the period / members.

One aggregate query per metric, whatever the unit's size.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q

from lamtheo.meetings.models import PRESENTED_STATES, MemberReport
from lamtheo.notebook.models import Evaluation, Pledge, QualityVerdict, Registration, RegistrationState
from lamtheo.organizations.models import Organization, Person, PersonKind

from .models import Metric

Pair = tuple[int, int]


def _years(date_from: dt.date, date_to: dt.date) -> list[int]:
    return list(range(date_from.year, date_to.year + 1))


def vague_share(unit: Organization, date_from: dt.date, date_to: dt.date) -> Pair:
    counts = (
        Pledge.objects.filter(
            registration__organization__path__startswith=unit.path,
            registration__is_current=True,
            registration__person__isnull=False,
            registration__year__in=_years(date_from, date_to),
        )
        .exclude(registration__state=RegistrationState.DRAFT)
        .aggregate(total=Count("pk"), vague=Count("pk", filter=Q(verdict=QualityVerdict.VAGUE)))
    )
    return counts["vague"], counts["total"]


def reviewed_share(unit: Organization, date_from: dt.date, date_to: dt.date) -> Pair:
    counts = (
        Registration.objects.filter(
            organization__path__startswith=unit.path,
            is_current=True,
            person__isnull=False,
            year__in=_years(date_from, date_to),
        )
        .exclude(state=RegistrationState.DRAFT)
        .aggregate(total=Count("pk"), reviewed=Count("pk", filter=Q(reviewed_at__isnull=False)))
    )
    return counts["reviewed"], counts["total"]


def evaluated(unit: Organization, date_from: dt.date, date_to: dt.date) -> Pair:
    years = _years(date_from, date_to)
    written = Evaluation.objects.filter(organization__path__startswith=unit.path, year__in=years).count()
    people = Person.objects.filter(cell__path__startswith=unit.path).count()
    return written, people * len(years)


def reported(unit: Organization, date_from: dt.date, date_to: dt.date) -> Pair:
    members = Person.objects.filter(cell__path__startswith=unit.path, kind=PersonKind.MEMBER)
    counts = members.aggregate(
        total=Count("pk", distinct=True),
        reported=Count(
            "meeting_reports__person",
            distinct=True,
            filter=Q(
                meeting_reports__state__in=list(PRESENTED_STATES),
                meeting_reports__meeting__date__gte=date_from,
                meeting_reports__meeting__date__lte=date_to,
            ),
        ),
    )
    return counts["reported"], counts["total"]


COMPUTE = {
    Metric.VAGUE_SHARE: vague_share,
    Metric.REVIEWED_SHARE: reviewed_share,
    Metric.EVALUATED: evaluated,
    Metric.REPORTED: reported,
}


def compute(metric: str, unit: Organization, date_from: dt.date, date_to: dt.date) -> Pair | None:
    """The evidence pair of `metric` for `unit`, or None when the criterion has no metric."""
    function = COMPUTE.get(metric)  # type: ignore[call-overload]
    return function(unit, date_from, date_to) if function else None


__all__ = ["COMPUTE", "MemberReport", "compute"]
