"""The public page of a comment round: people without an account comment through its link or QR
code. It reaches only the round of its token, shows only the names of the people under review,
never any comment, and refuses once the round is closed (410) or the link was renewed (404).

The device is recognised by a signed random cookie limited to this path; the service keeps only
salted hashes of it and of the address (one comment per device per person, flood limits).
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from lamtheo.core.forms import apply_errors

from . import selectors, services
from .forms import PublicCommentForm
from .models import CommentRound

COOKIE = "yearend_device"
COOKIE_SALT = "lamtheo.yearend.device"
COOKIE_AGE = 400 * 24 * 3600


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = (
        "same-origin"  # the token never leaves for another site (no-referrer would send Origin: null and fail CSRF)
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@require_http_methods(["GET", "POST"])
def public(request: HttpRequest, token: str) -> HttpResponse:
    round_ = CommentRound.objects.select_related("organization").filter(token=token).first()
    if round_ is None or len(token) > 64:
        raise Http404
    if not round_.is_open:
        return _private(render(request, "yearend/public_closed.html", {"round": round_}, status=410))
    device = request.get_signed_cookie(COOKIE, default="", salt=COOKIE_SALT) or ""
    subjects = round_.subjects.select_related("person")
    form = PublicCommentForm(request.POST or None, subjects=subjects)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_public_comment(
                round_=round_,
                subject_id=form.cleaned_data["subject"].pk,
                text=form.cleaned_data["text"],
                device=device,
                address=request.META.get("REMOTE_ADDR", ""),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            url = reverse("yearend:public", args=[round_.token])
            return _private(redirect(f"{url}?sent=1"))
    context = {
        "round": round_,
        "form": form,
        "sent": request.GET.get("sent") == "1" and request.method == "GET",
        "subjects": selectors.public_subjects(round_),
    }
    response = render(request, "yearend/public.html", context, status=400 if form.errors else 200)
    if not device:
        response.set_signed_cookie(
            COOKIE,
            secrets.token_urlsafe(18),
            salt=COOKIE_SALT,
            max_age=COOKIE_AGE,
            path=reverse("yearend:public", args=["x"]).rsplit("x", 1)[0],
            httponly=True,
            samesite="Lax",
        )
    return _private(response)
