"""`{% load notebook_results %}{% notebook_results person year %}`: the results part of a notebook.

Shows the self-reports per period (item results, evidence thumbnails), the cell's evaluation
(text, level, written by whom and when) and links to write them where the viewer may.
"""

from __future__ import annotations

from typing import Any

from django import template

from lamtheo.notebook.selectors_results import notebook_results as load_results
from lamtheo.notebook.selectors_results import writer_name

register = template.Library()


@register.inclusion_tag("notebook/_results_section.html", takes_context=True)
def notebook_results(context: template.Context, person: Any, year: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    results = load_results(user, person, int(year))  # type: ignore[arg-type]
    return {"results": results, "request": request, "user": user}


@register.filter
def written_by(user: Any) -> str:
    """The display name of whoever wrote or entered something."""
    return writer_name(user)


@register.filter
def notebook_link(person_id: Any, year: Any) -> str:
    """The URL of a person's notebook page for `year`."""
    from lamtheo.notebook.views_results import notebook_url

    return notebook_url(int(person_id), int(year))


@register.filter
def registration_state(value: str) -> str:
    from lamtheo.notebook.models import RegistrationState

    try:
        return str(RegistrationState(value).label)
    except ValueError:
        return value
