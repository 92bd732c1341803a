"""Small helpers the study views share: the user, the year parameter, the node and its access."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from lamtheo.accounts.models import User
from lamtheo.organizations.forms import apply_errors
from lamtheo.organizations.models import Organization
from lamtheo.organizations.scoping import Capability
from lamtheo.organizations.selectors import reaches

MIN_YEAR, MAX_YEAR = 2000, 2100


def user_of(request: HttpRequest) -> User:
    return cast(User, request.user)


def year_of(request: HttpRequest, default: int | None = None) -> int:
    """The `year` query parameter (this year if absent); 404 for nonsense."""
    raw = request.GET.get("year")
    if raw in (None, ""):
        return default or timezone.localdate().year
    try:
        year = int(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise Http404 from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    return year


def node_for(request: HttpRequest, org_id: int, capability: Capability = Capability.VIEW) -> Organization:
    """The unit if the user reaches it with `capability` through a role; 404 otherwise."""
    node = get_object_or_404(Organization, pk=org_id)
    if not reaches(user_of(request), node, capability):
        raise Http404
    return node


def form_error(form: BaseForm, exc: ValidationError) -> None:
    apply_errors(form, exc)


def flash(request: HttpRequest, text: Any) -> None:
    messages.success(request, text)


def version_of(form: BaseForm) -> int | None:
    value = form.cleaned_data.get("version")
    return int(value) if value else None
