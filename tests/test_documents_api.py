"""render(), file_response() and the exporters registry."""

from __future__ import annotations

import io
from urllib.parse import unquote

import pytest

from lamtheo.documents import (
    Paragraph,
    Table,
    exporters,
    file_response,
    register_exporter,
    render,
    render_docx,
)
from lamtheo.documents.api import _EXPORTERS, ascii_filename, safe_filename

from .documents_fixtures import SENTENCE, cell_report, pdf_text, read_docx

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_render_both_formats():
    doc = cell_report()
    data, content_type, extension = render(doc, "pdf")
    assert (content_type, extension) == ("application/pdf", "pdf")
    assert SENTENCE in pdf_text(data)
    data, content_type, extension = render(doc, " DOCX ")
    assert (content_type, extension) == (DOCX_TYPE, "docx")
    assert SENTENCE in [p.text for p in read_docx(data).paragraphs]


@pytest.mark.parametrize("fmt", ["odt", "", "html", None, "pdf/a"])
def test_unknown_format_is_a_clear_value_error(fmt):
    with pytest.raises(ValueError, match=r"Unknown document format .*docx, pdf"):
        render(cell_report(), fmt)


def test_bad_blocks_are_value_errors():
    with pytest.raises(ValueError, match="alignment"):
        render_docx(cell_report(blocks=[Paragraph("x", align="middle")]))
    with pytest.raises(ValueError, match="widths"):
        render_docx(cell_report(blocks=[Table(header=["a", "b"], rows=[["1", "2"]], widths=[1])]))
    with pytest.raises(ValueError, match="block"):
        render_docx(cell_report(blocks=["just a string"]))
    with pytest.raises(ValueError, match="profile"):
        render_docx(cell_report(profile="hd99-2030"))


def test_ragged_table_rows_are_padded():
    doc = cell_report(
        blocks=[Table(header=["A", "B", "C"], rows=[["1"], ["1", "2", "3"]]), Paragraph("x", align="centre")]
    )
    table = read_docx(render_docx(doc)).tables[1]
    assert [[c.text for c in row.cells] for row in table.rows] == [["A", "B", "C"], ["1", "", ""], ["1", "2", "3"]]


def test_file_response_headers():
    response = file_response(cell_report(), "pdf", "Báo cáo chi bộ thôn 1")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert response["Content-Length"] == str(len(response.content))
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Bao cao chi bo thon 1.pdf"; ')
    encoded = disposition.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == "Báo cáo chi bộ thôn 1.pdf"
    assert disposition.isascii()


def test_file_response_docx_keeps_a_given_extension():
    response = file_response(cell_report(), "docx", "Biên bản họp chi bộ tháng 12.DOCX")
    assert response["Content-Type"] == DOCX_TYPE
    assert 'filename="Bien ban hop chi bo thang 12.docx"' in response["Content-Disposition"]
    assert read_docx(response.content).tables[0].rows[0].cells[1].paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM"


def test_file_response_with_a_bad_format_raises():
    with pytest.raises(ValueError, match="Unknown document format"):
        file_response(cell_report(), "exe", "x")


@pytest.mark.parametrize(
    ("raw", "unicode_name", "ascii_name"),
    [
        ('../../etc/"passwd"\r\nSet-Cookie: a=b', "etc-passwd-Set-Cookie- a=b.pdf", "etc-passwd-Set-Cookie- a_b.pdf"),
        ("", "tai-lieu.pdf", "tai-lieu.pdf"),
        ("Đảng ủy", "Đảng ủy.pdf", "Dang uy.pdf"),
        ("蓮", "蓮.pdf", "tai-lieu.pdf"),
    ],
)
def test_filenames_are_sanitised(raw, unicode_name, ascii_name):
    name = safe_filename(raw, "pdf")
    assert name == unicode_name
    assert ascii_filename(name) == ascii_name
    response = file_response(cell_report(blocks=[]), "pdf", raw)
    assert "\n" not in response["Content-Disposition"] and "\r" not in response["Content-Disposition"]


def test_register_exporter():
    calls = []

    def plain_text(doc):
        calls.append(doc)
        return doc.title.encode()

    try:
        register_exporter("TXT", plain_text, content_type="text/plain; charset=utf-8")
        assert "txt" in exporters()
        data, content_type, extension = render(cell_report(), "txt")
        assert data.decode() == cell_report().title and extension == "txt"
        assert content_type.startswith("text/plain")
        response = file_response(cell_report(), "txt", "tóm tắt")
        assert 'filename="tom tat.txt"' in response["Content-Disposition"]
        with pytest.raises(ValueError):
            register_exporter("  ", plain_text)
    finally:
        _EXPORTERS.pop("txt", None)
    assert len(calls) == 2


def test_document_sample_command_writes_both_files(tmp_path):
    from django.core.management import call_command

    call_command("document_sample", out=str(tmp_path), stdout=io.StringIO())
    assert "T/M CHI BỘ" in pdf_text((tmp_path / "party-document.pdf").read_bytes())
    document = read_docx((tmp_path / "party-document.docx").read_bytes())
    assert document.tables[0].rows[0].cells[0].paragraphs[1].text == "CHI BỘ THÔN 1"
