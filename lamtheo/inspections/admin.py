"""Admin: the default criteria (data, superusers) and read-only, scoped views of inspections and
requirements (changes are made on the inspection pages)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from lamtheo.core.admin import ScopedModelAdmin, SuperuserOnlyAdmin

from .models import CriterionTemplate, Inspection, Requirement


@admin.register(CriterionTemplate)
class CriterionTemplateAdmin(SuperuserOnlyAdmin):
    list_display = ["position", "title", "kind", "metric", "active"]
    list_filter = ["kind", "active"]


class ReadOnlyScoped(ScopedModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Inspection)
class InspectionAdmin(ReadOnlyScoped):
    list_display = ["subject", "kind", "organization", "year", "state"]
    list_filter = ["kind", "state", "year"]
    list_select_related = ["organization"]


@admin.register(Requirement)
class RequirementAdmin(ReadOnlyScoped):
    list_display = ["text", "unit", "deadline", "state"]
    list_filter = ["state"]
    list_select_related = ["unit"]
