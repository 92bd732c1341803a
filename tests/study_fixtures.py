"""Test data for the study app (issue 5), on top of the `world` of tests.conftest.

`st` (year 2025): a theme set by the province (2025), a directive of the province, and a class
of the commune C1 on the theme where An and Bình (cell_a) attended; a second class of cell_a
on the same theme where An attended again (An counts once).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

YEAR = 2025


@dataclass
class ST:
    year: int
    theme: object
    other_theme: object
    directive: object
    session: object  # C1's class
    cell_session: object  # cell_a's class


def make_theme(org, title="Chuyên đề 2025: Học tập và làm theo Bác về tinh thần tự lực", year=YEAR, to=None):
    from lamtheo.campaigns.models import Theme

    return Theme.objects.create(organization=org, title=title, year_from=year, year_to=to or year)


def make_directive(org, number="05-CT/TW"):
    from lamtheo.campaigns.models import Directive

    return Directive.objects.create(
        organization=org, number=number, issued_on=dt.date(2016, 5, 15), issuer="Bộ Chính trị", title="Chỉ thị 05"
    )


def make_session(org, theme, day=dt.date(YEAR, 3, 10), title="Lớp học tập chuyên đề", **extra):
    from lamtheo.study.models import StudySession

    return StudySession.objects.create(
        organization=org, theme=theme, title=title, starts_on=day, ends_on=extra.pop("ends_on", day), **extra
    )


def attend(session, *people):
    from lamtheo.study.models import Attendance

    for person in people:
        Attendance.objects.create(session=session, person=person)


def build_st(world) -> ST:
    theme = make_theme(world.province)
    other = make_theme(world.province, title="Chuyên đề toàn khóa", year=2021, to=2025)
    directive = make_directive(world.province)
    session = make_session(world.commune, theme, title="Hội nghị quán triệt chuyên đề 2025", place="Hội trường xã")
    attend(session, world.an, world.binh)
    cell_session = make_session(world.cell_a, theme, day=dt.date(YEAR, 4, 2), title="Chi bộ học chuyên đề")
    attend(cell_session, world.an)
    return ST(YEAR, theme, other, directive, session, cell_session)


@pytest.fixture(name="st")
def st_fixture(world) -> ST:
    return build_st(world)


@pytest.fixture(name="_study_media", autouse=True)
def media_fixture(settings, tmp_path):
    """Uploads go to a temporary folder (autouse where imported)."""
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_upload(name="bai-thu-hoach.pdf", content=b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_bytes() -> bytes:
    from docx import Document

    out = io.BytesIO()
    document = Document()
    document.add_paragraph("Bài thu hoạch")
    document.save(out)
    return out.getvalue()
