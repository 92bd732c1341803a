"""Figures entered as counts (units still reporting on paper), scoped like the app."""

from __future__ import annotations

from django.contrib import admin

from lamtheo.core.admin import ScopedModelAdmin
from lamtheo.organizations.scoping import Capability

from .models import UnitCount


@admin.register(UnitCount)
class UnitCountAdmin(ScopedModelAdmin):
    scope_capability = Capability.WRITE_REVIEW
    list_display = ["organization", "date_from", "date_to", "members", "members_attended", "officials"]
    list_select_related = ["organization"]
    search_fields = ["organization__search_name", "organization__code"]
    fields = [
        "organization",
        "date_from",
        "date_to",
        "members",
        "probationary",
        "officials",
        "civil_servants",
        "members_attended",
        "officials_attended",
        "civil_servants_attended",
        "members_registered",
        "officials_registered",
        "notes",
    ]
