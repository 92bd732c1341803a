"""A Django admin that stays inside the user's subtree, like every other page.

Staff who are not superusers need both the model permission Django asks for and the
capability of the admin class (e.g. MANAGE_PEOPLE); lists, change pages and foreign-key
choices go through `visible_to`, so an object outside answers like a missing one. Deleting
is left to superusers: the app ends records (valid_to, ended_on) instead.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin
from django.db.models import ForeignKey, Model, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest

from lamtheo.organizations.scoping import Capability, has_capability, visible_to


class ScopedModelAdmin(admin.ModelAdmin):
    scope_capability: ClassVar[Capability] = Capability.VIEW
    #: Whether staff (non-superusers) may add through the admin; the app pages are preferred.
    staff_can_add: ClassVar[bool] = True

    def _allowed(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_superuser or has_capability(user, self.scope_capability))  # type: ignore[arg-type]

    def _reaches(self, request: HttpRequest, obj: Model | None) -> bool:
        if obj is None or request.user.is_superuser:
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return visible_to(super().get_queryset(request), request.user, self.scope_capability)  # type: ignore[arg-type]

    def has_module_permission(self, request: HttpRequest) -> bool:
        return super().has_module_permission(request) and self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_view_permission(request, obj) and self._allowed(request) and self._reaches(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return super().has_change_permission(request, obj) and self._allowed(request) and self._reaches(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        if not request.user.is_superuser and not self.staff_can_add:
            return False
        return super().has_add_permission(request) and self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return bool(request.user.is_superuser) and super().has_delete_permission(request, obj)

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        related = db_field.related_model
        if "queryset" not in kwargs and isinstance(related, type) and hasattr(related, "SCOPE_PATH"):
            kwargs["queryset"] = visible_to(
                related._default_manager.all(),
                request.user,  # type: ignore[arg-type]
                self.scope_capability,
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SuperuserOnlyAdmin(admin.ModelAdmin):
    """For library admins that list records of every unit (login attempts, the raw audit log)."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return bool(request.user.is_superuser)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return bool(request.user.is_superuser) and super().has_change_permission(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser) and super().has_add_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return bool(request.user.is_superuser) and super().has_delete_permission(request, obj)


def restrict_to_superusers(*models: type[Model]) -> None:
    """Re-register already registered admins with superuser-only permissions."""
    for model in models:
        current = admin.site._registry.get(model)
        if current is None:
            continue
        restricted = type(f"SuperuserOnly{type(current).__name__}", (SuperuserOnlyAdmin, type(current)), {})
        admin.site.unregister(model)
        admin.site.register(model, restricted)


def _lock_library_admins() -> None:
    from auditlog.models import LogEntry
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    restrict_to_superusers(LogEntry, AccessAttempt, AccessFailureLog, AccessLog)


_lock_library_admins()
