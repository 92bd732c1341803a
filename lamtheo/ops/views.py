"""Error pages that need code: the CSRF failure page (the 400/403/404/500 pages are templates)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """Django's default CSRF page is English and technical; this one says what to do."""
    return HttpResponse(render_to_string("ops/csrf.html", request=request), status=403)
