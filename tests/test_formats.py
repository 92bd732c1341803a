"""Dates are dd/mm/yyyy in and out (lamtheo/formats/vi), never the US month-first order."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.template import Context, Template
from django.utils import formats, translation
from hypothesis import given
from hypothesis import strategies as st


class DateForm(forms.Form):
    day = forms.DateField()


def parse(text: str) -> dt.date | None:
    form = DateForm(data={"day": text})
    return form.cleaned_data["day"] if form.is_valid() else None


def render(template: str, **context: object) -> str:
    return Template(template).render(Context(context))


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("25/12/2026", dt.date(2026, 12, 25)),
        ("02/09/2026", dt.date(2026, 9, 2)),  # 2 September (National Day), not 9 February
        ("02-09-2026", dt.date(2026, 9, 2)),
        ("02.09.2026", dt.date(2026, 9, 2)),
        ("2/9/2026", dt.date(2026, 9, 2)),
        ("2026-09-02", dt.date(2026, 9, 2)),  # ISO, as sent by <input type="date">
        (" 25/12/2026 ", dt.date(2026, 12, 25)),
    ],
)
def test_date_field_parses_day_first(text, expected):
    assert parse(text) == expected


@pytest.mark.parametrize("text", ["12/25/2026", "31/02/2026", "25/12", "hôm nay", "2026/12/25"])
def test_date_field_refuses_month_first_and_impossible_dates(text):
    form = DateForm(data={"day": text})
    assert not form.is_valid()
    assert form.errors["day"]


def test_formats_come_from_our_module():
    assert formats.get_format("SHORT_DATE_FORMAT") == "d/m/Y"
    assert formats.get_format("DATE_INPUT_FORMATS")[0] == "%d/%m/%Y"


def test_dates_render_day_first_in_templates():
    day = dt.date(2026, 9, 2)
    assert render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=day) == "02/09/2026"
    assert render("{{ d|date }}", d=day) == "02/09/2026"
    assert render("{{ d }}", d=day) == "02/09/2026"
    assert render('{{ d|date:"d/m/Y" }}', d=day) == "02/09/2026"


def test_datetimes_render_in_vietnam_time(settings):
    moment = dt.datetime(2026, 9, 1, 20, 30, tzinfo=dt.UTC)  # 03:30 on 2 September in Hà Nội
    assert render('{{ t|date:"SHORT_DATETIME_FORMAT" }}', t=moment) == "02/09/2026 03:30"


def test_date_field_shows_its_value_day_first():
    form = DateForm(initial={"day": dt.date(2026, 9, 2)})
    assert 'value="02/09/2026"' in str(form["day"])


def test_english_keeps_day_first_too():
    with translation.override("en"):
        assert render("{{ d|date }}", d=dt.date(2026, 9, 2)) == "02/09/2026"
        assert parse("02/09/2026") == dt.date(2026, 9, 2)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)))
def test_round_trip_1900_to_2100(day):
    with translation.override("vi"):
        shown = render('{{ d|date:"SHORT_DATE_FORMAT" }}', d=day)
        assert shown == f"{day.day:02d}/{day.month:02d}/{day.year}"
        assert parse(shown) == day
        assert parse(formats.localize_input(day)) == day
