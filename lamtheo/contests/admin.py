"""Admin: contest kinds (data, superusers) and read-only, scoped views of contests and entries."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from lamtheo.core.admin import ScopedModelAdmin, SuperuserOnlyAdmin

from .models import Contest, ContestKind, Entry


@admin.register(ContestKind)
class ContestKindAdmin(SuperuserOnlyAdmin):
    list_display = ["code", "name", "order"]


class ReadOnlyScoped(ScopedModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Contest)
class ContestAdmin(ReadOnlyScoped):
    list_display = ["title", "organization", "year", "phase"]
    list_filter = ["phase", "year"]
    list_select_related = ["organization"]


@admin.register(Entry)
class EntryAdmin(ReadOnlyScoped):
    list_display = ["title", "contest", "unit", "entry_type", "state", "rank"]
    list_filter = ["state", "entry_type"]
    list_select_related = ["contest", "unit"]
