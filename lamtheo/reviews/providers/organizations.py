"""Members by status and kind, and the cells, of the subtree (as they stand when computed)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from lamtheo.organizations.models import CELL_KINDS, MemberStatus, Organization, Person, PersonKind

from ..figures import BaseProvider, Indicator, Key, Rate, Scope, register


def people_counts(scope: Scope) -> dict[Key, dict[str, int]]:
    """People of the subtree by kind and status (one query, shared with the notebook provider)."""

    def query() -> dict[Key, dict[str, int]]:
        member = Q(kind=PersonKind.MEMBER)
        return scope.grouped(
            Person.objects.all(),
            org="cell",
            counts={
                "people": Count("pk"),
                "members": Count("pk", filter=member),
                "full": Count("pk", filter=member & ~Q(member_status=MemberStatus.PROBATIONARY)),
                "probationary": Count("pk", filter=member & Q(member_status=MemberStatus.PROBATIONARY)),
                "officials": Count("pk", filter=~member),
            },
        )

    shared: dict[Key, dict[str, int]] = scope.shared("organizations.people", query)
    return {key: dict(counts) for key, counts in shared.items()}


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
    )
    rates = (
        Rate(
            "organizations.probationary_share",
            _("Share of probationary members"),
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
        return people
