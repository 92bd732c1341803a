"""Bulk sync through the API (issue 17): the Excel import's rows as JSON, idempotent, all or nothing,
the same row errors as the Excel import, large pushes as a background task."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import Workbook, load_workbook

from lamtheo.api.models import SyncJob
from lamtheo.organizations.importers import import_workbook
from lamtheo.organizations.models import Membership, Organization, Person
from lamtheo.organizations.spreadsheet import ROSTER, ROSTER_COLUMNS
from tests.api_fixtures import api_for_fixture, errors_of, fresh_throttles_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

UNITS = [
    {"code": "C1-E", "name": "Chi bộ thôn 5", "kind": "cell", "parent_code": "C1-X"},  # parent later in the file
    {"code": "C1-X", "name": "Đảng bộ bộ phận Đông", "kind": "partial", "parent_code": "C1", "block": "commune"},
]
ROSTER_ROWS = [
    {
        "card_number": "500001",
        "full_name": "Vũ Thị Hoa",
        "gender": "Nữ",
        "cell_code": "C1-A",
        "birth_date": "1990-05-19",
    },
    {"card_number": "100001", "full_name": "Nguyễn Văn An", "job": "Giáo viên", "cell_code": "C1-A"},
    {"card_number": "100004", "full_name": "Phạm Quốc Cường", "cell_code": "C1-A"},  # moves from C1-B
    {"staff_code": "NV-01", "full_name": "Đặng Văn Công", "kind": "official", "cell_code": "C1-B"},
]


def test_tree_sync_creates_then_changes_nothing_when_sent_again(world, api_for):
    api = api_for(world.admin)
    first = api.post("/api/v1/sync/tree/", {"rows": UNITS}, format="json")
    assert first.status_code == 200, first.content
    assert first.json() | {"errors": []} == {
        "ok": True,
        "dry_run": False,
        "rows": 2,
        "created": 2,
        "updated": 0,
        "moved": 0,
        "unchanged": 0,
        "errors": [],
    }
    cell = Organization.objects.get(code="C1-E")
    assert cell.get_parent().code == "C1-X" and cell.get_parent().get_parent() == world.commune
    again = api.post("/api/v1/sync/tree/", {"rows": UNITS}, format="json").json()
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert Organization.objects.count() == 8


def test_roster_sync_upserts_by_card_number_and_keeps_the_cell_history(world, api_for):
    api = api_for(world.admin)
    result = api.post("/api/v1/sync/roster/", {"rows": ROSTER_ROWS}, format="json").json()
    assert (result["ok"], result["created"], result["updated"], result["moved"]) == (True, 2, 1, 1), result
    assert Person.objects.get(card_number="500001").gender == "female"
    assert Person.objects.get(card_number="100001").job == "Giáo viên"
    assert list(
        Membership.objects.filter(person=world.cuong).order_by("started_on", "pk").values_list("cell__code", flat=True)
    ) == ["C1-B", "C1-A"]
    again = api.post("/api/v1/sync/roster/", {"rows": ROSTER_ROWS}, format="json").json()
    assert (again["created"], again["updated"], again["moved"], again["unchanged"]) == (0, 0, 0, 4)


def _xlsx(rows) -> Workbook:
    book = Workbook()
    sheet = book.active
    keys = [c.key for c in ROSTER_COLUMNS]
    sheet.append([str(c.title) for c in ROSTER_COLUMNS])
    for row in rows:
        sheet.append([row.get(k) for k in keys])
    data = io.BytesIO()
    book.save(data)
    data.seek(0)
    return load_workbook(data, read_only=True)


BAD_ROWS = [
    {"card_number": "600001", "full_name": "", "cell_code": "C1-A"},
    {"card_number": "600002", "full_name": "Lý Văn Nam", "cell_code": "C2-D", "birth_date": "31/02/1990"},
    {"card_number": "600001", "full_name": "Lặp Số Thẻ", "cell_code": "C1", "member_status": "chính thức gì đó"},
    {"card_number": "600003", "full_name": "Đúng Hết", "cell_code": "C1-A"},
]


def test_row_errors_are_those_of_the_excel_import_and_nothing_is_written(world, api_for):
    response = api_for(world.secretary).post("/api/v1/sync/roster/", {"rows": BAD_ROWS}, format="json")
    assert response.status_code == 400 and response.json()["ok"] is False
    api_errors = [(e["row"], e["field"], e["message"]) for e in response.json()["errors"]]
    excel = import_workbook(user=world.secretary, kind=ROSTER, workbook=_xlsx(BAD_ROWS))
    titles = {str(c.title): c.key for c in ROSTER_COLUMNS}

    # the Excel file has its header on row 1, so its data rows are numbered one more
    def shifted(message: str) -> str:  # "already on row 2 of this file" names a row of the file too
        return re.sub(r"(dòng )(\d+)", lambda m: f"{m.group(1)}{int(m.group(2)) - 1}", message)

    assert api_errors == [(e.row - 1, titles[e.column], shifted(e.message)) for e in excel.errors]
    assert {(row, field) for row, field, _m in api_errors} >= {
        (1, "full_name"),
        (2, "cell_code"),
        (2, "birth_date"),
        (3, "card_number"),
        (3, "cell_code"),
        (3, "member_status"),
    }
    assert not Person.objects.filter(card_number__startswith="600").exists()  # not even the good row 4


def test_dry_run_checks_without_writing(world, api_for):
    response = api_for(world.admin).post("/api/v1/sync/roster/?dry_run=1", {"rows": ROSTER_ROWS}, format="json")
    assert response.status_code == 200 and response.json()["created"] == 2 and response.json()["dry_run"]
    assert not Person.objects.filter(card_number="500001").exists()


def test_unknown_columns_and_bad_payloads_are_refused_before_reading_rows(world, api_for):
    api = api_for(world.admin)
    unknown = api.post("/api/v1/sync/roster/", {"rows": [{"card": "1"}]}, format="json")
    assert unknown.status_code == 400 and errors_of(unknown) == {"rows.0.card": ["unknown_field"]}
    nested = api.post("/api/v1/sync/tree/", {"rows": [{"code": {"x": 1}}]}, format="json")
    assert nested.status_code == 400 and errors_of(nested) == {"rows.0.code": ["invalid"]}
    empty = api.post("/api/v1/sync/tree/", {"rows": []}, format="json")
    assert empty.status_code == 400 and errors_of(empty) == {"rows": ["empty"]}


def test_large_push_runs_as_a_background_job(world, api_for, settings, django_capture_on_commit_callbacks):
    settings.API_SYNC_INLINE_ROWS = 2
    api = api_for(world.admin)
    with django_capture_on_commit_callbacks(execute=True):
        queued = api.post("/api/v1/sync/roster/", {"rows": ROSTER_ROWS}, format="json")
    assert queued.status_code == 202 and queued.json()["status"] == "queued"
    job = api.get(f"/api/v1/sync/jobs/{queued.json()['id']}/").json()
    assert job["status"] == "done" and job["result"]["created"] == 2 and job["result"]["ok"]
    assert SyncJob.objects.get().rows == []  # the personal data of the rows is not kept once done
    assert Person.objects.filter(card_number="500001").exists()
    assert api_for(world.secretary).get(f"/api/v1/sync/jobs/{queued.json()['id']}/").status_code == 404


def test_the_sync_task_is_found_by_the_workers_autodiscovery():
    from lamtheo.celery import app

    app.loader.import_default_modules()  # what `celery -A lamtheo worker` does at start
    assert "api.run_sync_job" in app.tasks
