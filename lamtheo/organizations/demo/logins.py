"""The demo logins as they are in the database, for the table `seed_demo` prints."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise

from lamtheo.accounts.models import User
from lamtheo.organizations.models import PersonKind, Role, RoleAssignment

from .builder import DEMO_ACCOUNTS


def _both(label: str | Promise) -> str:
    """ "Administrator (Quản trị viên)": the English label, then the Vietnamese one when it differs."""
    with translation.override("en"):
        english = str(label)
    with translation.override("vi"):
        vietnamese = str(label)
    return english if english == vietnamese else f"{english} ({vietnamese})"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    unit: str


def demo_logins() -> list[DemoLogin]:
    """The demo accounts that exist, in the usual order, with their role and unit (two queries)."""
    order = {a.username: i for i, a in enumerate(DEMO_ACCOUNTS)}
    users = {u.username: u for u in User.objects.filter(username__in=order).select_related("person__cell")}
    roles: dict[int, list[RoleAssignment]] = {}
    for assignment in RoleAssignment.objects.filter(user__in=users.values(), ended_on__isnull=True).select_related(
        "organization"
    ):
        roles.setdefault(assignment.user_id, []).append(assignment)
    logins = []
    for username in sorted(users, key=order.__getitem__):
        user = users[username]
        held = roles.get(user.pk, [])
        if held:
            role = ", ".join(_both(Role(a.role).label) for a in held)
            unit = ", ".join(a.organization.name for a in held)
        elif user.is_superuser:
            role, unit = "Django superuser", "—"
        else:
            role = _both(PersonKind.MEMBER.label)
            unit = user.person.cell.name if user.person else "—"
        logins.append(DemoLogin(username, role, unit))
    return logins
