"""Study classes: create and edit, the class page with its participation rate, attendance by name.

Attendance is recorded three ways, all limited to people of the organiser's subtree: ticking a
cell's list, finding people by name, or pasting card numbers / staff codes (one wrong code →
nothing saved, a message names it).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from lamtheo.core.views_base import paginate, scoped_get
from lamtheo.organizations.models import CELL_KINDS, Organization, Person
from lamtheo.organizations.scoping import Capability

from . import selectors, services
from .forms import AttendanceCodesForm, CellRollForm, SessionForm
from .models import StudySession, year_bounds
from .viewutils import flash, form_error, node_for, user_of, version_of, year_of


def _sessions() -> QuerySet[StudySession]:
    return StudySession.objects.select_related("organization", "theme", "directive")


def _unit_url(node: Organization, year: int) -> str:
    return f"{reverse('study:unit', args=[node.pk])}?year={year}"


@login_required
@require_http_methods(["GET", "POST"])
def session_form(request: HttpRequest, org_id: int | None = None, pk: int | None = None) -> HttpResponse:
    """Create a class organised by a unit, or edit one."""
    user = user_of(request)
    session = scoped_get(request, _sessions(), Capability.MANAGE_CAMPAIGN, pk=pk) if pk else None
    node = session.organization if session else node_for(request, org_id or 0, Capability.MANAGE_CAMPAIGN)
    form = SessionForm(request.POST or None, instance=session, node=node)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.save_session(
                actor=user,
                organization=node,
                session=session,
                expected_version=version_of(form),
                **form.service_fields(),
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            form_error(form, exc)
        else:
            flash(request, _("The class was saved."))
            return redirect("study:session", session.pk)
    title = _("Edit the class") if session else _("New study class")
    back = reverse("study:session", args=[session.pk]) if session else _unit_url(node, year_of(request))
    return render(request, "study/session_form.html", {"form": form, "org": node, "title": title, "back_url": back})


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A class: its facts, the participation rate on its theme, and the attendance the user may read."""
    user = user_of(request)
    session = scoped_get(request, _sessions(), pk=pk)
    node = session.organization
    can_manage = selectors.can_manage(user, node)
    start, end = year_bounds(session.year)
    context = {
        "session": session,
        "org": node,
        "can_manage": can_manage,
        "can_view_unit": selectors.can_view(user, node),
        "reporters": [line.strip() for line in session.reporters.splitlines() if line.strip()],
        "page": paginate(request, selectors.attendees(user, session), per_page=50),
        "rate": selectors.participation(node, session.theme, start, end) if selectors.can_view(user, node) else None,
    }
    return render(request, "study/session_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    session = scoped_get(request, _sessions(), Capability.MANAGE_CAMPAIGN, pk=pk)
    if request.method == "POST":
        try:
            services.delete_session(actor=user_of(request), session=session)
        except PermissionDenied:
            raise Http404 from None
        flash(request, _("The class was deleted."))
        return redirect(_unit_url(session.organization, session.year))
    return render(request, "study/session_delete.html", {"session": session, "org": session.organization})


# --- attendance ---------------------------------------------------------------------------------------


def _attendance_url(session: StudySession, **params: object) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return reverse("study:attendance", args=[session.pk]) + (f"?{query}" if query else "")


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Record who attended: pick a cell and tick its people, find people by name, or paste codes."""
    user = user_of(request)
    session = scoped_get(request, _sessions(), Capability.MANAGE_CAMPAIGN, pk=pk)
    organiser = session.organization
    cell: Organization | None = None
    cell_id = request.POST.get("cell") or request.GET.get("cell")
    if organiser.kind in CELL_KINDS:
        cell = organiser
    elif cell_id:
        if not str(cell_id).isdigit():
            raise Http404
        cell = get_object_or_404(Organization, pk=int(cell_id), kind__in=CELL_KINDS, path__startswith=organiser.path)
    roll_form = None
    if cell is not None:
        people = selectors.cell_roll(session, cell)
        roll_form = CellRollForm(request.POST if request.POST.get("action") == "roll" else None, people=people)
    codes_form = AttendanceCodesForm(request.POST if request.POST.get("action") == "codes" else None)
    query = (request.GET.get("q") or request.POST.get("q") or "").strip()
    search_errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "roll" and cell is not None and roll_form is not None and roll_form.is_valid():
                count = services.set_cell_attendance(
                    actor=user,
                    session=session,
                    cell=cell,
                    present=roll_form.cleaned_data["present"],
                )
                flash(
                    request,
                    ngettext(
                        "%(count)s person of %(cell)s is recorded present.",
                        "%(count)s people of %(cell)s are recorded present.",
                        count,
                    )
                    % {"count": count, "cell": cell.name},
                )
                return redirect(_attendance_url(session, cell=cell.pk if cell != organiser else None))
            if action == "codes" and codes_form.is_valid():
                added = services.add_attendance_by_codes(
                    actor=user, session=session, codes=codes_form.cleaned_data["codes"]
                )
                flash(request, ngettext("%(count)s person added.", "%(count)s people added.", added) % {"count": added})
                return redirect(_attendance_url(session))
            if action == "add":
                ids = [int(i) for i in request.POST.getlist("person") if str(i).isdigit()]
                people = list(Person.objects.filter(pk__in=ids))
                added = services.add_attendance(actor=user, session=session, people=people)
                flash(request, ngettext("%(count)s person added.", "%(count)s people added.", added) % {"count": added})
                return redirect(_attendance_url(session, q=request.POST.get("q", "")))
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            if action == "codes":
                form_error(codes_form, exc)
            elif action == "roll" and roll_form is not None:
                roll_form.add_error(None, exc.messages)
            else:
                search_errors = exc.messages
    context = {
        "session": session,
        "org": organiser,
        "cell": cell,
        "roll_form": roll_form,
        "codes_form": codes_form,
        "cell_query": request.GET.get("cell_q", ""),
        "cells": selectors.cells_for_attendance(session, request.GET.get("cell_q", ""))
        if organiser.kind not in CELL_KINDS
        else [],
        "query": query,
        "found": selectors.search_people(session, query) if query else [],
        "search_errors": search_errors,
        "present_count": session.attendances.count(),
    }
    return render(request, "study/attendance.html", context)


@login_required
@require_POST
def attendance_remove(request: HttpRequest, pk: int, person_id: int) -> HttpResponse:
    session = scoped_get(request, _sessions(), Capability.MANAGE_CAMPAIGN, pk=pk)
    try:
        services.remove_attendance(actor=user_of(request), session=session, person_id=person_id)
    except PermissionDenied:
        raise Http404 from None
    flash(request, _("Removed from the attendance."))
    return redirect("study:session", session.pk)
