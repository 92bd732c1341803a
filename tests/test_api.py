"""The REST API (issue 17): tokens, reads through the scoping function, writes through the services,
one error format, pagination/filters/ordering, throttling, the schema and its docs page."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openapi_spec_validator import validate
from rest_framework.test import APIClient

from lamtheo.api import tokens
from lamtheo.api.models import ApiToken
from lamtheo.meetings.models import Meeting
from lamtheo.notebook.models import Registration, RegistrationEvent
from lamtheo.organizations.models import Membership, Organization, Person
from lamtheo.study.models import Attendance, StudySession
from tests.api_fixtures import (  # noqa: F401
    YEAR,
    api_for_fixture,
    client_with,
    errors_of,
    fresh_throttles_fixture,
    make_theme,
    token_for,
)

pytestmark = pytest.mark.django_db
VI = re.compile(r"[^\x00-\x7f]")  # a Vietnamese sentence carries diacritics


# --- tokens -----------------------------------------------------------------------------------------


def test_token_page_creates_a_token_shown_once_and_stored_hashed(world, client):
    client.force_login(world.secretary)
    response = client.post(reverse("api:tokens"), {"label": "Cơ sở dữ liệu đảng viên", "days": "30"})
    assert response.status_code == 200
    key = re.search(r'id="token-key">(lt_[^<]+)<', response.content.decode()).group(1)
    token = ApiToken.objects.get(user=world.secretary)
    assert token.digest == tokens.digest(key) and key not in token.digest and token.prefix == key[:10]
    assert token.expires_at.date() == (timezone.now() + dt.timedelta(days=30)).date()
    assert key not in client.get(reverse("api:tokens")).content.decode()  # shown only once
    me = client_with(key).get("/api/v1/organizations/C1-A/")
    assert me.status_code == 200 and me.json()["name"] == "Chi bộ thôn 1"


def test_token_page_bad_input_is_answered_in_vietnamese(world, client):
    client.force_login(world.member)
    response = client.post(reverse("api:tokens"), {"label": "", "days": "9999"})
    assert response.status_code == 400 and not ApiToken.objects.exists()
    assert "Trường này là bắt buộc" in response.content.decode()


def test_revoked_expired_and_unknown_tokens_are_refused(world):
    key = token_for(world.secretary)
    api = client_with(key)
    assert api.get("/api/v1/people/").status_code == 200
    token = ApiToken.objects.get()
    tokens.revoke_token(actor=world.secretary, token=token)
    refused = api.get("/api/v1/people/")
    assert refused.status_code == 401 and refused.json()["code"] == "authentication_failed"
    assert VI.search(refused.json()["message"])
    key2 = token_for(world.secretary)
    ApiToken.objects.filter(digest=tokens.digest(key2)).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client_with(key2).get("/api/v1/people/").status_code == 401
    assert client_with("lt_not-a-real-token").get("/api/v1/people/").status_code == 401
    anonymous = APIClient().get("/api/v1/people/")
    assert anonymous.status_code in (401, 403) and anonymous.json()["code"] == "not_authenticated"


def test_user_revokes_on_the_page_and_cannot_touch_others_tokens(world, client):
    token_for(world.secretary)
    token = ApiToken.objects.get()
    client.force_login(world.outsider)
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404
    client.force_login(world.secretary)
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_administrator_issues_tokens_for_accounts_they_manage_only(world, client):
    from lamtheo.accounts.services import create_account

    service, _password = create_account(username="dongbo_tinh", role="assistant", organization=world.commune)
    client.force_login(world.admin)
    account_page = client.get(reverse("organizations:account", args=[service.pk])).content.decode()
    assert reverse("api:account_tokens", args=[service.pk]) in account_page
    page = client.post(reverse("api:account_tokens", args=[service.pk]), {"label": "Đồng bộ", "days": "366"})
    assert page.status_code == 200
    key = re.search(r'id="token-key">(lt_[^<]+)<', page.content.decode()).group(1)
    token = ApiToken.objects.get(user=service)
    assert token.created_by == world.admin
    assert client_with(key).get("/api/v1/people/?cell=C1-B").json()["count"] == 1
    client.force_login(world.outsider)  # a cell secretary administers no accounts
    assert client.get(reverse("api:account_tokens", args=[service.pk])).status_code == 404
    assert client.post(reverse("api:token_revoke", args=[token.pk])).status_code == 404


# --- reads ------------------------------------------------------------------------------------------


def test_reads_are_scoped_and_looked_up_by_code_and_card_number(world, api_for):
    api = api_for(world.commune_officer)
    codes = [o["code"] for o in api.get("/api/v1/organizations/").json()["results"]]
    assert codes == ["C1", "C1-A", "C1-B"]
    unit = api.get("/api/v1/organizations/C1-A/").json()
    assert unit["parent"] == "C1" and unit["kind"] == "cell"
    assert api.get("/api/v1/organizations/C2-D/").status_code == 404
    assert api.get("/api/v1/organizations/C2-D/").json()["code"] == "not_found"
    assert api.get("/api/v1/people/100001/").json()["full_name"] == "Nguyễn Văn An"
    assert api.get("/api/v1/people/100005/").status_code == 404  # Dũng, in C2
    member = api_for(world.member)  # no role: own person and own cell only
    assert [p["card_number"] for p in member.get("/api/v1/people/").json()["results"]] == ["100001"]
    assert [o["code"] for o in member.get("/api/v1/organizations/").json()["results"]] == ["C1-A"]


def test_filters_ordering_and_pagination(world, api_for):
    api = api_for(world.admin)
    names = [p["full_name"] for p in api.get("/api/v1/people/?within=C1&ordering=-card_number").json()["results"]]
    assert names == ["Phạm Quốc Cường", "Lê Văn Thư", "Trần Thị Bình", "Nguyễn Văn An"]
    assert api.get("/api/v1/people/?q=nguyen van").json()["count"] == 1
    assert [o["code"] for o in api.get("/api/v1/organizations/?parent=P").json()["results"]] == ["C1", "C2"]
    page = api.get("/api/v1/people/?page_size=2&page=2").json()
    assert page["count"] == 5 and len(page["results"]) == 2 and page["previous"]
    past = api.get("/api/v1/people/?page=9")
    assert past.status_code == 404 and past.json()["code"] == "invalid_page"
    bad = api.get("/api/v1/registrations/?year=abc")
    assert bad.status_code == 400 and errors_of(bad) == {"year": ["invalid"]}
    history = api.get("/api/v1/memberships/?person=100001").json()["results"]
    assert [(m["cell"], m["ended_on"]) for m in history] == [("C1-A", None)]
    roles = api.get("/api/v1/roles/?organization=C1-A").json()["results"]
    assert [(r["username"], r["role"]) for r in roles] == [("bithu_a", "secretary")]


def test_list_endpoints_run_a_bounded_number_of_queries(world, api_for, django_assert_max_num_queries):
    from lamtheo.organizations import services

    for i in range(30):
        services.create_person(cell=world.cell_b, full_name=f"Người {i}", card_number=f"2000{i:02d}")
    from lamtheo.notebook.models import Pledge

    for person in Person.objects.filter(cell=world.cell_b)[:20]:
        reg = Registration.objects.create(person=person, organization=world.cell_b, year=YEAR, state="submitted")
        Pledge.objects.bulk_create(Pledge(registration=reg, text=f"Việc {i}", position=i) for i in range(3))
    api = api_for(world.admin)
    api.get("/api/v1/people/")  # warm the token lookup path
    for url in [
        "/api/v1/people/?page_size=100",
        "/api/v1/organizations/",
        "/api/v1/memberships/?page_size=100",
        "/api/v1/registrations/?page_size=100",
    ]:
        with django_assert_max_num_queries(12):
            response = api.get(url)
        assert response.status_code == 200


# --- writes through the services --------------------------------------------------------------------


def test_person_create_update_transfer_go_through_the_services(world, api_for):
    api = api_for(world.secretary)
    created = api.post(
        "/api/v1/people/",
        {"full_name": "Hoàng Thị Mai", "card_number": "300001", "cell": "C1-A", "gender": "female"},
        format="json",
    )
    assert created.status_code == 201, created.content
    person = Person.objects.get(card_number="300001")
    assert Membership.objects.filter(person=person, cell=world.cell_a, ended_on__isnull=True).exists()
    entry = LogEntry.objects.get_for_object(person).first()
    assert entry is not None and entry.actor == world.secretary  # token requests are audited with their user
    changed = api.patch("/api/v1/people/300001/", {"job": "Giáo viên", "version": 1}, format="json")
    assert changed.status_code == 200 and changed.json()["version"] == 2
    stale = api.patch("/api/v1/people/300001/", {"job": "Nông dân", "version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["code"] == "stale" and VI.search(stale.json()["message"])
    no_version = api.patch("/api/v1/people/300001/", {"job": "Nông dân"}, format="json")
    assert no_version.status_code == 400 and errors_of(no_version) == {"version": ["required"]}
    duplicate = api.post(
        "/api/v1/people/", {"full_name": "Trùng số thẻ", "card_number": "300001", "cell": "C1-A"}, format="json"
    )
    assert duplicate.status_code == 400 and "card_number" in errors_of(duplicate)
    outside = api.post("/api/v1/people/", {"full_name": "X", "card_number": "300002", "cell": "C2-D"}, format="json")
    assert outside.status_code == 400 and errors_of(outside) == {"cell": ["does_not_exist"]}
    assert api.patch("/api/v1/people/100005/", {"job": "x", "version": 1}, format="json").status_code == 404
    moved = api_for(world.commune_officer).post(
        "/api/v1/people/300001/transfer/", {"cell": "C1-B", "version": 2}, format="json"
    )
    assert moved.status_code == 403  # a committee member reads people but does not manage them
    moved = api_for(world.admin).post("/api/v1/people/300001/transfer/", {"cell": "C1-B", "version": 2}, format="json")
    assert moved.status_code == 200 and moved.json()["cell"] == "C1-B"
    assert Membership.objects.filter(person=person).count() == 2


def test_units_are_created_and_changed_with_the_tree_rules(world, api_for):
    api = api_for(world.admin)
    created = api.post(
        "/api/v1/organizations/",
        {"code": "C1-C", "name": "Chi bộ thôn 4", "kind": "cell", "parent": "C1"},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["parent"] == "C1" and Organization.objects.get(code="C1-C").get_parent() == world.commune
    under_cell = api.post(
        "/api/v1/organizations/", {"code": "X1", "name": "Sai", "kind": "cell", "parent": "C1-A"}, format="json"
    )
    assert under_cell.status_code == 400 and "parent" in errors_of(under_cell)
    assert VI.search(under_cell.json()["errors"][0]["message"])
    again = api.post(
        "/api/v1/organizations/", {"code": "C1-C", "name": "Lặp", "kind": "cell", "parent": "C1"}, format="json"
    )
    assert again.status_code == 400 and errors_of(again) == {"code": ["unique"]}
    renamed = api.patch("/api/v1/organizations/C1-C/", {"name": "Chi bộ thôn Bốn", "version": 1}, format="json")
    assert renamed.status_code == 200 and renamed.json()["name"] == "Chi bộ thôn Bốn"
    refused = api_for(world.secretary).patch("/api/v1/organizations/C1-A/", {"name": "x", "version": 1}, format="json")
    assert refused.status_code == 403  # inside, read but not managed


def test_registration_workflow_through_the_api(world, api_for):
    theme = make_theme(world.province)
    member, secretary = api_for(world.member), api_for(world.secretary)
    created = member.post(
        "/api/v1/registrations/",
        {
            "person": "100001",
            "year": YEAR,
            "items": [{"text": "Mỗi tháng đọc một cuốn sách về Bác và kể lại ở chi bộ", "theme": theme.pk}],
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["state"] == "draft" and body["items"][0]["theme"] == theme.pk and body["items"][0]["verdict"]
    reg = body["id"]
    again = member.post("/api/v1/registrations/", {"person": "100001", "year": YEAR, "items": []}, format="json")
    assert again.status_code == 400 and errors_of(again) == {"year": ["exists"]}
    empty = member.patch(f"/api/v1/registrations/{reg}/", {"items": [], "version": body["version"]}, format="json")
    assert empty.status_code == 400 and VI.search(empty.json()["errors"][0]["message"])
    early = secretary.post(f"/api/v1/registrations/{reg}/review/", {"approve": True, "version": 1}, format="json")
    assert early.status_code == 400 and early.json()["errors"][0]["code"]  # a draft cannot be approved
    sent = member.post(f"/api/v1/registrations/{reg}/submit/", {"version": body["version"]}, format="json")
    assert sent.status_code == 200 and sent.json()["state"] == "submitted"
    assert (
        member.post(f"/api/v1/registrations/{reg}/review/", {"approve": True, "version": 2}, format="json").status_code
        == 403
    )
    returned = secretary.post(f"/api/v1/registrations/{reg}/review/", {"approve": False, "version": 2}, format="json")
    assert returned.status_code == 400 and errors_of(returned) == {"comment": ["invalid"]}
    approved = secretary.post(f"/api/v1/registrations/{reg}/review/", {"approve": True, "version": 2}, format="json")
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    assert list(RegistrationEvent.objects.filter(registration_id=reg).values_list("action", flat=True)) == [
        "create",
        "submit",
        "approve",
    ]
    assert api_for(world.outsider).get(f"/api/v1/registrations/{reg}/").status_code == 404
    pledge = Registration.objects.get(pk=reg).pledges.get()
    report = member.post(
        "/api/v1/self-reports/",
        {"registration": reg, "period": "mid_year", "items": [{"pledge": pledge.pk, "status": "done"}], "version": 0},
        format="json",
    )
    assert report.status_code == 200, report.content
    assert report.json()["items"] == [{"pledge": pledge.pk, "status": "done", "achieved": "", "direction": ""}]
    evaluation = secretary.post(
        "/api/v1/evaluations/",
        {"person": "100001", "year": YEAR, "text": "Gương mẫu", "level": "good", "version": 0},
        format="json",
    )
    assert evaluation.status_code == 200 and evaluation.json()["level"] == "good"
    assert (
        member.post(
            "/api/v1/evaluations/",
            {"person": "100001", "year": YEAR, "text": "Tự khen", "level": "excellent", "version": 1},
            format="json",
        ).status_code
        == 403
    )


def test_meetings_and_study_classes(world, api_for):
    api = api_for(world.secretary)
    planned = api.post(
        "/api/v1/meetings/",
        {"cell": "C1-A", "kind": "regular", "date": f"{YEAR}-11-05", "start_time": "19:30", "duration_minutes": 120},
        format="json",
    )
    assert planned.status_code == 201, planned.content
    meeting = planned.json()
    too_short = api.patch(f"/api/v1/meetings/{meeting['id']}/", {"duration_minutes": 10, "version": 1}, format="json")
    assert too_short.status_code == 400 and errors_of(too_short) == {"duration_minutes": ["invalid"]}
    cancelled = api.post(f"/api/v1/meetings/{meeting['id']}/cancel/", {"reason": "Bão", "version": 1}, format="json")
    assert cancelled.status_code == 200 and Meeting.objects.get().state == "cancelled"
    not_mine = api_for(world.outsider).post(
        "/api/v1/meetings/",
        {"cell": "C1-A", "kind": "regular", "date": f"{YEAR}-11-05", "start_time": "19:30", "duration_minutes": 120},
        format="json",
    )
    assert not_mine.status_code == 400 and errors_of(not_mine) == {"cell": ["does_not_exist"]}

    theme = make_theme(world.province)
    officer = api_for(world.commune_officer)
    created = officer.post(
        "/api/v1/study-classes/",
        {"organization": "C1", "theme": theme.pk, "title": "Lớp quán triệt", "starts_on": f"{YEAR}-03-10"},
        format="json",
    )
    assert created.status_code == 201, created.content
    session = created.json()["id"]
    added = officer.post(f"/api/v1/study-classes/{session}/attendance/", {"add": ["100001", "100004"]}, format="json")
    assert added.status_code == 200 and added.json()["count"] == 2
    wrong = officer.post(f"/api/v1/study-classes/{session}/attendance/", {"add": ["100005", "999"]}, format="json")
    assert wrong.status_code == 400 and errors_of(wrong) == {"add": ["invalid", "invalid"]}
    assert Attendance.objects.filter(session_id=session).count() == 2  # nothing half-way
    officer.post(f"/api/v1/study-classes/{session}/attendance/", {"remove": ["100004"]}, format="json")
    assert list(Attendance.objects.filter(session_id=session).values_list("person__card_number", flat=True)) == [
        "100001"
    ]
    edited = officer.patch(f"/api/v1/study-classes/{session}/", {"mass_count": 12, "version": 1}, format="json")
    assert edited.status_code == 200 and StudySession.objects.get().mass_count == 12


def test_review_figures_and_document_download(world, api_for, django_capture_on_commit_callbacks):
    from lamtheo.reviews import services

    review = services.create_review(
        actor=world.commune_officer,
        organization=world.commune,
        kind="interim",
        date_from=dt.date(YEAR, 1, 1),
        date_to=dt.date(YEAR, 12, 31),
    )
    api = api_for(world.commune_officer)
    figures = api.get(f"/api/v1/reviews/{review.pk}/figures/").json()
    assert figures["totals"]["organizations.members"] == 4
    assert api_for(world.outsider).get(f"/api/v1/reviews/{review.pk}/figures/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        job = api.post("/api/v1/review-documents/", {"review": review.pk, "fmt": "docx"}, format="json")
    assert job.status_code == 202, job.content
    status = api.get(f"/api/v1/review-documents/{job.json()['id']}/").json()
    assert status["status"] == "done"
    download = api.get(f"/api/v1/review-documents/{job.json()['id']}/download/")
    assert download.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(b"".join(download.streaming_content))).paragraphs)
    assert world.commune.name.upper() in text.upper()
    assert api_for(world.outsider).get(f"/api/v1/review-documents/{job.json()['id']}/download/").status_code == 404


# --- errors, throttling, schema ---------------------------------------------------------------------


def test_malformed_json_and_wrong_types_get_clear_errors(world, api_for):
    api = api_for(world.secretary)
    broken = api.generic("POST", "/api/v1/people/", "{not json", content_type="application/json")
    assert broken.status_code == 400 and broken.json()["code"] == "parse_error" and VI.search(broken.json()["message"])
    wrong = api.post("/api/v1/people/", {"full_name": ["x"], "cell": 5, "birth_date": "31/02/1990"}, format="json")
    assert wrong.status_code == 400
    assert errors_of(wrong) == {"full_name": ["invalid"], "birth_date": ["invalid"]}
    assert all(VI.search(e["message"]) for e in wrong.json()["errors"])


def test_throttling_answers_429_in_vietnamese(world, api_for, settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "user": "3/hour"}
    api = api_for(world.secretary)
    codes = [api.get("/api/v1/people/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = api.get("/api/v1/people/")
    assert refused.json()["code"] == "throttled" and VI.search(refused.json()["message"]) and refused["Retry-After"]


def test_schema_is_valid_openapi_3_and_documents_every_endpoint(client):
    response = client.get(reverse("api:schema"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    spec = json.loads(response.content)
    validate(spec)  # openapi-spec-validator
    assert spec["openapi"].startswith("3.")
    paths = set(spec["paths"])
    for path in [
        "/api/v1/organizations/{code}/",
        "/api/v1/people/{key}/transfer/",
        "/api/v1/sync/roster/",
        "/api/v1/registrations/{id}/review/",
        "/api/v1/review-documents/{id}/download/",
    ]:
        assert path in paths
    assert spec["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"


def test_docs_page_is_vendored_without_cdn_or_inline_script(client):
    page = client.get(reverse("api:docs")).content.decode()
    assert "swagger-ui" in page and "cdn" not in page.lower()
    assert "<script>" not in page.replace(" ", "")  # the init script is a separate file (CSP)
    sources = re.findall(r'<script[^>]*src="([^"]+)"', page)
    assert sources and all(s.startswith("/") for s in sources)
    for src in sources:
        assert client.get(src).status_code == 200


def test_browser_session_reads_and_writes_need_the_csrf_token(world):
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(world.secretary)
    assert browser.get("/api/v1/people/100001/").json()["card_number"] == "100001"
    refused = browser.patch("/api/v1/people/100001/", {"job": "Thợ may", "version": 1}, format="json")
    assert refused.status_code == 403 and Person.objects.get(card_number="100001").job == ""
    browser.get(reverse("api:tokens"))  # any page sets the CSRF cookie
    token = browser.cookies["csrftoken"].value
    allowed = browser.patch(
        "/api/v1/people/100001/", {"job": "Thợ may", "version": 1}, format="json", HTTP_X_CSRFTOKEN=token
    )
    assert allowed.status_code == 200 and Person.objects.get(card_number="100001").job == "Thợ may"
