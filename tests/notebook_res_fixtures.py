"""Test data for the notebook results part, built straight through the ORM (no registration services).

`nb` (on `world`): year 2025.
- An (cell_a): an approved registration with two items (the second marked vague and a near copy);
- Bình (cell_a): a draft registration only;
- the secretary's own person (cell_a) and Cường (cell_b): nothing;
- Dũng (cell_d): an approved registration with one item.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

YEAR = 2025


@dataclass
class NB:
    year: int
    reg_an: object
    pledge1: object
    pledge2: object
    reg_binh: object
    reg_dung: object
    pledge_dung: object


def approved_registration(person, year: int = YEAR, texts=("Đọc 2 câu chuyện về Bác mỗi tháng",), **extra):
    from django.utils import timezone

    from lamtheo.notebook.models import Pledge, Registration, RegistrationState

    registration = Registration.objects.create(
        person=person,
        organization=person.cell,
        year=year,
        state=RegistrationState.APPROVED,
        submitted_at=timezone.now(),
        reviewed_at=timezone.now(),
        **extra,
    )
    pledges = [
        Pledge.objects.create(registration=registration, position=i, text=text, measure="", verdict="specific")
        for i, text in enumerate(texts, start=1)
    ]
    return registration, pledges


def build_nb(world) -> NB:
    from lamtheo.notebook.models import Pledge, Registration, RegistrationState

    reg_an, (p1, p2) = approved_registration(
        world.an,
        texts=(
            "Giúp 5 hộ nghèo trong thôn làm hồ sơ vay vốn trước 30/6",
            "Thực hiện tốt chuẩn mực đạo đức",
        ),
    )
    p1.measure = "5 hộ"
    p1.deadline = dt.date(YEAR, 6, 30)
    p1.save()
    p2.verdict = "vague"
    p2.reasons = [{"code": "generic", "message": "…"}, {"code": "near_copy", "message": "…"}]
    p2.save()
    reg_binh = Registration.objects.create(
        person=world.binh, organization=world.cell_a, year=YEAR, state=RegistrationState.DRAFT
    )
    Pledge.objects.create(registration=reg_binh, position=1, text="Học tập tốt")
    reg_dung, (pd,) = approved_registration(world.dung, texts=("Quét dọn đường làng mỗi sáng Chủ nhật",))
    return NB(year=YEAR, reg_an=reg_an, pledge1=p1, pledge2=p2, reg_binh=reg_binh, reg_dung=reg_dung, pledge_dung=pd)


@pytest.fixture(name="nb")
def nb_fixture(world) -> NB:
    return build_nb(world)


@pytest.fixture(name="nb_tx")
def nb_tx_fixture(world_tx) -> NB:
    return build_nb(world_tx)


@pytest.fixture(name="_media", autouse=True)
def media_fixture(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def image_bytes(fmt: str = "JPEG", size: tuple[int, int] = (40, 30), color=(200, 30, 30), exif=None) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, color)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def photo(name: str = "anh.jpg", fmt: str = "JPEG", size=(40, 30), content_type: str = "image/jpeg", **kw):
    return SimpleUploadedFile(name, image_bytes(fmt, size, **kw), content_type=content_type)
