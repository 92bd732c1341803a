"""Forms of the inspection pages: they check types and sizes; the services check the rules.

Choices (units, users, people, criteria) come from scoped querysets, so an id outside the
user's reach is a field error like any unknown choice, never a 500.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lamtheo.core.forms import BoundedModelMultipleChoiceField
from lamtheo.organizations.forms import NodeChoiceField, date_field, version_field
from lamtheo.organizations.models import Organization, Person

from .models import Criterion, Decision, FindingKind, Grade, InspectionKind, Metric

CHOICE_ERROR = _("Choose from the list.")


class UnitsField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj: Organization) -> str:  # type: ignore[override]
        return f"{obj.name} ({obj.code})"


class PlanForm(forms.Form):
    version = version_field()
    kind = forms.ChoiceField(
        label=_("Kind"), choices=InspectionKind.choices, error_messages={"invalid_choice": CHOICE_ERROR}
    )
    year = forms.IntegerField(
        label=_("Year"), error_messages={"invalid": _("Enter a year."), "required": _("Enter a year.")}
    )
    subject = forms.CharField(
        label=pgettext_lazy("inspection", "Subject"),
        max_length=300,
        help_text=_("For example: carrying out Chỉ thị 05-CT/TW in the cells"),
        error_messages={
            "required": _("Write what the inspection is about."),
            "max_length": _("Keep it under 300 characters."),
        },
    )
    units = UnitsField(
        label=_("Units to inspect"),
        queryset=Organization.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one unit to inspect."),
            "invalid_choice": CHOICE_ERROR,
            "invalid_pk_value": CHOICE_ERROR,
        },
    )
    period_from = date_field(_("Period covered from"), required=True)
    period_to = date_field(_("Period covered to"), required=True)
    starts_on = date_field(_("Team works from"), required=True)
    ends_on = date_field(_("Team works until"), required=True)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = units  # type: ignore[attr-defined]
        for name in ("period_from", "period_to", "starts_on", "ends_on"):
            self.fields[name].error_messages["required"] = _("Enter the date as day/month/year, e.g. 02/09/2025.")
        if not self.is_bound and "version" not in self.initial:
            self.fields["version"].required = False


class UserChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or (obj.person.full_name if obj.person_id else "")
        return f"{name} ({obj.username})" if name else obj.username


class UserMultiple(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return UserChoice.label_from_instance(self, obj)  # type: ignore[arg-type]


class TeamForm(forms.Form):
    head = UserChoice(
        label=_("Head of the team"),
        queryset=None,  # type: ignore[arg-type]
        empty_label=_("Choose…"),
        error_messages={"required": _("Choose the head of the team."), "invalid_choice": CHOICE_ERROR},
    )
    members = UserMultiple(
        label=pgettext_lazy("inspection team", "Members"),
        queryset=None,  # type: ignore[arg-type]
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": CHOICE_ERROR, "invalid_pk_value": CHOICE_ERROR},
    )

    def __init__(self, *args: Any, users: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["head"].queryset = users  # type: ignore[attr-defined]
        self.fields["members"].queryset = users  # type: ignore[attr-defined]


class CriterionForm(forms.Form):
    title = forms.CharField(
        label=_("Criterion"),
        max_length=300,
        error_messages={"required": _("Name the criterion."), "max_length": _("Keep it under 300 characters.")},
    )
    description = forms.CharField(label=_("What to look at"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    metric = forms.ChoiceField(
        label=_("Evidence from the data"),
        choices=Metric.choices,
        required=False,
        error_messages={"invalid_choice": CHOICE_ERROR},
    )


class AssessmentForm(forms.Form):
    version = version_field()
    grade = forms.ChoiceField(
        label=_("Assessment"), choices=Grade.choices, required=False, error_messages={"invalid_choice": CHOICE_ERROR}
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class FindingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=FindingKind.choices,
        error_messages={"invalid_choice": CHOICE_ERROR, "required": _("Choose strength or shortcoming.")},
    )
    text = forms.CharField(
        label=_("Finding"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Describe what was found.")},
    )
    criterion = forms.ModelChoiceField(
        label=_("Criterion"),
        queryset=Criterion.objects.none(),
        required=False,
        empty_label=_("None"),
        error_messages={"invalid_choice": CHOICE_ERROR},
    )
    links = forms.CharField(
        label=_("Evidence links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Addresses of pages of this site (a registration, an evaluation…), one per line, starting with /."),
    )

    def __init__(self, *args: Any, criteria: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = criteria  # type: ignore[attr-defined]


class ConclusionForm(forms.Form):
    version = version_field()
    number = forms.CharField(label=_("Number"), max_length=40, required=False, help_text=_("For example 12-TB/ĐU"))
    place = forms.CharField(label=_("Place"), max_length=80, required=False)
    summary = forms.CharField(
        label=_("General assessment"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the general assessment.")},
    )
    signer_name = forms.CharField(label=_("Signed by"), max_length=150, required=False)
    signer_position = forms.CharField(label=_("Position of the signer"), max_length=80, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["version"].required = False


class RequirementForm(forms.Form):
    text = forms.CharField(
        label=_("Requirement"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write what the unit must do.")},
    )
    unit = NodeChoiceField(
        label=_("Responsible unit"),
        queryset=Organization.objects.none(),
        empty_label=_("Choose…"),
        error_messages={"required": _("Choose the responsible unit."), "invalid_choice": CHOICE_ERROR},
    )
    deadline = date_field(_("Deadline"), required=True)

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["deadline"].error_messages["required"] = _("Enter the deadline.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ReportForm(forms.Form):
    version = version_field()
    text = forms.CharField(
        label=_("What the unit did"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write what the unit did.")},
    )
    attachments = MultipleFileField(
        label=_("Files"), required=False, help_text=_("PDF, Word, ODT, JPEG or PNG; up to 5 files.")
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(Decision.ACCEPTED, _("Accept")), (Decision.RETURNED, _("Return"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose accept or return."), "invalid_choice": CHOICE_ERROR},
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ShortcomingsForm(forms.Form):
    people = BoundedModelMultipleChoiceField(
        label=_("People concerned"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose the people concerned."),
            "invalid_choice": CHOICE_ERROR,
            "invalid_pk_value": CHOICE_ERROR,
        },
    )
    text = forms.CharField(
        label=_("Shortcoming"),
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Describe the shortcoming.")},
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people  # type: ignore[attr-defined]
