"""Token authentication and throttling of the API.

Clients send `Authorization: Token lt_…` (or `Bearer lt_…`). The browser uses its session
(with CSRF). The audit trail names the token's user: auditlog's middleware ran before DRF
authenticated the request, so the actor is set here.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions, throttling
from rest_framework.request import Request

from . import tokens


class TokenAuthentication(authentication.BaseAuthentication):
    keywords = ("token", "bearer")

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in self.keywords:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Send the token as: Authorization: Token <key>."))
        try:
            key = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from exc
        token = tokens.find_active(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("The token is not valid, has expired or was revoked."))
        tokens.touch(token)
        _set_audit_actor(token.user)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return "Token"


def _set_audit_actor(user: Any) -> None:
    try:
        from auditlog.context import auditlog_value

        auditlog_value.get()["actor"] = user
    except LookupError:  # outside a request (tests calling the view directly)
        pass


class _RateFromSettings(throttling.SimpleRateThrottle):
    """Rates read from settings.API_THROTTLE_RATES at request time (so tests and deployments can change them)."""

    def __init__(self) -> None:  # the parent reads the rate at import time; read it per request instead
        pass

    def allow_request(self, request: Request, view: Any) -> bool:
        self.rate = settings.API_THROTTLE_RATES[self.scope]
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)


class UserThrottle(_RateFromSettings):
    scope = "user"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if not request.user or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class AnonThrottle(_RateFromSettings):
    scope = "anon"

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class SyncThrottle(UserThrottle):
    scope = "sync"
