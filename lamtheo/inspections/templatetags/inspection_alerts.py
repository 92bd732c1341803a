"""`{% inspection_alerts %}`: overdue requirements on the home page, for the unit that must report
and for the team and committee that follow them (at most two queries)."""

from __future__ import annotations

from typing import Any

from django import template

from lamtheo.inspections import selectors

register = template.Library()


@register.inclusion_tag("inspections/_alerts.html", takes_context=True)
def inspection_alerts(context: template.Context) -> dict[str, Any]:
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return {"alerts": selectors.Alerts()}
    return {"alerts": selectors.alerts(user)}
