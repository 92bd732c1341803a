"""Forms of the registration pages: the items as a formset, the review, shortcomings.

Choice fields get scoped querysets from the view (themes and standards of the unit and the levels
above it, the person's own shortcomings), so an id from elsewhere fails like an unknown choice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lamtheo.organizations.forms import date_field, version_field

from . import selectors
from .models import PledgeRule, Shortcoming, ShortcomingSource, ShortcomingStatus
from .quality import check_pledge
from .services import COMMENT_LIMIT, MEASURE_LIMIT, TEXT_LIMIT


class ObjectChoiceField(forms.ChoiceField):
    """A choice among objects loaded once by the view (no query per row of the formset)."""

    def __init__(self, *, empty_label: Any, **kwargs: Any) -> None:
        super().__init__(choices=[], **kwargs)
        self.empty_label = empty_label
        self.objects: dict[str, Any] = {}

    def set_objects(self, objects: Sequence[Any]) -> None:
        self.objects = {str(obj.pk): obj for obj in objects}
        self.choices = [("", self.empty_label), *((str(obj.pk), str(obj)[:120]) for obj in objects)]

    def valid_value(self, value: Any) -> bool:
        return str(value) in self.objects

    def clean(self, value: Any) -> Any:
        value = super().clean(value)
        return self.objects.get(str(value)) if value not in (None, "") else None


class PledgeForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    text = forms.CharField(
        label=_("What I will do"),
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One concrete thing, tied to your own work: what, how much or how often, by when."),
        error_messages={
            "required": _("Write what you will do, or remove this item."),
            "max_length": _("Keep it under %(limit_value)s characters."),
        },
    )
    measure = forms.CharField(
        label=pgettext_lazy("notebook", "Measure"),
        max_length=MEASURE_LIMIT,
        required=False,
        help_text=_("How the cell will know it is done, e.g. “2 stories a month”, “5 households”."),
        error_messages={"max_length": _("Keep it under %(limit_value)s characters.")},
    )
    deadline = date_field(pgettext_lazy("notebook", "Deadline"))
    theme = ObjectChoiceField(
        label=_("Tied to the theme"),
        required=False,
        empty_label=_("— none —"),
        error_messages={"invalid_choice": _("Choose a theme from the list.")},
    )
    standard = ObjectChoiceField(
        label=_("Tied to the unit's ethical standards"),
        required=False,
        empty_label=_("— none —"),
        error_messages={"invalid_choice": _("Choose a set of standards from the list.")},
    )
    rule = forms.ChoiceField(
        label=_("Tied to a rule"),
        choices=[("", _("— none —")), *PledgeRule.choices],
        required=False,
        error_messages={"invalid_choice": _("Choose a rule from the list.")},
    )
    shortcoming = ObjectChoiceField(
        label=_("Remedies my shortcoming"),
        required=False,
        empty_label=_("— none —"),
        error_messages={"invalid_choice": _("Choose one of the shortcomings in the list.")},
    )

    def __init__(
        self,
        *args: Any,
        year: int,
        themes: Sequence[Any],
        standards: Sequence[Any],
        shortcomings: Sequence[Any],
        check_url: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.year = year
        if check_url:  # advice while typing, shown in the row's advice box (htmx)
            self.fields["text"].widget.attrs.update(
                {
                    "hx-post": check_url,
                    # A longer pause, or leaving the field: one request per thought, not per word.
                    "hx-trigger": "input changed delay:1500ms, change",
                    "data-advice": "",
                    "hx-target": "next .reg-advice-slot",
                    "hx-swap": "innerHTML",
                    "hx-sync": "this:replace",
                }
            )
        for name, objects in (("theme", themes), ("standard", standards), ("shortcoming", shortcomings)):
            if objects:
                self.fields[name].set_objects(objects)  # type: ignore[attr-defined]
            else:
                del self.fields[name]  # nothing to link to: no empty list to scroll through

    def clean_deadline(self) -> Any:
        value = self.cleaned_data.get("deadline")
        first, last = selectors.deadline_bounds(self.year)
        if value is not None and not first <= value <= last:
            raise ValidationError(_("The deadline must fall within %(year)s.") % {"year": self.year})
        return value


class BasePledgeFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_few_forms": _("Register at least one item."),
        "too_many_forms": _("Register at most %(num)d items."),
        "missing_management_form": _("The form was incomplete. Reload the page and try again."),
    }

    def full_clean(self) -> None:
        super().full_clean()
        if self.is_bound and not self.management_form.is_valid():
            # Say only that the form was incomplete (not "too few items" or Django's technical text).
            self._non_form_errors = self.error_class(
                [self.error_messages["missing_management_form"]],  # type: ignore[attr-defined]
                error_class="nonform",
                renderer=self.renderer,  # type: ignore[attr-defined]
            )

    def filled_forms(self) -> list[PledgeForm]:
        """Rows with something written, in order (blank extra rows are ignored)."""
        return [f for f in self.forms if getattr(f, "cleaned_data", None)]  # type: ignore[misc]

    def items(self) -> list[dict[str, Any]]:
        return [dict(f.cleaned_data) for f in self.filled_forms()]

    def raw_rows(self) -> list[dict[str, Any]]:
        """What was typed in each row, without validating (to redraw the form with a row added or removed)."""
        rows = []
        for form in self.forms:
            rows.append({name: form[name].value() for name in form.fields})
        return rows


PledgeFormSet = forms.formset_factory(
    PledgeForm,
    formset=BasePledgeFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=selectors.MAX_ITEMS,
    validate_max=True,
    absolute_max=selectors.MAX_ITEMS + 5,
)


ITEMS_PREFIX = "items"


def initial_rows(current: Any) -> list[dict[str, Any]]:
    """The formset's rows for an existing registration (empty for a new one)."""
    if current is None:
        return []
    return [
        {
            "id": p.pk,
            "text": p.text,
            "measure": p.measure,
            "deadline": p.deadline,
            "theme": p.theme_id,
            "standard": p.standard_id,
            "rule": p.rule,
            "shortcoming": p.shortcoming_id,
        }
        for p in current.pledges.order_by("position", "pk")
    ]


