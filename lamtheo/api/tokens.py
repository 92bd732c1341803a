"""Creating, finding and revoking personal API tokens (atomic writes, audited by auditlog)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.accounts.selectors import manageable_accounts

from .models import ApiToken

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

KEY_PREFIX = "lt_"
MAX_DAYS = 366
DEFAULT_DAYS = 90
MAX_ACTIVE = 20


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def find_active(key: str) -> ApiToken | None:
    """The active token of `key` with its user, or None (expired, revoked, unknown)."""
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=digest(key)).first()
    if token is None or not token.is_active or not token.user.is_active:
        return None
    return token


def tokens_of(user: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).select_related("created_by")


def may_issue_for(actor: User, account: User) -> bool:
    """Users issue their own; an administrator issues for the accounts they manage (service accounts)."""
    return actor.pk == account.pk or manageable_accounts(actor).filter(pk=account.pk).exists()


@transaction.atomic
def create_token(*, actor: User, account: User, label: str, days: int) -> tuple[ApiToken, str]:
    """A new token and its key (shown once; only the digest is stored)."""
    if not may_issue_for(actor, account):
        raise PermissionDenied
    errors: dict[str, str] = {}
    label = (label or "").strip()
    if not label:
        errors["label"] = _("Give the token a name, e.g. the system that will use it.")
    elif len(label) > 100:
        errors["label"] = _("Keep the name under 100 characters.")
    if not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        errors["days"] = _("A token is valid for 1 to %(max)s days.") % {"max": MAX_DAYS}
    if not errors and tokens_of(account).filter(revoked_at__isnull=True, expires_at__gt=timezone.now()).count() >= (
        MAX_ACTIVE
    ):
        errors["label"] = _("This account already has %(max)s active tokens; revoke one first.") % {"max": MAX_ACTIVE}
    if errors:
        raise ValidationError(errors)
    key = KEY_PREFIX + secrets.token_urlsafe(30)
    token = ApiToken.objects.create(
        user=account,
        label=label,
        prefix=key[:10],
        digest=digest(key),
        created_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    return token, key


@transaction.atomic
def revoke_token(*, actor: User, token: ApiToken) -> ApiToken:
    if not may_issue_for(actor, token.user):
        raise PermissionDenied
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def touch(token: ApiToken) -> None:
    """Record the last use, at most once a minute (no write on every request)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
