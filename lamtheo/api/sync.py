"""Bulk sync of the tree and the rosters: the Excel import's rows, sent as JSON.

Each row is an object keyed by the import's column keys (see spreadsheet.COLUMNS: code, name,
kind, block, parent_code, valid_from, valid_to for units; card_number, staff_code, full_name, …,
cell_code for people). The rows go through the very same TreeImport / RosterImport as an Excel
file: units matched by code, people by party card number (or staff code), the same row-level
errors, and nothing written unless every row is right. Sending the same rows again changes
nothing (idempotent). Large pushes run as a Celery task (inline when no broker is configured).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import translation

from lamtheo.organizations.importers import ImportResult, TreeImport
from lamtheo.organizations.roster_import import RosterImport
from lamtheo.organizations.spreadsheet import COLUMNS, MAX_ROWS, ROSTER, TREE, Sheet

from .models import SyncJob, SyncStatus

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

KINDS = (TREE, ROSTER)
SCALARS = (str, int, float, bool, type(None))


def column_keys(kind: str) -> list[str]:
    return [c.key for c in COLUMNS[kind]]


def sheet_of(kind: str, rows: Sequence[Mapping[str, Any]]) -> Sheet:
    """The rows as the import's Sheet: its columns are the keys used by any row (rows are numbered from 1)."""
    used = {key for row in rows for key in row}
    keys = [k for k in column_keys(kind) if k in used]
    positions = {key: index for index, key in enumerate(keys)}

    def numbered() -> Iterator[tuple[int, tuple[Any, ...]]]:
        for number, row in enumerate(rows, start=1):
            yield number, tuple(row.get(key) for key in keys)

    return Sheet(positions, numbered())


def result_json(kind: str, result: ImportResult, *, dry_run: bool = False) -> dict[str, Any]:
    titles = {str(c.title): c.key for c in COLUMNS[kind]}
    return {
        "ok": result.ok,
        "dry_run": dry_run,
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "moved": result.moved,
        "unchanged": result.unchanged,
        "errors": [
            {"row": e.row, "field": titles.get(e.column, ""), "code": "invalid_row", "message": e.message}
            for e in result.errors
        ],
    }


class _DryRun(Exception):
    pass


def run(*, user: User, kind: str, rows: Sequence[Mapping[str, Any]], dry_run: bool = False) -> dict[str, Any]:
    """Check every row, then write them all in one transaction, or nothing (and nothing on a dry run)."""
    importer = TreeImport if kind == TREE else RosterImport
    sheet = sheet_of(kind, rows)
    result: ImportResult | None = None
    try:
        with transaction.atomic():
            result = importer(user, sheet).run()
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    assert result is not None
    order = {key: i for i, key in enumerate(column_keys(kind))}
    out = result_json(kind, result, dry_run=dry_run)
    out["errors"].sort(key=lambda e: (e["row"], order.get(e["field"], -1)))
    return out


def queue(*, user: User, kind: str, rows: Sequence[Mapping[str, Any]], dry_run: bool = False) -> SyncJob:
    """Store the rows and run them after the commit as a background task."""
    job = SyncJob.objects.create(kind=kind, rows=list(rows), requested_by=user, status=SyncStatus.QUEUED)
    language = translation.get_language() or "vi"
    from .tasks import run_sync_job

    transaction.on_commit(lambda: run_sync_job.delay(job.pk, language, dry_run))
    return job


__all__ = ["KINDS", "MAX_ROWS", "SCALARS", "queue", "run"]
