"""The installable app: the service worker (served from the root so it controls every page),
the web app manifest and the page shown offline. None of them holds user data."""

from __future__ import annotations

import hashlib
import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

# The shell: what every page needs, cached when the service worker installs.
SHELL_ASSETS = [
    "css/lamtheo.css",
    "css/forms.css",
    "js/lamtheo-forms.js",
    "django_htmx/htmx-2.min.js",
    "vendor/bootstrap-icons/icons.svg",
    "css/notebook-reg.css",
    "css/notebook_results.css",
    "css/meetings.css",
    "css/study.css",
    "webapp/icon-192.png",
]


def shell_urls() -> list[str]:
    return [reverse("webapp:offline"), *(static(name) for name in SHELL_ASSETS)]


@require_GET
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    shell = shell_urls()
    context = {
        "shell_json": json.dumps(shell),  # static URLs: no quote, no "<"
        # A new shell (new hashed asset names) is a new worker: old caches are dropped on activation.
        "version": hashlib.sha256("\n".join(shell).encode()).hexdigest()[:12],
        "offline_url": reverse("webapp:offline"),
        "notebook_url": reverse("notebook:mine"),
    }
    body = render_to_string("webapp/sw.js", context, request=request)
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
@cache_control(max_age=86400)
def manifest(request: HttpRequest) -> JsonResponse:
    data = {
        "name": _("Study and follow"),
        "short_name": _("Follow Uncle Ho"),
        "description": _("The notebook, meetings and study of the campaign, for Party members and cells."),
        "lang": request.LANGUAGE_CODE,
        "start_url": reverse("core:home"),
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": "#b3141b",
        "background_color": "#f6f5f2",
        "icons": [
            {"src": static("webapp/icon-192.png"), "sizes": "192x192", "type": "image/png", "purpose": "any"},
            {"src": static("webapp/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any"},
            {
                "src": static("webapp/icon-maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """Shown by the service worker for a page never opened on this device while the line is down."""
    return render(request, "webapp/offline.html")
