"""Admin: the reference data (categories, forms of reward) is edited here; nominations are shown
read-only and scoped like the app (they move through a workflow with a history)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from lamtheo.core.admin import ScopedModelAdmin

from .models import Category, Commendation, Nomination, RewardForm


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("name", "applies_to", "order", "active")
    list_editable = ("order", "active")


@admin.register(RewardForm)
class RewardFormAdmin(admin.ModelAdmin):
    list_display = ("name", "order", "active")
    list_editable = ("order", "active")


class ReadOnlyScoped(ScopedModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:  # type: ignore[override]
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Nomination)
class NominationAdmin(ReadOnlyScoped):
    list_display = ("__str__", "category", "proposer", "level", "state")
    list_filter = ("state",)


@admin.register(Commendation)
class CommendationAdmin(ReadOnlyScoped):
    list_display = ("number", "kind", "organization", "decided_on")
