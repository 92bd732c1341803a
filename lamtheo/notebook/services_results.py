"""Writes for the results part of the notebook: self-reports with evidence photos, evaluations.

Every function is keyword-only and atomic; auditlog records the rows. Photos are checked with
Pillow (JPEG, PNG or WebP only), re-encoded without their metadata (a phone photo carries its
GPS position), turned upright and downscaled to at most 1600 px; a small thumbnail is stored
next to each one.
"""

from __future__ import annotations

import functools
import io
import logging
import math
import uuid
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from lamtheo.core.exceptions import ConcurrentEditError
from lamtheo.core.versioning import save_versioned

from .models import (
    Evaluation,
    EvaluationLevel,
    Evidence,
    ItemStatus,
    Registration,
    RegistrationState,
    ReportPeriod,
    SelfReport,
    SelfReportItem,
)
from .selectors_results import can_evaluate, can_report, is_own

log = logging.getLogger(__name__)

MAX_PHOTOS_PER_REPORT = 5
MAX_PHOTO_BYTES = 5 * 1024 * 1024
MAX_PHOTO_SIDE = 1600
THUMB_SIDE = 240
MAX_PHOTO_PIXELS = 60_000_000  # larger than any phone camera; refuses decompression bombs
PHOTO_FORMATS = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}
MAX_TEXT = 5000


@dataclass(frozen=True)
class PreparedPhoto:
    """A checked photo, re-encoded, ready to store."""

    data: bytes
    thumb: bytes
    extension: str
    caption: str = ""


@dataclass(frozen=True)
class ItemResult:
    pledge_id: int
    status: str
    achieved: str = ""
    direction: str = ""


def thumb_name(name: str) -> str:
    """The storage name of a photo's thumbnail (kept next to it; no extra column)."""
    return f"{name.rsplit('.', 1)[0]}.thumb.jpg"


def prepare_photo(upload: Any, *, caption: str = "") -> PreparedPhoto:
    """Check one uploaded photo and re-encode it, or raise a Vietnamese ValidationError."""
    name = getattr(upload, "name", "") or _("the file")
    size = getattr(upload, "size", None) or 0
    if size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("“%(name)s” is %(size)s MB; each photo may be at most 5 MB.")
            % {"name": name, "size": f"{math.ceil(size / 1024 / 1024 * 10) / 10:.1f}".replace(".", ",")},
            code="too_big",
        )
    if size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    not_image = ValidationError(
        _("“%(name)s” is not a photo. Choose a JPEG, PNG or WebP image.") % {"name": name}, code="type"
    )
    try:
        upload.seek(0)
        raw = upload.read()
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as probe:
                fmt = probe.format or ""
                if fmt not in PHOTO_FORMATS:
                    raise not_image
                if probe.width * probe.height > MAX_PHOTO_PIXELS:
                    raise not_image
                probe.verify()
            with Image.open(io.BytesIO(raw)) as image:
                image.load()
                upright = ImageOps.exif_transpose(image) or image
                data = _encode(upright, fmt, MAX_PHOTO_SIDE)
                thumb = _encode(upright, "JPEG", THUMB_SIDE)
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
        OSError,
        ValueError,
        SyntaxError,
    ) as exc:
        log.info("rejected evidence upload %r: %s", name, exc)
        raise not_image from exc
    return PreparedPhoto(data=data, thumb=thumb, extension=PHOTO_FORMATS[fmt][0], caption=caption[:200])


def _encode(image: Image.Image, fmt: str, side: int) -> bytes:
    """A copy no larger than `side` px, without metadata."""
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if fmt == "JPEG":
        if copy.mode not in ("RGB", "L"):
            background = Image.new("RGB", copy.size, (255, 255, 255))
            rgba = copy.convert("RGBA")
            background.paste(rgba, mask=rgba.getchannel("A"))
            copy = background
        copy.save(out, "JPEG", quality=85, optimize=True)
    elif fmt == "PNG":
        copy.save(out, "PNG", optimize=True)
    else:
        copy.save(out, "WEBP", quality=85)
    return out.getvalue()


def _clean_text(value: str, field: str) -> str:
    value = (value or "").strip()
    if len(value) > MAX_TEXT:
        raise ValidationError({field: _("Please keep this under %(n)s characters.") % {"n": MAX_TEXT}})
    return value


def _check_reportable(registration: Registration, period: str) -> None:
    if registration.person_id is None:
        raise ValidationError(_("A collective registration has no personal self-report."))
    if registration.state != RegistrationState.APPROVED:
        raise ValidationError(_("The self-report opens once the cell has approved the registration."))
    if period not in ReportPeriod.values:
        raise ValidationError({"period": _("Unknown reporting period.")})


