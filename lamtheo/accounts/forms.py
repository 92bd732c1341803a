"""Forms of the account pages. Choices come from scoped querysets, so an id outside the
administrator's subtree fails validation like any unknown choice."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lamtheo.core.forms import apply_errors as apply_errors
from lamtheo.organizations.models import Organization, Person, Role

from . import selectors
from .models import User


class NodeChoiceField(forms.ModelChoiceField):
    """A unit of the administrator's subtree, indented by depth."""

    def label_from_instance(self, obj: Organization) -> str:  # type: ignore[override]
        return f"{'– ' * max(obj.depth - 1, 0)}{obj.name} ({obj.code})"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Person) -> str:  # type: ignore[override]
        extra = obj.card_number or obj.staff_code or ""
        return " · ".join(part for part in (obj.full_name, obj.cell.name, extra) if part)


NODE_ERRORS = {
    "invalid_choice": _("Choose a unit from the list: you can only give roles on units you manage."),
    "required": _("Choose the unit where the role is held."),
}


def node_field(admin: User, *, required: bool) -> NodeChoiceField:
    return NodeChoiceField(
        label=_("Unit"),
        queryset=selectors.assignable_nodes(admin),
        required=required,
        error_messages=NODE_ERRORS,
        empty_label=_("— choose a unit —"),
    )


def role_field(*, required: bool) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("— choose a role —")), *Role.choices],
        required=required,
        error_messages={"required": _("Choose a role."), "invalid_choice": _("Choose a role from the list.")},
    )


class AccountCreateForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and . _ - only, e.g. nguyenvanan. The person types it to log in."),
        error_messages={"required": _("Enter a username.")},
    )
    person = PersonChoiceField(
        label=_("Person"),
        queryset=Person.objects.none(),
        required=False,
        blank=True,  # keep the empty choice with a RadioSelect
        widget=forms.RadioSelect,
        empty_label=_("No linked person (an official's account)"),
        error_messages={
            "invalid_choice": _("Choose a person from the search results: only people you manage without an account.")
        },
    )
    role = role_field(required=False)
    email = forms.EmailField(label=_("Email"), required=False)

    def __init__(self, *args: Any, admin: User, shown_people: list[Person] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"] = node_field(admin, required=False)
        self.order_fields(["username", "person", "role", "organization", "email"])
        person_field = self.fields["person"]
        assert isinstance(person_field, PersonChoiceField)
        person_field.queryset = selectors.linkable_people(admin).select_related("cell")
        # Render only the people found by the search; validation still covers all linkable ones.
        shown = [(p.pk, person_field.label_from_instance(p)) for p in shown_people or []]
        person_field.widget.choices = [("", person_field.empty_label), *shown]

    def clean_username(self) -> str:
        return str(self.cleaned_data["username"]).strip()


class RoleAddForm(forms.Form):
    role = role_field(required=True)
    started_on = forms.DateField(label=_("From"), initial=timezone.localdate)

    def __init__(self, *args: Any, admin: User, account: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"] = node_field(admin, required=True)
        self.order_fields(["role", "organization", "started_on"])
        person = account.person
        if person is not None and not self.is_bound:
            self.fields["organization"].initial = person.cell_id


class AuditFilterForm(forms.Form):
    model = forms.ChoiceField(label=_("Kind of record"), required=False)

    def __init__(self, *args: Any, models: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("All records")), *models]  # type: ignore[attr-defined]


class LoginForm(AuthenticationForm):
    shared_device = forms.BooleanField(
        label=_("This is a shared device (log me out after 30 minutes without use)"),
        required=False,
    )


class NewPasswordForm(PasswordChangeForm):
    """The new password must differ from the current one (the temporary one after a reset)."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        password = cleaned.get("new_password1")
        if password and "new_password2" not in self.errors and self.user.check_password(password):
            self.add_error(
                "new_password1",
                forms.ValidationError(
                    _("Choose a password different from your current (temporary) password."),
                    code="password_unchanged",
                ),
            )
        return cleaned
