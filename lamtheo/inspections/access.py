"""The team's temporary, read-only reach of the inspected units' data.

Registered with `lamtheo.organizations.scoping.register_grant_source`: while an inspection is
open (state "open"), each member of its team reads, with VIEW only, the rows of the models
below that belong to an inspected unit's subtree and to the covered period (the years of the
period for year-bound records, the dates for dated ones). When the inspection is concluded or
closed the rows drop out again. Other models (and every write capability) are untouched.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Model, Q

# model label -> (lookup of its period, "year" | "date" | "" for undated rows such as the units themselves)
PERIOD_LOOKUPS: dict[str, tuple[str, str]] = {
    "organizations.organization": ("", ""),
    "organizations.person": ("", ""),
    "notebook.registration": ("year", "year"),
    "notebook.pledge": ("registration__year", "year"),
    "notebook.registrationevent": ("registration__year", "year"),
    "notebook.selfreport": ("registration__year", "year"),
    "notebook.selfreportitem": ("report__registration__year", "year"),
    "notebook.evidence": ("report__registration__year", "year"),
    "notebook.evaluation": ("year", "year"),
    "notebook.shortcoming": ("year", "year"),
    "meetings.meeting": ("date", "date"),
    "meetings.memberreport": ("meeting__date", "date"),
    "meetings.attendance": ("meeting__date", "date"),
}

_CACHE_ATTR = "_lamtheo_inspection_grants"

Grant = tuple[str, dt.date, dt.date]  # (unit path, period from, period to)


def open_grants(user: Any) -> list[Grant]:
    """(unit path, period) of the open inspections whose team the user is on; one query, cached on the user."""
    cached = user.__dict__.get(_CACHE_ATTR)
    if cached is None:
        from .models import InspectedUnit, InspectionState

        cached = list(
            InspectedUnit.objects.filter(inspection__state=InspectionState.OPEN, inspection__team__user_id=user.pk)
            .values_list("unit__path", "inspection__period_from", "inspection__period_to")
            .distinct()
        )
        user.__dict__[_CACHE_ATTR] = cached
    return cached  # type: ignore[no-any-return]


def forget(user: Any) -> None:
    """Drop the cached grants (after the user's team roles or an inspection's state changed)."""
    user.__dict__.pop(_CACHE_ATTR, None)


def team_grant(user: Any, model: type[Model]) -> Q | None:
    lookup = PERIOD_LOOKUPS.get(model._meta.label_lower)
    if lookup is None or not getattr(user, "pk", None):
        return None
    grants = open_grants(user)
    if not grants:
        return None
    field: str = model.SCOPE_PATH  # type: ignore[attr-defined]
    name, kind = lookup
    condition = Q(pk__in=[])
    for path, date_from, date_to in grants:
        part = Q(**{f"{field}__startswith": path})
        if kind == "year":
            part &= Q(**{f"{name}__gte": date_from.year, f"{name}__lte": date_to.year})
        elif kind == "date":
            part &= Q(**{f"{name}__gte": date_from, f"{name}__lte": date_to})
        condition |= part
    return condition
