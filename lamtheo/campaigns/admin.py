"""Admin for the campaign documents: read-only and scoped to the nodes one manages.

Saves go through the services (version history of the standards, file checks), so changes are
made on the campaign pages; the admin only shows the records.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from lamtheo.core.admin import ScopedModelAdmin
from lamtheo.organizations.scoping import Capability

from .models import Directive, EthicalStandard, EthicalStandardVersion, Theme


class ReadOnlyScopedAdmin(ScopedModelAdmin):
    scope_capability = Capability.MANAGE_CAMPAIGN
    staff_can_add = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        return [f.name for f in self.model._meta.fields if f.name != "id"]


@admin.register(Directive)
class DirectiveAdmin(ReadOnlyScopedAdmin):
    list_display = ["number", "title", "kind", "issued_on", "organization"]
    list_filter = ["kind"]
    search_fields = ["number", "title", "issuer"]
    list_select_related = ["organization"]


@admin.register(Theme)
class ThemeAdmin(ReadOnlyScopedAdmin):
    list_display = ["title", "scope", "year_from", "year_to", "organization"]
    list_filter = ["scope"]
    search_fields = ["title"]
    list_select_related = ["organization"]


class VersionInline(admin.TabularInline):
    model = EthicalStandardVersion
    extra = 0
    fields = ("version", "title", "saved_at", "saved_by")
    readonly_fields = ("version", "title", "saved_at", "saved_by")
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(EthicalStandard)
class EthicalStandardAdmin(ReadOnlyScopedAdmin):
    list_display = ["title", "organization", "year_from", "year_to", "is_model", "version"]
    list_filter = ["is_model"]
    search_fields = ["title"]
    list_select_related = ["organization"]
    inlines = [VersionInline]
