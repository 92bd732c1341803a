"""Fixtures of the campaign tests: documents issued at every level of the conftest world.

P   (province)  directive 05-CT/TW, theme of the year, a model set of standards
C1  (commune)   plan 01-KH/ĐU, a term theme citing 05-CT/TW, a model set "Chuẩn mực mẫu xã"
├── cell_a      its own theme; adapts nothing yet
└── cell_b      its own set of standards
C2  (commune 2) its own directive, theme and model (the sideways neighbours)
└── cell_d      its own theme
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from lamtheo.campaigns import services
from lamtheo.campaigns.models import DirectiveKind, ThemeScope

YEAR = timezone.localdate().year
MODEL_LINES = [
    "Trung thành với Đảng, tận tụy phục vụ Nhân dân",
    "Cần, kiệm, liêm, chính, chí công vô tư",
    "Gương mẫu nơi cư trú, giữ gìn đoàn kết",
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    from docx import Document

    out = io.BytesIO()
    document = Document()
    document.add_paragraph("Hướng dẫn thực hiện chuyên đề năm")
    document.save(out)
    return out.getvalue()


def odt_bytes(mimetype: bytes = b"application/vnd.oasis.opendocument.text") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def doc_bytes() -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@dataclass
class Docs:
    dir_p: object
    dir_c1: object
    dir_c2: object
    theme_p: object
    theme_c1: object
    theme_a: object
    theme_c2: object
    theme_d: object
    model_p: object
    model_c1: object
    model_c2: object
    own_b: object


def build_docs(world) -> Docs:
    root = world.superuser
    dir_p = services.create_directive(
        organization=world.province,
        user=root,
        kind=DirectiveKind.DIRECTIVE,
        number="05-CT/TW",
        issued_on=dt.date(2016, 5, 15),
        issuer="Bộ Chính trị",
        title="Về đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        summary="",
        valid_from=None,
        valid_to=None,
        file=upload("chi-thi-05.pdf", pdf_bytes(), "application/pdf"),
    )
    dir_c1 = services.create_directive(
        organization=world.commune,
        user=root,
        kind=DirectiveKind.PLAN,
        number="01-KH/ĐU",
        issued_on=dt.date(YEAR, 1, 10),
        issuer="Đảng ủy xã Hòa An",
        title=f"Kế hoạch thực hiện chuyên đề năm {YEAR}",
        summary="Triển khai đến các chi bộ.",
        valid_from=dt.date(YEAR, 1, 10),
        valid_to=dt.date(YEAR, 12, 31),
    )
    dir_c2 = services.create_directive(
        organization=world.commune2,
        user=root,
        kind=DirectiveKind.GUIDANCE,
        number="02-HD/ĐU",
        issued_on=dt.date(YEAR, 2, 1),
        issuer="Đảng ủy xã Bình Minh",
        title="Hướng dẫn riêng của xã Bình Minh",
    )
    theme_p = services.create_theme(
        organization=world.province,
        user=root,
        scope=ThemeScope.YEAR,
        title="Chuyên đề năm của tỉnh",
        year_from=YEAR,
        directive=dir_p,
    )
    theme_c1 = services.create_theme(
        organization=world.commune,
        user=root,
        scope=ThemeScope.TERM,
        title="Chuyên đề toàn khóa của xã Hòa An",
        year_from=YEAR - 2,
        year_to=YEAR + 2,
        directive=dir_p,
    )
    theme_a = services.create_theme(
        organization=world.cell_a, user=root, title="Chuyên đề riêng của chi bộ thôn 1", year_from=YEAR
    )
    theme_c2 = services.create_theme(
        organization=world.commune2, user=root, title="Chuyên đề của xã Bình Minh", year_from=YEAR, directive=dir_c2
    )
    theme_d = services.create_theme(
        organization=world.cell_d, user=root, title="Chuyên đề của chi bộ thôn 3", year_from=YEAR
    )
    model_p = services.create_standard(
        organization=world.province,
        user=root,
        title="Chuẩn mực mẫu của tỉnh",
        body="Tận tụy với công việc\nKhiêm tốn, giản dị",
        year_from=YEAR - 3,
        is_model=True,
    )
    model_c1 = services.create_standard(
        organization=world.commune,
        user=root,
        title="Chuẩn mực mẫu xã Hòa An",
        body="\n".join(MODEL_LINES),
        year_from=YEAR,
        is_model=True,
    )
    model_c2 = services.create_standard(
        organization=world.commune2,
        user=root,
        title="Chuẩn mực mẫu xã Bình Minh",
        body="Chuẩn mực riêng của xã Bình Minh",
        year_from=YEAR,
        is_model=True,
    )
    own_b = services.create_standard(
        organization=world.cell_b,
        user=root,
        title="Chuẩn mực của chi bộ thôn 2",
        body="Đi họp đúng giờ",
        year_from=YEAR,
    )
    return Docs(
        dir_p=dir_p,
        dir_c1=dir_c1,
        dir_c2=dir_c2,
        theme_p=theme_p,
        theme_c1=theme_c1,
        theme_a=theme_a,
        theme_c2=theme_c2,
        theme_d=theme_d,
        model_p=model_p,
        model_c1=model_c1,
        model_c2=model_c2,
        own_b=own_b,
    )


@pytest.fixture(name="docs")
def docs_fixture(world) -> Docs:
    return build_docs(world)
