"""Study classes (lớp học tập, quán triệt) and their attendance by name.

Writes go through lamtheo.study.services: the organiser's leaders (MANAGE_CAMPAIGN) create and
change classes and record attendance by party card number or staff code.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from lamtheo.campaigns.models import Theme
from lamtheo.organizations.models import Block, Person
from lamtheo.organizations.scoping import Capability
from lamtheo.study import selectors, services
from lamtheo.study.models import Attendance, StudySession

from ..base import (
    MAX_INT,
    IntFilter,
    ScopedViewSet,
    field_error,
    org_in_body,
    payload,
    require_version,
    scoped,
    service_errors,
    user_of,
)


class StudyClassSerializer(serializers.ModelSerializer[StudySession]):
    organization = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = StudySession
        fields = [
            "id",
            "organization",
            "theme",
            "title",
            "starts_on",
            "ends_on",
            "place",
            "audience_block",
            "reporters",
            "mass_count",
            "notes",
            "version",
        ]


class StudyClassWriteSerializer(serializers.Serializer[Any]):
    theme = serializers.IntegerField(
        min_value=0,
        max_value=MAX_INT,
    )
    title = serializers.CharField(max_length=300)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(required=False, allow_null=True)
    place = serializers.CharField(max_length=255, required=False, allow_blank=True)
    audience_block = serializers.ChoiceField(choices=Block.choices, required=False, allow_blank=True)
    reporters = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    mass_count = serializers.IntegerField(min_value=0, max_value=services.MAX_MASS_COUNT, required=False)
    notes = serializers.CharField(max_length=5000, required=False, allow_blank=True)


class StudyClassCreateSerializer(StudyClassWriteSerializer):
    organization = serializers.CharField(max_length=50, help_text="Code of the organising unit")


class StudyClassUpdateSerializer(StudyClassWriteSerializer):
    version = serializers.IntegerField(max_value=MAX_INT, min_value=0)


class AttendanceSerializer(serializers.ModelSerializer[Attendance]):
    person = serializers.SlugRelatedField(slug_field="card_number", read_only=True)
    person_id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(source="person.full_name", read_only=True)
    cell = serializers.CharField(source="person.cell.code", read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "session", "person", "person_id", "full_name", "cell", "recorded_at"]


class AttendanceWriteSerializer(serializers.Serializer[Any]):
    add = serializers.ListField(
        child=serializers.CharField(max_length=30),
        required=False,
        max_length=services.MAX_CODES,
        help_text="Card numbers or staff codes of people present",
    )
    remove = serializers.ListField(
        child=serializers.CharField(max_length=30),
        required=False,
        max_length=services.MAX_CODES,
        help_text="Card numbers or staff codes to take off the list",
    )


class StudyClassFilter(django_filters.FilterSet):
    organization = django_filters.CharFilter(field_name="organization__code")
    theme = IntFilter()
    year = IntFilter(field_name="starts_on__year")

    class Meta:
        model = StudySession
        fields: list[str] = []


def _theme(request: Request, value: int) -> Theme:
    theme = scoped(Theme.objects.select_related("organization"), request).filter(pk=value).first()
    if theme is None:
        raise field_error("theme", "does_not_exist", _("Choose a theme set by this unit or a level above it."))
    return theme


class StudyClassViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Classes organised by your units and by the levels above them."""

    base_queryset = StudySession.objects.select_related("organization")
    serializer_class = StudyClassSerializer
    filterset_class = StudyClassFilter
    ordering_fields = ["starts_on", "id"]
    ordering = ["-starts_on", "-pk"]

    @extend_schema(request=StudyClassCreateSerializer, responses={201: StudyClassSerializer})
    def create(self, request: Request) -> Response:
        data = StudyClassCreateSerializer(data=payload(request))
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        node = org_in_body(request, values.pop("organization"), "organization", Capability.MANAGE_CAMPAIGN)
        values["theme"] = _theme(request, values["theme"])
        with service_errors():
            session = services.save_session(actor=user_of(request), organization=node, **values)
        return Response(self.get_serializer(session).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=StudyClassUpdateSerializer, responses={200: StudyClassSerializer})
    def partial_update(self, request: Request, pk: str) -> Response:
        session = self.get_object()
        require_version(payload(request))
        current = {
            k: v for k, v in StudyClassSerializer(session).data.items() if k in StudyClassWriteSerializer().fields
        }
        data = StudyClassUpdateSerializer(data={**current, **payload(request)})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version")
        values["theme"] = _theme(request, values["theme"])
        with service_errors():
            services.save_session(
                actor=user_of(request),
                organization=session.organization,
                session=session,
                expected_version=version,
                **values,
            )
        return Response(self.get_serializer(session).data)

    @extend_schema(methods=["GET"], responses={200: AttendanceSerializer(many=True)})
    @extend_schema(
        methods=["POST"], request=AttendanceWriteSerializer, responses={200: AttendanceSerializer(many=True)}
    )
    @action(detail=True, methods=["get", "post"])
    def attendance(self, request: Request, pk: str) -> Response:
        """Who attended (people within your reach). POST adds and removes people by card number."""
        session = self.get_object()
        if request.method == "POST":
            if not selectors.can_manage(user_of(request), session.organization):
                raise PermissionDenied
            data = AttendanceWriteSerializer(data=payload(request))
            data.is_valid(raise_exception=True)
            add, remove = data.validated_data.get("add", []), data.validated_data.get("remove", [])
            with service_errors({"codes": "add"}), transaction.atomic():
                if add:
                    services.add_attendance_by_codes(actor=user_of(request), session=session, codes=" ".join(add))
                for key in remove:
                    person = (
                        Person.objects.filter(card_number=key).first() or Person.objects.filter(staff_code=key).first()
                    )
                    if person is not None:
                        services.remove_attendance(actor=user_of(request), session=session, person_id=person.pk)
        rows = scoped(Attendance.objects.filter(session=session).select_related("person__cell"), request)
        page = self.paginate_queryset(rows.order_by("person__search_name", "pk"))
        return self.get_paginated_response(AttendanceSerializer(page, many=True).data)


ROUTES = [("study-classes", StudyClassViewSet, "study-class")]
