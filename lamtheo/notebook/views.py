"""Registration pages: the notebook, editing items (own or on a member's behalf), the quality advice
while typing (htmx), submit / take back / review / new version, shortcomings, a cell's list.

Thin views: reads through `scoped_get` and the selectors, writes through the services. Anything
outside the user's reach answers 404, including actions the user's role does not allow.
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from django.views.decorators.http import require_POST

from lamtheo.accounts.models import User
from lamtheo.core.views_base import scoped_get
from lamtheo.organizations.forms import apply_errors
from lamtheo.organizations.models import Organization, Person
from lamtheo.organizations.scoping import Capability
from lamtheo.organizations.selectors import reaches

from . import selectors, services, workflow
from .forms import (
    ITEMS_PREFIX,
    ActionForm,
    PledgeFormSet,
    ReviewForm,
    ShortcomingEditForm,
    ShortcomingForm,
    VersionForm,
    attach_advice,
    initial_rows,
    rebuilt_formset,
)
from .models import Registration, Shortcoming
from .quality import check_pledge


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _people() -> Any:
    return Person.objects.select_related("cell")


def _registrations() -> Any:
    return Registration.objects.select_related(
        "organization", "person__cell", "entered_by__person", "reviewed_by__person"
    )


def _notebook_url(user: User, person: Person, year: int) -> str:
    if user.person_id == person.pk:
        return f"{reverse('notebook:mine')}?year={year}"
    return f"{reverse('notebook:person', args=[person.pk])}?year={year}"


def _home_of(user: User, registration: Registration) -> str:
    """Where a registration is shown: the member's notebook, or the page of a collective one."""
    if registration.person is not None:
        return _notebook_url(user, registration.person, registration.year)
    return reverse("notebook:registration", args=[registration.pk])


# --- the notebook ---------------------------------------------------------------------------------


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not user.person_id:
        raise Http404
    person = _people().get(pk=user.person_id)
    return _notebook_page(request, person)


@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    return _notebook_page(request, scoped_get(request, _people(), pk=pk))


def _notebook_page(request: HttpRequest, found: Person) -> HttpResponse:
    user = _user(request)
    year = selectors.year_from(request.GET.get("year"))
    data = selectors.notebook(user, found, year)
    context = {
        "nb": data,
        "person": found,
        "year": year,
        "view": data.current,
        "duty": selectors.duty_of(found),
        "own": user.person_id == found.pk,
        "review_cells": selectors.review_cells(user) if user.person_id == found.pk else [],
        "base_url": _notebook_url(user, found, year).split("?")[0],
    }
    return render(request, "notebook/notebook.html", context)


@login_required
def registration(request: HttpRequest, pk: int) -> HttpResponse:
    """One version of a registration (older versions stay readable here)."""
    user = _user(request)
    found = scoped_get(request, _registrations(), pk=pk)
    view = selectors.registration_view(user, found)
    return render(request, "notebook/registration_detail.html", {"view": view, "reg": found})


# --- editing the items ----------------------------------------------------------------------------


@login_required
def edit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    return _edit(request, person=scoped_get(request, _people(), pk=pk), unit=None, year=year)


@login_required
def unit_edit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    return _edit(request, person=None, unit=scoped_get(request, Organization.objects.all(), pk=pk), year=year)


def _writer_context(
    request: HttpRequest, person: Person | None, unit: Organization | None, year: int
) -> tuple[Registration | None, Organization, workflow.Role]:
    """The current registration, its unit and the role the user writes in; 404 if the user may not write."""
    if not selectors.valid_year(year):
        raise Http404
    user = _user(request)
    current = selectors.current_registration(person=person, organization=unit, year=year)
    organization = current.organization if current is not None else (person.cell if person is not None else unit)
    assert organization is not None
    role = workflow.pick_role(workflow.Action.SAVE, selectors.roles_on(user, person=person, organization=organization))
    if role is None:
        raise Http404
    return current, organization, role


