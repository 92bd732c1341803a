"""Admin for registrations and shortcomings: read-only and scoped like the app.

Registrations move through a workflow with a history (services), so the admin only shows them;
changes are made on the notebook pages.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from lamtheo.core.admin import ScopedModelAdmin

from .models import Pledge, Registration, RegistrationEvent, Shortcoming


class ReadOnlyMixin:
    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class PledgeInline(ReadOnlyMixin, admin.TabularInline):
    model = Pledge
    extra = 0
    fields = ("position", "text", "measure", "deadline", "theme", "standard", "rule", "shortcoming", "verdict")
    readonly_fields = fields
    show_change_link = False


class EventInline(ReadOnlyMixin, admin.TabularInline):
    model = RegistrationEvent
    extra = 0
    fields = ("at", "action", "from_state", "to_state", "actor", "on_behalf", "comment")
    readonly_fields = fields


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyMixin, ScopedModelAdmin):  # type: ignore[misc]
    list_display = ["__str__", "organization", "year", "state", "number", "is_current"]
    list_filter = ["state", "year", "is_current"]
    search_fields = ["person__search_name", "organization__name"]
    list_select_related = ["person", "organization"]
    inlines = [PledgeInline, EventInline]
    exclude = ("version",)

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        return [f.name for f in Registration._meta.fields if f.name != "id"]


@admin.register(Shortcoming)
class ShortcomingAdmin(ReadOnlyMixin, ScopedModelAdmin):  # type: ignore[misc]
    list_display = ["__str__", "person", "year", "source", "status"]
    list_filter = ["status", "source", "year"]
    search_fields = ["person__search_name", "text"]
    list_select_related = ["person"]

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        return [f.name for f in Shortcoming._meta.fields if f.name != "id"]
