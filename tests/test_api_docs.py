"""docs/api.md's worked example runs as written (issue 17): create a token on the page, read a
cell's registrations, approve one, push a roster (dry run, real, refused)."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from rest_framework.test import APIClient

from lamtheo.api.models import ApiToken
from lamtheo.notebook import services
from lamtheo.organizations.models import Person
from tests.api_fixtures import YEAR, fresh_throttles_fixture, make_theme  # noqa: F401

pytestmark = pytest.mark.django_db
DOC = Path(settings.BASE_DIR) / "docs" / "api.md"
BLOCK = re.compile(r"```(http|json)\n(.*?)```", re.S)


def contains(actual, expected) -> bool:
    """`expected` is found in `actual`: keys of objects, leading items of lists, equal scalars."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(k in actual and contains(actual[k], v) for k, v in expected.items())
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) >= len(expected)
            and all(contains(a, e) for a, e in zip(actual, expected, strict=False))
        )
    return actual == expected


def exchanges(text: str) -> list[tuple[str, dict]]:
    blocks = BLOCK.findall(text)
    pairs = []
    for (kind, request), (next_kind, response) in itertools.pairwise(blocks):
        if kind == "http" and next_kind == "json":
            pairs.append((request, json.loads(response)))
    return pairs


def test_the_worked_example_runs_as_written(world, client):
    theme = make_theme(world.province)
    registration = services.save_registration(
        actor=world.member,
        year=YEAR,
        items=[{"text": "Mỗi tháng đọc một cuốn sách về Bác và kể lại ở chi bộ", "theme": theme}],
        expected_version=None,
        person=world.an,
        submit=True,
    )
    text = DOC.read_text(encoding="utf-8")
    # 1. the token page, as the doc describes it
    client.force_login(world.secretary)
    page = client.post(reverse("api:tokens"), {"label": "Bảng theo dõi của chi bộ", "days": "90"})
    key = re.search(r'id="token-key">(lt_[^<]+)<', page.content.decode()).group(1)
    variables = {"$TOKEN": key, "$YEAR": str(YEAR), "$REGISTRATION": str(registration.pk)}
    pairs = exchanges(text)
    assert len(pairs) == 6
    api = APIClient()
    for request, expected in pairs:
        for name, value in variables.items():
            request = request.replace(name, value)
        head, _, body = request.partition("\n\n")
        first, *headers = head.strip().splitlines()
        method, path = first.split()
        fields = dict(h.split(": ", 1) for h in headers)
        api.credentials(HTTP_AUTHORIZATION=fields["Authorization"])
        if method == "GET":
            response = api.get(path)
        else:
            response = api.generic(method, path, body.strip().encode(), content_type=fields["Content-Type"])
        assert contains(response.json(), expected), (first, response.json())
    assert Person.objects.get(card_number="100009").cell == world.cell_a
    assert Person.objects.get(card_number="100001").phone == "0912345678"
    assert not Person.objects.filter(card_number="100010").exists()
    # 7. revoking on the page stops the key at once
    client.post(reverse("api:token_revoke", args=[ApiToken.objects.get().pk]))
    assert api.get("/api/v1/organizations/C1-A/").status_code == 401
