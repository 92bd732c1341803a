"""Themes and ethical standards (read only): those issued by your units and by the levels above."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from rest_framework import mixins, serializers

from lamtheo.campaigns.models import EthicalStandard, Theme

from ..base import IntFilter, ScopedViewSet


class ThemeSerializer(serializers.ModelSerializer[Theme]):
    organization = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Theme
        fields = ["id", "organization", "scope", "title", "year_from", "year_to", "description", "version"]


class StandardSerializer(serializers.ModelSerializer[EthicalStandard]):
    organization = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = EthicalStandard
        fields = ["id", "organization", "title", "body", "year_from", "year_to", "is_model", "adapted_from", "version"]


class ThemeFilter(django_filters.FilterSet):
    organization = django_filters.CharFilter(field_name="organization__code", help_text="Code of the issuing unit")
    year = IntFilter(method="filter_year", help_text="Themes covering this year")

    class Meta:
        model = Theme
        fields: list[str] = []

    def filter_year(self, queryset: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        return queryset.filter(year_from__lte=value, year_to__gte=value)


class StandardFilter(django_filters.FilterSet):
    organization = django_filters.CharFilter(field_name="organization__code")
    year = IntFilter(method="filter_year", help_text="Standards in force this year")
    is_model = django_filters.BooleanFilter()

    class Meta:
        model = EthicalStandard
        fields: list[str] = []

    def filter_year(self, queryset: QuerySet[Any], name: str, value: int) -> QuerySet[Any]:
        return queryset.filter(Q(year_to__isnull=True) | Q(year_to__gte=value), year_from__lte=value)


class ThemeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Themes (chuyên đề) set by a level for its subtree."""

    base_queryset = Theme.objects.select_related("organization")
    serializer_class = ThemeSerializer
    filterset_class = ThemeFilter
    ordering_fields = ["year_from", "id", "title"]
    ordering = ["-year_from", "organization__path", "pk"]


class StandardViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ScopedViewSet):
    """Ethical standards published by a level (and adapted below)."""

    base_queryset = EthicalStandard.objects.select_related("organization")
    serializer_class = StandardSerializer
    filterset_class = StandardFilter
    ordering_fields = ["year_from", "id", "title"]
    ordering = ["-year_from", "organization__path", "pk"]


ROUTES = [
    ("themes", ThemeViewSet, "theme"),
    ("standards", StandardViewSet, "standard"),
]
