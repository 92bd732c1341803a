"""Generated files read back: DOCX (python-docx), PDF (pypdf text), XLSX (openpyxl); the command."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import CommandError, call_command
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from lamtheo.reviews import exporters, services
from lamtheo.reviews.models import ReviewKind
from tests.reviews_fixtures import FROM, TO, YEAR, media_fixture, rdata_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def docx_header_text(data: bytes) -> str:
    """Text of the document including the header table (issuer left, "ĐẢNG CỘNG SẢN VIỆT NAM" right)."""
    doc = Document(io.BytesIO(data))
    out = []
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                out.append(cell.text)
    out += [p.text for p in doc.paragraphs]
    return "\n".join(out)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


@pytest.fixture
def review(world, rdata):
    review = services.create_review(
        actor=world.commune_officer, organization=world.commune, kind=ReviewKind.INTERIM, date_from=FROM, date_to=TO
    )
    review.number = "05-BC/ĐU"
    review.part2 = "Đã có {{ notebook.registered }} lượt đăng ký, tỷ lệ {{ notebook.registered_rate }}."
    review.part3 = "Đề nghị mở lớp tập huấn."
    review.save()
    return review


def test_docx_follows_the_party_format_and_carries_the_figures(review):
    built = exporters.build_file(review, "docx")
    assert built.filename.endswith(".docx")
    text = docx_header_text(built.data)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "ĐẢNG ỦY XÃ HÒA AN" in text  # issuing body
    assert "ĐẢNG BỘ TỈNH DEMO" in text  # the level above, as a party organisation
    assert "*" in text
    assert "Số 05-BC/ĐU" in text
    assert re.search(r"Hòa An, ngày \d\d tháng \d+ năm \d{4}", text)
    assert "BÁO CÁO" in text
    assert f"Sơ kết năm {YEAR}" in text
    for heading in (
        "I. KẾT QUẢ TRIỂN KHAI THỰC HIỆN",
        "II. THÀNH QUẢ VÀ BÀI HỌC KINH NGHIỆM",
        "III. ĐỀ XUẤT, KIẾN NGHỊ",
    ):
        assert heading in text
    assert "Đã có 3 lượt đăng ký, tỷ lệ 3/4 (75,0%)." in text  # members over members (issue 11)
    assert "T/M ĐẢNG ỦY" in text
    assert "Nơi nhận" in text
    body = docx_text(built.data)
    # summary table rows: label | value
    assert re.search(r"Đảng viên \| 4\b", body)
    assert re.search(r"Số người đã đăng ký \| 3\b", body)
    assert re.search(r"Tỷ lệ đảng viên đăng ký \(trên số đảng viên\) \| 3/4 \(75,0%\)", body)
    # by lower level
    assert re.search(r"Chi bộ thôn 1 \| 1 \| 3 \| 1/3 \(33,3%\) \| 2/3 \(66,7%\)", body)
    # members registered over members (Công, a non-member official, no longer in the denominator: issue 11)
    assert re.search(r"Chi bộ thôn 2 \| 1 \| 1 \| 1/1 \(100,0%\) \| 1/1 \(100,0%\)", body)
    assert re.search(r"Tổng cộng \| 2 \| 4 \| 2/4 \(50,0%\) \| 3/4 \(75,0%\)", body)


def test_place_and_date_are_italic(review):
    built = exporters.build_file(review, "docx")
    doc = Document(io.BytesIO(built.data))
    runs = [
        run
        for table in doc.tables
        for row in table.rows
        for cell in row.cells
        for p in cell.paragraphs
        for run in p.runs
        if "ngày" in run.text
    ] + [run for p in doc.paragraphs for run in p.runs if "Hòa An, ngày" in run.text]
    assert runs and all(run.italic or (run.font and run.font.italic) for run in runs)


def test_pdf_text_has_the_figures(review):
    built = exporters.build_file(review, "pdf")
    assert built.data.startswith(b"%PDF")
    text = pdf_text(built.data)
    flat = " ".join(text.split())
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in flat
    assert "Đã có 3 lượt đăng ký" in flat
    assert "3/4 (75,0%)" in flat
    assert "Chi bộ thôn 1" in flat


def test_xlsx_annex_tables(review):
    built = exporters.build_file(review, "xlsx")
    book = load_workbook(io.BytesIO(built.data))
    assert book.sheetnames == ["Tổng hợp", "Theo đơn vị trực thuộc", "Theo khối"]
    summary = book["Tổng hợp"]
    rows = {row[6]: row for row in summary.iter_rows(values_only=True) if row and row[6]}
    assert rows["organizations.members"][2] == 4
    assert rows["notebook.registered"][2] == 3
    assert rows["notebook.registered_rate"][3:5] == (3, 4)
    assert rows["notebook.registered_rate"][5] == 0.75  # a value, not an uncached formula (issue 11)
    units = book["Theo đơn vị trực thuộc"]
    header = next(r for r in units.iter_rows(values_only=True) if r and r[0] == "Mã")
    col = header.index("Số người đã đăng ký")
    data = {r[0]: r for r in units.iter_rows(values_only=True) if r and r[0] in {"C1", "C1-A", "C1-B"}}
    assert data["C1-A"][col] == 2
    assert data["C1-B"][col] == 1
    total_row = next(r for r in units.iter_rows(values_only=True) if r and r[1] == "Tổng cộng")
    assert total_row[col] == 3


def test_frozen_review_exports_its_snapshot(review, world):
    from lamtheo.notebook.models import Registration

    services.submit_review(actor=world.commune_officer, review=review, expected_version=review.version)
    Registration.objects.filter(person=world.binh).update(state="approved")
    text = docx_text(exporters.build_file(review, "docx").data)
    assert re.search(r"Số bản đăng ký được chi ủy duyệt \| 2\b", text)  # frozen: 2 approved at submission


@pytest.mark.parametrize("fmt", ["docx", "pdf", "xlsx"])
def test_build_report_command(world, rdata, tmp_path, fmt):
    out = tmp_path / f"bc.{fmt}"
    stdout = io.StringIO()
    call_command(
        "build_report",
        "--org",
        "C1",
        "--from",
        f"01/01/{YEAR}",
        "--to",
        f"31/12/{YEAR}",
        "--format",
        fmt,
        "--out",
        str(out),
        stdout=stdout,
    )
    data = out.read_bytes()
    assert str(out) in stdout.getvalue() and "Đảng ủy xã Hòa An" in stdout.getvalue()
    if fmt == "docx":
        assert "Tỷ lệ đảng viên đăng ký (trên số đảng viên) | 3/4 (75,0%)" in docx_text(data)
    elif fmt == "pdf":
        assert "3/4 (75,0%)" in " ".join(pdf_text(data).split())
    else:
        rows = {r[6]: r for r in load_workbook(io.BytesIO(data))["Tổng hợp"].iter_rows(values_only=True) if r and r[6]}
        assert rows["notebook.registered"][2] == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--org", "NOPE"], "Không có đơn vị nào có mã"),
        (["--from", "2025-01-01"], "không phải là ngày"),
        (["--from", "31/02/2025"], "không phải là ngày hợp lệ"),
        (["--from", "01/01/2026", "--to", "31/12/2025"], "trước ngày bắt đầu"),
        (["--from", "01/01/2001", "--to", "31/12/2025"], "tối đa 10 năm"),
        (["--format", "odt"], "docx, pdf hoặc xlsx"),
        (["--out", "/nonexistent-dir/x.docx"], "không tồn tại"),
    ],
)
def test_build_report_bad_input(world, tmp_path, args, message):
    base = {
        "--org": "C1",
        "--from": "01/01/2025",
        "--to": "31/12/2025",
        "--format": "docx",
        "--out": str(tmp_path / "a.docx"),
    }
    for i in range(0, len(args), 2):
        base[args[i]] = args[i + 1]
    argv = [x for pair in base.items() for x in pair]
    with pytest.raises(CommandError) as info:
        call_command("build_report", *argv)
    assert message in str(info.value)
    assert not (tmp_path / "a.docx").exists()
