"""Study classes: participation of members and officials by block and child unit, classes, essays.

Registers only when the study app's models exist (imported lazily). Semantics follow
`lamtheo.study.figures.study_figures`: the eligible people are those whose cell membership is
open on the last day of the period (or today, if earlier), in the node's subtree; a person
*participated* when they attended at least one class that started in the period (each person
once, whatever the number of classes or themes). Classes and their attendances (named and
mass counts, "lượt người") count at the organising unit; essays sent or assessed at the author's
cell, by the years the period touches.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.organizations.models import Membership, PersonKind

from ..figures import BaseProvider, Indicator, Key, Rate, Scope, register


def _models_exist() -> bool:
    try:
        apps.get_model("study", "StudySession")
        apps.get_model("study", "Attendance")
        apps.get_model("study", "Essay")
    except LookupError:
        return False
    return True


class StudyProvider(BaseProvider):
    key = "study"
    title = _("Study classes")
    order = 20
    cost = 2
    indicators = (
        Indicator("study.members_eligible", _("Party members to study")),
        Indicator("study.members_attended", _("Party members who attended a class")),
        Indicator("study.officials_eligible", _("Non-member officials to study")),
        Indicator("study.officials_attended", _("Non-member officials who attended a class")),
        Indicator("study.sessions", _("Classes organised")),
        Indicator("study.attendances", _("Attendances at the classes organised (named and mass)")),
        Indicator("study.essays", _("Essays sent")),
        Indicator("study.essays_assessed", _("Essays assessed")),
    )
    rates = (
        Rate(
            "study.members_rate",
            _("Study participation of party members"),
            "study.members_attended",
            "study.members_eligible",
            headline=True,
        ),
        Rate(
            "study.officials_rate",
            _("Study participation of non-member officials"),
            "study.officials_attended",
            "study.officials_eligible",
        ),
        Rate("study.assessed_share", _("Share of essays assessed"), "study.essays_assessed", "study.essays"),
    )

    def compute(self, scope: Scope) -> dict[Key, dict[str, int]]:
        session_model = apps.get_model("study", "StudySession")
        attendance_model = apps.get_model("study", "Attendance")
        essay_model = apps.get_model("study", "Essay")
        period = (scope.date_from, scope.date_to)
        as_of = min(scope.date_to, timezone.localdate())
        memberships = Membership.objects.filter(started_on__lte=as_of).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=as_of)
        )
        # "IN (subquery)" rather than a correlated EXISTS: the database hashes the attendees once.
        attendees = attendance_model.objects.filter(session__starts_on__range=period).values("person_id")
        member, official = Q(person__kind=PersonKind.MEMBER), ~Q(person__kind=PersonKind.MEMBER)
        came = Q(person_id__in=attendees)
        result = scope.grouped(
            memberships,
            org="cell",
            counts={
                "members_eligible": Count("pk", filter=member),
                "members_attended": Count("pk", filter=member & came),
                "officials_eligible": Count("pk", filter=official),
                "officials_attended": Count("pk", filter=official & came),
            },
        )
        sessions = session_model.objects.filter(starts_on__range=period)
        for key, counts in scope.grouped(
            sessions,
            org="organization",
            counts={"sessions": Count("pk"), "mass": Sum("mass_count")},
        ).items():
            target = result.setdefault(key, {})
            target["sessions"] = counts["sessions"]
            target["attendances"] = target.get("attendances", 0) + counts["mass"]
        for key, counts in scope.grouped(
            attendance_model.objects.filter(session__starts_on__range=period),
            org="session__organization",
            counts={"named": Count("pk")},
        ).items():
            target = result.setdefault(key, {})
            target["attendances"] = target.get("attendances", 0) + counts["named"]
        essays = essay_model.objects.filter(year__in=scope.years).exclude(state="draft")
        for key, counts in scope.grouped(
            essays,
            org="cell",
            counts={"essays": Count("pk"), "essays_assessed": Count("pk", filter=Q(state="assessed"))},
        ).items():
            result.setdefault(key, {}).update(counts)
        return result


if _models_exist():
    register(StudyProvider)
