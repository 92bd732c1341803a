"""Forms of the tree and people pages.

Target units (new parent, successor, destination cell) come from scoped querysets, so an id
outside the user's subtree fails validation like any unknown choice: a field error, never a 500.
Long lists render only the units matching a search (`narrow_choices`); validation still covers
every candidate.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.core.forms import apply_errors as apply_errors
from lamtheo.core.text import normalize_name

from . import selectors
from .models import CELL_KINDS, Block, Gender, MemberStatus, Organization, OrganizationKind, Person, PersonKind

SHOWN_LIMIT = 100
PHONE_RE = re.compile(r"^\+?[0-9 .()-]{6,20}$")
EARLIEST_BIRTH = dt.date(1900, 1, 1)


def date_field(label: Any, *, required: bool = False, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        widget=forms.DateInput(
            # inputmode: a numeric keypad on phones; data-date: lamtheo-forms.js adds the slashes.
            attrs={"placeholder": _("dd/mm/yyyy"), "autocomplete": "off", "inputmode": "numeric", "data-date": ""}
        ),
        error_messages={"invalid": _("Enter the date as day/month/year, e.g. 02/09/2025.")},
        **kwargs,
    )


def show_date(value: dt.date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def not_future(value: dt.date | None, message: Any) -> dt.date | None:
    if value is not None and value > timezone.localdate():
        raise ValidationError(message)
    return value


def version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class NodeChoiceField(forms.ModelChoiceField):
    """A unit, indented by depth so the list reads as a tree."""

    def label_from_instance(self, obj: Organization) -> str:  # type: ignore[override]
        return f"{'– ' * max(obj.depth - 1, 0)}{obj.name} ({obj.code})"


def node_field(label: Any, *, required: bool, invalid: Any, empty: Any) -> NodeChoiceField:
    return NodeChoiceField(
        label=label,
        queryset=Organization.objects.none(),
        required=required,
        empty_label=empty,
        error_messages={"invalid_choice": invalid, "required": _("Choose a unit from the list.")},
    )


def narrow_choices(field: NodeChoiceField, query: str, selected: Any = None) -> tuple[int, bool]:
    """Render only the candidates matching `query` (at most SHOWN_LIMIT) and the selected one.

    Returns how many are shown and whether more matched than are shown.
    """
    queryset: QuerySet[Organization] = field.queryset  # type: ignore[assignment]
    found = list(selectors.search_nodes(queryset, query)[: SHOWN_LIMIT + 1])
    more = len(found) > SHOWN_LIMIT
    found = found[:SHOWN_LIMIT]
    if selected and str(selected).isdigit() and all(n.pk != int(selected) for n in found):
        chosen = queryset.filter(pk=int(selected)).first()
        if chosen is not None:
            found.insert(0, chosen)
    field.widget.choices = [("", field.empty_label), *((n.pk, field.label_from_instance(n)) for n in found)]
    return len(found), more


# --- units ---------------------------------------------------------------------------------------


class OrganizationForm(forms.Form):
    """A new unit under `parent`, or the fields of an existing one (`instance`)."""

    name = forms.CharField(label=_("Name"), max_length=255, error_messages={"required": _("Enter the unit's name.")})
    code = forms.CharField(
        label=_("Code"),
        max_length=50,
        help_text=_("A short code used by no other unit, e.g. C1-A. Imports and exports use it."),
        error_messages={"required": _("Enter a code for the unit.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganizationKind.choices)
    block = forms.ChoiceField(label=_("Block"), choices=Block.choices, initial=Block.OTHER)
    valid_from = date_field(_("In force from"), help_text=_("Leave empty if unknown."))

    def __init__(
        self, *args: Any, instance: Organization | None = None, parent: Organization | None = None, **kwargs: Any
    ) -> None:
        self.instance = instance
        self.parent = parent
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "name": instance.name,
                "code": instance.code,
                "kind": instance.kind,
                "block": instance.block,
                "valid_from": instance.valid_from,
                "version": instance.version,
            }
        super().__init__(*args, **kwargs)
        if instance is not None:
            self.fields["version"] = version_field()
        elif parent is not None and not self.is_bound:
            self.fields["block"].initial = parent.block

    def clean_name(self) -> str:
        return normalize_name(self.cleaned_data["name"])

    def clean_code(self) -> str:
        code = str(self.cleaned_data["code"]).strip()
        taken = Organization.objects.filter(code__iexact=code)
        if self.instance is not None:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise ValidationError(
                _("Another unit already uses the code %(code)s. Choose a different code."), params={"code": code}
            )
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        top = self.parent is None and (self.instance is None or self.instance.depth == 1)
        if kind in CELL_KINDS and top:
            self.add_error("kind", _("A party cell must belong to a higher unit; choose another kind."))
        valid_from = data.get("valid_from")
        ended = self.instance.valid_to if self.instance is not None else None
        if valid_from and ended and valid_from > ended:
            self.add_error(
                "valid_from",
                _("The unit ended on %(day)s; it cannot start after that.") % {"day": show_date(ended)},
            )
        return data


class MoveForm(forms.Form):
    new_parent = node_field(
        _("New higher unit"),
        required=True,
        invalid=_("Choose a unit from the list: only units you manage, outside this unit's own branch."),
        empty=_("— choose a unit —"),
    )

    def __init__(self, *args: Any, candidates: QuerySet[Organization], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_parent"].queryset = candidates  # type: ignore[attr-defined]


class EndForm(forms.Form):
    """End a unit (e.g. a merge): its members move to the successor cell on that day."""

    on = date_field(_("End date"), required=True, initial=timezone.localdate)
    successor = node_field(
        _("Successor"),
        required=False,
        invalid=_("Choose a successor from the list: only current units you manage, outside this unit."),
        empty=_("— no successor —"),
    )

    def __init__(
        self,
        *args: Any,
        org: Organization,
        candidates: QuerySet[Organization],
        has_people: bool,
        active_children: int,
        earliest: dt.date | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.org = org
        self.has_people = has_people
        self.active_children = active_children
        self.earliest = earliest
        field = self.fields["successor"]
        field.queryset = candidates  # type: ignore[attr-defined]
        if org.is_cell and has_people:
            field.required = True
            field.empty_label = _("— choose a cell —")  # type: ignore[attr-defined]
            field.help_text = _("The party cell that takes over this cell's members.")

    def clean_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["on"]
        not_future(day, _("Choose today or an earlier date: the members move when you save."))
        if self.org.valid_from and day < self.org.valid_from:
            raise ValidationError(
                _("The unit started on %(day)s; it cannot end before that.") % {"day": show_date(self.org.valid_from)}
            )
        if self.earliest and day < self.earliest:
            raise ValidationError(
                _("A member joined this cell on %(day)s; choose that day or later.") % {"day": show_date(self.earliest)}
            )
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.active_children:
            raise ValidationError(
                _(
                    "This unit still has %(count)s current subordinate units. Move them to another unit "
                    "or end them first."
                )
                % {"count": self.active_children}
            )
        if self.org.is_cell and self.has_people and "successor" in data and data["successor"] is None:
            self.add_error("successor", _("Choose the party cell that takes over this cell's members."))
        return data


# --- people --------------------------------------------------------------------------------------

PERSON_FIELDS = [
    "full_name",
    "gender",
    "birth_date",
    "kind",
    "member_status",
    "admission_date",
    "full_membership_date",
    "card_number",
    "staff_code",
    "position",
    "job",
    "civil_servant",
    "phone",
    "email",
]
MEMBER_ONLY = ("member_status", "admission_date", "full_membership_date", "card_number")


class PersonForm(forms.ModelForm):
    """A person's details. Uniqueness and the member rules give field errors."""

    class Meta:
        model = Person
        fields = PERSON_FIELDS
        error_messages = {
            "full_name": {"required": _("Enter the person's full name.")},
            "email": {"invalid": _("Enter an email address such as ten@example.vn, or leave it empty.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("birth_date", "admission_date", "full_membership_date"):
            field = self.fields[name]
            self.fields[name] = date_field(field.label, required=False)
        self.fields["gender"].choices = [("", _("— not given —")), *Gender.choices]  # type: ignore[attr-defined]
        self.fields["member_status"].choices = [("", _("— choose —")), *MemberStatus.choices]  # type: ignore[attr-defined]
        self.fields["card_number"].help_text = _("Party members only.")
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})

    def clean_full_name(self) -> str:
        return normalize_name(self.cleaned_data["full_name"])

    def _unique(self, field: str, message: Any) -> str | None:
        value = str(self.cleaned_data.get(field) or "").strip()
        if not value:
            return None
        others = Person.objects.filter(**{field: value})
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(message, params={"value": value})
        return value

    def clean_card_number(self) -> str | None:
        return self._unique("card_number", _("Another person already has party card number %(value)s."))

    def clean_staff_code(self) -> str | None:
        return self._unique("staff_code", _("Another person already has staff code %(value)s."))

    def clean_phone(self) -> str:
        phone = str(self.cleaned_data.get("phone") or "").strip()
        if phone and not PHONE_RE.match(phone):
            raise ValidationError(_("Enter a phone number of digits only, e.g. 0912 345 678."))
        return phone

    def clean_birth_date(self) -> dt.date | None:
        day = not_future(self.cleaned_data.get("birth_date"), _("The date of birth cannot be in the future."))
        if day is not None and day < EARLIEST_BIRTH:
            raise ValidationError(_("Check the year of birth: it is before 1900."))
        return day

    def clean_admission_date(self) -> dt.date | None:
        return not_future(self.cleaned_data.get("admission_date"), _("The date of admission cannot be in the future."))

    def clean_full_membership_date(self) -> dt.date | None:
        return not_future(
            self.cleaned_data.get("full_membership_date"), _("The date of full membership cannot be in the future.")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == PersonKind.MEMBER:
            self._clean_member(data)
        elif kind == PersonKind.OFFICIAL:
            for name in MEMBER_ONLY:
                if data.get(name):
                    self.add_error(name, _("A non-member official has no party membership details; leave this empty."))
        return data

    def _clean_member(self, data: dict[str, Any]) -> None:
        status = data.get("member_status")
        birth, admitted, full = data.get("birth_date"), data.get("admission_date"), data.get("full_membership_date")
        if not status and "member_status" not in self.errors:
            self.add_error("member_status", _("Choose whether the party member is a full or probationary member."))
        if birth and admitted and admitted <= birth:
            self.add_error("admission_date", _("The date of admission must be after the date of birth."))
        if full and not admitted and "admission_date" not in self.errors:
            self.add_error("admission_date", _("Enter the date of admission too: full membership comes after it."))
        if full and admitted and full <= admitted:
            if status == MemberStatus.PROBATIONARY:
                message = _(
                    "A probationary member's date of full membership must be empty or after the date of admission."
                )
            else:
                message = _("The date of full membership must be after the date of admission.")
            self.add_error("full_membership_date", message)

    def validate_unique(self) -> None:
        """Uniqueness is checked by the clean_* methods above, with clearer messages."""

    def service_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in PERSON_FIELDS}


class _StartMixin(forms.Form):
    """ "In this cell since" (Ngày vào chi bộ): reviews of past years count people from this day."""

    started_on = date_field(
        _("In this cell since"),
        required=False,
        help_text=_(
            "The day the person joined this cell. Empty: the date of admission for a party member, else today."
        ),
    )

    def clean_started_on(self) -> dt.date | None:
        day = not_future(
            self.cleaned_data.get("started_on"), _("The date of joining the cell cannot be in the future.")
        )
        birth = self.cleaned_data.get("birth_date")
        if day is not None and birth is not None and day <= birth:
            raise ValidationError(_("The date of joining the cell must be after the date of birth."))
        return day


class PersonEditForm(_StartMixin, PersonForm):
    version = version_field()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["version"] = self.instance.version
            current = self.instance.memberships.filter(ended_on__isnull=True).first() if self.instance.pk else None
            if current is not None:
                self.initial["started_on"] = current.started_on

    def service_fields(self) -> dict[str, Any]:
        fields = super().service_fields()
        if self.cleaned_data.get("started_on"):
            fields["started_on"] = self.cleaned_data["started_on"]
        return fields


class PersonAddForm(_StartMixin, PersonForm):
    pass


class TransferForm(forms.Form):
    to_cell = node_field(
        _("New party cell"),
        required=True,
        invalid=_("Choose a cell from the list: only current cells you manage."),
        empty=_("— choose a cell —"),
    )
    on = date_field(_("Date of the move"), required=True, initial=timezone.localdate)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=255,
        help_text=_("E.g. moved house, changed job, decision no. 12-QĐ/ĐU."),
        error_messages={"required": _("Give the reason for the move; it stays in the person's history.")},
    )

    def __init__(self, *args: Any, candidates: QuerySet[Organization], joined: dt.date | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.joined = joined
        self.fields["to_cell"].queryset = candidates  # type: ignore[attr-defined]

    def clean_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["on"]
        not_future(day, _("The date of the move cannot be in the future."))
        if self.joined and day < self.joined:
            raise ValidationError(
                _("The person joined the current cell on %(day)s; the move cannot be earlier.")
                % {"day": show_date(self.joined)}
            )
        return day

    def clean_reason(self) -> str:
        return normalize_name(self.cleaned_data["reason"])
