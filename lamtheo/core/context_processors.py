from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from lamtheo.organizations.models import CELL_KINDS
from lamtheo.organizations.scoping import ROLE_CAPABILITIES, Capability, active_assignments, has_capability
from lamtheo.organizations.selectors import CELL_ROLES


def _optional_url(name: str) -> str | None:
    """The URL of a page that a later app may add (e.g. the notebook); None until it exists."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Menu entries by what the user may do.

    Costs no query beyond the user's role assignments (cached on the user for the request) and
    the user's Person, which the page has usually loaded already.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    assignments = active_assignments(user)  # type: ignore[arg-type]
    person = getattr(user, "person", None) if getattr(user, "person_id", None) else None
    cells: list[Any] = []  # cells the user runs (secretary, deputy, cell committee)
    for a in assignments:
        if a.role in CELL_ROLES and a.organization.kind in CELL_KINDS and a.organization not in cells:
            cells.append(a.organization)
    # A role that sees more than one cell: committee members, assisting units, inspectors, admins.
    above_cell = user.is_superuser or any(
        Capability.VIEW in ROLE_CAPABILITIES.get(a.role, frozenset()) and a.organization.kind not in CELL_KINDS
        for a in assignments
    )
    own_cell_id = person.cell_id if person is not None else None
    view_tree = has_capability(user, Capability.VIEW)  # type: ignore[arg-type]
    # The unit whose notebooks the user follows: the first node where a role lets them see members.
    overview_org_id = next(
        (a.organization_id for a in assignments if Capability.VIEW in ROLE_CAPABILITIES.get(a.role, frozenset())),
        None,
    )
    return {
        "nav": {
            "view_tree": view_tree,
            "manage_tree": has_capability(user, Capability.MANAGE_TREE),  # type: ignore[arg-type]
            "manage_people": has_capability(user, Capability.MANAGE_PEOPLE),  # type: ignore[arg-type]
            "manage_accounts": has_capability(user, Capability.MANAGE_ACCOUNTS),  # type: ignore[arg-type]
            "view_audit": has_capability(user, Capability.VIEW_AUDIT),  # type: ignore[arg-type]
            "above_cell": above_cell,
            "person_id": person.pk if person is not None else None,
            "own_cell_id": own_cell_id,
            "cells": [c for c in cells if c.pk != own_cell_id],  # the own cell has its "My cell" entry
            "role_cell_ids": [c.pk for c in cells],
            "notebook_url": _optional_url("notebook:mine") if person is not None else None,
            "notebook_overview_org_id": overview_org_id,
            "campaigns_url": _optional_url("campaigns:home") if (view_tree or person is not None) else None,
            "meetings_url": _optional_url("meetings:home") if (view_tree or person is not None) else None,
            "study_url": _optional_url("study:index") if (view_tree or person is not None) else None,
            "contests_url": _optional_url("contests:index")
            if (view_tree or person is not None or any(a.role == "judge" for a in assignments))
            else None,
            "honours_url": _optional_url("honours:index") if view_tree else None,
            "inspections_url": _optional_url("inspections:home")
            if (above_cell or has_capability(user, Capability.MANAGE_CAMPAIGN))  # type: ignore[arg-type]
            else None,
            "yearend_url": _optional_url("yearend:home") if (view_tree or person is not None) else None,
            "reviews_url": _optional_url("reviews:home")
            if (above_cell or has_capability(user, Capability.WRITE_REVIEW))  # type: ignore[arg-type]
            else None,
        }
    }