def _edit(request: HttpRequest, *, person: Person | None, unit: Organization | None, year: int) -> HttpResponse:
    user = _user(request)
    current, organization, role = _writer_context(request, person, unit, year)
    back = _notebook_url(user, person, year) if person is not None else reverse("notebook:cell", args=[organization.pk])
    if current is not None and current.state not in selectors.EDITABLE_STATES:
        try:
            workflow.transition(current.state, workflow.Action.SAVE, role)
        except workflow.TransitionError as exc:
            messages.warning(request, str(exc.message))
        return redirect(_home_of(user, current))
    linked = [p.shortcoming_id for p in current.pledges.all() if p.shortcoming_id] if current else []
    check_url = (
        reverse("notebook:check", args=[person.pk, year])
        if person is not None
        else reverse("notebook:unit_check", args=[organization.pk, year])
    )
    choices = {
        "check_url": check_url,
        "year": year,
        "themes": list(selectors.theme_choices(user, organization, year)),
        "standards": list(selectors.standard_choices(user, organization, year)),
        "shortcomings": list(selectors.shortcoming_choices(user, person, keep=linked)),
    }
    errors: list[str] = []
    if request.method == "POST":
        meta = VersionForm(request.POST)
        formset = PledgeFormSet(request.POST, prefix=ITEMS_PREFIX, form_kwargs=choices)
        if "add_row" in request.POST or "remove_row" in request.POST:
            formset = rebuilt_formset(request.POST, formset, choices)
        elif meta.is_valid() and formset.is_valid():
            submit = "submit" in request.POST
            try:
                saved = services.save_registration(
                    actor=user,
                    year=year,
                    person=person,
                    unit=unit,
                    items=formset.items(),  # type: ignore[attr-defined]
                    expected_version=meta.cleaned_data["version"],
                    submit=submit,
                )
            except ValidationError as exc:
                errors = exc.messages
            else:
                _saved_messages(request, saved, submitted=submit, role=role)
                return redirect(_home_of(user, saved))
        elif not meta.is_valid():
            errors = [_("The form was incomplete. Reload the page and try again.")]
    else:
        meta = VersionForm(initial={"version": current.version if current else None})
        formset = PledgeFormSet(initial=initial_rows(current), prefix=ITEMS_PREFIX, form_kwargs=choices)
    pool = selectors.near_copy_pool(organization=organization, year=year, exclude=current, person=person)
    filled = attach_advice(
        formset,
        duty=selectors.duty_of(person),
        pool=pool,
        show_owner=selectors.can_see_copy_owners(user, organization),
    )
    context = {
        "formset": formset,
        "meta": meta,
        "errors": errors,
        "person": person,
        "unit": unit,
        "organization": organization,
        "year": year,
        "current": current,
        "proxy": role == workflow.Role.PROXY,
        "back": back,
        "filled": filled,
        "too_many": filled > selectors.WARN_ITEMS,
        "warn_items": selectors.WARN_ITEMS,
        "max_items": selectors.MAX_ITEMS,
    }
    if getattr(request, "htmx", False) and ("add_row" in request.POST or "remove_row" in request.POST):
        # Only the items are redrawn (htmx); focus goes to the new item, or where the removed one was.
        count = formset.total_form_count()
        if "add_row" in request.POST:
            context.update(focus_row=count - 1, rows_changed=_("Item %(n)d added.") % {"n": count})
        else:
            removed = str(request.POST.get("remove_row", ""))
            at = int(removed) if removed.isdigit() else count - 1
            context.update(focus_row=min(at, count - 1), rows_changed=_("Item removed."))
        return render(request, "notebook/_registration_rows.html", context)
    return render(request, "notebook/registration_form.html", context)


