from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

SHARED_DEVICE_KEY = "shared_device"


class SharedDeviceSessionMiddleware:
    """A login marked "shared device" ends after SHARED_DEVICE_IDLE_SECONDS without a request.

    Each request pushes the expiry forward, so the session is an idle timeout, not a fixed one.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.get(SHARED_DEVICE_KEY):
            session.set_expiry(settings.SHARED_DEVICE_IDLE_SECONDS)
        return self.get_response(request)


class StripNulMiddleware:
    """A NUL character in a query string (`?q=%00`) is dropped before any view reads it: PostgreSQL
    refuses NUL in text and a search would answer 500; forms already refuse it in POSTs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "%00" in request.META.get("QUERY_STRING", ""):
            cleaned = request.GET.copy()
            for key in list(cleaned.keys()):
                cleaned.setlist(key, [value.replace("\x00", "") for value in cleaned.getlist(key)])
            request.GET = cleaned  # type: ignore[assignment]
        return self.get_response(request)
