"""Format profiles as data with validity dates; the number and place/date lines."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from docx.shared import Mm

from lamtheo.documents import all_profiles, get_profile, profile_for_date, render_docx, render_pdf
from lamtheo.documents.layout import date_line, number_line
from lamtheo.documents.profiles import DEFAULT_FILE, parse_profiles

from .documents_fixtures import cell_report, pdf_reader, read_docx


def test_default_profile_is_hd36_from_3_april_2018():
    profile = get_profile("hd36-2018")
    assert profile.valid_from == dt.date(2018, 4, 3) and profile.valid_to is None
    assert profile.page_mm == (210, 297)
    assert profile.margins_mm == {"top": 20, "bottom": 20, "left": 30, "right": 15}
    assert profile.size("party_title") == 15 and profile.size("body") == 14
    assert profile.pdf_fonts[0] == "Liberation Serif"
    assert profile_for_date(dt.date(2026, 12, 5)).code == "hd36-2018"
    assert profile_for_date(None).code == "hd36-2018"  # today
    assert profile_for_date(dt.date(2010, 1, 1)).code == "hd36-2018"  # before any profile: the oldest


@pytest.fixture
def two_profiles(settings, tmp_path):
    """hd36-2018 plus an invented later profile (only for the test) changing margins and sizes."""
    raw = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))
    raw["profiles"][0]["valid_to"] = "2026-05-27"
    raw["profiles"].append(
        {
            "code": "test-2026",
            "extends": "hd36-2018",
            "name": "Test profile",
            "valid_from": "2026-05-27",
            "valid_to": None,
            "margins_mm": {"top": 25, "left": 35},
            "sizes": {"body": 13},
        }
    )
    path = tmp_path / "profiles.json"
    path.write_text(json.dumps(raw, ensure_ascii=False), encoding="utf-8")
    settings.LAMTHEO_DOCUMENT_PROFILES = str(path)
    return path


def test_profile_selected_by_the_document_date(two_profiles):
    assert [p.code for p in all_profiles()] == ["hd36-2018", "test-2026"]
    assert profile_for_date(dt.date(2026, 5, 26)).code == "hd36-2018"
    assert profile_for_date(dt.date(2026, 5, 27)).code == "test-2026"  # valid_to is exclusive
    new = get_profile("test-2026")
    assert new.margins_mm == {"top": 25, "bottom": 20, "left": 35, "right": 15}  # merged over the parent
    assert new.size("body") == 13 and new.size("party_title") == 15

    old_doc = read_docx(render_docx(cell_report(date=dt.date(2026, 1, 10))))
    new_doc = read_docx(render_docx(cell_report(date=dt.date(2026, 6, 1))))
    assert round(old_doc.sections[0].left_margin.mm) == 30
    assert round(new_doc.sections[0].left_margin.mm) == 35
    assert new_doc.styles["Normal"].font.size.pt == 13
    # an explicit code wins over the date
    pinned = read_docx(render_docx(cell_report(date=dt.date(2026, 6, 1), profile="hd36-2018")))
    assert abs(pinned.sections[0].left_margin - Mm(30)) < Mm(0.1)


def test_pdf_follows_the_profile_too(two_profiles):
    old = pdf_reader(render_pdf(cell_report(date=dt.date(2026, 1, 10))))
    new = pdf_reader(render_pdf(cell_report(date=dt.date(2026, 6, 1))))
    assert round(float(old.pages[0].mediabox.width)) == round(float(new.pages[0].mediabox.width)) == 595

    def first_x(reader) -> float:
        xs = []
        reader.pages[0].extract_text(
            visitor_text=lambda text, cm, tm, *_: xs.append(tm[4] * cm[0] + cm[4]) if text.strip() else None
        )
        return min(x for x in xs if x > 0)

    # the left margin grows from 30 to 35 mm (≈ 14 pt)
    assert 10 < first_x(new) - first_x(old) < 18


def test_unknown_profile_code():
    with pytest.raises(ValueError, match="Unknown document format profile 'nope'"):
        get_profile("nope")


def test_bad_profile_data_is_rejected():
    with pytest.raises(ValueError, match="lacks"):
        parse_profiles({"profiles": [{"code": "x", "valid_from": "2020-01-01"}]})
    with pytest.raises(ValueError, match="circular"):
        parse_profiles({"profiles": [{"code": "a", "extends": "b"}, {"code": "b", "extends": "a"}]})
    with pytest.raises(ValueError, match="No document format profile"):
        parse_profiles({"profiles": []})


@pytest.mark.parametrize(
    ("number", "symbol", "expected"),
    [
        ("Số 05-BC/CB", "", "Số 05-BC/CB"),
        ("05-BC/CB", "", "Số 05-BC/CB"),
        ("Số: 05-BC/CB", "", "Số 05-BC/CB"),  # HD 36: no colon
        ("", "", "Số     -BC/CB"),
        ("", "KH/ĐU", "Số     -KH/ĐU"),
    ],
)
def test_number_line(number, symbol, expected):
    doc = cell_report(number=number, symbol=symbol)
    assert number_line(doc, get_profile("hd36-2018")) == expected


def test_number_line_for_other_kinds_and_issuers():
    profile = get_profile("hd36-2018")
    assert number_line(cell_report(number="", kind_title="Biên bản"), profile) == "Số     -BB/CB"
    assert (
        number_line(cell_report(number="", kind_title="KẾ HOẠCH", issuing_body="ĐẢNG ỦY XÃ HÒA AN"), profile)
        == "Số     -KH/ĐU"
    )
    assert number_line(cell_report(number="", kind_title="SỔ TAY", issuing_body="BAN X"), profile) == "Số     -"


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (dt.date(2026, 12, 5), "Hòa An, ngày 05 tháng 12 năm 2026"),
        (dt.date(2026, 2, 20), "Hòa An, ngày 20 tháng 02 năm 2026"),  # months 1–2 get a zero
        (dt.date(2026, 3, 9), "Hòa An, ngày 09 tháng 3 năm 2026"),  # months 3–12 do not
        (None, "Hòa An, ngày      tháng      năm 20..."),
    ],
)
def test_date_line(date, expected):
    assert date_line(cell_report(date=date), get_profile("hd36-2018")) == expected


def test_date_line_without_place():
    assert date_line(cell_report(place=""), get_profile("hd36-2018")) == "ngày 05 tháng 12 năm 2026"
