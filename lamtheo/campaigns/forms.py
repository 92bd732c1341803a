"""Forms of the campaign pages: dates as dd/mm/yyyy, Vietnamese messages at the field.

The services check everything again; these forms give the messages next to the field first.
Choices (documents to cite, units to adapt into) come from scoped selectors, so an id from
elsewhere is an invalid choice, never a 500.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from lamtheo.organizations.forms import NodeChoiceField, date_field, version_field
from lamtheo.organizations.models import Organization

from . import selectors
from .files import check_document
from .models import Directive, DirectiveKind, EthicalStandard, Theme, ThemeScope


def interpolate(message: Any, params: dict[str, Any]) -> Any:
    """`message % params`, translated when shown (the form fields are built once, at import)."""
    return lazy(lambda: str(message) % params, str)()


def too_long(limit: int) -> Any:
    return interpolate(_("Keep it under %(max)s characters."), {"max": limit})


YEAR_RANGE = interpolate(
    _("Enter a year between %(min)s and %(max)s."), {"min": selectors.MIN_YEAR, "max": selectors.MAX_YEAR}
)


def year_field(label: Any, *, required: bool = True, **kwargs: Any) -> forms.IntegerField:
    messages = {
        "required": _("Enter a year."),
        "invalid": _("Enter a year as four digits, e.g. 2026."),
        "min_value": YEAR_RANGE,
        "max_value": YEAR_RANGE,
    }
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=selectors.MIN_YEAR,
        max_value=selectors.MAX_YEAR,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": _("yyyy")}),
        error_messages=messages,
        **kwargs,
    )


def text_field(label: Any, *, max_length: int, required_message: Any, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        error_messages={
            "required": required_message,
            "max_length": too_long(max_length),
        },
        **kwargs,
    )


def years_in_order(form: forms.Form, data: dict[str, Any]) -> None:
    first, last = data.get("year_from"), data.get("year_to")
    if first is not None and last is not None and last < first:
        form.add_error("year_to", _("The last year must not be before the first year."))


# --- directives ----------------------------------------------------------------------------------


class DirectiveForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of document"),
        choices=DirectiveKind.choices,
        error_messages={"invalid_choice": _("Choose a kind of document from the list.")},
    )
    number = text_field(
        _("Number"),
        max_length=60,
        required_message=_("Enter the document's number, e.g. 05-CT/TW."),
        help_text=_("For example 05-CT/TW"),
    )
    issued_on = date_field(_("Date issued"), required=True)
    issued_on.error_messages["required"] = _("Enter the date the document was issued.")
    issuer = text_field(
        _("Issued by"),
        max_length=200,
        required_message=_("Enter who issued the document."),
        help_text=_("For example Ban Chấp hành Trung ương"),
    )
    title = text_field(_("Title"), max_length=500, required_message=_("Enter the document's title."))
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": too_long(5000)},
    )
    valid_from = date_field(_("In force from"), help_text=_("Leave empty if it applies from the date issued."))
    valid_to = date_field(_("In force until"), help_text=_("Leave empty while it is in force."))
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, DOC, DOCX or ODT, at most 10 MB."),
        widget=forms.FileInput(attrs={"accept": ".pdf,.doc,.docx,.odt"}),
        error_messages={
            "invalid": _("Attach a PDF, DOC, DOCX or ODT file."),
            "missing": _("The file did not arrive. Choose it again."),
            "empty": _("The attached file is empty."),
        },
    )

    def __init__(self, *args: Any, instance: Directive | None = None, **kwargs: Any) -> None:
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {key: getattr(instance, key) for key in self.service_keys()} | {
                "version": instance.version
            }
        super().__init__(*args, **kwargs)
        if instance is not None:
            self.fields["version"] = version_field()
            if instance.file:
                self.fields["remove_file"] = forms.BooleanField(label=_("Remove the attached file"), required=False)

    @staticmethod
    def service_keys() -> tuple[str, ...]:
        return ("kind", "number", "issued_on", "issuer", "title", "summary", "valid_from", "valid_to")

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:
            check_document(upload)
        return upload or None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end of validity must not be before its start."))
        return data

    def service_fields(self) -> dict[str, Any]:
        return {key: self.cleaned_data[key] for key in self.service_keys()}


# --- themes --------------------------------------------------------------------------------------


class DirectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Directive) -> str:  # type: ignore[override]
        return f"{obj.number} — {obj.title}"[:160]


class ThemeForm(forms.Form):
    scope = forms.ChoiceField(
        label=_("Kind of theme"),
        choices=ThemeScope.choices,
        initial=ThemeScope.YEAR,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose whether the theme is for a year or for the whole term.")},
    )
    title = text_field(_("Title"), max_length=500, required_message=_("Enter the theme's title."))
    year_from = year_field(_("Year"), help_text=_("The year of the theme, or the first year of the term."))
    year_to = year_field(_("Last year of the term"), required=False, help_text=_("Only for a theme of the whole term."))
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"max_length": too_long(10000)},
    )
    directive = DirectiveChoiceField(
        label=_("Guiding document"),
        queryset=Directive.objects.none(),
        required=False,
        empty_label=_("— none —"),
        error_messages={"invalid_choice": _("Choose a document recorded by this unit or a level above it.")},
    )

    def __init__(self, *args: Any, organization: Organization, instance: Theme | None = None, **kwargs: Any) -> None:
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "scope": instance.scope,
                "title": instance.title,
                "year_from": instance.year_from,
                "year_to": instance.year_to if instance.year_to != instance.year_from else None,
                "description": instance.description,
                "directive": instance.directive_id,
                "version": instance.version,
            }
        elif "initial" not in kwargs:
            kwargs["initial"] = {"year_from": selectors.current_year()}
        super().__init__(*args, **kwargs)
        self.fields["directive"].queryset = selectors.directive_choices(organization)  # type: ignore[attr-defined]
        if instance is not None:
            self.fields["version"] = version_field()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last, scope = data.get("year_from"), data.get("year_to"), data.get("scope")
        if scope == ThemeScope.YEAR and first is not None:
            if last is not None and last != first:
                self.add_error(
                    "year_to",
                    _("A theme of the year covers one year. Choose “Theme of the whole term” for several years."),
                )
            data["year_to"] = first
        elif scope == ThemeScope.TERM and first is not None and last is None and "year_to" not in self.errors:
            self.add_error("year_to", _("Enter the last year of the term."))
        years_in_order(self, data)
        return data

    def service_fields(self) -> dict[str, Any]:
        keys = ("scope", "title", "year_from", "year_to", "description", "directive")
        return {key: self.cleaned_data.get(key) for key in keys}


# --- ethical standards ---------------------------------------------------------------------------


class StandardForm(forms.Form):
    title = text_field(_("Title"), max_length=300, required_message=_("Enter a title for the set of standards."))
    body = forms.CharField(
        label=_("Standards"),
        help_text=_("One standard per line."),
        max_length=40000,
        widget=forms.Textarea(attrs={"rows": 12}),
        error_messages={
            "required": _("Write at least one standard, one per line."),
            "max_length": too_long(40000),
        },
    )
    year_from = year_field(_("From year"))
    year_to = year_field(_("To year"), required=False, help_text=_("Leave empty while the standards apply."))

    def __init__(
        self, *args: Any, organization: Organization, instance: EthicalStandard | None = None, **kwargs: Any
    ) -> None:
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "title": instance.title,
                "body": instance.body,
                "year_from": instance.year_from,
                "year_to": instance.year_to,
                "version": instance.version,
            }
        elif "initial" not in kwargs:
            kwargs["initial"] = {"year_from": selectors.current_year()}
        super().__init__(*args, **kwargs)
        if instance is not None:
            self.fields["version"] = version_field()
        elif not organization.is_cell:
            self.fields["is_model"] = forms.BooleanField(
                label=_("Publish as a model for the units below to adapt"), required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        years_in_order(self, data)
        return data

    def service_fields(self) -> dict[str, Any]:
        keys = ("title", "body", "year_from", "year_to")
        fields = {key: self.cleaned_data.get(key) for key in keys}
        if "is_model" in self.fields:
            fields["is_model"] = bool(self.cleaned_data.get("is_model"))
        return fields


class AdaptForm(forms.Form):
    organization = NodeChoiceField(
        label=_("Adapt for the unit"),
        queryset=Organization.objects.none(),
        empty_label=None,
        error_messages={
            "invalid_choice": _("Choose one of your units below the level that published the model."),
            "required": _("Choose a unit from the list."),
        },
    )
    title = text_field(_("Title"), max_length=300, required_message=_("Enter a title for the set of standards."))
    year_from = year_field(_("From year"))
    year_to = year_field(_("To year"), required=False, help_text=_("Leave empty while the standards apply."))

    def __init__(
        self, *args: Any, model: EthicalStandard, targets: Any, unit: int | None = None, **kwargs: Any
    ) -> None:
        if "initial" not in kwargs:
            year_from = max(model.year_from, selectors.current_year())
            if model.year_to is not None:
                year_from = min(year_from, model.year_to)
            kwargs["initial"] = {"title": model.title, "year_from": year_from, "year_to": model.year_to}
            if unit is not None:
                kwargs["initial"]["organization"] = unit
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = targets  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        years_in_order(self, data)
        return data


class PublishForm(forms.Form):
    version = version_field()
    publish = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")
