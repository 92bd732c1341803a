"""What every endpoint module shares: scoped querysets, lookups by code, service calls, pagination.

Reads: `ScopedViewSet.get_queryset` passes the endpoint's queryset through `visible_to` (VIEW),
so anything outside the user's units is simply absent (404). Writes: the view looks up what it
touches with the capability the page uses, then calls the app's service inside `service_errors`,
which turns the service's ValidationError into the API's error format (409 for a stale version).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

import django_filters
from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status, viewsets
from rest_framework.request import Request

from lamtheo.organizations.models import Organization, Person
from lamtheo.organizations.scoping import Capability, visible_to

from .errors import ApiError, from_django

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

M = TypeVar("M", bound=Model)


def user_of(request: Request) -> User:
    return cast("User", request.user)


def scoped(queryset: QuerySet[M], request: Request, capability: Capability = Capability.VIEW) -> QuerySet[M]:
    return visible_to(queryset, user_of(request), capability)


def get_scoped(queryset: QuerySet[M], request: Request, capability: Capability = Capability.VIEW, **lookup: Any) -> M:
    """The object if the user reaches it with `capability`; 404 otherwise (never 403)."""
    try:
        return scoped(queryset, request, capability).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def field_error(field: str, code: str, message: str) -> ApiError:
    return ApiError(
        status.HTTP_400_BAD_REQUEST,
        "invalid",
        _("The data sent is not valid."),
        [{"field": field, "code": code, "message": message}],
    )


def org_in_body(request: Request, code: str, field: str, capability: Capability = Capability.VIEW) -> Organization:
    """A unit named by code in the request body: outside the user's reach it is a field error, not a 404."""
    found = scoped(Organization.objects.all(), request, capability).filter(code=clean_key(code)).first()
    if found is None:
        message = _("No unit “%(code)s” was found within your units.") % {"code": code}
        raise field_error(field, "does_not_exist", message)
    return found


def person_query(key: str) -> dict[str, Any]:
    return {"card_number": key} if Person.objects.filter(card_number=key).exists() else {"staff_code": key}


def person_in_body(request: Request, key: str, field: str, capability: Capability = Capability.VIEW) -> Person:
    """A person named by party card number (or staff code) in the request body."""
    qs = scoped(Person.objects.select_related("cell"), request, capability)
    key = clean_key(key)
    found = qs.filter(card_number=key).first() or qs.filter(staff_code=key).first()
    if found is None:
        message = _("No person with card number “%(key)s” was found within your units.") % {"key": key}
        raise field_error(field, "does_not_exist", message)
    return found


@contextlib.contextmanager
def service_errors(aliases: Mapping[str, str] | None = None) -> Iterator[None]:
    """Run a service call; its refusal becomes the API's error (400 per field, 409 stale)."""
    try:
        yield
    except DjangoValidationError as exc:
        raise from_django(exc, aliases) from exc
    except IntegrityError as exc:  # a concurrent write won the race on a unique value
        message = _(
            "Someone else changed this record after you opened it. Reload the page and apply your change again."
        )
        raise ApiError(status.HTTP_409_CONFLICT, "conflict", message, []) from exc


MAX_INT = 2**53  # ids, versions and years the API accepts (beyond, a clear 400, not an overflow)


class IntFilter(django_filters.NumberFilter):
    """A whole-number filter bounded like the ids of the database."""

    field_class = forms.IntegerField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", -MAX_INT)
        kwargs.setdefault("max_value", MAX_INT)
        super().__init__(*args, **kwargs)


class ScopedViewSet(viewsets.GenericViewSet):  # type: ignore[type-arg]
    """A viewset whose reads pass through the one scoping function."""

    lookup_value_regex = "[0-9]{1,15}"

    base_queryset: QuerySet[Any]
    capability = Capability.VIEW

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return self.base_queryset.none()
        return scoped(self.base_queryset.all(), self.request, self.capability)


def payload(request: Request) -> dict[str, Any]:
    """The request body as a dict (a JSON list or a bare value is a clear 400, not a crash)."""
    data = request.data
    if not isinstance(data, Mapping):
        message = _("Invalid data. Expected a dictionary, but got {datatype}.").format(datatype=type(data).__name__)
        raise field_error("", "invalid", message)
    return {key: data[key] for key in data}


def clean_key(value: str) -> str:
    """A code or card number from the URL; NUL or lone surrogates never reach the database (404)."""
    if "\x00" in value or any(0xD800 <= ord(c) <= 0xDFFF for c in value) or len(value) > 100:
        raise Http404
    return value


def require_version(data: Mapping[str, Any]) -> int:
    """The `version` the client read: required on every change (optimistic locking)."""
    value = data.get("version")
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise field_error(
            "version",
            "required",
            _("Send the version of the record you read, so a concurrent change is not overwritten."),
        )
    return value
