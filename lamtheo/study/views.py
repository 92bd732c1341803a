"""Pages of a level's campaign work: the hub, a unit's classes, steering bodies and plans,
propaganda and pilot units. Classes are in views_sessions, essays in views_essays, statistics in
views_stats.

Thin: reads through `scoped_get`/`node_for` and the selectors, writes through the services. A
unit or record the user does not reach with the needed capability answers 404 (never 403).
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lamtheo.core.views_base import paginate, scoped_get
from lamtheo.organizations.forms import narrow_choices
from lamtheo.organizations.models import CELL_KINDS, Organization
from lamtheo.organizations.scoping import Capability, scope_roots

from . import selectors, services
from .forms import PilotForm, PlanForm, PropagandaForm, SteeringBodyForm, SteeringMemberForm
from .models import ActionPlan, PilotUnit, PropagandaActivity, SteeringBody, SteeringMember
from .uploads import content_type
from .viewutils import flash, form_error, node_for, user_of, version_of, year_of

TAB_URLS = {
    "classes": "study:unit",
    "steering": "study:steering",
    "propaganda": "study:propaganda",
    "stats": "study:stats",
}


def unit_context(request: HttpRequest, node: Organization, year: int, tab: str) -> dict[str, Any]:
    """What every unit page shows above its content: breadcrumb, tabs, year, rights."""
    user = user_of(request)
    return {
        "org": node,
        "year": year,
        "tab": tab,
        "tab_url": TAB_URLS[tab],
        "crumbs": selectors.breadcrumb(user, node),
        "can_manage": selectors.can_manage(user, node),
        "is_cell": node.kind in CELL_KINDS,
        "years": range(year + 1, year - 6, -1),
    }


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The hub: the units the user works for, and the member's own study."""
    user = user_of(request)
    managed = set(scope_roots(user, Capability.MANAGE_CAMPAIGN))
    units = [(u, user.is_superuser or u.path in managed) for u in selectors.top_units(user)]
    review_paths = scope_roots(user, Capability.REVIEW)
    review_cells = list(Organization.objects.filter(path__in=review_paths, kind__in=CELL_KINDS).order_by("path"))
    context = {
        "units": units,
        "review_cells": review_cells,
        "person": user.person if user.person_id else None,
        "year": year_of(request),
    }
    return render(request, "study/index.html", context)


@login_required
def unit(request: HttpRequest, org_id: int) -> HttpResponse:
    """The classes organised in a unit's subtree in a year."""
    node = node_for(request, org_id)
    year = year_of(request)
    user = user_of(request)
    context = unit_context(request, node, year, "classes")
    context["page"] = paginate(request, selectors.sessions_of(user, node, year))
    context["children"] = selectors.children(user, node)
    context["page_query"] = f"year={year}&"
    return render(request, "study/unit.html", context)


# --- steering bodies and plans ------------------------------------------------------------------------


@login_required
def steering(request: HttpRequest, org_id: int) -> HttpResponse:
    node = node_for(request, org_id)
    year = year_of(request)
    user = user_of(request)
    context = unit_context(request, node, year, "steering")
    context["bodies"] = selectors.steering_bodies(user, node)
    context["plans"] = list(selectors.plans(user, node, year))
    return render(request, "study/steering.html", context)


def _steering_url(node: Organization, year: int | None = None) -> str:
    url = reverse("study:steering", args=[node.pk])
    return f"{url}?year={year}" if year else url


