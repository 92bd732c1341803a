"""Bulk sync of the tree and the rosters (see lamtheo/api/sync.py and docs/api.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from lamtheo.organizations.spreadsheet import ROSTER, TREE

from .. import sync
from ..auth import SyncThrottle, UserThrottle
from ..base import field_error, payload, user_of
from ..models import SyncJob


class SyncRequestSerializer(serializers.Serializer[Any]):
    rows = serializers.ListField(
        child=serializers.DictField(child=serializers.JSONField(), allow_empty=True),
        allow_empty=False,
        max_length=sync.MAX_ROWS,
        help_text="One object per unit or person, keyed by the Excel import's column keys",
    )


class SyncJobSerializer(serializers.ModelSerializer[SyncJob]):
    class Meta:
        model = SyncJob
        fields = ["id", "kind", "status", "result", "created_at", "finished_at"]


def _check_rows(kind: str, rows: list[dict[str, Any]]) -> None:
    """Unknown keys and non-scalar values are refused before any row is read."""
    known = set(sync.column_keys(kind))
    for index, row in enumerate(rows):
        for key, value in row.items():
            if key not in known:
                message = _("Unknown column “%(key)s”. Use one of: %(keys)s.") % {
                    "key": key,
                    "keys": ", ".join(sync.column_keys(kind)),
                }
                raise field_error(f"rows.{index}.{key}", "unknown_field", message)
            if not isinstance(value, sync.SCALARS) or (
                isinstance(value, str) and ("\x00" in value or any(0xD800 <= ord(c) <= 0xDFFF for c in value))
            ):
                raise field_error(f"rows.{index}.{key}", "invalid", _("Give a text, a number or null."))


DRY_RUN = OpenApiParameter("dry_run", OpenApiTypes.BOOL, description="Check every row, write nothing")


class SyncViewSet(viewsets.GenericViewSet):  # type: ignore[type-arg]
    """Idempotent upsert of units by code and people by party card number, all rows or none.

    Up to API_SYNC_INLINE_ROWS rows are run at once (200 with the result); more are queued as a
    background task (202 with a job to poll at sync/jobs/{id}/).
    """

    serializer_class = SyncRequestSerializer
    throttle_classes = [UserThrottle, SyncThrottle]

    def _push(self, request: Request, kind: str) -> Response:
        data = SyncRequestSerializer(data=payload(request))
        data.is_valid(raise_exception=True)
        rows = data.validated_data["rows"]
        _check_rows(kind, rows)
        dry_run = str(request.query_params.get("dry_run", "")).lower() in ("1", "true", "yes")
        user = user_of(request)
        if len(rows) > settings.API_SYNC_INLINE_ROWS:
            with transaction.atomic():
                job = sync.queue(user=user, kind=kind, rows=rows, dry_run=dry_run)
            job.refresh_from_db()
            return Response(SyncJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)
        result = sync.run(user=user, kind=kind, rows=rows, dry_run=dry_run)
        return Response(result, status=status.HTTP_200_OK if result["ok"] else status.HTTP_400_BAD_REQUEST)

    @extend_schema(parameters=[DRY_RUN], responses={200: OpenApiTypes.OBJECT, 202: SyncJobSerializer})
    @action(detail=False, methods=["post"])
    def tree(self, request: Request) -> Response:
        """Units: code, name, kind, block, parent_code, valid_from, valid_to."""
        return self._push(request, TREE)

    @extend_schema(parameters=[DRY_RUN], responses={200: OpenApiTypes.OBJECT, 202: SyncJobSerializer})
    @action(detail=False, methods=["post"])
    def roster(self, request: Request) -> Response:
        """People: card_number, staff_code, full_name, gender, birth_date, kind, member_status,
        admission_date, full_membership_date, position, job, phone, email, cell_code."""
        return self._push(request, ROSTER)


class SyncJobViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # type: ignore[type-arg]
    """A queued bulk push: its status, and its result once done (your own jobs only)."""

    serializer_class = SyncJobSerializer
    lookup_value_regex = "[0-9]{1,15}"

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return SyncJob.objects.none()
        return SyncJob.objects.filter(requested_by=user_of(self.request))


ROUTES = [
    ("sync", SyncViewSet, "sync"),
    ("sync/jobs", SyncJobViewSet, "sync-job"),
]
