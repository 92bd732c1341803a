"""The yearbook's PDF built in the background (Celery; inline when no broker is configured).

The task takes ids, re-checks that the requester still reads the yearbook, writes its progress
into the YearbookExport row (the page polls it) and never raises: a failure is recorded.
"""

from __future__ import annotations

import logging
import re
import unicodedata

from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone

from lamtheo.celery import app

from .models import ExportStatus, YearbookExport

logger = logging.getLogger(__name__)


def _progress(export_id: int, percent: int, step: str) -> None:
    YearbookExport.objects.filter(pk=export_id).update(progress=min(max(percent, 0), 99), step=step)


def _slug(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:60] or "ky-yeu"


@app.task(name="honours.build_yearbook_pdf")
def build_yearbook_pdf(export_id: int, user_id: int) -> str:
    from lamtheo.accounts.models import User

    from . import selectors, yearbook

    export = YearbookExport.objects.select_related("yearbook__organization").filter(pk=export_id).first()
    if export is None:
        return "missing"
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or not selectors.yearbooks_for(user).filter(pk=export.yearbook_id).exists():
        YearbookExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, error="forbidden", finished_at=timezone.now()
        )
        return "forbidden"
    YearbookExport.objects.filter(pk=export_id).update(status=ExportStatus.RUNNING, progress=F("progress") + 1)
    try:
        data = yearbook.render_pdf(export.yearbook, progress=lambda pct, step: _progress(export_id, pct, step))
        name = f"ky-yeu-{_slug(export.yearbook.title)}.pdf"
        export.refresh_from_db()
        export.file.save(name, ContentFile(data), save=False)
        export.filename = name
        export.status = ExportStatus.DONE
        export.progress = 100
        export.step = "done"
        export.finished_at = timezone.now()
        export.save(update_fields=["file", "filename", "status", "progress", "step", "finished_at"])
    except Exception as exc:  # a failed build is shown on the page, not raised into the request
        logger.exception("yearbook export %s failed", export_id)
        YearbookExport.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, error=str(exc)[:500], finished_at=timezone.now()
        )
        return "failed"
    return "done"
