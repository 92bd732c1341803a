"""People pages: search (live with htmx, plain GET without JS), a person's page with the history
of cell moves, and edit / transfer / add for MANAGE_PEOPLE holders.

Reads and writes go through `scoped_get` and the selectors, so a person outside the user's
subtree answers 404; a member without a role may open their own page.
"""

from __future__ import annotations

from typing import cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from lamtheo.accounts.models import User
from lamtheo.core.views_base import paginate, scoped_get
from lamtheo.organizations import selectors, services
from lamtheo.organizations.forms import (
    PersonAddForm,
    PersonEditForm,
    TransferForm,
    apply_errors,
    narrow_choices,
)
from lamtheo.organizations.models import Organization, Person
from lamtheo.organizations.scoping import Capability

PEOPLE = Capability.MANAGE_PEOPLE


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _person(request: HttpRequest, pk: int, capability: Capability = Capability.VIEW) -> Person:
    return scoped_get(request, Person.objects.select_related("cell"), capability, pk=pk)


def _duplicate() -> str:
    """Another save took the card number or staff code between the form check and ours."""
    return _("Another person already has this party card number or staff code.")


@login_required
@vary_on_headers("HX-Request")
def people(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    query = request.GET.get("q", "").strip()[:100]
    org = request.GET.get("org", "").strip()
    within = scoped_get(request, Organization.objects.all(), pk=org) if org else None
    page = paginate(request, selectors.search_people(user, query, within=within), per_page=25)
    params = urlencode({k: v for k, v in (("q", query), ("org", org)) if v})
    context = {"page": page, "q": query, "within": within, "query": f"{params}&" if params else ""}
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        return render(request, "organizations/person_results.html", context)
    return render(request, "organizations/person_search.html", context)


@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    found = _person(request, pk)
    context = {
        "person": found,
        "history": selectors.person_history(user, found),
        "can_manage": selectors.reaches(user, found.cell, PEOPLE),
        "cell_visible": selectors.reaches(user, found.cell, Capability.VIEW) or found.cell_id == _own_cell(user),
    }
    return render(request, "organizations/person_detail.html", context)


def _own_cell(user: User) -> int | None:
    own = getattr(user, "person", None) if getattr(user, "person_id", None) else None
    return own.cell_id if own is not None else None


def _person_form(request: HttpRequest, form: object, **context: object) -> HttpResponse:
    return render(request, "organizations/person_form.html", {"form": form, **context})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = _person(request, pk, PEOPLE)
    if request.method == "POST":
        form = PersonEditForm(request.POST, instance=found)
        if form.is_valid():
            try:
                services.update_person(found, expected_version=form.cleaned_data["version"], **form.service_fields())
            except ValidationError as exc:
                apply_errors(form, exc)
            except IntegrityError:
                form.add_error(None, _duplicate())
            else:
                messages.success(request, _("The details of %(name)s are saved.") % {"name": found.full_name})
                return redirect("organizations:person", pk=found.pk)
    else:
        form = PersonEditForm(instance=found)
    return _person_form(
        request,
        form,
        person=found,
        cell=found.cell,
        title=_("Edit %(name)s") % {"name": found.full_name},
        submit=_("Save the changes"),
    )


@login_required
def add(request: HttpRequest, pk: int) -> HttpResponse:
    cell = scoped_get(request, Organization.objects.all(), PEOPLE, pk=pk)
    if not cell.is_cell or not cell.is_active_on():
        reason = (
            _("People can only be added to a party cell; open one of its cells.")
            if not cell.is_cell
            else _("This party cell has ended; add the person to a current cell.")
        )
        messages.error(request, reason)
        return redirect("organizations:detail", pk=cell.pk)
    if request.method == "POST":
        form = PersonAddForm(request.POST)
        if form.is_valid():
            try:
                created = services.create_person(
                    cell=cell, started_on=form.cleaned_data["started_on"], **form.service_fields()
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            except IntegrityError:
                form.add_error(None, _duplicate())
            else:
                messages.success(
                    request, _("%(name)s is added to %(cell)s.") % {"name": created.full_name, "cell": cell.name}
                )
                return redirect("organizations:person", pk=created.pk)
    else:
        form = PersonAddForm()
    return _person_form(
        request,
        form,
        cell=cell,
        title=_("Add a person to %(cell)s") % {"cell": cell.name},
        submit=_("Add the person"),
    )


@login_required
def transfer(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    found = _person(request, pk, PEOPLE)
    candidates = selectors.node_candidates(user, PEOPLE, cells=True).exclude(pk=found.cell_id)
    joined = selectors.open_membership_start(user, found)
    form = TransferForm(request.POST or None, candidates=candidates, joined=joined)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["to_cell"]
        try:
            services.transfer_person(
                found, to_cell=target, on=form.cleaned_data["on"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s now belongs to %(cell)s.") % {"name": found.full_name, "cell": target.name}
            )
            return redirect("organizations:person", pk=found.pk)
    source = request.POST if request.method == "POST" else request.GET
    query = source.get("q", "").strip()[:100]
    shown, more = narrow_choices(form.fields["to_cell"], query, source.get("to_cell"))  # type: ignore[arg-type]
    context = {
        "person": found,
        "form": form,
        "q": query,
        "shown": shown,
        "more": more,
        "search_field": "to_cell",
        "title": _("Move %(name)s to another cell") % {"name": found.full_name},
        "intro": _("Currently in %(cell)s. The move is kept in the person's history.") % {"cell": found.cell.name},
        "empty": _("There is no other current party cell you manage. A move to another unit is made there."),
        "submit": _("Move the person"),
    }
    return render(request, "organizations/org_target_form.html", context)
