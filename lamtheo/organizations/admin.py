"""Admin for the tree and rosters, scoped like the app (see lamtheo.core.admin).

Writes that keep the tree and the membership history consistent go through the services:
nodes are added and moved on the tree pages, people change cells through a transfer.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import ForeignKey, Q
from django.forms import ModelChoiceField
from django.http import HttpRequest
from django.utils import timezone

from lamtheo.core.admin import ScopedModelAdmin
from lamtheo.organizations import services
from lamtheo.organizations.forms import PERSON_FIELDS
from lamtheo.organizations.models import CELL_KINDS, Membership, Organization, Person, Place, RoleAssignment
from lamtheo.organizations.scoping import Capability, visible_to


@admin.register(Organization)
class OrganizationAdmin(ScopedModelAdmin):
    scope_capability = Capability.MANAGE_TREE
    staff_can_add = False
    list_display = ["name", "code", "kind", "block", "valid_from", "valid_to"]
    list_filter = ["kind", "block"]
    search_fields = ["search_name", "code"]
    ordering = ["path"]
    fields = ["name", "code", "kind", "block", "valid_from", "valid_to", "successor"]
    readonly_fields = ["kind"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # treebeard paths are built by services.create_organization (tree pages)

    def save_model(self, request: HttpRequest, obj: Organization, form: forms.ModelForm, change: bool) -> None:
        services.update_organization(obj, expected_version=None)


class PersonAdminForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = [*PERSON_FIELDS, "cell"]


@admin.register(Person)
class PersonAdmin(ScopedModelAdmin):
    scope_capability = Capability.MANAGE_PEOPLE
    form = PersonAdminForm
    list_display = ["full_name", "card_number", "kind", "member_status", "cell"]
    list_filter = ["kind", "member_status"]
    list_select_related = ["cell"]
    search_fields = ["search_name", "card_number", "staff_code"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["cell"] if obj is not None else []  # moving goes through a transfer

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        if db_field.name == "cell":
            today = timezone.localdate()
            cells = Organization.objects.filter(kind__in=CELL_KINDS).filter(
                Q(valid_to__isnull=True) | Q(valid_to__gte=today)
            )
            kwargs["queryset"] = visible_to(cells, request.user, self.scope_capability)  # type: ignore[arg-type]
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request: HttpRequest, obj: Person, form: forms.ModelForm, change: bool) -> None:
        data = {k: v for k, v in form.cleaned_data.items() if k in PersonAdminForm.Meta.fields and k != "cell"}
        if change:
            services.update_person(obj, expected_version=None, **data)
            return
        person = services.create_person(cell=form.cleaned_data["cell"], **data)
        obj.pk, obj.version = person.pk, person.version
        obj._state.adding = False


@admin.register(Membership)
class MembershipAdmin(ScopedModelAdmin):
    scope_capability = Capability.MANAGE_PEOPLE
    staff_can_add = False
    list_display = ["person", "cell", "started_on", "ended_on", "reason"]
    list_select_related = ["person", "cell"]
    search_fields = ["person__search_name", "person__card_number"]
    fields = ["person", "cell", "started_on", "ended_on", "reason"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a membership starts with the person or with a transfer

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["person", "cell"]


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ScopedModelAdmin):
    scope_capability = Capability.MANAGE_ACCOUNTS
    list_display = ["user", "role", "organization", "started_on", "ended_on"]
    list_filter = ["role"]
    list_select_related = ["user", "organization"]
    search_fields = ["user__username", "organization__search_name", "organization__code"]
    raw_id_fields = ["user"]
    fields = ["user", "role", "organization", "started_on", "ended_on"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return ["user", "role", "organization"] if obj is not None else []

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:
        if db_field.name == "user":
            from lamtheo.accounts.selectors import accounts_for

            kwargs["queryset"] = accounts_for(request.user)  # type: ignore[arg-type]
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Place)
class PlaceAdmin(ScopedModelAdmin):
    """Villages, hamlets and residential groups of the communes (bulk: `manage.py import_places`)."""

    scope_capability = Capability.MANAGE_TREE
    list_display = ["name", "kind", "organization", "valid_from", "valid_to"]
    list_filter = ["kind"]
    list_select_related = ["organization"]
    search_fields = ["name", "organization__search_name"]
    fields = ["organization", "name", "kind", "valid_from", "valid_to"]
