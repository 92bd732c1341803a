from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from lamtheo.organizations import selectors


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Landing page by role: member → my notebook/cell; secretary → my cell; committee → subtree."""
    context = selectors.home_context(request.user)  # type: ignore[arg-type]
    return render(request, "core/home.html", context)


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
