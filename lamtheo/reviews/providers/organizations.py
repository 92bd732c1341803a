"""Members by status and kind, officials, civil servants, and the cells of the subtree, for the period.

The people are the population of `lamtheo.reviews.population` (taken on the period's last day, at
the cell they were in then); the cells those in force at some time in the period.
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from lamtheo.organizations.models import CELL_KINDS, Organization

from .. import population
from ..figures import BaseProvider, Indicator, Key, Rate, Scope, register


def people_counts(scope: Scope) -> dict[Key, dict[str, int]]:
    """The population of the subtree (shared with the other providers; see `population.counts`)."""
    return population.counts(scope)


@register
class OrganizationsProvider(BaseProvider):
    key = "organizations"
    title = _("Units and members")
    order = 10
    indicators = (
        Indicator("organizations.cells", _("Cells"), headline=True),
        Indicator("organizations.people", _("People (members and non-member officials)")),
        Indicator("organizations.members", _("Party members"), headline=True),
        Indicator("organizations.full", _("Full members")),
        Indicator("organizations.probationary", _("Probationary members")),
        Indicator("organizations.officials", _("Non-member officials")),
        Indicator("organizations.civil_servants", _("Cadres, civil servants and public employees (members or not)")),
        Indicator("organizations.civil_servant_members", _("Party members who are cadres or civil servants")),
        Indicator("organizations.counted_units", _("Units whose figures were entered as counts (no names)")),
    )
    rates = (
        Rate(
            "organizations.probationary_share",
            _("Share of probationary members (of party members)"),
            "organizations.probationary",
            "organizations.members",
        ),
    )

    def compute(self, scope: Scope) -> dict[Key, dict[str, int]]:
        people = people_counts(scope)
        active = (Q(valid_from__isnull=True) | Q(valid_from__lte=scope.date_to)) & (
            Q(valid_to__isnull=True) | Q(valid_to__gte=scope.date_from)
        )
        cells = scope.grouped(
            Organization.objects.filter(active, kind__in=CELL_KINDS),
            org="",
            counts={"cells": Count("pk")},
        )
        for key, counts in cells.items():
            people.setdefault(key, {}).update(counts)
        for key, counts in population.counted(scope).items():
            people.setdefault(key, {})["counted_units"] = counts["counted_units"]
        return people
