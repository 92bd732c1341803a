"""Base helpers every view uses to reach user data through the one scoping function."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from lamtheo.organizations.scoping import Capability, has_capability, visible_to

M = TypeVar("M", bound=Model)


def scoped_get(
    request: HttpRequest, queryset: QuerySet[M], capability: Capability = Capability.VIEW, **lookup: Any
) -> M:
    """The object if the user reaches it with `capability`; 404 otherwise (never 403: no leak)."""
    try:
        return visible_to(queryset, request.user, capability).get(**lookup)  # type: ignore[arg-type]
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def require(request: HttpRequest, capability: Capability) -> None:
    """404 unless the user holds `capability` somewhere."""
    if not has_capability(request.user, capability):  # type: ignore[arg-type]
        raise Http404


def paginate(request: HttpRequest, queryset: QuerySet[M], per_page: int = 25) -> Page:
    paginator = Paginator(queryset, per_page)
    return paginator.get_page(request.GET.get("page"))
