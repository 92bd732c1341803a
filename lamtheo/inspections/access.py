"""The team's temporary, read-only reach of the inspected units' data.

Registered with `lamtheo.organizations.scoping.register_grant_source`: while an inspection is
open (state "open"), each member of its team reads, with VIEW only, the rows of the models
below that belong to an inspected unit's subtree and to the covered period (the years of the
period for year-bound records, the dates for dated ones). Other models, and every write
capability, are untouched.

Cost: nothing for everyone else. The grants a user holds are looked up (one query) when a team
member opens the inspection pages (`refresh`), kept in their session and put on the request's
user by `GrantsMiddleware`; `visible_to` then adds, per grant, the unit's rows of the period AND
an uncorrelated EXISTS that the inspection is still open with the user on its team and the same
unit and period. So the reach ends the moment the inspection is concluded or closed, whatever
the session holds, at no extra round trip: users without grants get exactly the old query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Exists, Model, Q
from django.http import HttpRequest, HttpResponse

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

SESSION_KEY = "lamtheo_inspection_grants"
_ATTR = "_lamtheo_inspection_grants"

Grant = tuple[int, str, dt.date, dt.date]  # (inspection id, unit path, period from, period to)


def load(user: Any) -> list[Grant]:
    """The user's grants from the database (one query) and put them on the user."""
    from .models import InspectedUnit, InspectionState

    grants: list[Grant] = []
    if getattr(user, "pk", None):
        grants = list(
            InspectedUnit.objects.filter(inspection__state=InspectionState.OPEN, inspection__team__user_id=user.pk)
            .values_list("inspection_id", "unit__path", "inspection__period_from", "inspection__period_to")
            .order_by("inspection_id", "unit__path")
            .distinct()
        )
    attach(user, grants)
    return grants


def attach(user: Any, grants: list[Grant]) -> None:
    setattr(user, _ATTR, grants)


def refresh(request: HttpRequest) -> None:
    """Look the grants up again and keep them in the session (written only when they changed)."""
    grants = load(request.user)
    stored = [[i, p, f.isoformat(), t.isoformat()] for i, p, f, t in grants]
    if request.session.get(SESSION_KEY, []) != stored:
        if stored:
            request.session[SESSION_KEY] = stored
        else:
            request.session.pop(SESSION_KEY, None)


def from_session(request: HttpRequest) -> list[Grant] | None:
    stored = request.session.get(SESSION_KEY)
    if not stored:
        return None
    try:
        return [(int(i), str(p), dt.date.fromisoformat(f), dt.date.fromisoformat(t)) for i, p, f, t in stored]
    except (TypeError, ValueError):
        return None


class GrantsMiddleware:
    """Put the grants kept in the session on the request's user (no query; sessions without them are untouched)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and SESSION_KEY in session:
            grants = from_session(request)
            if grants:
                attach(request.user, grants)
        return self.get_response(request)


def team_grant(user: Any, model: type[Model]) -> Q | None:
    grants: list[Grant] | None = getattr(user, _ATTR, None)
    if not grants:
        return None
    lookup = PERIOD_LOOKUPS.get(model._meta.label_lower)
    if lookup is None or not getattr(user, "pk", None):
        return None
    from .models import InspectedUnit, InspectionState

    field: str = model.SCOPE_PATH  # type: ignore[attr-defined]
    name, kind = lookup
    condition = Q(pk__in=[])
    for inspection_id, path, date_from, date_to in grants:
        still = InspectedUnit.objects.filter(
            inspection_id=inspection_id,
            inspection__state=InspectionState.OPEN,
            inspection__team__user_id=user.pk,
            inspection__period_from=date_from,
            inspection__period_to=date_to,
            unit__path=path,
        )
        part = Q(**{f"{field}__startswith": path})
        if kind == "year":
            part &= Q(**{f"{name}__gte": date_from.year, f"{name}__lte": date_to.year})
        elif kind == "date":
            part &= Q(**{f"{name}__gte": date_from, f"{name}__lte": date_to})
        condition |= part & Q(Exists(still))
    return condition
