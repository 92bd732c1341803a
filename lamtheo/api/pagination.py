"""Page-number pagination (50 a page, ?page_size= up to 500); a page past the end is a clear 404."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import pagination, status
from rest_framework.request import Request

from .errors import ApiError


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset: Any, request: Request, view: Any = None) -> list[Any] | None:
        try:
            return super().paginate_queryset(queryset, request, view)
        except Exception as exc:  # DRF raises NotFound for a page past the end or not a number
            message = _("There is no such page.")
            raise ApiError(
                status.HTTP_404_NOT_FOUND,
                "invalid_page",
                message,
                [{"field": "page", "code": "invalid_page", "message": message}],
            ) from exc
