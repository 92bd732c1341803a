"""Helpers for the API tests (issue 17), on top of the shared `world` of tests.conftest.

`api_for(user)` is a DRF test client authenticated with a fresh personal token of `user`
(through the token service, so the Authorization header path is the one under test).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

YEAR = dt.date.today().year


def token_for(user, label="test", days=30) -> str:
    from lamtheo.api import tokens

    _token, key = tokens.create_token(actor=user, account=user, label=label, days=days)
    return key


def client_with(key: str | None) -> APIClient:
    client = APIClient()
    if key:
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture(autouse=True, name="fresh_throttles")
def fresh_throttles_fixture():
    """Throttle counters live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(name="api_for")
def api_for_fixture(db):
    clients: dict[int, APIClient] = {}

    def _client(user) -> APIClient:
        if user is None:
            return APIClient()
        if user.pk not in clients:
            clients[user.pk] = client_with(token_for(user))
        return clients[user.pk]

    return _client


def make_theme(org, year=YEAR, title="Chuyên đề: Học tập và làm theo Bác về tinh thần tự lực"):
    from lamtheo.campaigns.models import Theme

    return Theme.objects.create(organization=org, title=title, year_from=year, year_to=year)


def errors_of(response) -> dict[str, list[str]]:
    """field → error codes of an API error response."""
    out: dict[str, list[str]] = {}
    for error in response.json()["errors"]:
        out.setdefault(error["field"], []).append(error["code"])
    return out
