"""Background bulk syncs (Celery; inline when no broker is configured)."""

from __future__ import annotations

from django.utils import timezone, translation

from lamtheo.celery import app

from . import sync
from .models import SyncJob, SyncStatus


@app.task(name="api.run_sync_job")
def run_sync_job(job_id: int, language: str = "vi", dry_run: bool = False) -> str:
    job = SyncJob.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None or job.requested_by is None or not job.requested_by.is_active:
        SyncJob.objects.filter(pk=job_id).update(status=SyncStatus.FAILED, finished_at=timezone.now())
        return "missing"
    SyncJob.objects.filter(pk=job_id).update(status=SyncStatus.RUNNING)
    with translation.override(language):
        try:
            result = sync.run(user=job.requested_by, kind=job.kind, rows=job.rows, dry_run=dry_run)
        except Exception:  # recorded, never lost silently; the client polls the job
            SyncJob.objects.filter(pk=job_id).update(status=SyncStatus.FAILED, finished_at=timezone.now())
            raise
    SyncJob.objects.filter(pk=job_id).update(status=SyncStatus.DONE, result=result, rows=[], finished_at=timezone.now())
    return "done" if result["ok"] else "refused"
