"""Forms of the study pages. They clean the input; the services check the rules and save.

Model forms here only borrow the models' labels, lengths and choices: `_post_clean` is off, so
the instance is never touched before the service runs (which keeps versioned saves honest).
Theme, document and unit choices come from querysets limited to the node and its ancestors
(or its subtree), so an id from elsewhere is an invalid choice: a field error, never a 500.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lamtheo.organizations.forms import date_field, node_field
from lamtheo.organizations.models import Organization, Person

from . import selectors
from .models import (
    ActionPlan,
    EssayGrade,
    PilotUnit,
    PropagandaActivity,
    SteeringBody,
    SteeringMember,
    StudySession,
)
from .uploads import ACCEPT, CheckedDocument, check_document, max_bytes

MIN_YEAR, MAX_YEAR = 2000, 2100


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class DirectiveChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.number} — {obj.title}"


def version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)


def year_field(**kwargs: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Year"),
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages={
            "required": _("Enter the year."),
            "invalid": _("Enter the year as a number, e.g. 2026."),
            "min_value": _("Enter a year between 2000 and 2100."),
            "max_value": _("Enter a year between 2000 and 2100."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        **kwargs,
    )


class ServiceForm(forms.ModelForm):
    """A model form that only cleans: the service builds and saves the instance."""

    version = version_field()
    DATE_FIELDS: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial.setdefault("version", self.instance.version)
        self.fields["version"].required = bool(self.instance.pk)
        for name in self.DATE_FIELDS:
            old = self.fields[name]
            self.fields[name] = date_field(old.label, required=old.required, help_text=old.help_text)
        for field in self.fields.values():
            if isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 4

    def _post_clean(self) -> None:  # the service validates against the model
        return

    def service_fields(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k in self._meta.fields}  # type: ignore[operator]


def _document_field(label: Any) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        help_text=_("PDF, Word (DOCX, DOC), ODT, JPEG or PNG; at most %(max)s MB.") % {"max": max_bytes() // 2**20},
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class DocumentMixin:
    """Checks the optional `upload` field; the checked file is in `self.document`."""

    document: CheckedDocument | None = None

    def clean_upload(self) -> Any:
        upload = self.cleaned_data.get("upload")  # type: ignore[attr-defined]
        self.document = check_document(upload) if upload else None
        return upload


# --- steering bodies and plans ----------------------------------------------------------------------


class SteeringBodyForm(ServiceForm):
    DATE_FIELDS = ("established_on", "dissolved_on")
    directive = DirectiveChoiceField(label=_("Under the guiding document"), queryset=None, required=False)

    class Meta:
        model = SteeringBody
        fields = ("kind", "name", "decision", "established_on", "dissolved_on", "directive", "duties")

    def __init__(self, *args: Any, node: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["directive"].queryset = selectors.directives_for(node)  # type: ignore[attr-defined]
        self.fields["name"].error_messages["required"] = _("Enter the name of the body.")


class SteeringMemberForm(ServiceForm):
    code = forms.CharField(
        label=_("Party card number or staff code"),
        required=False,
        max_length=30,
        help_text=_("Optional: links a person of the unit; their name is filled in."),
    )

    class Meta:
        model = SteeringMember
        fields = ("full_name", "position", "role", "duties", "order")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = False
        person = getattr(self.instance, "person", None)
        if person is not None:
            self.initial.setdefault("code", person.card_number or person.staff_code or "")


class PlanForm(DocumentMixin, ServiceForm):
    DATE_FIELDS = ("issued_on",)
    year = year_field()
    directive = DirectiveChoiceField(label=_("Implements"), queryset=None, required=False)
    theme = ThemeChoiceField(label=_("Theme"), queryset=None, required=False)
    upload = _document_field(_("File of the plan"))
    remove_file = forms.BooleanField(label=_("Remove the attached file"), required=False)

    class Meta:
        model = ActionPlan
        fields = ("kind", "year", "number", "title", "issued_on", "directive", "theme", "body")

    def __init__(self, *args: Any, node: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["directive"].queryset = selectors.directives_for(node)  # type: ignore[attr-defined]
        self.fields["theme"].queryset = selectors.themes_for(node)  # type: ignore[attr-defined]
        self.fields["title"].error_messages["required"] = _("Enter the title of the plan.")


# --- classes ---------------------------------------------------------------------------------------


class SessionForm(ServiceForm):
    DATE_FIELDS = ("starts_on", "ends_on")
    theme = ThemeChoiceField(
        label=_("Theme"), queryset=None, error_messages={"required": _("Choose the theme studied.")}
    )
    directive = DirectiveChoiceField(label=_("Document studied"), queryset=None, required=False)

    class Meta:
        model = StudySession
        fields = (
            "title",
            "theme",
            "directive",
            "starts_on",
            "ends_on",
            "place",
            "audience_block",
            "reporters",
            "mass_count",
            "counted_members",
            "counted_officials",
            "audiences",
            "places",
            "notes",
        )
        widgets = {"audiences": forms.CheckboxSelectMultiple, "places": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, node: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = selectors.themes_for(node)  # type: ignore[attr-defined]
        self.fields["directive"].queryset = selectors.directives_for(node)  # type: ignore[attr-defined]
        self.fields["places"].queryset = selectors.places_for(node)  # type: ignore[attr-defined]
        self.fields["places"].required = False
        self.fields["audiences"].required = False
        self.fields["title"].error_messages["required"] = _("Enter the name of the class.")
        self.fields["starts_on"].error_messages["required"] = _("Enter the first day of the class.")
        self.fields["ends_on"].required = False
        self.fields["ends_on"].help_text = _("Empty: a one-day class.")
        self.fields["audience_block"].choices = [("", _("All blocks")), *self.fields["audience_block"].choices[1:]]  # type: ignore[attr-defined]
        self.fields["mass_count"].required = False
        self.fields["mass_count"].widget.attrs.update({"inputmode": "numeric", "min": 0})
        for name in ("counted_members", "counted_officials"):
            self.fields[name].required = False
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "min": 0})


class AttendanceCodesForm(forms.Form):
    codes = forms.CharField(
        label=_("Party card numbers or staff codes"),
        help_text=_("One per line, or separated by commas."),
        widget=forms.Textarea(attrs={"rows": 3, "autocomplete": "off"}),
        max_length=20_000,
        error_messages={"required": _("Enter at least one card number or staff code.")},
    )


class CellRollForm(forms.Form):
    """The people of one cell, ticked when present."""

    def __init__(self, *args: Any, people: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = people
        self.fields["present"] = forms.TypedMultipleChoiceField(
            label=_("Present"),
            required=False,
            coerce=int,
            choices=[(p.pk, p.full_name) for p in people],
            widget=forms.CheckboxSelectMultiple,
            initial=[p.pk for p in people if getattr(p, "present", False)],
            error_messages={"invalid_choice": _("Tick only people of this cell.")},
        )


# --- essays --------------------------------------------------------------------------------------


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} ({obj.starts_on:%d/%m/%Y})"


class EssayForm(DocumentMixin, forms.Form):
    theme = ThemeChoiceField(
        label=_("Theme"), queryset=None, error_messages={"required": _("Choose the theme you studied.")}
    )
    year = year_field()
    session = SessionChoiceField(label=_("After the class"), queryset=None, required=False)
    title = forms.CharField(
        label=_("Essay title"), max_length=300, error_messages={"required": _("Give the essay a title.")}
    )
    body = forms.CharField(
        label=_("Text of the essay"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Write here, or attach the file of your essay below."),
    )
    upload = _document_field(_("File of the essay"))
    remove_file = forms.BooleanField(label=_("Remove the attached file"), required=False)
    version = version_field()

    def __init__(self, *args: Any, person: Person, year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = selectors.themes_for(person.cell)  # type: ignore[attr-defined]
        self.fields["session"].queryset = selectors.session_choices_for(person)  # type: ignore[attr-defined]
        self.initial.setdefault("year", year)


class AssessForm(forms.Form):
    grade = forms.ChoiceField(
        label=_("Grade"),
        choices=EssayGrade.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a grade."), "invalid_choice": _("Choose a grade.")},
    )
    comment = forms.CharField(
        label=_("Comment of the cell committee"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    version = version_field()


# --- propaganda and pilots ---------------------------------------------------------------------


class PropagandaForm(ServiceForm):
    DATE_FIELDS = ("held_on",)
    year = year_field()
    theme = ThemeChoiceField(label=_("Theme"), queryset=None, required=False)

    class Meta:
        model = PropagandaActivity
        fields = ("kind", "year", "held_on", "quantity", "unit_label", "description", "theme")

    def __init__(self, *args: Any, node: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = selectors.themes_for(node)  # type: ignore[attr-defined]
        self.fields["quantity"].widget.attrs.update({"inputmode": "numeric", "min": 1})
        self.fields["quantity"].error_messages["required"] = _("Enter the quantity.")
        self.fields["description"].error_messages["required"] = _("Describe the activity.")

    def clean_quantity(self) -> int:
        value = self.cleaned_data["quantity"]
        if value is None or value < 1:
            raise ValidationError(_("Enter a quantity of at least 1."))
        return int(value)


class PilotForm(ServiceForm):
    year = year_field()

    class Meta:
        model = PilotUnit
        fields = ("year", "topic", "lessons")

    def __init__(self, *args: Any, node: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = node_field(
            _("Pilot unit"),
            required=True,
            invalid=_("Choose a unit below this one."),
            empty=_("Choose a unit"),
        )
        unit.queryset = selectors.pilot_candidates(node)
        self.fields = {"unit": unit, **self.fields}  # type: ignore[assignment]
        if self.instance.pk:
            self.initial.setdefault("unit", self.instance.organization_id)
        self.fields["topic"].error_messages["required"] = _("Write what the unit pilots.")
