"""Test data for the honours app (issue 14), on top of the `world` of tests.conftest."""

from __future__ import annotations

import datetime as dt
import io

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

YEAR = timezone.localdate().year
FIRST, LAST = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)


def defaults():
    """The default categories and forms of reward (a flush of a transactional test removes them)."""
    from lamtheo.honours.defaults import add_defaults
    from lamtheo.honours.models import Category, RewardForm

    add_defaults(apps)
    person = Category.objects.get(name__startswith="Gương người tốt")
    both = Category.objects.get(name__startswith="Điển hình tiên tiến")
    collective = Category.objects.get(name__startswith="Tập thể tiêu biểu")
    return person, both, collective, RewardForm.objects.get(name="Giấy khen"), RewardForm.objects.get(name="Bằng khen")


def photo_bytes(size=(64, 48), fmt="JPEG") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt)
    return out.getvalue()


def photo_upload(name="anh.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, photo_bytes(), content_type="image/jpeg")


def pdf_upload(name="minh-chung.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


def nomination(proposer, level, *, person=None, unit=None, state="pending", category=None, text="Giúp 3 hộ nghèo"):
    """A nomination written straight into the database (for matrices and selectors)."""
    from lamtheo.honours.models import Nomination

    category = category or defaults()[1]
    return Nomination.objects.create(
        proposer=proposer,
        level=level,
        person=person,
        unit=unit,
        category=category,
        date_from=FIRST,
        date_to=LAST,
        achievements=text,
        state=state,
        submitted_at=None if state == "draft" else timezone.now(),
    )


def evidence_of(item):
    from lamtheo.honours.models import Evidence

    evidence = Evidence(nomination=item, file_name="anh.jpg", is_photo=True, size=10)
    evidence.file.save("anh.jpg", ContentFile(photo_bytes()), save=False)
    evidence.save()
    return evidence
