"""The submit keys that make a repeated POST the same one (see middleware.IdempotencyMiddleware)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmitKey(models.Model):
    """One form submission, named by the random key the page put in it.

    While the first request runs, `location` is empty; once it has answered with a redirect the
    location is kept, and a repeat of the same key gets that redirect without running the view again.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64)
    path = models.CharField(max_length=500)
    location = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("submit key")
        verbose_name_plural = _("submit keys")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="webapp_submitkey_user_key")]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"
