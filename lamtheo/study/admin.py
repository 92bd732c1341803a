"""Audiences of study classes are shared data (not of a unit): superusers edit them."""

from __future__ import annotations

from django.contrib import admin

from lamtheo.core.admin import SuperuserOnlyAdmin
from lamtheo.study.models import Audience


@admin.register(Audience)
class AudienceAdmin(SuperuserOnlyAdmin):
    list_display = ["name", "code", "order"]
    fields = ["name", "code", "order"]
