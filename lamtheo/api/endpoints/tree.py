"""The tree, people, their cell history and the roles held on nodes.

Units are looked up by `code`, people by party card number (or staff code for officials).
Writes go through lamtheo.organizations.services with the capability the pages use.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import CharField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from lamtheo.core.exceptions import ConcurrentEditError
from lamtheo.core.text import fold
from lamtheo.organizations import services
from lamtheo.organizations.models import Membership, Organization, Person, RoleAssignment
from lamtheo.organizations.scoping import Capability, can

from ..base import (
    MAX_INT,
    ScopedViewSet,
    clean_key,
    field_error,
    org_in_body,
    payload,
    person_query,
    require_version,
    service_errors,
    user_of,
)

STEP = Organization.steplen


def with_parent_code(queryset: QuerySet[Organization]) -> QuerySet[Organization]:
    """Each unit with its parent's code, in the same query (the parent's path is the path minus one step)."""
    parent = Organization.objects.filter(path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - STEP))
    return queryset.annotate(parent_code=Subquery(parent.values("code")[:1], output_field=CharField()))


def deny(user: Any, capability: Capability, obj: Any) -> None:
    """403 for an object the user sees but may not change (it is inside their units)."""
    if not can(user, capability, obj):
        raise PermissionDenied


# --- units ----------------------------------------------------------------------------------------


class OrganizationSerializer(serializers.ModelSerializer[Organization]):
    parent = serializers.CharField(source="parent_code", read_only=True, allow_null=True)
    successor = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Organization
        fields = [
            "id",
            "code",
            "name",
            "kind",
            "block",
            "parent",
            "depth",
            "valid_from",
            "valid_to",
            "successor",
            "version",
        ]


class OrganizationCreateSerializer(serializers.ModelSerializer[Organization]):
    parent = serializers.CharField(max_length=50, required=False, allow_blank=True, help_text="Code of the parent unit")

    class Meta:
        model = Organization
        fields = ["code", "name", "kind", "block", "parent", "valid_from", "valid_to"]


class OrganizationUpdateSerializer(serializers.ModelSerializer[Organization]):
    version = serializers.IntegerField(max_value=MAX_INT, min_value=0)

    class Meta:
        model = Organization
        fields = ["name", "kind", "block", "valid_from", "valid_to", "version"]
        extra_kwargs = {f: {"required": False} for f in ["name", "kind", "block"]}


def _within(queryset: QuerySet[Any], code: str, path_field: str) -> QuerySet[Any]:
    node = Organization.objects.filter(code=code).values_list("path", flat=True).first()
    return queryset.filter(**{f"{path_field}__startswith": node}) if node else queryset.none()


class OrganizationFilter(django_filters.FilterSet):
    kind = django_filters.CharFilter()
    block = django_filters.CharFilter()
    parent = django_filters.CharFilter(method="filter_parent", help_text="Code of the parent unit")
    within = django_filters.CharFilter(method="filter_within", help_text="Code of a unit: its whole subtree")
    active = django_filters.BooleanFilter(method="filter_active")
    q = django_filters.CharFilter(method="filter_q", help_text="Name or code, diacritics ignored")

    class Meta:
        model = Organization
        fields: list[str] = []

    def filter_parent(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        node = Organization.objects.filter(code=value).values_list("path", "depth").first()
        if node is None:
            return queryset.none()
        return queryset.filter(path__startswith=node[0], depth=node[1] + 1)

    def filter_within(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return _within(queryset, value, "path")

    def filter_active(self, queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        today = timezone.localdate()
        active = (Q(valid_from__isnull=True) | Q(valid_from__lte=today)) & (
            Q(valid_to__isnull=True) | Q(valid_to__gte=today)
        )
        return queryset if value is None else queryset.filter(active if value else ~active)

    def filter_q(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(search_name__contains=fold(value))


class OrganizationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Units of the party tree within your reach (your subtree and your own cell)."""

    base_queryset = Organization.objects.select_related("successor")
    serializer_class = OrganizationSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filterset_class = OrganizationFilter
    ordering_fields = ["code", "name", "path", "depth"]
    ordering = ["path"]

    def get_queryset(self) -> QuerySet[Any]:
        return with_parent_code(super().get_queryset())

    def get_object(self) -> Organization:
        return get_object_or_404(self.get_queryset(), code=clean_key(str(self.kwargs["code"])))

    @extend_schema(request=OrganizationCreateSerializer, responses={201: OrganizationSerializer})
    def create(self, request: Request) -> Response:
        data = OrganizationCreateSerializer(data=payload(request))
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        parent_code = fields.pop("parent", "") or ""
        user = user_of(request)
        if parent_code:
            parent = org_in_body(request, parent_code, "parent", Capability.MANAGE_TREE)
        elif not user.is_superuser:
            raise field_error("parent", "required", _("Enter the code of the unit directly above this new unit."))
        else:
            parent = None
        with service_errors({"new_parent": "parent"}):
            org = services.create_organization(parent=parent, **fields)
        return Response(self.get_serializer(self.get_queryset().get(pk=org.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=OrganizationUpdateSerializer, responses={200: OrganizationSerializer})
    def partial_update(self, request: Request, code: str) -> Response:
        org = self.get_object()
        deny(user_of(request), Capability.MANAGE_TREE, org)
        version = require_version(payload(request))
        data = OrganizationUpdateSerializer(org, data=payload(request), partial=True)
        data.is_valid(raise_exception=True)
        fields = {k: v for k, v in data.validated_data.items() if k != "version"}
        start, end = fields.get("valid_from", org.valid_from), fields.get("valid_to", org.valid_to)
        if start and end and end < start:
            raise field_error("valid_to", "invalid", _("The end date is before the start date."))
        with service_errors():
            services.update_organization(org, expected_version=version, **fields)
        return Response(self.get_serializer(self.get_queryset().get(pk=org.pk)).data)


# --- people ---------------------------------------------------------------------------------------

PERSON_FIELDS = [
    "card_number",
    "staff_code",
    "full_name",
    "gender",
    "birth_date",
    "kind",
    "member_status",
    "admission_date",
    "full_membership_date",
    "position",
    "job",
    "phone",
    "email",
]


class PersonSerializer(serializers.ModelSerializer[Person]):
    cell = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Person
        fields = ["id", *PERSON_FIELDS, "cell", "version"]


class PersonCreateSerializer(serializers.ModelSerializer[Person]):
    cell = serializers.CharField(max_length=50, help_text="Code of the party cell")
    started_on = serializers.DateField(required=False)

    class Meta:
        model = Person
        fields = [*PERSON_FIELDS, "cell", "started_on"]
        # uniqueness of the card number and staff code is the service's check (model full_clean)
        extra_kwargs: dict[str, dict[str, Any]] = {"card_number": {"validators": []}, "staff_code": {"validators": []}}


class PersonUpdateSerializer(serializers.ModelSerializer[Person]):
    version = serializers.IntegerField(max_value=MAX_INT, min_value=0)

    class Meta:
        model = Person
        fields = [*PERSON_FIELDS, "version"]
        extra_kwargs = {
            "card_number": {"validators": []},
            "staff_code": {"validators": []},
            "full_name": {"required": False},
        }


class TransferSerializer(serializers.Serializer[Any]):
    cell = serializers.CharField(max_length=50, help_text="Code of the new party cell")
    on = serializers.DateField(required=False)
    reason = serializers.CharField(max_length=255, required=False, allow_blank=True)
    version = serializers.IntegerField(max_value=MAX_INT, min_value=0)


class PersonFilter(django_filters.FilterSet):
    cell = django_filters.CharFilter(field_name="cell__code", help_text="Code of the cell")
    within = django_filters.CharFilter(method="filter_within", help_text="Code of a unit: people of its subtree")
    kind = django_filters.CharFilter()
    member_status = django_filters.CharFilter()
    q = django_filters.CharFilter(method="filter_q", help_text="Name, diacritics ignored")

    class Meta:
        model = Person
        fields: list[str] = []

    def filter_within(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return _within(queryset, value, "cell__path")

    def filter_q(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(search_name__contains=fold(value))


class PersonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Party members and non-member officials; `{key}` is the party card number (or staff code)."""

    base_queryset = Person.objects.select_related("cell")
    serializer_class = PersonSerializer
    lookup_field = "key"
    lookup_value_regex = "[^/]+"
    filterset_class = PersonFilter
    ordering_fields = ["search_name", "card_number", "birth_date", "id"]
    ordering = ["search_name", "pk"]

    def get_object(self) -> Person:
        key = clean_key(str(self.kwargs["key"]))
        return get_object_or_404(self.get_queryset(), **person_query(key))

    @extend_schema(request=PersonCreateSerializer, responses={201: PersonSerializer})
    def create(self, request: Request) -> Response:
        data = PersonCreateSerializer(data=payload(request))
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        cell = org_in_body(request, fields.pop("cell"), "cell", Capability.MANAGE_PEOPLE)
        with service_errors():
            person = services.create_person(cell=cell, **fields)
        return Response(self.get_serializer(person).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PersonUpdateSerializer, responses={200: PersonSerializer})
    def partial_update(self, request: Request, key: str) -> Response:
        person = self.get_object()
        deny(user_of(request), Capability.MANAGE_PEOPLE, person)
        version = require_version(payload(request))
        data = PersonUpdateSerializer(person, data=payload(request), partial=True)
        data.is_valid(raise_exception=True)
        fields = {k: v for k, v in data.validated_data.items() if k != "version"}
        with service_errors():
            services.update_person(person, expected_version=version, **fields)
        return Response(self.get_serializer(person).data)

    @extend_schema(request=TransferSerializer, responses={200: PersonSerializer})
    @action(detail=True, methods=["post"])
    def transfer(self, request: Request, key: str) -> Response:
        """Move the person to another cell (their cell history is kept)."""
        person = self.get_object()
        deny(user_of(request), Capability.MANAGE_PEOPLE, person)
        data = TransferSerializer(data=payload(request))
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if values["version"] != person.version:
            with service_errors():
                raise ConcurrentEditError()
        cell = org_in_body(request, values["cell"], "cell", Capability.MANAGE_PEOPLE)
        with service_errors({"to_cell": "cell"}):
            services.transfer_person(person, to_cell=cell, on=values.get("on"), reason=values.get("reason", ""))
        return Response(self.get_serializer(person).data)


# --- cell history and roles ---------------------------------------------------------------------


class MembershipSerializer(serializers.ModelSerializer[Membership]):
    person = serializers.SlugRelatedField(slug_field="card_number", read_only=True)
    person_id = serializers.IntegerField(read_only=True)
    cell = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "person", "person_id", "cell", "started_on", "ended_on", "reason"]


class MembershipFilter(django_filters.FilterSet):
    person = django_filters.CharFilter(field_name="person__card_number", help_text="Party card number")
    cell = django_filters.CharFilter(field_name="cell__code")
    current = django_filters.BooleanFilter(field_name="ended_on", lookup_expr="isnull")

    class Meta:
        model = Membership
        fields: list[str] = []


class MembershipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Each stay of a person in a cell (read only; transfers go through people/{key}/transfer/)."""

    base_queryset = Membership.objects.select_related("person", "cell")
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilter
    ordering_fields = ["started_on", "id"]
    ordering = ["person_id", "-started_on", "-pk"]


class RoleSerializer(serializers.ModelSerializer[RoleAssignment]):
    username = serializers.CharField(source="user.username", read_only=True)
    organization = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = RoleAssignment
        fields = ["id", "username", "organization", "role", "started_on", "ended_on"]


class RoleFilter(django_filters.FilterSet):
    organization = django_filters.CharFilter(field_name="organization__code")
    role = django_filters.CharFilter()
    current = django_filters.BooleanFilter(method="filter_current")

    class Meta:
        model = RoleAssignment
        fields: list[str] = []

    def filter_current(self, queryset: QuerySet[Any], name: str, value: bool | None) -> QuerySet[Any]:
        today = timezone.localdate()
        now = Q(started_on__lte=today) & (Q(ended_on__isnull=True) | Q(ended_on__gte=today))
        return queryset if value is None else queryset.filter(now if value else ~now)


class RoleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Roles held on the units within your reach (read only)."""

    base_queryset = RoleAssignment.objects.select_related("user", "organization")
    serializer_class = RoleSerializer
    filterset_class = RoleFilter
    ordering_fields = ["started_on", "id"]
    ordering = ["organization__path", "role", "pk"]


ROUTES = [
    ("organizations", OrganizationViewSet, "organization"),
    ("people", PersonViewSet, "person"),
    ("memberships", MembershipViewSet, "membership"),
    ("roles", RoleViewSet, "role"),
]
