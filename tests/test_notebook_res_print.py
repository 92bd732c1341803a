"""The printable notebook (PDF, DOCX) read back: cover, items, self-report results, the evaluation."""

from __future__ import annotations

import io

import docx
import pypdf
import pytest
from django.urls import reverse

from lamtheo.notebook import services_results as svc
from lamtheo.notebook.models import ItemStatus, ReportPeriod
from tests.notebook_res_fixtures import media_fixture, nb_fixture, photo  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled(world, nb):
    svc.save_self_report(
        actor=world.member,
        registration=nb.reg_an,
        period=ReportPeriod.YEAR_END,
        items=[
            svc.ItemResult(pledge_id=nb.pledge1.pk, status=ItemStatus.DONE, achieved="Đã giúp đủ 5 hộ vay vốn"),
            svc.ItemResult(pledge_id=nb.pledge2.pk, status=ItemStatus.PARTLY, direction="Học thêm về chuẩn mực"),
        ],
        submit=True,
        photos=[svc.prepare_photo(photo())],
    )
    svc.save_evaluation(
        actor=world.secretary,
        person=world.an,
        year=nb.year,
        text="Đồng chí An gương mẫu, nhiệt tình giúp đỡ bà con",
        level="excellent",
    )
    return nb


def print_url(world, nb, fmt):
    return reverse("notebook:print", args=[world.an.pk, nb.year]) + f"?format={fmt}"


def docx_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return "\n".join(parts)


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_docx_holds_items_results_and_evaluation(world, filled, client_for):
    response = client_for(world.secretary).get(print_url(world, filled, "docx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    text = docx_text(response.content)
    for expected in (
        "Nguyễn Văn An",
        "CHI BỘ THÔN 1",
        "SỔ TAY",
        "I. ĐĂNG KÝ LÀM THEO",
        filled.pledge1.text,
        "5 hộ",
        "30/06/2025",
        "II. TỰ ĐÁNH GIÁ KẾT QUẢ",
        "Đã giúp đủ 5 hộ vay vốn",
        "Làm được một phần",
        "III. NHẬN XÉT CỦA TẬP THỂ CHI BỘ",
        "Đồng chí An gương mẫu, nhiệt tình giúp đỡ bà con",
        "Hoàn thành xuất sắc",
        "T/M CHI BỘ",
        "BÍ THƯ",
        "Lê Văn Thư",
    ):
        assert expected in text, expected


def test_pdf_holds_items_results_and_evaluation(world, filled, client_for):
    response = client_for(world.member).get(print_url(world, filled, "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in (
        "Nguyễn Văn An",
        filled.pledge1.text,
        "Đã giúp đủ 5 hộ vay vốn",
        "Đồng chí An gương mẫu, nhiệt tình giúp đỡ bà con",
        "Lê Văn Thư",
    ):
        assert expected in text, expected


def test_print_is_vietnamese_whatever_the_interface_language(world, filled, client_for):
    client = client_for(world.member)
    client.cookies["django_language"] = "en"
    text = docx_text(client.get(print_url(world, filled, "docx"), HTTP_ACCEPT_LANGUAGE="en").content)
    assert "NHẬN XÉT CỦA TẬP THỂ CHI BỘ" in text


def test_print_without_results_still_prints(world, nb, client_for):
    text = docx_text(client_for(world.secretary).get(print_url(world, nb, "docx")).content)
    assert nb.pledge1.text in text
    assert "Chưa báo cáo" in text


def test_print_scope_and_format(world, filled, client_for):
    assert client_for(world.outsider).get(print_url(world, filled, "pdf")).status_code == 404
    assert client_for(world.judge).get(print_url(world, filled, "docx")).status_code == 404
    assert client_for(world.member).get(print_url(world, filled, "exe")).status_code == 404
    other = reverse("notebook:print", args=[world.binh.pk, filled.year]) + "?format=docx"
    assert client_for(world.member).get(other).status_code == 404
    assert client_for(world.commune_officer).get(other).status_code == 200