@login_required
@require_http_methods(["GET", "POST"])
def body_form(request: HttpRequest, org_id: int | None = None, pk: int | None = None) -> HttpResponse:
    """Set up a steering committee or assisting unit, or edit one."""
    user = user_of(request)
    body = (
        scoped_get(request, SteeringBody.objects.select_related("organization"), Capability.MANAGE_CAMPAIGN, pk=pk)
        if pk
        else None
    )
    node = body.organization if body else node_for(request, org_id or 0, Capability.MANAGE_CAMPAIGN)
    form = SteeringBodyForm(request.POST or None, instance=body, node=node)
    if request.method == "POST" and form.is_valid():
        try:
            body = services.save_steering_body(
                actor=user, organization=node, body=body, expected_version=version_of(form), **form.service_fields()
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            form_error(form, exc)
        else:
            flash(request, _("The body was saved."))
            return redirect(_steering_url(node))
    title = _("Edit the body") if body else _("Set up a steering body")
    context = {"form": form, "org": node, "title": title, "back_url": _steering_url(node)}
    return render(request, "study/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def member_form(request: HttpRequest, body_id: int | None = None, pk: int | None = None) -> HttpResponse:
    """Add a member to a steering body, or edit one."""
    user = user_of(request)
    member = None
    if pk:
        member = scoped_get(
            request,
            SteeringMember.objects.select_related("body__organization", "person"),
            Capability.MANAGE_CAMPAIGN,
            pk=pk,
        )
        body = member.body
    else:
        body = scoped_get(
            request, SteeringBody.objects.select_related("organization"), Capability.MANAGE_CAMPAIGN, pk=body_id
        )
    form = SteeringMemberForm(request.POST or None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_steering_member(
                actor=user,
                body=body,
                member=member,
                expected_version=version_of(form),
                code=form.cleaned_data.get("code") or "",
                **form.service_fields(),
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            form_error(form, exc)
        else:
            flash(request, _("The member was saved."))
            return redirect(_steering_url(body.organization))
    title = (
        _("Edit a member of %(body)s") % {"body": body.name}
        if member
        else _("Add a member to %(body)s") % {"body": body.name}
    )
    context = {"form": form, "org": body.organization, "title": title, "back_url": _steering_url(body.organization)}
    return render(request, "study/form.html", context)


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    member = scoped_get(
        request, SteeringMember.objects.select_related("body__organization"), Capability.MANAGE_CAMPAIGN, pk=pk
    )
    try:
        services.remove_steering_member(actor=user_of(request), member=member)
    except PermissionDenied:
        raise Http404 from None
    flash(request, _("%(name)s was removed from the body.") % {"name": member.full_name})
    return redirect(_steering_url(member.body.organization))


@login_required
@require_http_methods(["GET", "POST"])
def plan_form(request: HttpRequest, org_id: int | None = None, pk: int | None = None) -> HttpResponse:
    """Record a plan or action programme of a unit, or edit one."""
    user = user_of(request)
    plan = (
        scoped_get(request, ActionPlan.objects.select_related("organization"), Capability.MANAGE_CAMPAIGN, pk=pk)
        if pk
        else None
    )
    node = plan.organization if plan else node_for(request, org_id or 0, Capability.MANAGE_CAMPAIGN)
    initial = {} if plan else {"year": year_of(request)}
    form = PlanForm(request.POST or None, request.FILES or None, instance=plan, node=node, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.save_plan(
                actor=user,
                organization=node,
                plan=plan,
                expected_version=version_of(form),
                document=form.document,
                remove_file=form.cleaned_data.get("remove_file", False),
                **form.service_fields(),
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            form_error(form, exc)
        else:
            flash(request, _("The plan was saved."))
            return redirect(_steering_url(node, plan.year))
    title = _("Edit the plan") if plan else _("Record a plan or action programme")
    context = {"form": form, "org": node, "title": title, "back_url": _steering_url(node), "multipart": True}
    return render(request, "study/form.html", context)


def file_response(stored: Any, original_name: str) -> FileResponse:
    """A stored upload as a download (never rendered inline: it comes from a user)."""
    if not stored:
        raise Http404
    try:
        handle = stored.storage.open(stored.name, "rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=original_name or stored.name.rsplit("/", 1)[-1],
        content_type=content_type(stored.name),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def plan_file(request: HttpRequest, pk: int) -> FileResponse:
    plan = scoped_get(request, ActionPlan.objects.all(), pk=pk)
    return file_response(plan.file, plan.file_name)


# --- propaganda and pilot units -------------------------------------------------------------------


def _propaganda_url(node: Organization, year: int) -> str:
    return f"{reverse('study:propaganda', args=[node.pk])}?year={year}"


@login_required
def propaganda(request: HttpRequest, org_id: int) -> HttpResponse:
    node = node_for(request, org_id)
    year = year_of(request)
    user = user_of(request)
    context = unit_context(request, node, year, "propaganda")
    context["page"] = paginate(request, selectors.propaganda(user, node, year))
    context["page_query"] = f"year={year}&"
    context["pilots"] = list(selectors.pilots(user, node, year))
    return render(request, "study/propaganda.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def propaganda_form(request: HttpRequest, org_id: int | None = None, pk: int | None = None) -> HttpResponse:
    user = user_of(request)
    activity = (
        scoped_get(
            request, PropagandaActivity.objects.select_related("organization"), Capability.MANAGE_CAMPAIGN, pk=pk
        )
        if pk
        else None
    )
    node = activity.organization if activity else node_for(request, org_id or 0, Capability.MANAGE_CAMPAIGN)
    initial = {} if activity else {"year": year_of(request)}
    form = PropagandaForm(request.POST or None, instance=activity, node=node, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.save_propaganda(
                actor=user,
                organization=node,
                activity=activity,
                expected_version=version_of(form),
                **form.service_fields(),
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            form_error(form, exc)
        else:
            flash(request, _("The activity was saved."))
            return redirect(_propaganda_url(node, activity.year))
    title = _("Edit a propaganda activity") if activity else _("Record a propaganda activity")
    back = _propaganda_url(node, activity.year if activity else year_of(request))
    return render(request, "study/form.html", {"form": form, "org": node, "title": title, "back_url": back})


@login_required
@require_POST
def propaganda_delete(request: HttpRequest, pk: int) -> HttpResponse:
    activity = scoped_get(
        request, PropagandaActivity.objects.select_related("organization"), Capability.MANAGE_CAMPAIGN, pk=pk
    )
    try:
        services.delete_propaganda(actor=user_of(request), activity=activity)
    except PermissionDenied:
        raise Http404 from None
    flash(request, _("The activity was deleted."))
    return redirect(_propaganda_url(activity.organization, activity.year))


@login_required
@require_http_methods(["GET", "POST"])
def pilot_form(request: HttpRequest, org_id: int | None = None, pk: int | None = None) -> HttpResponse:
    """Choose a unit below as a pilot unit (chỉ đạo điểm) for a year, or edit the record."""
    user = user_of(request)
    pilot = (
        scoped_get(request, PilotUnit.objects.select_related("designated_by", "organization"), Capability.VIEW, pk=pk)
        if pk
        else None
    )
    node = pilot.designated_by if pilot else node_for(request, org_id or 0, Capability.MANAGE_CAMPAIGN)
    if pilot and not selectors.can_manage(user, node):
        raise Http404
    initial = {} if pilot else {"year": year_of(request)}
    form = PilotForm(request.POST or None, instance=pilot, node=node, initial=initial)
    query = request.GET.get("q", "")
    _shown, more = narrow_choices(form.fields["unit"], query, form.data.get("unit") or form.initial.get("unit"))  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        try:
            pilot = services.save_pilot(
                actor=user,
                designated_by=node,
                unit=form.cleaned_data["unit"],
                pilot=pilot,
                expected_version=version_of(form),
                **fields,
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            form_error(form, exc)
        else:
            flash(request, _("The pilot unit was saved."))
            return redirect(_propaganda_url(node, pilot.year))
    title = _("Edit a pilot unit") if pilot else _("Choose a pilot unit")
    back = _propaganda_url(node, pilot.year if pilot else year_of(request))
    context = {"form": form, "org": node, "title": title, "back_url": back, "unit_search": query, "more_units": more}
    return render(request, "study/form.html", context)


@login_required
@require_POST
def pilot_delete(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = scoped_get(request, PilotUnit.objects.select_related("designated_by"), Capability.VIEW, pk=pk)
    try:
        services.delete_pilot(actor=user_of(request), pilot=pilot)
    except PermissionDenied:
        raise Http404 from None
    flash(request, _("The pilot unit was removed."))
    return redirect(_propaganda_url(pilot.designated_by, pilot.year))
