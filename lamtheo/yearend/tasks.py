"""Background build of a cell's evidence sheets (Celery; inline when no broker is configured).

The task takes ids, re-checks that the requester still reads the cell with a role, writes its
progress into the SheetExport row (the page polls it) and never raises: a failure is recorded.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.utils import timezone

from lamtheo.celery import app

from .models import ExportStatus, SheetExport

logger = logging.getLogger(__name__)


def _progress(export_id: int, percent: int) -> None:
    SheetExport.objects.filter(pk=export_id).update(progress=min(max(percent, 0), 99))


@app.task(name="yearend.build_sheet_export")
def build_sheet_export(export_id: int, user_id: int) -> str:
    from lamtheo.accounts.models import User
    from lamtheo.documents import render
    from lamtheo.organizations.models import Person
    from lamtheo.organizations.scoping import Capability
    from lamtheo.organizations.selectors import reaches

    from . import document, selectors

    export = SheetExport.objects.select_related("organization").filter(pk=export_id).first()
    if export is None:
        return "missing"
    user = User.objects.filter(pk=user_id, is_active=True).first()
    cell = export.organization
    if user is None or not reaches(user, cell, Capability.VIEW):
        SheetExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, error="forbidden", finished_at=timezone.now()
        )
        return "forbidden"
    SheetExport.objects.filter(pk=export_id).update(status=ExportStatus.RUNNING, progress=5)
    try:
        people = list(
            Person.objects.filter(cell=cell)
            .select_related("cell")
            .order_by("search_name", "pk")[: selectors.PEOPLE_LIMIT]
        )
        sheets = selectors.sheets(user, people, export.year, export.quarter)
        _progress(export_id, 30)
        doc = document.sheet_document(sheets, cell, export.year, export.quarter)
        _progress(export_id, 40)
        data, _content_type, extension = render(doc, export.fmt)
        export.refresh_from_db()
        export.filename = f"{document.filename(cell.name, export.year, export.quarter)}.{extension}"
        export.file.save(export.filename, ContentFile(data), save=False)
        export.status = ExportStatus.DONE
        export.progress = 100
        export.finished_at = timezone.now()
        export.save(update_fields=["file", "filename", "status", "progress", "finished_at"])
    except Exception as exc:  # a failed build is shown on the page, not raised into the request
        logger.exception("evidence sheets export %s failed", export_id)
        SheetExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, error=str(exc)[:500], finished_at=timezone.now()
        )
        return "failed"
    return "done"
