"""Reads for account management. Every function scopes through `visible_to`.

An administrator *sees* the accounts in their subtree (`visible_to` on User), but may only
*act* on those it cannot be used to climb out of: not a superuser, and holding no current
role outside the administrator's subtree (resetting a province officer's password from a
commune would hand the commune the province).
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from lamtheo.core.text import fold
from lamtheo.organizations.models import Organization, Person, RoleAssignment
from lamtheo.organizations.scoping import Capability, scope_roots, visible_to

from .models import User

MANAGE = Capability.MANAGE_ACCOUNTS


def current_roles_q(prefix: str = "") -> Q:
    """Role assignments in force today (ended_on is the last day held)."""
    today = timezone.localdate()
    return Q(**{f"{prefix}started_on__lte": today}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": today})
    )


def open_roles_q(prefix: str = "") -> Q:
    """Assignments not yet ended (current or starting later)."""
    today = timezone.localdate()
    return Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gte": today})


def accounts_for(admin: User) -> QuerySet[User]:
    return visible_to(User.objects.all(), admin, MANAGE)


def roles_outside(admin: User) -> QuerySet[RoleAssignment]:
    """Open role assignments on nodes the administrator does not manage."""
    if admin.is_superuser:
        return RoleAssignment.objects.none()
    inside = Q(pk__in=[])
    for root in scope_roots(admin, MANAGE):
        inside |= Q(organization__path__startswith=root)
    return RoleAssignment.objects.filter(open_roles_q()).exclude(inside)


def manageable_accounts(admin: User) -> QuerySet[User]:
    """Accounts whose password `admin` may reset (see the module docstring).

    Not those holding a role outside the admin's subtree, nor superusers: resetting their password
    would hand the admin powers beyond the subtree. Roles on the admin's own subtree may still be
    added to and ended on any account in scope, since they give nothing outside it.
    """
    qs = accounts_for(admin)
    if admin.is_superuser:
        return qs
    return qs.filter(is_superuser=False).exclude(pk__in=roles_outside(admin).values("user_id"))


def scoped_roles(admin: User) -> QuerySet[RoleAssignment]:
    return visible_to(RoleAssignment.objects.all(), admin, MANAGE)


def account_list(admin: User, query: str = "") -> QuerySet[User]:
    """Accounts in scope with person, cell and current in-scope roles (three queries a page)."""
    roles = scoped_roles(admin).filter(current_roles_q()).select_related("organization").order_by("organization__path")
    qs = (
        accounts_for(admin)
        .select_related("person__cell")
        .prefetch_related(Prefetch("role_assignments", queryset=roles, to_attr="current_roles"))
        .annotate(locked=Exists(roles_outside(admin).filter(user_id=OuterRef("pk"))))
    )
    for word in fold(query).split():
        qs = qs.filter(
            Q(username__icontains=word)
            | Q(person__search_name__contains=word)
            | Q(person__card_number__startswith=word)
        )
    return qs.order_by("username", "pk")


def account_roles(admin: User, account: User) -> list[RoleAssignment]:
    """All role assignments of `account` on nodes `admin` manages, newest first."""
    return list(
        scoped_roles(admin)
        .filter(user=account)
        .select_related("organization")
        .order_by("-started_on", "organization__path", "pk")
    )


def assignable_nodes(admin: User) -> QuerySet[Organization]:
    """Nodes on which `admin` may grant roles, in tree order."""
    return visible_to(Organization.objects.all(), admin, MANAGE).order_by("path")


def linkable_people(admin: User) -> QuerySet[Person]:
    """People in scope who have no account yet."""
    return visible_to(Person.objects.all(), admin, MANAGE).filter(user__isnull=True)


def search_linkable_people(admin: User, query: str, limit: int = 20) -> list[Person]:
    words = fold(query).split()
    if not words:
        return []
    qs = linkable_people(admin).select_related("cell")
    for word in words:
        qs = qs.filter(Q(search_name__contains=word) | Q(card_number__startswith=word) | Q(staff_code__startswith=word))
    return list(qs.order_by("search_name", "pk")[:limit])
