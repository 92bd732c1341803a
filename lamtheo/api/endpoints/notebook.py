"""The notebook: registrations (with their items), self-reports and the cell's evaluations.

Writes go through lamtheo.notebook.services and services_results: the same workflow, roles,
quality check, history and optimistic locking as the pages. Registrations, self-reports and
evaluations are looked up by id; filters take unit codes and party card numbers.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lamtheo.notebook import selectors, services, services_results
from lamtheo.notebook.models import (
    Evaluation,
    EvaluationLevel,
    ItemStatus,
    Pledge,
    PledgeRule,
    Registration,
    RegistrationState,
    ReportPeriod,
    SelfReport,
    SelfReportItem,
)
from lamtheo.organizations.models import Organization, Person

from ..base import (
    MAX_INT,
    IntFilter,
    ScopedViewSet,
    field_error,
    org_in_body,
    payload,
    person_in_body,
    require_version,
    scoped,
    service_errors,
    user_of,
)

# --- registrations --------------------------------------------------------------------------------


class PledgeSerializer(serializers.ModelSerializer[Pledge]):
    class Meta:
        model = Pledge
        fields = [
            "id",
            "position",
            "text",
            "measure",
            "deadline",
            "theme",
            "standard",
            "rule",
            "shortcoming",
            "verdict",
        ]


class RegistrationSerializer(serializers.ModelSerializer[Registration]):
    person = serializers.SlugRelatedField(slug_field="card_number", read_only=True)
    person_id = serializers.IntegerField(read_only=True, allow_null=True)
    organization = serializers.SlugRelatedField(slug_field="code", read_only=True)
    items = PledgeSerializer(source="pledges", many=True, read_only=True)

    class Meta:
        model = Registration
        fields = [
            "id",
            "person",
            "person_id",
            "organization",
            "year",
            "state",
            "number",
            "is_current",
            "review_comment",
            "submitted_at",
            "reviewed_at",
            "version",
            "items",
        ]


class ItemInput(serializers.Serializer[Any]):
    id = serializers.IntegerField(
        min_value=0, max_value=MAX_INT, required=False, allow_null=True, help_text="Id of an existing item to keep"
    )
    text = serializers.CharField(max_length=services.TEXT_LIMIT, allow_blank=True)
    measure = serializers.CharField(max_length=services.MEASURE_LIMIT, required=False, allow_blank=True)
    deadline = serializers.DateField(required=False, allow_null=True)
    theme = serializers.IntegerField(min_value=0, max_value=MAX_INT, required=False, allow_null=True)
    standard = serializers.IntegerField(min_value=0, max_value=MAX_INT, required=False, allow_null=True)
    rule = serializers.ChoiceField(choices=PledgeRule.choices, required=False, allow_blank=True)
    shortcoming = serializers.IntegerField(min_value=0, max_value=MAX_INT, required=False, allow_null=True)


class RegistrationCreateSerializer(serializers.Serializer[Any]):
    person = serializers.CharField(max_length=20, required=False, help_text="Party card number (own or a member's)")
    unit = serializers.CharField(max_length=50, required=False, help_text="Unit code, for a collective registration")
    year = serializers.IntegerField(min_value=1900, max_value=2200)
    items = ItemInput(many=True, allow_empty=True)
    submit = serializers.BooleanField(default=False)


class RegistrationUpdateSerializer(serializers.Serializer[Any]):
    items = ItemInput(many=True, allow_empty=True)
    submit = serializers.BooleanField(default=False)
    version = serializers.IntegerField(max_value=MAX_INT, min_value=0)


class VersionSerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(max_value=MAX_INT, min_value=0)


class ReviewSerializer(serializers.Serializer[Any]):
    approve = serializers.BooleanField()
    comment = serializers.CharField(max_length=services.COMMENT_LIMIT, required=False, allow_blank=True)
    version = serializers.IntegerField(max_value=MAX_INT, min_value=0)


class RegistrationFilter(django_filters.FilterSet):
    cell = django_filters.CharFilter(field_name="organization__code", help_text="Code of the cell or unit")
    person = django_filters.CharFilter(field_name="person__card_number", help_text="Party card number")
    year = IntFilter()
    state = django_filters.ChoiceFilter(choices=RegistrationState.choices)
    current = django_filters.BooleanFilter(field_name="is_current")
    collective = django_filters.BooleanFilter(field_name="person", lookup_expr="isnull")

    class Meta:
        model = Registration
        fields: list[str] = []


def _items(
    user: Any, organization: Organization, person: Person | None, year: int, raw: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The items with their themes, standards and shortcomings looked up among the writer's choices."""
    themes = {t.pk: t for t in selectors.theme_choices(user, organization, year)}
    standards = {s.pk: s for s in selectors.standard_choices(user, organization, year)}
    shortcomings = {s.pk: s for s in selectors.shortcoming_choices(user, person)}
    out = []
    for index, item in enumerate(raw):
        resolved = dict(item)
        for key, pool, message in (
            ("theme", themes, _("Choose a theme set for this unit and year.")),
            ("standard", standards, _("Choose an ethical standard in force for this unit and year.")),
            ("shortcoming", shortcomings, _("Choose one of this person's own shortcomings.")),
        ):
            value = item.get(key)
            if value is None:
                resolved[key] = None
            elif value not in pool:
                raise field_error(f"items.{index}.{key}", "does_not_exist", message)
            else:
                resolved[key] = pool[value]
        out.append(resolved)
    return out


class RegistrationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Registrations (one row per version). Writers: the member, or the secretary on their behalf."""

    base_queryset = Registration.objects.select_related("person", "organization").prefetch_related(
        Prefetch("pledges", queryset=Pledge.objects.order_by("position", "pk"))
    )
    serializer_class = RegistrationSerializer
    filterset_class = RegistrationFilter
    ordering_fields = ["year", "id", "submitted_at"]
    ordering = ["-year", "organization__path", "person__search_name", "-number"]

    def _reply(self, registration: Registration, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(self.base_queryset.get(pk=registration.pk)).data, status=code)

    @extend_schema(request=RegistrationCreateSerializer, responses={201: RegistrationSerializer})
    def create(self, request: Request) -> Response:
        data = RegistrationCreateSerializer(data=payload(request))
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if bool(values.get("person")) == bool(values.get("unit")):
            raise field_error("person", "required", _("Give either the person's card number or the unit's code."))
        person = person_in_body(request, values["person"], "person") if values.get("person") else None
        unit = org_in_body(request, values["unit"], "unit") if values.get("unit") else None
        organization = person.cell if person is not None else unit
        assert organization is not None
        existing = selectors.current_registration(person=person, organization=unit, year=values["year"])
        if existing is not None:
            message = _("A registration for %(year)s exists already (id %(id)s); change it with PATCH.") % {
                "year": values["year"],
                "id": existing.pk,
            }
            raise field_error("year", "exists", message)
        items = _items(user_of(request), organization, person, values["year"], values["items"])
        with service_errors():
            saved = services.save_registration(
                actor=user_of(request),
                year=values["year"],
                items=items,
                expected_version=None,
                person=person,
                unit=unit,
                submit=values["submit"],
            )
        return self._reply(saved, status.HTTP_201_CREATED)

    @extend_schema(request=RegistrationUpdateSerializer, responses={200: RegistrationSerializer})
    def partial_update(self, request: Request, pk: str) -> Response:
        registration = self.get_object()
        require_version(payload(request))
        data = RegistrationUpdateSerializer(data=payload(request))
        data.is_valid(raise_exception=True)
        values = data.validated_data
        if not registration.is_current:
            raise field_error("", "stale", _("A newer version of this registration already exists."))
        person = registration.person
        items = _items(user_of(request), registration.organization, person, registration.year, values["items"])
        with service_errors():
            saved = services.save_registration(
                actor=user_of(request),
                year=registration.year,
                items=items,
                expected_version=values["version"],
                person=person,
                unit=None if person is not None else registration.organization,
                submit=values["submit"],
            )
        return self._reply(saved)

    def _step(self, request: Request, service: Any) -> Response:
        registration = self.get_object()
        require_version(payload(request))
        data = VersionSerializer(data=payload(request))
        data.is_valid(raise_exception=True)
        with service_errors():
            saved = service(
                actor=user_of(request), registration=registration, expected_version=data.validated_data["version"]
            )
        return self._reply(saved)

    @extend_schema(request=VersionSerializer, responses={200: RegistrationSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        """Send to the cell committee."""
        return self._step(request, services.submit_registration)

    @extend_schema(request=VersionSerializer, responses={200: RegistrationSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str) -> Response:
        """Take a sent registration back before the committee decides."""
        return self._step(request, services.withdraw_registration)

    @extend_schema(request=VersionSerializer, responses={201: RegistrationSerializer})
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request: Request, pk: str) -> Response:
        """Start a new draft version of an approved registration."""
        response = self._step(request, services.start_new_version)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(request=ReviewSerializer, responses={200: RegistrationSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str) -> Response:
        """The cell committee approves, or returns with comments."""
        registration = self.get_object()
        require_version(payload(request))
        data = ReviewSerializer(data=payload(request))
        data.is_valid(raise_exception=True)
        values = data.validated_data
        with service_errors():
            saved = services.review_registration(
                actor=user_of(request),
                registration=registration,
                approve=values["approve"],
                comment=values.get("comment", ""),
                expected_version=values["version"],
            )
        return self._reply(saved)


# --- self-reports ---------------------------------------------------------------------------------


class ResultSerializer(serializers.ModelSerializer[SelfReportItem]):
    class Meta:
        model = SelfReportItem
        fields = ["pledge", "status", "achieved", "direction"]


class SelfReportSerializer(serializers.ModelSerializer[SelfReport]):
    items = ResultSerializer(many=True, read_only=True)
    person = serializers.CharField(source="registration.person.card_number", read_only=True, allow_null=True)
    year = serializers.IntegerField(source="registration.year", read_only=True)

    class Meta:
        model = SelfReport
        fields = ["id", "registration", "person", "year", "period", "summary", "submitted_at", "version", "items"]


class ResultInput(serializers.Serializer[Any]):
    pledge = serializers.IntegerField(min_value=0, max_value=MAX_INT, help_text="Id of the registered item")
    status = serializers.ChoiceField(choices=ItemStatus.choices, allow_blank=True)
    achieved = serializers.CharField(max_length=services_results.MAX_TEXT, required=False, allow_blank=True)
    direction = serializers.CharField(max_length=services_results.MAX_TEXT, required=False, allow_blank=True)


class SelfReportWriteSerializer(serializers.Serializer[Any]):
    registration = serializers.IntegerField(min_value=0, max_value=MAX_INT, help_text="Id of the approved registration")
    period = serializers.ChoiceField(choices=ReportPeriod.choices)
    summary = serializers.CharField(max_length=services_results.MAX_TEXT, required=False, allow_blank=True)
    items = ResultInput(many=True)
    submit = serializers.BooleanField(default=False)
    version = serializers.IntegerField(max_value=MAX_INT, min_value=0, help_text="0 for a new report")


class SelfReportFilter(django_filters.FilterSet):
    registration = IntFilter()
    period = django_filters.ChoiceFilter(choices=ReportPeriod.choices)
    person = django_filters.CharFilter(field_name="registration__person__card_number")
    cell = django_filters.CharFilter(field_name="registration__organization__code")
    year = IntFilter(field_name="registration__year")

    class Meta:
        model = SelfReport
        fields: list[str] = []


class SelfReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Mid-year and year-end self-reports. POST creates or updates the report of a registration and period."""

    base_queryset = SelfReport.objects.select_related("registration__person").prefetch_related("items")
    serializer_class = SelfReportSerializer
    filterset_class = SelfReportFilter
    ordering_fields = ["id", "submitted_at"]
    ordering = ["-pk"]

    @extend_schema(request=SelfReportWriteSerializer, responses={200: SelfReportSerializer})
    def create(self, request: Request) -> Response:
        data = SelfReportWriteSerializer(data=payload(request))
        data.is_valid(raise_exception=True)
        values = data.validated_data
        registrations = scoped(Registration.objects.select_related("organization", "person"), request)
        registration = registrations.filter(pk=values["registration"]).first()
        if registration is None:
            raise field_error("registration", "does_not_exist", _("No such registration within your reach."))
        items = [
            services_results.ItemResult(
                pledge_id=i["pledge"],
                status=i["status"],
                achieved=i.get("achieved", ""),
                direction=i.get("direction", ""),
            )
            for i in values["items"]
        ]
        with service_errors():
            report = services_results.save_self_report(
                actor=user_of(request),
                registration=registration,
                period=values["period"],
                items=items,
                summary=values.get("summary", ""),
                submit=values["submit"],
                expected_version=values["version"],
            )
        return Response(self.get_serializer(self.base_queryset.get(pk=report.pk)).data)


