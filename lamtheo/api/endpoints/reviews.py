"""Reviews (sơ kết, tổng kết): their figures (read) and their documents (build, then download).

Reads use reviews' own selectors, which pass through the scoping function: a draft is read by the
writers of its node, a submitted review also by the node's readers. Building a document goes
through reviews.services.start_export, a background task (inline without a broker).
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lamtheo.documents import content_disposition
from lamtheo.reviews import selectors, services
from lamtheo.reviews.models import ExportFormat, ExportStatus, Review, ReviewExport, ReviewState

from ..base import MAX_INT, IntFilter, ScopedViewSet, field_error, payload, service_errors, user_of


class ReviewSerializer(serializers.ModelSerializer[Review]):
    organization = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "organization",
            "kind",
            "period_kind",
            "date_from",
            "date_to",
            "title",
            "number",
            "issued_on",
            "state",
            "source",
            "submitted_at",
            "version",
        ]


class ExportSerializer(serializers.ModelSerializer[ReviewExport]):
    class Meta:
        model = ReviewExport
        fields = ["id", "review", "fmt", "status", "progress", "step", "filename", "created_at", "finished_at"]


class ExportCreateSerializer(serializers.Serializer[Any]):
    review = serializers.IntegerField(
        min_value=0,
        max_value=MAX_INT,
    )
    fmt = serializers.ChoiceField(choices=ExportFormat.choices)


class ReviewFilter(django_filters.FilterSet):
    organization = django_filters.CharFilter(field_name="organization__code")
    state = django_filters.ChoiceFilter(choices=ReviewState.choices)
    year = IntFilter(field_name="date_to__year")

    class Meta:
        model = Review
        fields: list[str] = []


class ExportFilter(django_filters.FilterSet):
    review = IntFilter()
    status = django_filters.ChoiceFilter(choices=ExportStatus.choices)
    fmt = django_filters.ChoiceFilter(choices=ExportFormat.choices)

    class Meta:
        model = ReviewExport
        fields: list[str] = []


class ReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Review reports within your reach; `figures` gives the counts (live for a draft, as submitted after)."""

    base_queryset = Review.objects.select_related("organization")
    serializer_class = ReviewSerializer
    filterset_class = ReviewFilter
    ordering_fields = ["date_to", "id"]
    ordering = ["-date_to", "organization__path", "pk"]

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return Review.objects.none()
        return selectors.reviews_for(user_of(self.request)).select_related("organization")

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def figures(self, request: Request, pk: str) -> Response:
        """The figures by unit and block, their totals and rates (numerator, denominator)."""
        review = self.get_object()
        figure_set = selectors.figures_for(review)
        return Response({**figure_set.to_json(), "totals": figure_set.totals()})


class ExportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Documents of reviews (DOCX, PDF, XLSX): POST queues a build; `download` when its status is done."""

    base_queryset = ReviewExport.objects.all()
    serializer_class = ExportSerializer
    filterset_class = ExportFilter
    ordering_fields = ["created_at", "id"]
    ordering = ["-created_at", "-pk"]

    def get_queryset(self) -> QuerySet[Any]:
        if getattr(self, "swagger_fake_view", False):
            return ReviewExport.objects.none()
        return selectors.exports_for(user_of(self.request))

    @extend_schema(request=ExportCreateSerializer, responses={202: ExportSerializer})
    def create(self, request: Request) -> Response:
        data = ExportCreateSerializer(data=payload(request))
        data.is_valid(raise_exception=True)
        review = selectors.reviews_for(user_of(request)).filter(pk=data.validated_data["review"]).first()
        if review is None:
            raise field_error("review", "does_not_exist", _("No such review within your reach."))
        with service_errors():
            job = services.start_export(actor=user_of(request), review=review, fmt=data.validated_data["fmt"])
        job.refresh_from_db()
        return Response(self.get_serializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str) -> FileResponse:
        job = self.get_object()
        if job.status != ExportStatus.DONE or not job.file:
            raise Http404
        from lamtheo.reviews.exporters import EXPORTERS

        exporter = EXPORTERS[job.fmt]
        response = FileResponse(job.file.open("rb"), content_type=exporter.content_type)
        response["Content-Disposition"] = content_disposition(job.filename or f"bao-cao.{exporter.extension}")
        response["X-Content-Type-Options"] = "nosniff"
        return response


ROUTES = [
    ("reviews", ReviewViewSet, "review"),
    ("review-documents", ExportViewSet, "review-document"),
]
