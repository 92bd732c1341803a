"""Meeting pages: the start page, a cell's year plan and settings, one meeting with its
documents, reporters, volunteers, attendance and minutes (and their export), the level above's
per-cell figures.

Thin views: reads through `scoped_get` and the selectors, writes through the services. Anything
outside the user's reach answers 404, including pages the user's role does not open.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from lamtheo.accounts.models import User
from lamtheo.core.views_base import require, scoped_get
from lamtheo.notebook.selectors import theme_choices
from lamtheo.organizations.forms import apply_errors
from lamtheo.organizations.models import Organization, Person, PersonKind
from lamtheo.organizations.scoping import ROLE_CAPABILITIES, Capability, active_assignments, visible_to
from lamtheo.organizations.selectors import CELL_ROLES

from . import minutes, selectors, selectors_overview, services, services_minutes, services_reports
from .forms import (
    AttendanceForm,
    CancelForm,
    DocumentForm,
    GenerateForm,
    MeetingForm,
    MinutesForm,
    PeopleForm,
    SettingsForm,
)
from .models import Meeting, MeetingDocument, MeetingKind, MeetingState

MANAGE = Capability.MANAGE_MEETINGS


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _cell(request: HttpRequest, pk: int, capability: Capability = Capability.VIEW) -> Organization:
    cell = scoped_get(request, Organization.objects.all(), capability, pk=pk)
    if not cell.is_cell:
        raise Http404
    return cell


def _meeting(request: HttpRequest, pk: int, capability: Capability = Capability.VIEW) -> Meeting:
    return scoped_get(request, Meeting.objects.select_related("cell", "theme"), capability, pk=pk)


def plan_url(cell_id: int, year: int) -> str:
    return f"{reverse('meetings:cell', args=[cell_id])}?year={year}"


def _members(request: HttpRequest, meeting: Meeting) -> Any:
    return visible_to(Person.objects.filter(cell_id=meeting.cell_id, kind=PersonKind.MEMBER), _user(request)).order_by(
        "search_name", "pk"
    )


# --- start page, my reports -----------------------------------------------------------------------


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    assignments = active_assignments(user)
    managed = sorted(
        {a.organization for a in assignments if a.role in CELL_ROLES and a.organization.is_cell}, key=lambda o: o.path
    )
    above = [
        a.organization
        for a in assignments
        if not a.organization.is_cell and Capability.VIEW in ROLE_CAPABILITIES.get(a.role, frozenset())
    ]
    if user.is_superuser:
        above = list(Organization.get_root_nodes())
    own_cell = user.person.cell if user.person_id and user.person else None  # type: ignore[union-attr]
    if own_cell is not None and own_cell in managed:
        own_cell = None
    context = {
        "managed": managed,
        "above": sorted(set(above), key=lambda o: o.path),
        "own_cell": own_cell,
        "todo": selectors_overview.todo(user),
        "year": selectors.this_year(),
    }
    return render(request, "meetings/home.html", context)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not user.person_id:
        raise Http404
    reports = list(
        selectors.reports_for(user)
        .filter(person_id=user.person_id)
        .exclude(state="cancelled")
        .order_by("-meeting__date", "-pk")[:100]
    )
    return render(request, "meetings/mine.html", {"reports": reports, "todo": selectors_overview.todo(user)})


# --- the year plan and the settings ---------------------------------------------------------------


@login_required
def cell(request: HttpRequest, pk: int) -> HttpResponse:
    found = _cell(request, pk)
    year = selectors.year_from(request.GET.get("year"))
    plan = selectors.year_plan(_user(request), found, year)
    years = [y for y in range(selectors.this_year() - 2, selectors.this_year() + 2) if selectors.valid_year(y)]
    return render(request, "meetings/plan.html", {"plan": plan, "cell": found, "year": year, "years": years})


@login_required
def settings_page(request: HttpRequest, pk: int) -> HttpResponse:
    found = _cell(request, pk, MANAGE)
    current = selectors.settings_for(found)
    form = SettingsForm(request.POST or None, initial=SettingsForm.initial_from(current))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_settings(
                actor=_user(request), cell=found, data=form.cleaned_data, expected_version=form.cleaned_data["version"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The meeting settings are saved."))
            return redirect(plan_url(found.pk, selectors.this_year()))
    return render(request, "meetings/settings.html", {"form": form, "cell": found})


@login_required
def generate(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    found = _cell(request, pk, MANAGE)
    if not selectors.valid_year(year):
        raise Http404
    first = selectors.today().month if year == selectors.this_year() else 1
    form = GenerateForm(request.POST or None, initial={"from_month": first})
    if request.method == "POST" and form.is_valid():
        try:
            created = services.generate_year_plan(
                actor=_user(request), cell=found, year=year, from_month=form.cleaned_data["from_month"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if created:
                messages.success(
                    request,
                    ngettext("%(n)s meeting planned.", "%(n)s meetings planned.", len(created)) % {"n": len(created)},
                )
            else:
                messages.info(request, _("Every month already has its meetings; nothing was added."))
            return redirect(plan_url(found.pk, year))
    settings = selectors.settings_for(found)
    return render(request, "meetings/generate.html", {"form": form, "cell": found, "year": year, "settings": settings})


# --- one meeting ----------------------------------------------------------------------------------


@login_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    found = _meeting(request, pk)
    view = selectors.meeting_view(_user(request), found)
    return render(request, "meetings/meeting.html", {"view": view, "meeting": found})


def _meeting_form(request: HttpRequest, cell: Organization, year: int, **kwargs: Any) -> MeetingForm:
    themes = theme_choices(_user(request), cell, year)
    return MeetingForm(request.POST or None, themes=themes, **kwargs)


@login_required
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    found = _cell(request, pk, MANAGE)
    year = selectors.year_from(request.GET.get("year") or request.POST.get("year"))
    settings = selectors.settings_for(found)
    initial = {
        "kind": request.GET.get("kind") if request.GET.get("kind") in MeetingKind.values else MeetingKind.REGULAR,
        "start_time": settings.start_time,
        "duration_minutes": settings.duration_minutes,
        "place": settings.place,
    }
    form = _meeting_form(request, found, year, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_meeting(actor=_user(request), cell=found, data=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The meeting is planned."))
            return redirect("meetings:meeting", created.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "cell": found, "meeting": None, "year": year})


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = _meeting(request, pk, MANAGE)
    form = _meeting_form(request, found.cell, found.year, initial=MeetingForm.initial_from(found))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(
                actor=_user(request),
                meeting=found,
                data=form.cleaned_data,
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The meeting is saved."))
            return redirect("meetings:meeting", found.pk)
    return render(
        request, "meetings/meeting_form.html", {"form": form, "cell": found.cell, "meeting": found, "year": found.year}
    )


@login_required
def meeting_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    found = _meeting(request, pk, MANAGE)
    form = CancelForm(request.POST or None, initial={"version": found.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel_meeting(
                actor=_user(request),
                meeting=found,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The meeting is cancelled."))
            return redirect(plan_url(found.cell_id, found.year))
    return render(request, "meetings/meeting_cancel.html", {"form": form, "meeting": found})


# --- documents ------------------------------------------------------------------------------------


@login_required
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    found = _meeting(request, pk, MANAGE)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services_minutes.add_document(
                actor=_user(request), meeting=found, upload=form.cleaned_data["file"], title=form.cleaned_data["title"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The document is posted."))
            return redirect("meetings:meeting", found.pk)
    return render(request, "meetings/document_form.html", {"form": form, "meeting": found})


@login_required
def document(request: HttpRequest, pk: int) -> FileResponse:
    found = scoped_get(request, MeetingDocument.objects.select_related("meeting"), pk=pk)
    try:
        handle = found.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    name = found.file.name.rsplit("/", 1)[-1]
    return FileResponse(handle, as_attachment=True, filename=name)


@login_required
@require_POST
def document_delete(request: HttpRequest, pk: int) -> HttpResponse:
    found = scoped_get(request, MeetingDocument.objects.select_related("meeting__cell"), MANAGE, pk=pk)
    meeting_id = found.meeting_id
    services_minutes.delete_document(actor=_user(request), document=found)
    messages.success(request, _("The document is removed."))
    return redirect("meetings:meeting", meeting_id)


# --- reporters and volunteers ---------------------------------------------------------------------


@login_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    found = _meeting(request, pk, MANAGE)
    proposal = selectors.proposal(_user(request), found)
    assigned = {r.person_id for r in proposal.assigned}
    members = _members(request, found).exclude(pk__in=assigned)
    form = PeopleForm(request.POST or None, members=members, initial={"people": proposal.rotation.person_ids})
    if request.method == "POST" and form.is_valid():
        try:
            created = services_reports.assign_reporters(
                actor=_user(request), meeting=found, people=list(form.cleaned_data["people"])
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            names = ", ".join(r.person.full_name for r in created)
            messages.success(request, _("Assigned to report: %(names)s.") % {"names": names})
            return redirect("meetings:meeting", found.pk)
    picks = {p.person_id: p for p in proposal.rotation.picks}
    return render(
        request,
        "meetings/assign.html",
        {"form": form, "meeting": found, "proposal": proposal, "picks": picks},
    )


@login_required
def volunteers(request: HttpRequest, pk: int) -> HttpResponse:
    found = _meeting(request, pk, MANAGE)
    target = selectors.next_regular(found)
    current: list[int] = (
        [] if target is None else list(target.volunteers.filter(named_at=found).values_list("person_id", flat=True))
    )
    form = PeopleForm(request.POST or None, members=_members(request, found), initial={"people": current})
    if request.method == "POST" and form.is_valid():
        try:
            services_minutes.record_volunteers(
                actor=_user(request), meeting=found, people=list(form.cleaned_data["people"])
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The volunteers are recorded."))
            return redirect("meetings:meeting", found.pk)
    return render(request, "meetings/volunteers.html", {"form": form, "meeting": found, "target": target})


# --- attendance and minutes -----------------------------------------------------------------------


@login_required
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    found = _meeting(request, pk, MANAGE)
    rows = selectors.attendance_rows(found, list(_members(request, found)))
    form = AttendanceForm(request.POST or None, rows=rows, initial={"version": found.version})
    if request.method == "POST" and form.is_valid():
        try:
            services_minutes.record_attendance(
                actor=_user(request),
                meeting=found,
                rows=form.cleaned_rows(),
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The attendance is recorded."))
            return redirect("meetings:meeting", found.pk)
    return render(request, "meetings/attendance.html", {"form": form, "meeting": found})


@login_required
def minutes_page(request: HttpRequest, pk: int) -> HttpResponse:
    found = _meeting(request, pk, MANAGE)
    if found.state == MeetingState.CANCELLED:
        raise Http404
    form = MinutesForm(request.POST or None, initial=MinutesForm.initial_from(found))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services_minutes.save_minutes(
                actor=_user(request),
                meeting=found,
                data=data,
                held=bool(data.get("held")),
                expected_version=data["version"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The minutes are saved."))
            length = services_minutes.minutes_length(found)
            rule = selectors.rule_on(found.date)
            if length is not None and rule is not None and length < rule.min_minutes:
                messages.warning(
                    request,
                    _("The meeting lasted %(n)s minutes; %(source)s asks for at least %(min)s.")
                    % {"n": length, "source": rule.source, "min": rule.min_minutes},
                )
            return redirect("meetings:meeting", found.pk)
    return render(request, "meetings/minutes.html", {"form": form, "meeting": found})


@login_required
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    found = _meeting(request, pk)
    if fmt not in ("docx", "pdf") or found.state == MeetingState.CANCELLED:
        raise Http404
    from lamtheo.documents import file_response

    document = minutes.minutes_document(_user(request), found)
    return file_response(document, fmt, minutes.filename(found, fmt))


# --- the level above ------------------------------------------------------------------------------


@login_required
def overview(request: HttpRequest, pk: int) -> HttpResponse:
    require(request, Capability.VIEW)
    node = scoped_get(request, Organization.objects.all(), Capability.VIEW, pk=pk)
    year = selectors.year_from(request.GET.get("year"))
    data = selectors_overview.overview(_user(request), node, year, page=request.GET.get("page"))
    years = [y for y in range(selectors.this_year() - 2, selectors.this_year() + 2) if selectors.valid_year(y)]
    return render(request, "meetings/overview.html", {"data": data, "node": node, "year": year, "years": years})
