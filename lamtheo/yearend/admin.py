"""Admin: the grading rules and mass organisations (data with validity dates, superusers); the
ethics sessions and comment rounds are run from their pages."""

from __future__ import annotations

from django.contrib import admin

from lamtheo.core.admin import SuperuserOnlyAdmin

from .models import GradingRule, MassOrganization


@admin.register(GradingRule)
class GradingRuleAdmin(SuperuserOnlyAdmin):
    list_display = ["source", "valid_from", "valid_to", "scale_max", "quarterly", "cap_percent", "cap_base"]


@admin.register(MassOrganization)
class MassOrganizationAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "position", "active"]
