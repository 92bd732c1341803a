"""Every XLSX export writes hostile names as text, never as a live formula (issue 9, item 2)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from openpyxl import load_workbook

from lamtheo.core import spreadsheets
from lamtheo.organizations.models import Organization, Person
from lamtheo.reviews import exporters, services
from lamtheo.reviews.models import ReviewKind
from tests.reviews_fixtures import FROM, TO, YEAR, rdata_fixture  # noqa: F401
from tests.study_fixtures import attend, make_session, make_theme

pytestmark = pytest.mark.django_db

HOSTILE_UNIT = '=HYPERLINK("http://evil.example/","Chi bộ")'
HOSTILE_PERSON = "+cmd|' /C calc'!A0"
HOSTILE_TITLE = "@SUM(1+1)*cmd|' /C calc'!A0"
HOSTILE_OTHERS = ["-2+3", "\t=1+1", "\r=1+1", "#N/A"]


def cells(data: bytes):
    book = load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def assert_safe(data: bytes, *hostile: str) -> None:
    """No cell carrying user text is a formula, and every hostile value is there as text."""
    found = {}
    for cell in cells(data):
        if isinstance(cell.value, str):
            found.setdefault(cell.value, []).append(cell)
            if cell.data_type == "f":
                # Only the exporters' own formulas: sums and rates over cell references.
                assert re.fullmatch(
                    r'=(IF\([A-Z]+\d+=0,"",[A-Z]+\d+/[A-Z]+\d+\)|SUM\([A-Z]+\d+:[A-Z]+\d+\))', cell.value
                ), (
                    cell.coordinate,
                    cell.value,
                )
    for value in hostile:
        matching = [cell for text, group in found.items() if text.startswith(value) for cell in group]
        assert matching, f"{value!r} missing from the export"
        for cell in matching:
            assert cell.data_type == "s" and cell.quotePrefix, (cell.coordinate, cell.value)


@pytest.fixture
def hostile(world):
    Organization.objects.filter(pk=world.cell_a.pk).update(name=HOSTILE_UNIT)
    Person.objects.filter(pk=world.an.pk).update(full_name=HOSTILE_PERSON)
    Person.objects.filter(pk=world.binh.pk).update(full_name="Trần\x01Thị\x1bBình")  # control characters
    world.cell_a.refresh_from_db()
    return world


def test_writer_makes_data_text_and_keeps_own_formulas():
    book = spreadsheets.new_workbook()
    sheet = book.active
    spreadsheets.append(sheet, [HOSTILE_UNIT, *HOSTILE_OTHERS, "Bình thường", 7, "a\x00b\x07c"])
    spreadsheets.put(sheet, 2, 1, spreadsheets.Formula("=SUM(F1:F1)"))
    spreadsheets.put(sheet, 2, 2, HOSTILE_TITLE)
    write_only = spreadsheets.new_workbook(write_only=True)
    ws = write_only.create_sheet("x")
    spreadsheets.append(ws, [HOSTILE_UNIT, 5])
    ws.append([spreadsheets.cell(ws, HOSTILE_PERSON)])
    for book_ in (book, write_only):
        out = io.BytesIO()
        book_.save(out)
        got = {c.coordinate: c for c in cells(out.getvalue())}
        if book_ is book:
            assert got["A2"].data_type == "f" and got["A2"].value == "=SUM(F1:F1)"
            assert got["B2"].data_type == "s" and got["B2"].value == HOSTILE_TITLE
            assert all(got[f"{c}1"].data_type == "s" and got[f"{c}1"].quotePrefix for c in "ABCDE")
            assert got["E1"].value == "#N/A" and got["C1"].value == "\t=1+1"
            assert got["F1"].data_type == "s" and not got["F1"].quotePrefix  # ordinary text stays as it is
            assert got["G1"].value == 7 and got["G1"].data_type == "n"
            assert got["H1"].value == "abc"  # control characters dropped instead of failing the export
        else:
            assert got["A1"].value == HOSTILE_UNIT and got["A1"].data_type == "s"
            assert got["A2"].value == HOSTILE_PERSON and got["A2"].data_type == "s"


def test_tree_and_roster_export(hostile, client_for):
    response = client_for(hostile.admin).get(reverse("organizations:export", args=[hostile.commune.pk]))
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    assert_safe(data, HOSTILE_UNIT, HOSTILE_PERSON)
    assert "TrầnThịBình" in {c.value for c in cells(data)}


def test_study_statistics_export(hostile, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    theme = make_theme(hostile.province, title=HOSTILE_TITLE)
    session = make_session(hostile.cell_a, theme, title=HOSTILE_UNIT, place="-1+1")
    attend(session, hostile.an)
    response = client_for(hostile.commune_officer).get(
        reverse("study:stats_export", args=[hostile.commune.pk]) + f"?year={session.starts_on.year}"
    )
    assert response.status_code == 200
    assert_safe(response.content, HOSTILE_UNIT, HOSTILE_TITLE, "-1+1")


def test_review_annex_export(world, rdata):
    Organization.objects.filter(pk=world.cell_a.pk).update(name=HOSTILE_UNIT)
    review = services.create_review(
        actor=world.commune_officer, organization=world.commune, kind=ReviewKind.INTERIM, date_from=FROM, date_to=TO
    )
    review.title = HOSTILE_TITLE
    review.save()
    built = exporters.build_file(review, "xlsx")
    assert_safe(built.data, HOSTILE_UNIT, HOSTILE_TITLE)
    assert YEAR


def test_no_exporter_builds_a_workbook_of_its_own():
    """Every XLSX writer goes through lamtheo.core.spreadsheets (a new exporter must too)."""
    root = Path(settings.BASE_DIR) / "lamtheo"
    offenders = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "spreadsheets.py" and re.search(r"\bWorkbook\(|WriteOnlyCell\(", path.read_text())
    ]
    assert offenders == []
