"""Accounts in the Django admin, scoped to the accounts the staff user may manage."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from lamtheo.core.admin import ScopedModelAdmin
from lamtheo.organizations.scoping import Capability

from . import selectors
from .models import User

# Only a superuser may hand out admin-wide powers.
PRIVILEGED_FIELDS = ["is_staff", "is_superuser", "groups", "user_permissions"]


@admin.register(User)
class UserAdmin(ScopedModelAdmin, BaseUserAdmin):
    scope_capability = Capability.MANAGE_ACCOUNTS
    staff_can_add = False  # accounts are created on the account pages, linked to a person
    list_display = ["username", "person", "is_active", "is_staff", "must_change_password", "last_login"]
    list_filter = ["is_active", "is_staff", "must_change_password"]
    list_select_related = ["person"]
    search_fields = ["username", "email", "person__search_name", "person__card_number"]
    raw_id_fields = ["person"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (_("Party records"), {"fields": ("person", "must_change_password")}),
    )

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        # Not superusers, nor accounts with roles beyond the staff user's units.
        return qs.filter(pk__in=selectors.manageable_accounts(request.user).values("pk"))  # type: ignore[arg-type]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly += [f for f in PRIVILEGED_FIELDS if f not in readonly]
        return readonly
