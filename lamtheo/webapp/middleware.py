"""One submit per tap on the server side: a repeated POST with the same key is the same POST.

Every POST form gets a random `_submit_key` from static/js/lamtheo-forms.js (kept with the draft,
so a draft resent after the line dropped carries the key of the first try). The first request with
a key runs the view; when it answers with a redirect (the pattern of every save in lamtheo), the
redirect is kept and any repeat gets it at once, without saving twice. A repeat that arrives while
the first one still runs waits for its answer. Answers that are not a success (form errors, the
login page, a refused version) give the key back, so fixing and sending again works.

The key is only trusted per user and per path, and only for logged-in users.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render, resolve_url

from . import services
from .services import Claim

KEY_FIELD = "_submit_key"
SENT_COOKIE = "lamtheo_sent"
KEY_PATTERN = re.compile(r"^[A-Za-z0-9-]{16,64}$")
WAIT_SECONDS = 15.0


class IdempotencyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = submit_key(request)
        if key is None:
            return self.get_response(request)
        state, row = services.claim(request.user, key, request.path)
        if state is Claim.BUSY and row is not None:
            row = services.wait_for(row, WAIT_SECONDS)
            if row is None:  # the first try failed and gave the key back: this one runs
                state, row = services.claim(request.user, key, request.path)
            elif row.location:
                state = Claim.DONE
            else:
                return render(request, "webapp/busy.html", status=409)
        if state is Claim.DONE and row is not None:
            return with_sent_cookie(request, HttpResponseRedirect(row.location), key)
        try:
            response = self.get_response(request)
        except Exception:
            if row is not None:
                services.release(row)
            raise
        if row is None:
            return response
        if is_success(response):
            services.finish(row, response["Location"])
            return with_sent_cookie(request, response, key)
        services.release(row)
        return response


def submit_key(request: HttpRequest) -> str | None:
    """The key of a form POST by a logged-in user (not htmx partial requests)."""
    if request.method != "POST" or request.headers.get("HX-Request"):
        return None
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    key = str(request.POST.get(KEY_FIELD, ""))
    return key if KEY_PATTERN.match(key) else None


def _path(url: str) -> str:
    return urlsplit(url).path


def is_success(response: HttpResponse) -> bool:
    """A redirect that is not to the login or password-change page."""
    if response.status_code not in (301, 302, 303) or not response.has_header("Location"):
        return False
    target = _path(response["Location"])
    refused = {_path(resolve_url(settings.LOGIN_URL)), _path(resolve_url("accounts:password_change"))}
    return target not in refused


def with_sent_cookie(request: HttpRequest, response: HttpResponse, key: str) -> HttpResponse:
    """Tell the page (static/js/lamtheo-forms.js) that the server has this submission: its draft goes."""
    known = [k for k in str(request.COOKIES.get(SENT_COOKIE, "")).split(".") if KEY_PATTERN.match(k)]
    keys = [*[k for k in known if k != key][-4:], key]
    response.set_cookie(SENT_COOKIE, ".".join(keys), max_age=300, samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
    return response
