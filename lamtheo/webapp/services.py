"""Writes of the submit keys: claim one for a request, keep its answer, or let it go."""

from __future__ import annotations

import datetime as dt
import time
from enum import Enum
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import SubmitKey

KEEP = dt.timedelta(days=2)  # a draft resent later than this is a new submission


class Claim(Enum):
    NEW = "new"  # first time: run the view
    DONE = "done"  # answered already: give the same answer
    BUSY = "busy"  # the first request is still running


def claim(user: Any, key: str, path: str) -> tuple[Claim, SubmitKey | None]:
    """Take `key` for this request, or say what became of the request that took it first."""
    SubmitKey.objects.filter(created_at__lt=timezone.now() - KEEP).delete()
    try:
        with transaction.atomic():
            row = SubmitKey.objects.create(user=user, key=key, path=path[:500])
    except IntegrityError:
        found = SubmitKey.objects.filter(user=user, key=key).first()
        if found is None:  # released between the insert and the read: try once more
            return claim(user, key, path)
        if found.path != path[:500]:
            return Claim.NEW, None  # the key belongs to another form: no de-duplication
        return (Claim.DONE if found.location else Claim.BUSY), found
    return Claim.NEW, row


def wait_for(row: SubmitKey, seconds: float, step: float = 0.2) -> SubmitKey | None:
    """Poll until the first request answers; None if it gave its key back (it failed)."""
    deadline = time.monotonic() + seconds
    while True:
        fresh = SubmitKey.objects.filter(pk=row.pk).first()
        if fresh is None or fresh.location or time.monotonic() >= deadline:
            return fresh
        time.sleep(step)


def finish(row: SubmitKey, location: str) -> None:
    SubmitKey.objects.filter(pk=row.pk).update(location=location[:1000])


def release(row: SubmitKey) -> None:
    """The request did not go through (errors, login, refusal): the same key may be sent again."""
    SubmitKey.objects.filter(pk=row.pk).delete()