def _saved_messages(request: HttpRequest, saved: Registration, *, submitted: bool, role: workflow.Role) -> None:
    if submitted:
        text = _("The registration is sent to the cell committee.")
    else:
        text = _("The registration is saved. Send it to the cell committee when it is ready.")
    if role == workflow.Role.PROXY and saved.person is not None:
        text = _("Entered on behalf of %(name)s: %(what)s") % {"name": saved.person.full_name, "what": text}
    messages.success(request, text)
    count = _vague_warning(request, saved)
    if count > selectors.WARN_ITEMS:
        messages.warning(
            request,
            _(
                "%(n)d items registered. One or two concrete items are easier to carry out and follow; "
                "consider keeping at most %(max)d."
            )
            % {"n": count, "max": selectors.WARN_ITEMS},
        )


def _vague_warning(request: HttpRequest, registration: Registration) -> int:
    """Advise (never block) when items are vague; returns the number of items."""
    verdicts = list(registration.pledges.values_list("verdict", flat=True))
    vague = verdicts.count("vague")
    if vague:
        messages.warning(
            request,
            ngettext(
                "%(n)d item is still general or hard to measure; see the advice under it. "
                "This does not stop the registration.",
                "%(n)d items are still general or hard to measure; see the advice under them. "
                "This does not stop the registration.",
                vague,
            )
            % {"n": vague},
        )
    return len(verdicts)


# --- advice while typing (htmx) -------------------------------------------------------------------


