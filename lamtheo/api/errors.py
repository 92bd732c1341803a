"""One error format for the whole API, with a stable code and a Vietnamese message per field.

    {"code": "invalid", "message": "…", "errors": [{"field": "name", "code": "required", "message": "…"}]}

`field` is empty for an error of the request as a whole. Codes come from DRF's validators
(required, invalid, max_length, null, blank, does_not_exist…) and from the services
(stale, role, empty, transition codes…); they do not change with the language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from lamtheo.core.exceptions import ConcurrentEditError


class ApiError(exceptions.APIException):
    """An error with its list of field errors already in the API's format."""

    def __init__(self, status_code: int, code: str, message: str, errors: list[dict[str, str]]) -> None:
        super().__init__(message, code)
        self.status_code = status_code
        self.code = code
        self.message = message
        self.errors = errors


def _flatten(detail: Any, prefix: str = "") -> list[dict[str, str]]:
    """DRF's nested error details → a flat list with dotted field paths (items.0.text)."""
    out: list[dict[str, str]] = []
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            name = "" if key in ("non_field_errors", "__all__") else str(key)
            out += _flatten(value, f"{prefix}.{name}" if prefix and name else (name or prefix))
    elif isinstance(detail, list | tuple):
        if detail and all(isinstance(d, Mapping) and "message" in d for d in detail):
            out += [
                {"field": prefix, "code": str(d.get("code", "invalid")), "message": str(d["message"])} for d in detail
            ]
        else:
            for index, value in enumerate(detail):
                if isinstance(value, Mapping) and "message" in value:
                    out += _flatten([value], prefix)
                elif value:
                    out += _flatten(value, f"{prefix}.{index}" if prefix else str(index))
    elif isinstance(detail, exceptions.ErrorDetail):
        out.append({"field": prefix, "code": str(detail.code), "message": str(detail)})
    elif detail:
        out.append({"field": prefix, "code": "invalid", "message": str(detail)})
    return out


def from_django(exc: DjangoValidationError, aliases: Mapping[str, str] | None = None) -> ApiError:
    """A service's ValidationError as an ApiError (field names mapped to the API's by `aliases`)."""
    aliases = aliases or {}
    if isinstance(exc, ConcurrentEditError):
        message = str(exc.messages[0])
        return ApiError(
            status.HTTP_409_CONFLICT, "stale", message, [{"field": "version", "code": "stale", "message": message}]
        )
    if not hasattr(exc, "error_dict") and exc.error_list and all(e.code == "role" for e in exc.error_list):
        # the workflow's "your role may not do this": the record is inside the user's units
        message = " ".join(str(m) for e in exc.error_list for m in e.messages)
        return ApiError(status.HTTP_403_FORBIDDEN, "permission_denied", message, [])
    errors: list[dict[str, str]] = []
    if hasattr(exc, "error_dict"):
        for name, items in exc.error_dict.items():
            field = "" if name == "__all__" else aliases.get(name, name)
            for item in items:
                errors += [{"field": field, "code": item.code or "invalid", "message": m} for m in item.messages]
    else:
        for item in exc.error_list:
            errors += [{"field": "", "code": item.code or "invalid", "message": m} for m in item.messages]
    return ApiError(status.HTTP_400_BAD_REQUEST, "invalid", _("The data sent is not valid."), errors)


def _safe(text: str) -> str:
    """Text that can be encoded as UTF-8 (an echoed input may hold lone surrogates)."""
    return str(text).encode("utf-8", "replace").decode("utf-8")


def _body(code: str, message: str, errors: list[dict[str, str]] | None = None) -> dict[str, Any]:
    return {
        "code": code,
        "message": _safe(message),
        "errors": [{key: _safe(value) for key, value in error.items()} for error in errors or []],
    }


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = from_django(exc)
    if isinstance(exc, ApiError):
        return Response(_body(exc.code, exc.message, exc.errors), status=exc.status_code)
    if isinstance(exc, Http404 | exceptions.NotFound):
        return Response(_body("not_found", _("Not found, or outside your units.")), status=status.HTTP_404_NOT_FOUND)
    if isinstance(exc, PermissionDenied | exceptions.PermissionDenied):
        return Response(
            _body("permission_denied", _("Your roles do not allow this action.")), status=status.HTTP_403_FORBIDDEN
        )
    if isinstance(exc, exceptions.Throttled):
        message = _("Too many requests. Try again in %(s)s seconds.") % {"s": int(exc.wait or 1)}
        response = Response(_body("throttled", message), status=status.HTTP_429_TOO_MANY_REQUESTS)
        response["Retry-After"] = str(int(exc.wait or 1))
        return response
    if isinstance(exc, exceptions.ValidationError):
        return Response(
            _body("invalid", _("The data sent is not valid."), _flatten(exc.get_full_details())),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, exceptions.ParseError):
        return Response(
            _body("parse_error", _("The request body is not valid JSON.")), status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, exceptions.NotAuthenticated | exceptions.AuthenticationFailed):
        code = "not_authenticated" if isinstance(exc, exceptions.NotAuthenticated) else "authentication_failed"
        message = (
            _("Log in or send a token: Authorization: Token <key>.") if code == "not_authenticated" else str(exc.detail)
        )
        response = drf_handler(exc, context)
        status_code = response.status_code if response is not None else 401
        out = Response(_body(code, message), status=status_code)
        if response is not None and "WWW-Authenticate" in response:
            out["WWW-Authenticate"] = response["WWW-Authenticate"]
        return out
    if isinstance(exc, exceptions.MethodNotAllowed):
        return Response(
            _body("method_not_allowed", _("This method is not allowed here.")),
            status=status.HTTP_405_METHOD_NOT_ALLOWED,
        )
    if isinstance(exc, exceptions.UnsupportedMediaType):
        return Response(
            _body("unsupported_media_type", _("Send the body as JSON (Content-Type: application/json).")),
            status=status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
        )
    if isinstance(exc, exceptions.NotAcceptable):
        return Response(_body("not_acceptable", _("Ask for JSON.")), status=status.HTTP_406_NOT_ACCEPTABLE)
    response = drf_handler(exc, context)
    if response is not None:
        response.data = _body(getattr(exc, "default_code", "error"), str(getattr(exc, "detail", exc)))
    return response
