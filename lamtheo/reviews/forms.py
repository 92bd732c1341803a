"""Forms of the reviews: the period picker, the review's text and header, a request to the children."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import narrative, periods
from .models import FigureSource, PeriodKind, Review, ReviewKind

NUMBER = re.compile(r"^\d{1,5}-[A-ZĐa-zđ]{1,5}/[\wĐđ-]{1,20}$")
MAX_TEXT = 20000


def period_choices(today: dt.date | None = None) -> list[tuple[str, str]]:
    """The halves and quarters of this year and the last one, every year back to MIN_YEAR (earlier
    years are put on record too), every party term, other dates."""
    today = today or timezone.localdate()
    out: list[tuple[str, str]] = []
    for year in (today.year, today.year - 1):
        out.append((f"year:{year}", capfirst(periods.label(*periods.period_dates(PeriodKind.YEAR, year)))))
        for half in (1, 2):
            out.append((f"half:{year}:{half}", capfirst(periods.label(*periods.half_dates(year, half)))))
        for quarter in (1, 2, 3, 4):
            out.append((f"quarter:{year}:{quarter}", capfirst(periods.label(*periods.quarter_dates(year, quarter)))))
    term_start = 2021 + 5 * ((today.year - 2021) // 5)
    for start in range(term_start, periods.MIN_YEAR, -5):
        out.append(
            (f"years:{start}:{start + 4}", capfirst(periods.label(dt.date(start, 1, 1), dt.date(start + 4, 12, 31))))
        )
    for year in range(today.year - 2, periods.MIN_YEAR - 1, -1):
        out.append((f"year:{year}", capfirst(periods.label(*periods.period_dates(PeriodKind.YEAR, year)))))
    out.append(("custom", gettext("Other dates (enter them below)")))
    return out


class PeriodChoiceField(forms.ChoiceField):
    """The listed periods, and any other well-formed one ("half:2007:2"): back entry of any period."""

    def valid_value(self, value: Any) -> bool:
        return super().valid_value(value) or dates_of(str(value)) is not None


def choice_for(date_from: dt.date, date_to: dt.date) -> str:
    kind = periods.classify(date_from, date_to)
    if kind == PeriodKind.YEAR:
        return f"year:{date_from.year}"
    if kind == PeriodKind.HALF:
        return f"half:{date_from.year}:{1 if date_from.month == 1 else 2}"
    if kind == PeriodKind.QUARTER:
        return f"quarter:{date_from.year}:{(date_from.month + 2) // 3}"
    if kind == PeriodKind.YEARS:
        return f"years:{date_from.year}:{date_to.year}"
    return "custom"


def dates_of(choice: str) -> tuple[dt.date, dt.date] | None:
    """Dates of a period choice ("half:2026:1"); None for "custom" or nonsense."""
    parts = choice.split(":")
    try:
        numbers = [int(p) for p in parts[1:]]
    except ValueError:
        return None
    kind = parts[0]
    if kind == "year" and len(numbers) == 1:
        return periods.period_dates(PeriodKind.YEAR, numbers[0])
    if kind == "half" and len(numbers) == 2 and numbers[1] in (1, 2):
        return periods.half_dates(numbers[0], numbers[1])
    if kind == "quarter" and len(numbers) == 2 and 1 <= numbers[1] <= 4:
        return periods.quarter_dates(numbers[0], numbers[1])
    if kind == "years" and len(numbers) == 2 and numbers[0] <= numbers[1]:
        return periods.period_dates(PeriodKind.YEARS, numbers[0], year_to=numbers[1])
    return None


class PeriodForm(forms.Form):
    """The period: one of the usual choices, or two dates."""

    kind = forms.ChoiceField(label=_("Kind of review"), choices=ReviewKind.choices, widget=forms.RadioSelect)
    period = PeriodChoiceField(label=_("Period"), choices=())
    date_from = forms.DateField(label=_("From (dd/mm/yyyy)"), required=False)
    date_to = forms.DateField(label=_("To (dd/mm/yyyy)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices()  # type: ignore[attr-defined]
        self.fields["kind"].initial = ReviewKind.INTERIM

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        choice = data.get("period")
        if not choice:
            return data
        if choice == "custom":
            start, end = data.get("date_from"), data.get("date_to")
            if start is None and "date_from" not in self.errors:
                self.add_error("date_from", gettext("Enter the first day of the period."))
            if end is None and "date_to" not in self.errors:
                self.add_error("date_to", gettext("Enter the last day of the period."))
            if start is None or end is None:
                return data
        else:
            dates = dates_of(choice)
            if dates is None:
                self.add_error("period", gettext("Choose a period from the list."))
                return data
            start, end = dates
        try:
            periods.check_range(start, end)
        except ValueError as exc:
            self.add_error("date_to" if choice == "custom" else "period", str(exc))
            return data
        data["start"], data["end"] = start, end
        return data


class ReviewCreateForm(PeriodForm):
    source = forms.ChoiceField(
        label=_("Figures"),
        choices=FigureSource.choices,
        initial=FigureSource.LIVE,
        widget=forms.RadioSelect,
        required=False,
    )

    def __init__(self, *args: Any, is_cell: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if is_cell:
            del self.fields["source"]


class ReviewForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Review
        fields = [
            "title",
            "number",
            "place",
            "issued_on",
            "source",
            "intro",
            "part1",
            "part2",
            "part3",
            "signer_on_behalf",
            "signer_position",
            "signer_name",
            "recipients",
        ]
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 4}),
            "part1": forms.Textarea(attrs={"rows": 12}),
            "part2": forms.Textarea(attrs={"rows": 10}),
            "part3": forms.Textarea(attrs={"rows": 6}),
            "recipients": forms.Textarea(attrs={"rows": 3}),
            "source": forms.RadioSelect,
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.organization.is_cell:
            del self.fields["source"]
        self.fields["title"].required = True
        self.fields["issued_on"].help_text = gettext("dd/mm/yyyy")
        for name in narrative.PARTS:
            self.fields[name].widget.attrs.update({"data-part": name, "spellcheck": "true"})
        if not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean_number(self) -> str:
        value = " ".join(str(self.cleaned_data.get("number") or "").split())
        value = re.sub(r"^s[oố]\s*:?\s*", "", value, flags=re.IGNORECASE)
        if value and not NUMBER.match(value):
            raise ValidationError(
                gettext("Write the number as “05-BC/CB”: the number, “-BC/”, then the issuer's letters.")
            )
        return value

    def _clean_part(self, name: str) -> str:
        value = str(self.cleaned_data.get(name) or "")
        if len(value) > MAX_TEXT:
            raise ValidationError(gettext("This part is too long (at most %(n)s characters).") % {"n": MAX_TEXT})
        unknown = narrative.unknown_tokens(value)
        if unknown:
            raise ValidationError(
                gettext("Unknown figure: %(tokens)s. Insert one of the figures listed.")
                % {"tokens": ", ".join(unknown)}
            )
        return value

    def clean_intro(self) -> str:
        return self._clean_part("intro")

    def clean_part1(self) -> str:
        return self._clean_part("part1")

    def clean_part2(self) -> str:
        return self._clean_part("part2")

    def clean_part3(self) -> str:
        return self._clean_part("part3")

    def clean_recipients(self) -> str:
        value = str(self.cleaned_data.get("recipients") or "")
        if len(value.splitlines()) > 30:
            raise ValidationError(gettext("At most 30 recipients."))
        return value

    def clean_issued_on(self) -> dt.date | None:
        value = self.cleaned_data.get("issued_on")
        if value is not None and not periods.MIN_YEAR <= value.year <= periods.MAX_YEAR:
            raise ValidationError(
                gettext("Enter a date between %(low)s and %(high)s.")
                % {"low": periods.MIN_YEAR, "high": periods.MAX_YEAR}
            )
        return value


class RequestForm(PeriodForm):
    deadline = forms.DateField(label=_("Deadline (dd/mm/yyyy)"))
    title = forms.CharField(
        label=_("Subject"), max_length=300, required=False, help_text=_("Empty: the usual subject.")
    )
    message = forms.CharField(
        label=_("Message to the lower levels"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )

    def clean_deadline(self) -> dt.date:
        value: dt.date = self.cleaned_data["deadline"]
        if value.year > periods.MAX_YEAR:
            raise ValidationError(gettext("Enter a date before %(high)s.") % {"high": periods.MAX_YEAR})
        return value

    def clean(self) -> dict[str, Any]:
        """A deadline in the past only for a period that is over (putting earlier years on record)."""
        data = super().clean()
        deadline, end = data.get("deadline"), data.get("end")
        if deadline is not None and end is not None and not periods.deadline_allowed(deadline, end):
            self.add_error("deadline", gettext("The deadline has already passed."))
        return data


class ExportForm(forms.Form):
    fmt = forms.ChoiceField(choices=[("docx", "DOCX"), ("pdf", "PDF"), ("xlsx", "XLSX")])
