"""Forms of the honours pages. They clean the input; the services check the rules and save.

Choices (people, units, categories, calls, forms of reward) come from querysets limited to what
the user reaches, so an id from elsewhere is an invalid choice: a field error, never a 500.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lamtheo.core.forms import BoundedModelMultipleChoiceField
from lamtheo.notebook.models import Registration, SelfReport
from lamtheo.organizations.forms import date_field
from lamtheo.organizations.models import Organization, Person

from . import selectors
from .models import Nomination, NominationCall, OutcomeKind


def version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} — {obj.cell.name}"


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{'– ' * max(obj.depth - 1, 0)}{obj.name}"


def _limit_shown(field: forms.ModelChoiceField, queryset: QuerySet[Any], selected: Any, limit: int) -> None:
    """Render at most `limit` choices (plus the selected one); validation still covers them all."""
    shown = list(queryset[:limit])
    if selected and str(selected).isdigit() and all(o.pk != int(selected) for o in shown):
        shown += list(queryset.filter(pk=int(selected)))
    field.widget.choices = [("", field.empty_label), *((o.pk, field.label_from_instance(o)) for o in shown)]


class NominationForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Who is proposed"),
        choices=[("person", _("An individual")), ("collective", _("A collective"))],
        widget=forms.RadioSelect,
        initial="person",
    )
    person = PersonChoice(
        label=_("Person"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("— choose a person —"),
        error_messages={"invalid_choice": _("Choose a person of this unit from the list.")},
    )
    unit = UnitChoice(
        label=_("Collective"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("— choose a unit —"),
        error_messages={"invalid_choice": _("Choose this unit or one of its subordinate units.")},
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=selectors.categories(),
        empty_label=_("— choose —"),
        error_messages={"required": _("Choose a category."), "invalid_choice": _("Choose a category from the list.")},
    )
    call = forms.ModelChoiceField(
        label=_("In answer to"),
        queryset=NominationCall.objects.none(),
        required=False,
        empty_label=_("— no call —"),
    )
    date_from = date_field(_("Period from"), required=True)
    date_to = date_field(_("Period to"), required=True)
    achievements = forms.CharField(
        label=_("What they did"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Concrete deeds and results, with figures where they fit."),
        error_messages={"required": _("Write what they did.")},
    )
    own_level = forms.BooleanField(label=_("Decide at this level (do not send to the level above)"), required=False)

    def __init__(self, *args: Any, user: Any, unit: Organization, search: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = selectors.people_of(user, unit)
        if search:
            from lamtheo.core.text import fold

            for word in fold(search).split():
                people = people.filter(search_name__contains=word)
        self.fields["person"].queryset = selectors.people_of(user, unit)  # type: ignore[attr-defined]
        _limit_shown(self.fields["person"], people.order_by("search_name", "pk"), self.data.get("person"), 200)  # type: ignore[arg-type]
        self.fields["unit"].queryset = selectors.units_of(user, unit)  # type: ignore[attr-defined]
        self.fields["call"].queryset = selectors.calls_for(user, unit)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == "person":
            data["unit"] = None
            if not data.get("person") and "person" not in self.errors:
                self.add_error("person", _("Choose the person you propose."))
        elif data.get("kind") == "collective":
            data["person"] = None
            if not data.get("unit") and "unit" not in self.errors:
                self.add_error("unit", _("Choose the collective you propose."))
        return data


class NominationEditForm(forms.Form):
    version = version_field()
    category = NominationForm.base_fields["category"]
    date_from = date_field(_("Period from"), required=True)
    date_to = date_field(_("Period to"), required=True)
    achievements = NominationForm.base_fields["achievements"]


class VersionForm(forms.Form):
    version = version_field()


class DecideForm(forms.Form):
    version = version_field()
    kind = forms.ChoiceField(
        label=_("Decision"),
        choices=OutcomeKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision."), "invalid_choice": _("Choose a decision.")},
    )
    reward_form = forms.ModelChoiceField(
        label=_("Form of reward"),
        queryset=selectors.reward_forms(),
        required=False,
        empty_label=_("— choose —"),
        error_messages={"invalid_choice": _("Choose a form of reward from the list.")},
    )
    number = forms.CharField(
        label=_("Decision number"),
        max_length=40,
        required=False,
        help_text=_("e.g. 12-QĐ/ĐU. Nominations decided with the same number make one decision and its list."),
    )
    decided_on = date_field(_("Decision date"), required=False)
    reason = forms.CharField(
        label=_("Reason or comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when declining."),
    )


class LinkForm(forms.Form):
    registrations = BoundedModelMultipleChoiceField(
        label=_("Registrations"),
        queryset=Registration.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    self_reports = BoundedModelMultipleChoiceField(
        label=_("Reported results"),
        queryset=SelfReport.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, regs: list[Any], reports: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["registrations"].queryset = Registration.objects.filter(pk__in=[r.pk for r in regs])  # type: ignore[attr-defined]
        self.fields["self_reports"].queryset = SelfReport.objects.filter(pk__in=[r.pk for r in reports])  # type: ignore[attr-defined]
        self.fields["registrations"].label_from_instance = lambda r: (  # type: ignore[attr-defined]
            _("Registration %(year)s (version %(n)s)")
            % {  # type: ignore[attr-defined]
                "year": r.year,
                "n": r.number,
            }
        )
        self.fields["self_reports"].label_from_instance = lambda s: f"{s.registration.year} — {s.get_period_display()}"  # type: ignore[attr-defined]


class EvidenceForm(forms.Form):
    upload = forms.FileField(
        label=_("Photo or document"),
        error_messages={"required": _("Choose a photo or a document."), "empty": _("The file is empty.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".jpg,.jpeg,.png,.webp,.pdf,.docx,.doc,.odt"}),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class CallForm(forms.Form):
    title = forms.CharField(label=_("Subject"), max_length=300, error_messages={"required": _("Enter the subject.")})
    date_from = date_field(_("Period from"), required=True)
    date_to = date_field(_("Period to"), required=True)
    deadline = date_field(_("Deadline"), required=True)
    message = forms.CharField(
        label=_("Message to the lower levels"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class YearbookForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300, error_messages={"required": _("Enter the title.")})
    date_from = date_field(_("Period from"), required=True)
    date_to = date_field(_("Period to"), required=True)
    foreword = forms.CharField(label=_("Foreword"), widget=forms.Textarea(attrs={"rows": 4}), required=False)


class AddEntriesForm(forms.Form):
    nominations = BoundedModelMultipleChoiceField(
        label=_("Exemplars"),
        queryset=Nomination.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one exemplar."), "invalid_choice": _("Choose from the list.")},
    )

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["nominations"]
        field.queryset = Nomination.objects.filter(pk__in=[c.pk for c in candidates])  # type: ignore[attr-defined]
        field.label_from_instance = lambda n: f"{n.nominee_name} — {n.category.name}"  # type: ignore[attr-defined]


class EntryForm(forms.Form):
    version = version_field()
    position = forms.IntegerField(
        label=_("Order"), min_value=1, max_value=999, error_messages={"required": _("Enter the order.")}
    )
    story = forms.CharField(
        label=_("Story"),
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write the exemplar's story.")},
    )
    photo = forms.ImageField(
        label=_("Photo"),
        required=False,
        error_messages={"invalid_image": _("This file is not a photo. Choose a JPEG, PNG or WebP image.")},
    )
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)
    consent = forms.BooleanField(
        label=_("The person (or the unit) agreed to be printed in the yearbook"), required=False
    )
    consent_note = forms.CharField(
        label=_("How consent was given"),
        max_length=300,
        required=False,
        help_text=_("e.g. signed consent form of 05/11/2026, kept by the office."),
    )
