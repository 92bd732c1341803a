"""Optimistic locking: a form carries the version it was opened at; saving bumps it."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Model

from .exceptions import ConcurrentEditError


def save_versioned(instance: Model, *, expected_version: int | None) -> None:
    """Save `instance` only if its row still has `expected_version`, else raise.

    The row is locked first (SELECT … FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE
    transactions serialise writers), so two concurrent saves cannot both win. A normal
    save() keeps the audit trail.
    """
    model = type(instance)
    with transaction.atomic():
        stored = model._default_manager.select_for_update().only("version").get(pk=instance.pk)
        expected = expected_version if expected_version is not None else stored.version  # type: ignore[attr-defined]
        if stored.version != expected:  # type: ignore[attr-defined]
            raise ConcurrentEditError()
        instance.version = expected + 1  # type: ignore[attr-defined]
        instance.save()
