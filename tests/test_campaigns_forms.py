"""Forms of the campaign pages: Vietnamese messages at the field, dd/mm/yyyy, uploads checked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from lamtheo.campaigns.forms import AdaptForm, DirectiveForm, StandardForm, ThemeForm
from lamtheo.campaigns.models import Directive
from tests.campaigns_fixtures import (  # noqa: F401
    YEAR,
    _media,
    doc_bytes,
    docs_fixture,
    docx_bytes,
    odt_bytes,
    pdf_bytes,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def directive_data(**extra):
    return {
        "kind": "plan",
        "number": "01-KH/CB",
        "issued_on": "02/09/2025",
        "issuer": "Chi bộ",
        "title": "Kế hoạch",
        "summary": "",
        "valid_from": "",
        "valid_to": "",
    } | extra


def test_directive_form_reads_dates_as_day_month_year():
    form = DirectiveForm(directive_data(valid_from="03/09/2025"))
    assert form.is_valid(), form.errors
    assert form.cleaned_data["issued_on"] == dt.date(2025, 9, 2)
    assert form.cleaned_data["valid_from"] == dt.date(2025, 9, 3)
    assert form.cleaned_data["file"] is None


@pytest.mark.parametrize(
    ("name", "content"),
    [("a.pdf", pdf_bytes()), ("b.docx", docx_bytes()), ("c.odt", odt_bytes()), ("d.doc", doc_bytes())],
)
def test_directive_form_accepts_the_four_formats(name, content):
    form = DirectiveForm(directive_data(), {"file": upload(name, content)})
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("data", "files", "field", "message"),
    [
        ({"issued_on": "13/13/2025"}, {}, "issued_on", "ngày/tháng/năm"),
        ({"issued_on": ""}, {}, "issued_on", "ngày ban hành"),
        ({"valid_from": "02/09/2025", "valid_to": "01/09/2025"}, {}, "valid_to", "không được trước"),
        ({"number": "x" * 61}, {}, "number", "Không quá 60 ký tự"),
        ({"title": ""}, {}, "title", "trích yếu"),
        ({}, {"file": upload("a.txt", b"hello")}, "file", "PDF, DOC, DOCX hoặc ODT"),
        ({}, {"file": upload("a.pdf", b"<html>")}, "file", "không phải là văn bản PDF"),
        ({}, {"file": upload("a.odt", docx_bytes())}, "file", "ODT"),
        ({}, {"file": upload("a.pdf", b"")}, "file", "rỗng"),
        ({}, {"file": upload("a.pdf", b"%PDF-" + b"1" * (10 * 1024 * 1024))}, "file", "10 MB"),
    ],
)
def test_directive_form_bad_input(data, files, field, message):
    form = DirectiveForm(directive_data(**data), files)
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_edit_form_offers_to_remove_an_attached_file(world):
    directive = Directive(organization=world.cell_a, number="1", issued_on=dt.date(2025, 1, 1), file="directives/a.pdf")
    form = DirectiveForm(instance=directive)
    assert "remove_file" in form.fields and "version" in form.fields
    assert "remove_file" not in DirectiveForm(instance=Directive(organization=world.cell_a)).fields


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"year_from": "abc"}, "year_from", "bốn chữ số"),
        ({"year_from": "12"}, "year_from", "1990 đến 2100"),
        ({"scope": "year", "year_to": YEAR + 1}, "year_to", "một năm"),
        ({"scope": "term", "year_to": ""}, "year_to", "năm cuối"),
        ({"scope": "term", "year_to": YEAR - 5}, "year_to", "không được trước"),
    ],
)
def test_theme_form_bad_input(world, data, field, message):
    form = ThemeForm(
        {"scope": "term", "title": "T", "year_from": YEAR, "year_to": YEAR + 2} | data, organization=world.cell_a
    )
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_theme_form_sets_the_last_year_of_a_year_theme(world):
    form = ThemeForm({"scope": "year", "title": "T", "year_from": YEAR}, organization=world.cell_a)
    assert form.is_valid(), form.errors
    assert form.service_fields()["year_to"] == YEAR


def test_theme_form_offers_documents_of_the_unit_and_above_only(world, docs):
    form = ThemeForm(organization=world.cell_a)
    assert {d.number for d in form.fields["directive"].queryset} == {"05-CT/TW", "01-KH/ĐU"}
    form = ThemeForm(
        {"scope": "year", "title": "T", "year_from": YEAR, "directive": docs.dir_c2.pk}, organization=world.cell_a
    )
    assert not form.is_valid() and "cấp trên" in " ".join(form.errors["directive"])


def test_standard_form(world):
    form = StandardForm({"title": "", "body": "", "year_from": "", "year_to": "2020"}, organization=world.cell_a)
    assert not form.is_valid()
    assert "tên bộ chuẩn mực" in form.errors["title"][0]
    assert "ít nhất một chuẩn mực" in form.errors["body"][0]
    assert "Hãy nhập năm" in form.errors["year_from"][0]
    assert "is_model" not in form.fields
    assert "is_model" in StandardForm(organization=world.commune).fields


def test_adapt_form_accepts_only_the_given_targets(world, docs):
    from lamtheo.campaigns import selectors

    targets = selectors.adapt_targets(world.secretary, docs.model_c1)
    form = AdaptForm(
        {"organization": world.cell_b.pk, "title": "T", "year_from": YEAR}, model=docs.model_c1, targets=targets
    )
    assert not form.is_valid() and "đơn vị của đồng chí" in form.errors["organization"][0]
    form = AdaptForm(model=docs.model_c1, targets=targets, unit=world.cell_a.pk)
    assert form.initial["organization"] == world.cell_a.pk and form.initial["title"] == docs.model_c1.title


def test_messages_follow_the_language_of_the_request():
    with translation.override("en"):
        assert str(ThemeForm.base_fields["year_from"].error_messages["min_value"]).startswith("Enter a year between")
        assert str(DirectiveForm.base_fields["number"].error_messages["max_length"]) == "Keep it under 60 characters."
    assert str(ThemeForm.base_fields["year_from"].error_messages["min_value"]).startswith("Nhập năm trong khoảng")
