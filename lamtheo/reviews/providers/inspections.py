"""Inspections and supervision: units inspected or supervised, findings, requirements remedied and overdue.

Registers only when the inspections app's models exist. Rows count at the inspected unit (an
inspection of a cell counts under the cell's branch of the node). An inspection counts in the
period when its team started work in it (`starts_on`) and it is no longer just planned; its
findings count with it. A requirement counts when its deadline falls in the period: remedied
when the team accepted the unit's report, overdue when it was not accepted and its deadline had
passed by the end of the period (or today, for a period not yet over).
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count, Q
from django.utils import timezone

from lamtheo.inspections import labels

from ..figures import BaseProvider, Indicator, Key, Rate, Scope, register


def _models_exist() -> bool:
    try:
        apps.get_model("inspections", "Inspection")
    except LookupError:
        return False
    return True


class InspectionsProvider(BaseProvider):
    key = "inspections"
    title = labels.TITLE
    order = 60
    cost = 1
    indicators = tuple(Indicator(f"inspections.{name}", label) for name, label in labels.INDICATORS.items())
    rates = (
        Rate("inspections.remedied_rate", labels.REMEDIED_RATE, "inspections.remedied", "inspections.requirements"),
    )

    def compute(self, scope: Scope) -> dict[Key, dict[str, int]]:
        inspected_unit = apps.get_model("inspections", "InspectedUnit")
        requirement = apps.get_model("inspections", "Requirement")
        period = (scope.date_from, scope.date_to)
        started = ~Q(inspection__state="planned") & Q(inspection__starts_on__range=period)
        result = scope.grouped(  # the units and their findings: one query
            inspected_unit.objects.filter(started),
            org="unit",
            counts={
                "inspected": Count("pk", distinct=True, filter=Q(inspection__kind="inspection")),
                "supervised": Count("pk", distinct=True, filter=Q(inspection__kind="supervision")),
                "strengths": Count("findings", filter=Q(findings__kind="strength")),
                "shortcomings": Count("findings", filter=Q(findings__kind="shortcoming")),
            },
        )
        cutoff = min(scope.date_to, timezone.localdate())
        due = scope.grouped(
            requirement.objects.filter(deadline__range=period, inspection__state__in=["concluded", "closed"]),
            org="unit",
            counts={
                "requirements": Count("pk"),
                "remedied": Count("pk", filter=Q(state="accepted")),
                "overdue": Count("pk", filter=~Q(state="accepted") & Q(deadline__lt=cutoff)),
            },
        )
        for key, counts in due.items():
            result.setdefault(key, {}).update(counts)
        return result


if _models_exist():
    register(InspectionsProvider)
