"""Background builds of review files (Celery; inline when no broker is configured).

The task takes ids, re-checks that the requester still reads the review, writes its progress
into the ReviewExport row (the page polls it) and never raises: a failure is recorded.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone

from lamtheo.celery import app

from .models import ExportStatus, ReviewExport

logger = logging.getLogger(__name__)


def _progress(export_id: int, percent: int, step: str) -> None:
    ReviewExport.objects.filter(pk=export_id).update(progress=min(max(percent, 0), 99), step=step)


@app.task(name="reviews.build_review_export")
def build_review_export(export_id: int, user_id: int) -> str:
    from lamtheo.accounts.models import User

    from . import exporters, selectors

    export = ReviewExport.objects.select_related("review__organization").filter(pk=export_id).first()
    if export is None:
        return "missing"
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not selectors.reviews_for(user).filter(pk=export.review_id).exists():
        ReviewExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, error="forbidden", finished_at=timezone.now()
        )
        return "forbidden"
    ReviewExport.objects.filter(pk=export_id).update(status=ExportStatus.RUNNING, progress=F("progress") + 1)
    try:
        built = exporters.build_file(
            export.review, export.fmt, progress=lambda pct, step: _progress(export_id, pct, step)
        )
        export.refresh_from_db()
        export.file.save(built.filename, ContentFile(built.data), save=False)
        export.filename = built.filename
        export.status = ExportStatus.DONE
        export.progress = 100
        export.step = "done"
        export.finished_at = timezone.now()
        export.save(update_fields=["file", "filename", "status", "progress", "step", "finished_at"])
    except Exception as exc:  # a failed build is shown on the page, not raised into the request
        logger.exception("review export %s failed", export_id)
        ReviewExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, error=str(exc)[:500], finished_at=timezone.now()
        )
        return "failed"
    return "done"
