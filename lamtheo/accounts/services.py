"""Writes on accounts and roles. Each function is atomic; auditlog records the changes.

Scope is checked by the caller (views pass objects they fetched through `visible_to`, forms
offer only scoped choices); these functions enforce the rules that hold whoever calls.
"""

from __future__ import annotations

import datetime as dt
import secrets

from axes.utils import reset as axes_reset
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.organizations.models import Organization, Person, Role, RoleAssignment

from .models import User

# No 0/O, 1/l/I: the password is read aloud or copied from a phone screen.
_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


def generate_temporary_password(groups: int = 3, size: int = 4) -> str:
    """A random password like "k7mp-x3rt-9wqe" (about 60 bits), easy to read and type."""
    return "-".join("".join(secrets.choice(_ALPHABET) for _ in range(size)) for _ in range(groups))


def _check_username(username: str) -> str:
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("Enter a username.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": _("The username “%(username)s” is already taken. Choose another.") % {"username": username}}
        )
    return username


def _check_person(person: Person | None) -> None:
    if person is None:
        return
    holder = User.objects.filter(person=person).values_list("username", flat=True).first()
    if holder:
        raise ValidationError(
            {
                "person": _("%(name)s already has the account “%(username)s”. Reset its password instead.")
                % {"name": person.full_name, "username": holder}
            }
        )


@transaction.atomic
def create_account(
    *,
    username: str,
    person: Person | None = None,
    role: str = "",
    organization: Organization | None = None,
    email: str = "",
) -> tuple[User, str]:
    """Create a login with a temporary password; returns the account and that password.

    An account must belong somewhere: to a person, or to a node through a first role.
    """
    username = _check_username(username)
    _check_person(person)
    if bool(role) != bool(organization):
        field = "organization" if role else "role"
        raise ValidationError({field: _("Choose both a role and the unit where it is held.")})
    if person is None and not (role and organization):
        raise ValidationError(
            {"person": _("Choose the person this account belongs to, or give the account a role on a unit.")}
        )
    password = generate_temporary_password()
    user = User(username=username, person=person, email=email, must_change_password=True)
    if person is not None:
        # Vietnamese names read family name first: keep the whole name in one field.
        user.first_name = person.full_name[:150]
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    if role and organization is not None:
        assign_role(user=user, organization=organization, role=role)
    return user, password


@transaction.atomic
def reset_password(*, user: User) -> str:
    """Give `user` a new temporary password they must change at next login; returns it.

    Changing the password also ends the user's open sessions and clears a login lockout.
    """
    password = generate_temporary_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    axes_reset(username=user.username)
    return password


@transaction.atomic
def password_changed(*, user: User) -> None:
    """The user chose their own password: stop forcing a change."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])


@transaction.atomic
def assign_role(
    *, user: User, organization: Organization, role: str, started_on: dt.date | None = None
) -> RoleAssignment:
    if role not in Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if not organization.is_active_on():
        raise ValidationError({"organization": _("This unit has ended; choose a current one.")})
    started_on = started_on or timezone.localdate()
    duplicate = RoleAssignment.objects.select_for_update().filter(
        user=user, organization=organization, role=role, ended_on__isnull=True
    )
    if duplicate.exists():
        raise ValidationError(
            {
                "role": _("%(username)s is already %(role)s of %(unit)s.")
                % {"username": user.username, "role": Role(role).label, "unit": organization.name}
            }
        )
    return RoleAssignment.objects.create(user=user, organization=organization, role=role, started_on=started_on)


@transaction.atomic
def end_role(*, assignment: RoleAssignment, last_day: dt.date | None = None, by: User | None = None) -> RoleAssignment:
    """End a role. `last_day` is the last day it is held; by default yesterday, so it stops now."""
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    today = timezone.localdate()
    if assignment.ended_on is not None and assignment.ended_on < today:
        raise ValidationError(_("This role has already ended."))
    if by is not None and by.pk == assignment.user_id and assignment.role == Role.ADMIN:
        raise ValidationError(_("You cannot end your own administrator role. Ask another administrator."))
    last_day = last_day or today - dt.timedelta(days=1)
    # A role ended on the day it starts was never in force: keep the record, one day before it.
    assignment.ended_on = max(last_day, assignment.started_on - dt.timedelta(days=1))
    assignment.save(update_fields=["ended_on"])
    return assignment
