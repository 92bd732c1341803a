"""The REST API (issue 17): tokens, reads through the scoping function, writes through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.models import LogEntry

from lamtheo.api.models import ApiToken
from lamtheo.organizations.models import Person
from tests.api_fixtures import YEAR, _fresh_throttles, api_for, client_with, errors_of, make_theme, token_for  # noqa: F401

pytestmark = pytest.mark.django_db


def test_smoke_reads(world, api_for):
    api = api_for(world.commune_officer)
    r = api.get("/api/v1/organizations/")
    assert r.status_code == 200, r.content
    assert [o["code"] for o in r.json()["results"]] == ["C1", "C1-A", "C1-B"]
    r = api.get("/api/v1/organizations/C1-A/")
    assert r.status_code == 200 and r.json()["parent"] == "C1"
    assert api.get("/api/v1/organizations/C2-D/").status_code == 404
    r = api.get("/api/v1/people/?cell=C1-A")
    assert r.status_code == 200, r.content
    assert api.get("/api/v1/people/100001/").json()["full_name"] == "Nguyễn Văn An"
    assert api.get("/api/v1/people/100005/").status_code == 404
    for url in ["memberships", "roles", "themes", "standards", "registrations", "self-reports", "evaluations",
                "meetings", "member-reports", "study-classes", "reviews", "review-documents"]:
        r = api.get(f"/api/v1/{url}/")
        assert r.status_code == 200, (url, r.content)
