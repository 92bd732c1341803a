"""Cell meetings and the members' reports at them.

Writes go through lamtheo.meetings.services and services_reports (the HD 42 rules on length,
the reporters' workflow, versions). Meetings and reports are looked up by id.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lamtheo.campaigns.models import Theme
from lamtheo.meetings import services, services_reports
from lamtheo.meetings.models import Meeting, MeetingKind, MeetingState, MemberReport, ReportState
from lamtheo.organizations.scoping import Capability

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


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    cell = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "cell",
            "kind",
            "year",
            "month",
            "date",
            "start_time",
            "duration_minutes",
            "place",
            "title",
            "theme",
            "presenter",
            "material",
            "agenda",
            "state",
            "cancel_reason",
            "version",
        ]


class MeetingWriteSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    date = serializers.DateField()
    start_time = serializers.TimeField()
    duration_minutes = serializers.IntegerField(min_value=1, max_value=32767)
    place = serializers.CharField(max_length=255, required=False, allow_blank=True)
    title = serializers.CharField(max_length=300, required=False, allow_blank=True)
    theme = serializers.IntegerField(min_value=0, max_value=MAX_INT, required=False, allow_null=True)
    presenter = serializers.CharField(max_length=150, required=False, allow_blank=True)
    material = serializers.CharField(max_length=20000, required=False, allow_blank=True)
    agenda = serializers.CharField(max_length=20000, required=False, allow_blank=True)


class MeetingCreateSerializer(MeetingWriteSerializer):
    cell = serializers.CharField(max_length=50, help_text="Code of the party cell")


class MeetingUpdateSerializer(MeetingWriteSerializer):
    version = serializers.IntegerField(max_value=MAX_INT, min_value=0)


class CancelSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300, allow_blank=True)
    version = serializers.IntegerField(max_value=MAX_INT, min_value=0)


class MeetingFilter(django_filters.FilterSet):
    cell = django_filters.CharFilter(field_name="cell__code")
    year = IntFilter()
    month = IntFilter()
    kind = django_filters.ChoiceFilter(choices=MeetingKind.choices)
    state = django_filters.ChoiceFilter(choices=MeetingState.choices)

    class Meta:
        model = Meeting
        fields: list[str] = []


def _theme(request: Request, value: int | None) -> Theme | None:
    if value is None:
        return None
    theme = scoped(Theme.objects.all(), request).filter(pk=value).first()
    if theme is None:
        raise field_error("theme", "does_not_exist", _("Choose a theme set for this unit and year."))
    return theme


class MeetingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Meetings of the cells within your reach; the cell's leaders plan, change and cancel them."""

    base_queryset = Meeting.objects.select_related("cell")
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    ordering_fields = ["date", "id"]
    ordering = ["-date", "cell__path", "kind"]

    @extend_schema(request=MeetingCreateSerializer, responses={201: MeetingSerializer})
    def create(self, request: Request) -> Response:
        data = MeetingCreateSerializer(data=payload(request))
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        cell = org_in_body(request, values.pop("cell"), "cell", Capability.MANAGE_MEETINGS)
        values["theme"] = _theme(request, values.get("theme"))
        with service_errors():
            meeting = services.create_meeting(actor=user_of(request), cell=cell, data=values)
        return Response(self.get_serializer(meeting).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MeetingUpdateSerializer, responses={200: MeetingSerializer})
    def partial_update(self, request: Request, pk: str) -> Response:
        """Change a meeting: send the whole meeting (as for create) with the version you read."""
        meeting = self.get_object()
        require_version(payload(request))
        merged = {**MeetingSerializer(meeting).data, **payload(request)}
        data = MeetingUpdateSerializer(data=merged)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version")
        values["theme"] = _theme(request, values.get("theme"))
        with service_errors():
            services.update_meeting(actor=user_of(request), meeting=meeting, data=values, expected_version=version)
        return Response(self.get_serializer(meeting).data)

    @extend_schema(request=CancelSerializer, responses={200: MeetingSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str) -> Response:
        meeting = self.get_object()
        require_version(payload(request))
        data = CancelSerializer(data=payload(request))
        data.is_valid(raise_exception=True)
        with service_errors():
            services.cancel_meeting(
                actor=user_of(request),
                meeting=meeting,
                reason=data.validated_data["reason"],
                expected_version=data.validated_data["version"],
            )
        return Response(self.get_serializer(meeting).data)


# --- member reports -------------------------------------------------------------------------------


class MemberReportSerializer(serializers.ModelSerializer[MemberReport]):
    person = serializers.SlugRelatedField(slug_field="card_number", read_only=True)
    person_id = serializers.IntegerField(read_only=True)

    class Meta:
        model = MemberReport
        fields = [
            "id",
            "meeting",
            "person",
            "person_id",
            "state",
            "reason",
            "done",
            "remedied",
            "weaknesses",
            "direction",
            "committee_comment",
            "good_points",
            "draft_due",
            "submitted_at",
            "presented_at",
            "concluded_at",
            "finalised_at",
            "version",
        ]


class ReportWriteSerializer(serializers.Serializer[Any]):
    done = serializers.CharField(max_length=services.TEXT_LIMIT, required=False, allow_blank=True)
    remedied = serializers.CharField(max_length=services.TEXT_LIMIT, required=False, allow_blank=True)
    weaknesses = serializers.CharField(max_length=services.TEXT_LIMIT, required=False, allow_blank=True)
    direction = serializers.CharField(max_length=services.TEXT_LIMIT, required=False, allow_blank=True)
    submit = serializers.BooleanField(default=False)
    version = serializers.IntegerField(max_value=MAX_INT, min_value=0)


ACTIONS = ["submit", "withdraw", "return", "accept", "present", "cancel"]


class ActSerializer(serializers.Serializer[Any]):
    action = serializers.ChoiceField(choices=ACTIONS)
    comment = serializers.CharField(max_length=services_reports.COMMENT_LIMIT, required=False, allow_blank=True)
    version = serializers.IntegerField(max_value=MAX_INT, min_value=0)


class MemberReportFilter(django_filters.FilterSet):
    meeting = IntFilter()
    person = django_filters.CharFilter(field_name="person__card_number")
    cell = django_filters.CharFilter(field_name="meeting__cell__code")
    year = IntFilter(field_name="meeting__year")
    state = django_filters.ChoiceFilter(choices=ReportState.choices)

    class Meta:
        model = MemberReport
        fields: list[str] = []


class MemberReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The reports members give at meetings: the reporter writes, the cell committee steps them on."""

    base_queryset = MemberReport.objects.select_related("meeting__cell", "person")
    serializer_class = MemberReportSerializer
    filterset_class = MemberReportFilter
    ordering_fields = ["id", "draft_due"]
    ordering = ["-meeting__date", "pk"]

    @extend_schema(request=ReportWriteSerializer, responses={200: MemberReportSerializer})
    def partial_update(self, request: Request, pk: str) -> Response:
        """The reporter saves their text (and may send it with `submit`)."""
        report = self.get_object()
        require_version(payload(request))
        data = ReportWriteSerializer(data=payload(request))
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version, submit = values.pop("version"), values.pop("submit")
        fields = {k: getattr(report, k) for k in services_reports.REPORT_FIELDS} | values
        with service_errors():
            services_reports.save_report(
                actor=user_of(request), report=report, fields=fields, expected_version=version, submit=submit
            )
        return Response(self.get_serializer(report).data)

    @extend_schema(request=ActSerializer, responses={200: MemberReportSerializer})
    @action(detail=True, methods=["post"])
    def act(self, request: Request, pk: str) -> Response:
        """One workflow step: submit, withdraw, return (with comments), accept, present, cancel."""
        report = self.get_object()
        require_version(payload(request))
        data = ActSerializer(data=payload(request))
        data.is_valid(raise_exception=True)
        values = data.validated_data
        with service_errors():
            services_reports.act(
                actor=user_of(request),
                report=report,
                action=values["action"],
                comment=values.get("comment", ""),
                expected_version=values["version"],
            )
        return Response(self.get_serializer(report).data)


ROUTES = [
    ("meetings", MeetingViewSet, "meeting"),
    ("member-reports", MemberReportViewSet, "member-report"),
]
