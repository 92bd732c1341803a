"""Personal API tokens and bulk sync jobs.

A token is shown once, when it is created; only its SHA-256 digest is stored (the key is 40
random characters, so a fast digest is enough: nothing to brute-force). The first characters
(`prefix`) are kept in clear so the owner can tell their tokens apart.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    SCOPE_PATH: ClassVar[str] = "user__person__cell__path"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.CASCADE, related_name="api_tokens"
    )
    label = models.CharField(_("label"), max_length=100)
    prefix = models.CharField(_("starts with"), max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created on"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires on"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked on"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.label} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return Q(user_id=user.pk) if getattr(user, "pk", None) else None


class SyncKind(models.TextChoices):
    TREE = "tree", _("Organisation tree")
    ROSTER = "roster", _("Roster")


class SyncStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class SyncJob(models.Model):
    """A bulk push of the tree or a roster; large ones run in the background (see sync.py)."""

    SCOPE_PATH: ClassVar[str] = "requested_by__person__cell__path"

    kind = models.CharField(_("kind"), max_length=10, choices=SyncKind.choices)
    status = models.CharField(_("status"), max_length=10, choices=SyncStatus.choices, default=SyncStatus.QUEUED)
    rows = models.JSONField(default=list, editable=False)
    result = models.JSONField(null=True, blank=True, editable=False)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("sync job")
        verbose_name_plural = _("sync jobs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.status}"

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return Q(requested_by_id=user.pk) if getattr(user, "pk", None) else None
