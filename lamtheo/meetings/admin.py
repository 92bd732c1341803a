"""Admin: the meeting rules (data with validity dates, superusers) and read-only, scoped views of
meetings and reports (changes are made on the meeting pages, which keep the history)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest

from lamtheo.core.admin import ScopedModelAdmin, SuperuserOnlyAdmin

from .models import Meeting, MeetingRule, MemberReport


@admin.register(MeetingRule)
class MeetingRuleAdmin(SuperuserOnlyAdmin):
    list_display = ["source", "valid_from", "valid_to", "min_minutes", "min_minutes_combined", "documents_days_before"]


class ReadOnlyScoped(ScopedModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyScoped):
    list_display = ["date", "kind", "cell", "state"]
    list_filter = ["kind", "state", "year"]
    list_select_related = ["cell"]


@admin.register(MemberReport)
class MemberReportAdmin(ReadOnlyScoped):
    list_display = ["person", "meeting", "state", "reason"]
    list_filter = ["state"]
    list_select_related = ["person", "meeting__cell"]