def rebuilt_formset(post: Any, formset: Any, choices: dict[str, Any]) -> Any:
    """The formset redrawn from what was typed, with a row added or one removed (nothing saved)."""
    typed = formset.raw_rows()
    remove = str(post.get("remove_row", ""))
    if remove.isdigit() and int(remove) < len(typed):
        del typed[int(remove)]
    rows = [row for row in typed if any(value not in (None, "") for key, value in row.items() if key != "id")]
    fresh = PledgeFormSet(initial=rows, prefix=ITEMS_PREFIX, form_kwargs=choices)
    if "add_row" in post and len(rows) < selectors.MAX_ITEMS:
        fresh.extra = 1
    return fresh


def attach_advice(formset: Any, *, duty: str, pool: Any, show_owner: bool) -> int:
    """The quality advice under each row with text (`form.advice`); returns how many rows are filled."""
    filled = 0
    for form in formset.forms:
        text = str(form["text"].value() or "").strip()
        form.advice, form.verdict = [], ""
        if text:
            filled += 1
            verdict = check_pledge(text[:TEXT_LIMIT], duty=duty, others=pool)
            form.advice = selectors.advice_from(selectors.stored_reasons(verdict.reasons), show_owner=show_owner)
            form.verdict = verdict.verdict
    return filled


class VersionForm(forms.Form):
    """The version the page was opened at (empty for a registration not yet started)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class ActionForm(forms.Form):
    version = version_field()


class ReviewForm(forms.Form):
    version = version_field()
    decision = forms.ChoiceField(
        label=pgettext_lazy("notebook", "Decision"),
        choices=[("approve", pgettext_lazy("notebook", "Approve")), ("return", _("Return with comments"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose to approve or to return."),
            "invalid_choice": _("Choose to approve or to return."),
        },
    )
    comment = forms.CharField(
        label=_("Comments of the cell committee"),
        required=False,
        max_length=COMMENT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when returning: say what to change, e.g. “Item 2: say how many households”."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Write what the member should change, so they know how to fix it."))
        return data


class ShortcomingForm(forms.Form):
    """Add a shortcoming. Members record their own from self-criticism; the committee chooses the source."""

    text = forms.CharField(
        label=pgettext_lazy("notebook", "Shortcoming"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Describe the shortcoming.")},
    )
    year = forms.IntegerField(
        label=pgettext_lazy("notebook", "Year"),
        error_messages={"required": _("Enter the year."), "invalid": _("Enter the year as a number, e.g. 2025.")},
    )
    source = forms.ChoiceField(label=_("Found in"), choices=ShortcomingSource.choices)
    source_note = forms.CharField(
        label=pgettext_lazy("notebook", "Details"),
        max_length=300,
        required=False,
        help_text=_("E.g. “Year-end self-criticism 2025” or “Cell meeting of 05/03”."),
    )

    def __init__(self, *args: Any, committee: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not committee:
            del self.fields["source"]

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not selectors.valid_year(year):
            raise ValidationError(
                _("Choose a year between %(first)s and %(last)s.")
                % {"first": selectors.FIRST_YEAR, "last": selectors.this_year() + 1}
            )
        return int(year)


class ShortcomingEditForm(forms.ModelForm):
    version = version_field()

    class Meta:
        model = Shortcoming
        fields = ["text", "source", "source_note", "status", "remedy_note"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "remedy_note": forms.Textarea(attrs={"rows": 3}),
            "status": forms.RadioSelect,
        }
        error_messages = {
            "text": {"required": _("Describe the shortcoming.")},
            "status": {"required": _("Choose a status."), "invalid_choice": _("Choose a status from the list.")},
        }

    def __init__(self, *args: Any, wording: bool, committee: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = ShortcomingStatus.choices  # type: ignore[attr-defined]
        self.fields["version"].initial = self.instance.version
        if not wording:
            for name in ("text", "source", "source_note"):
                del self.fields[name]
        elif not committee:
            del self.fields["source"]