@login_required
@require_POST
def check(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    return _check(request, person=scoped_get(request, _people(), pk=pk), unit=None, year=year)


@login_required
@require_POST
def unit_check(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    return _check(request, person=None, unit=scoped_get(request, Organization.objects.all(), pk=pk), year=year)


def _check(request: HttpRequest, *, person: Person | None, unit: Organization | None, year: int) -> HttpResponse:
    """The advice for the item being typed: the field that fired the request names the row."""
    user = _user(request)
    current, organization, _role = _writer_context(request, person, unit, year)
    htmx = getattr(request, "htmx", None)
    name = (htmx.trigger_name if htmx else None) or "text"
    if not name.endswith("text"):
        name = "text"
    text = str(request.POST.get(name, "")).strip()[: services.TEXT_LIMIT]
    advice: list[selectors.Advice] = []
    verdict = ""
    if text:
        pool = selectors.near_copy_pool(organization=organization, year=year, exclude=current, person=person)
        result = check_pledge(text, duty=selectors.duty_of(person), others=pool)
        verdict = result.verdict
        advice = selectors.advice_from(
            selectors.stored_reasons(result.reasons), show_owner=selectors.can_see_copy_owners(user, organization)
        )
    return render(request, "notebook/_advice.html", {"advice": advice, "verdict": verdict, "checked": bool(text)})


# --- submit, take back, new version, review -------------------------------------------------------


def _writer_action(request: HttpRequest, pk: int, service: Any, done: str) -> HttpResponse:
    user = _user(request)
    found = scoped_get(request, _registrations(), pk=pk)
    roles = selectors.roles_on(user, person=found.person, organization=found.organization)
    if not roles & workflow.WRITERS:
        raise Http404
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete. Reload the page and try again."))
        return redirect(_home_of(user, found))
    try:
        result = service(actor=user, registration=found, expected_version=form.cleaned_data["version"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_home_of(user, found))
    messages.success(request, done)
    if service is services.submit_registration:
        _vague_warning(request, result)
    return redirect(_home_of(user, result))


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _writer_action(
        request, pk, services.submit_registration, _("The registration is sent to the cell committee.")
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _writer_action(
        request, pk, services.withdraw_registration, _("The registration is taken back. Change it and send it again.")
    )


@login_required
@require_POST
def new_version(request: HttpRequest, pk: int) -> HttpResponse:
    return _writer_action(
        request,
        pk,
        services.start_new_version,
        _("A new version is started from the approved one. Change the items, then send it to the cell committee."),
    )


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    found = scoped_get(request, _registrations(), Capability.REVIEW, pk=pk)
    form = ReviewForm(request.POST or None, initial={"version": found.version})
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            services.review_registration(
                actor=user,
                registration=found,
                approve=approve,
                comment=form.cleaned_data["comment"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            found.refresh_from_db()  # the service may have changed the object before refusing
            apply_errors(form, exc)
        else:
            owner = found.person.full_name if found.person is not None else found.organization.name
            text = (
                _("The registration of %(owner)s is approved.")
                if approve
                else _("The registration of %(owner)s is returned with your comments.")
            )
            messages.success(request, text % {"owner": owner})
            return redirect(_home_of(user, found))
    view = selectors.registration_view(user, found)
    return render(request, "notebook/registration_review.html", {"view": view, "reg": found, "form": form})


# --- shortcomings ---------------------------------------------------------------------------------


@login_required
def shortcomings(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    found = scoped_get(request, _people(), pk=pk)
    can_add = selectors.can_record_shortcoming(user, found)
    committee = selectors.is_committee_for(user, found)
    initial = {"year": selectors.this_year(), "source": "meeting" if committee else "self_criticism"}
    form = ShortcomingForm(request.POST or None, committee=committee, initial=initial) if can_add else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.record_shortcoming(
                    actor=user,
                    person=found,
                    year=data["year"],
                    text=data["text"],
                    source=data.get("source", "self_criticism"),
                    source_note=data["source_note"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The shortcoming is recorded."))
                return redirect("notebook:shortcomings", pk=found.pk)
    rows = []
    for item in selectors.shortcomings_of(user, found):
        item.person = found  # already loaded; spares a query per row
        rows.append((item, selectors.shortcoming_rights(user, item)[0]))
    context = {
        "person": found,
        "rows": rows,
        "form": form,
        "committee": committee,
        "own": user.person_id == found.pk,
        "back": _notebook_url(user, found, selectors.this_year()),
    }
    return render(request, "notebook/shortcomings.html", context)


@login_required
def shortcoming_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    found = scoped_get(request, Shortcoming.objects.select_related("person__cell"), pk=pk)
    may_status, may_wording = selectors.shortcoming_rights(user, found)
    if not may_status:
        raise Http404
    committee = selectors.is_committee_for(user, found.person)
    version = found.version
    form = ShortcomingEditForm(request.POST or None, instance=found, wording=may_wording, committee=committee)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_shortcoming(
                actor=user,
                shortcoming=found,
                expected_version=data["version"],
                status=data["status"],
                remedy_note=data.get("remedy_note", ""),
                text=data.get("text"),
                source=data.get("source"),
                source_note=data.get("source_note"),
            )
        except ValidationError as exc:
            found.version = version
            apply_errors(form, exc)
        else:
            messages.success(request, _("The shortcoming is updated."))
            return redirect("notebook:shortcomings", pk=found.person_id)
    return render(request, "notebook/shortcoming_form.html", {"form": form, "item": found, "person": found.person})


# --- a cell's registrations -----------------------------------------------------------------------


@login_required
def cell(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    org = scoped_get(request, Organization.objects.all(), pk=pk)
    if not reaches(user, org, Capability.VIEW):  # a member without a role does not get the cell's list
        raise Http404
    year = selectors.year_from(request.GET.get("year"))
    state = str(request.GET.get("state", ""))[:20]
    data = selectors.cell_registrations(user, org, year, state)
    filters = [
        ("", pgettext("notebook", "All"), data.counts["all"]),
        ("submitted", pgettext("notebook", "To review"), data.counts["submitted"]),
        ("returned", pgettext("notebook", "Returned"), data.counts["returned"]),
        ("draft", _("Draft"), data.counts["draft"]),
        ("approved", _("Approved"), data.counts["approved"]),
        ("none", pgettext("notebook", "Not registered"), data.counts["none"]),
    ]
    context = {
        "data": data,
        "org": org,
        "year": year,
        "state": state,
        "filters": [(v, label, n, urlencode({"year": year, **({"state": v} if v else {})})) for v, label, n in filters],
        "years": [y for y in range(selectors.this_year() + 1, selectors.this_year() - 5, -1)],
    }
    return render(request, "notebook/cell.html", context)
