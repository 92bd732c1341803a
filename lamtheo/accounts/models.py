from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A login. A member's account links to their Person; officials may have none."""

    SCOPE_PATH: ClassVar[str] = "person__cell__path"

    person = models.OneToOneField(
        "organizations.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )
    must_change_password = models.BooleanField(_("must change password"), default=False)

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @classmethod
    def own_q(cls, user: User) -> Q | None:
        return Q(pk=user.pk) if user.pk else None

    @classmethod
    def extra_scope_q(cls, roots: list[str]) -> Q:
        """Accounts without a Person are in scope through the roles they hold there."""
        from lamtheo.organizations.models import RoleAssignment

        holders = Q(pk__in=[])
        for root in roots:
            holders |= Q(organization__path__startswith=root)
        return Q(pk__in=RoleAssignment.objects.filter(holders).values("user_id"))