# --- evaluations ----------------------------------------------------------------------------------


class EvaluationSerializer(serializers.ModelSerializer[Evaluation]):
    person = serializers.SlugRelatedField(slug_field="card_number", read_only=True)
    organization = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Evaluation
        fields = ["id", "person", "organization", "year", "text", "level", "written_at", "version"]


class EvaluationWriteSerializer(serializers.Serializer[Any]):
    person = serializers.CharField(max_length=20, help_text="Party card number")
    year = serializers.IntegerField(min_value=1900, max_value=2200)
    text = serializers.CharField(max_length=services_results.MAX_TEXT, allow_blank=True)
    level = serializers.ChoiceField(choices=EvaluationLevel.choices)
    version = serializers.IntegerField(max_value=MAX_INT, min_value=0, help_text="0 for a new evaluation")


class EvaluationFilter(django_filters.FilterSet):
    person = django_filters.CharFilter(field_name="person__card_number")
    cell = django_filters.CharFilter(field_name="organization__code")
    year = IntFilter()
    level = django_filters.ChoiceFilter(choices=EvaluationLevel.choices)

    class Meta:
        model = Evaluation
        fields: list[str] = []


class EvaluationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """The cell's collective evaluation of each member for a year (written by the secretary or deputy)."""

    base_queryset = Evaluation.objects.select_related("person", "organization")
    serializer_class = EvaluationSerializer
    filterset_class = EvaluationFilter
    ordering_fields = ["year", "id"]
    ordering = ["-year", "organization__path", "person__search_name"]

    @extend_schema(request=EvaluationWriteSerializer, responses={200: EvaluationSerializer})
    def create(self, request: Request) -> Response:
        data = EvaluationWriteSerializer(data=payload(request))
        data.is_valid(raise_exception=True)
        values = data.validated_data
        person = person_in_body(request, values["person"], "person")
        with service_errors():
            evaluation = services_results.save_evaluation(
                actor=user_of(request),
                person=person,
                year=values["year"],
                text=values["text"],
                level=values["level"],
                expected_version=values["version"],
            )
        return Response(self.get_serializer(evaluation).data)


ROUTES = [
    ("registrations", RegistrationViewSet, "registration"),
    ("self-reports", SelfReportViewSet, "self-report"),
    ("evaluations", EvaluationViewSet, "evaluation"),
]
