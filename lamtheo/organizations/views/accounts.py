"""Account pages: list, create, roles and password reset by an administrator.

Everything needs MANAGE_ACCOUNTS and stays inside the administrator's subtree (404 outside).
"""

from __future__ import annotations

from typing import cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lamtheo.accounts import selectors, services
from lamtheo.accounts.forms import AccountCreateForm, RoleAddForm, apply_errors
from lamtheo.accounts.models import User
from lamtheo.core.views_base import paginate, require, scoped_get
from lamtheo.organizations.models import Person, RoleAssignment
from lamtheo.organizations.scoping import Capability

MANAGE = Capability.MANAGE_ACCOUNTS


def _admin(request: HttpRequest) -> User:
    require(request, MANAGE)
    return cast(User, request.user)


def _account(request: HttpRequest, pk: int) -> User:
    return scoped_get(request, User.objects.select_related("person__cell"), MANAGE, pk=pk)


@login_required
def accounts(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    query = request.GET.get("q", "").strip()[:100]
    page = paginate(request, selectors.account_list(admin, query))
    context = {"page": page, "q": query, "query": f"{urlencode({'q': query})}&" if query else ""}
    return render(request, "organizations/accounts.html", context)


def _linkable(admin: User, raw: str | None) -> Person | None:
    if not raw or not raw.isdigit():
        return None
    return selectors.linkable_people(admin).select_related("cell").filter(pk=int(raw)).first()


def _show_password(request: HttpRequest, account: User, password: str, *, created: bool) -> HttpResponse:
    """The temporary password is in this one response only (not stored, not cached)."""
    context = {"account": account, "password": password, "created": created}
    response = render(request, "organizations/account_password.html", context)
    add_never_cache_headers(response)
    return response


@login_required
def create(request: HttpRequest) -> HttpResponse:
    admin = _admin(request)
    data = request.POST if request.method == "POST" else request.GET
    query = data.get("q", "").strip()[:100]
    shown = selectors.search_linkable_people(admin, query)
    chosen = _linkable(admin, data.get("person"))
    if chosen is not None and chosen not in shown:
        shown.insert(0, chosen)
    if request.method == "POST":
        form = AccountCreateForm(request.POST, admin=admin, shown_people=shown)
        if form.is_valid():
            try:
                account, password = services.create_account(
                    username=form.cleaned_data["username"],
                    person=form.cleaned_data["person"],
                    role=form.cleaned_data["role"],
                    organization=form.cleaned_data["organization"],
                    email=form.cleaned_data["email"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return _show_password(request, account, password, created=True)
    else:
        form = AccountCreateForm(admin=admin, shown_people=shown, initial={"person": chosen.pk if chosen else ""})
    context = {"form": form, "q": query, "searched": bool(query), "found": len(shown)}
    return render(request, "organizations/account_create.html", context)


def _detail(request: HttpRequest, admin: User, account: User, role_form: RoleAddForm) -> HttpResponse:
    today = timezone.localdate()
    roles = selectors.account_roles(admin, account)
    for role in roles:
        role.is_open = role.ended_on is None or role.ended_on >= today  # type: ignore[attr-defined]
    context = {
        "account": account,
        "roles": roles,
        "manageable": selectors.manageable_accounts(admin).filter(pk=account.pk).exists(),
        "role_form": role_form,
        "is_self": account.pk == admin.pk,
    }
    return render(request, "organizations/account.html", context)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    admin = _admin(request)
    account = _account(request, pk)
    return _detail(request, admin, account, RoleAddForm(admin=admin, account=account))


@login_required
def add_role(request: HttpRequest, pk: int) -> HttpResponse:
    admin = _admin(request)
    account = _account(request, pk)
    if request.method != "POST":
        return redirect("organizations:account", pk=account.pk)
    form = RoleAddForm(request.POST, admin=admin, account=account)
    if form.is_valid():
        try:
            assignment = services.assign_role(
                user=account,
                organization=form.cleaned_data["organization"],
                role=form.cleaned_data["role"],
                started_on=form.cleaned_data["started_on"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(username)s is now %(role)s of %(unit)s.")
                % {
                    "username": account.username,
                    "role": assignment.get_role_display(),
                    "unit": assignment.organization.name,
                },
            )
            return redirect("organizations:account", pk=account.pk)
    return _detail(request, admin, account, form)


@login_required
@require_POST
def end_role(request: HttpRequest, pk: int, role_pk: int) -> HttpResponse:
    admin = _admin(request)
    account = _account(request, pk)
    assignment = scoped_get(
        request, RoleAssignment.objects.filter(user=account).select_related("organization"), MANAGE, pk=role_pk
    )
    try:
        services.end_role(assignment=assignment, by=admin)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The role %(role)s of %(unit)s has ended.")
            % {"role": assignment.get_role_display(), "unit": assignment.organization.name},
        )
    return redirect("organizations:account", pk=account.pk)


@login_required
def reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST sets a temporary password and shows it once."""
    admin = _admin(request)
    account = _account(request, pk)
    if not selectors.manageable_accounts(admin).filter(pk=account.pk).exists():
        raise Http404
    if request.method == "POST":
        password = services.reset_password(user=account)
        return _show_password(request, account, password, created=False)
    return render(request, "organizations/account_reset.html", {"account": account})