@transaction.atomic
def save_self_report(
    *,
    actor: Any,
    registration: Registration,
    period: str,
    items: Sequence[ItemResult],
    summary: str = "",
    submit: bool = False,
    expected_version: int | None = None,
    photos: Sequence[PreparedPhoto] = (),
    remove_evidence: Iterable[int] = (),
) -> SelfReport:
    """Create or update the self-report of `registration` for `period`.

    `expected_version` is the version the form was opened at (0 for a new report). The member
    writes their own; a secretary or deputy (EVALUATE) may enter it for them, which records
    `entered_by`. `submit` hands the report to the cell (sets `submitted_at` once).
    """
    if not can_report(actor, registration):
        raise PermissionDenied
    _check_reportable(registration, period)
    summary = _clean_text(summary, "summary")
    pledges = {p.pk: p for p in registration.pledges.all()}
    results: dict[int, ItemResult] = {}
    errors: dict[str, list[str]] = {}
    for item in items:
        if item.pledge_id not in pledges:
            raise ValidationError(_("An item does not belong to this registration."))
        if item.status and item.status not in ItemStatus.values:
            errors.setdefault(f"status_{item.pledge_id}", []).append(_("Choose a valid result."))
            continue
        results[item.pledge_id] = ItemResult(
            pledge_id=item.pledge_id,
            status=item.status,
            achieved=_clean_text(item.achieved, f"achieved_{item.pledge_id}"),
            direction=_clean_text(item.direction, f"direction_{item.pledge_id}"),
        )
    if submit:
        for pledge_id in pledges:
            if not (results.get(pledge_id) and results[pledge_id].status):
                errors.setdefault(f"status_{pledge_id}", []).append(
                    _("Choose the result of this item before sending the report.")
                )
    if errors:
        raise ValidationError(errors)

    report = SelfReport.objects.select_for_update().filter(registration=registration, period=period).first()
    if report is None:
        if expected_version:
            raise ConcurrentEditError()
        report = SelfReport(registration=registration, period=period)
    elif not expected_version:
        raise ConcurrentEditError()
    report.summary = summary
    report.entered_by = None if is_own(actor, registration.person_id) else actor
    if submit and report.submitted_at is None:
        report.submitted_at = timezone.now()
    if report.pk is None:
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError as exc:  # another tab created it between our read and our insert
            raise ConcurrentEditError() from exc
    else:
        save_versioned(report, expected_version=expected_version)

    existing = {i.pledge_id: i for i in report.items.all()}
    for pledge_id, result in results.items():
        row = existing.get(pledge_id)
        if not result.status:
            if row is not None:
                row.delete()
            continue
        if row is None:
            row = SelfReportItem(report=report, pledge_id=pledge_id)
        elif (row.status, row.achieved, row.direction) == (result.status, result.achieved, result.direction):
            continue
        row.status, row.achieved, row.direction = result.status, result.achieved, result.direction
        row.save()

    _update_evidence(actor=actor, report=report, photos=photos, remove=set(remove_evidence))
    return report


def _update_evidence(*, actor: Any, report: SelfReport, photos: Sequence[PreparedPhoto], remove: set[int]) -> None:
    current = list(report.evidence.all())
    removed = [e for e in current if e.pk in remove]
    if len(current) - len(removed) + len(photos) > MAX_PHOTOS_PER_REPORT:
        raise ValidationError(
            {
                "photos": _("A report may hold at most %(max)s photos; it already has %(n)s.")
                % {"max": MAX_PHOTOS_PER_REPORT, "n": len(current) - len(removed)}
            }
        )
    for evidence in removed:
        name = evidence.file.name
        storage = evidence.file.storage
        evidence.delete()
        transaction.on_commit(functools.partial(_delete_files, storage, name))
    written: list[tuple[Storage, str]] = []
    try:
        for photo in photos:
            evidence = Evidence(report=report, caption=photo.caption, size=len(photo.data), uploaded_by=actor)
            evidence.file.save(f"{uuid.uuid4().hex}.{photo.extension}", ContentFile(photo.data), save=False)
            storage = evidence.file.storage
            written.append((storage, evidence.file.name))
            storage.save(thumb_name(evidence.file.name), ContentFile(photo.thumb))
            evidence.save()
    except Exception:
        for storage, name in written:
            _delete_files(storage, name)
        raise


def _delete_files(storage: Storage, name: str) -> None:
    for target in (name, thumb_name(name)):
        try:
            storage.delete(target)
        except OSError:  # pragma: no cover - already gone
            log.warning("could not delete evidence file %s", target)


@transaction.atomic
def save_evaluation(
    *, actor: Any, person: Any, year: int, text: str, level: str, expected_version: int | None = None
) -> Evaluation:
    """Write or revise the cell's collective evaluation of `person` for `year` (secretary or deputy)."""
    if not can_evaluate(actor, person):
        raise PermissionDenied
    errors: dict[str, str] = {}
    text = (text or "").strip()
    if not text:
        errors["text"] = _("Write the cell's evaluation.")
    elif len(text) > MAX_TEXT:
        errors["text"] = _("Please keep this under %(n)s characters.") % {"n": MAX_TEXT}
    if level not in EvaluationLevel.values:
        errors["level"] = _("Choose the level.")
    if errors:
        raise ValidationError(errors)
    evaluation = Evaluation.objects.select_for_update().filter(person=person, year=year).first()
    if evaluation is None:
        if expected_version:
            raise ConcurrentEditError()
        evaluation = Evaluation(person=person, year=year)
    elif not expected_version:
        raise ConcurrentEditError()
    evaluation.organization_id = person.cell_id
    evaluation.text = text
    evaluation.level = level
    evaluation.written_by = actor
    if evaluation.pk is None:
        try:
            with transaction.atomic():
                evaluation.save()
        except IntegrityError as exc:
            raise ConcurrentEditError() from exc
    else:
        save_versioned(evaluation, expected_version=expected_version)
    return evaluation
