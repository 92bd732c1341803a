"""Pages of nominations and decisions: the hub, a level's page, a nomination with its history and
the forms that propose, send, decide, link work and add evidence; a decision and its files.

Thin: reads through `scoped_get` and the selectors, writes through the services. What the user
does not reach with the needed capability answers 404 (never 403). Yearbooks are in views_yearbook.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lamtheo.accounts.models import User
from lamtheo.core.forms import apply_errors
from lamtheo.core.views_base import paginate, scoped_get
from lamtheo.documents.api import content_disposition, safe_filename
from lamtheo.organizations.models import Organization
from lamtheo.organizations.scoping import Capability
from lamtheo.organizations.selectors import ancestors_visible, parent_of, reaches

from . import decision, selectors, services, workflow
from .forms import CallForm, DecideForm, EvidenceForm, LinkForm, NominationEditForm, NominationForm, VersionForm
from .models import Commendation, Nomination, NominationState

FORMATS = ("docx", "pdf", "xlsx")


def user_of(request: HttpRequest) -> User:
    return cast(User, request.user)


def node_for(request: HttpRequest, org_id: int, capability: Capability = Capability.VIEW) -> Organization:
    node = get_object_or_404(Organization, pk=org_id)
    if not reaches(user_of(request), node, capability):
        raise Http404
    return node


def _version(form: Any) -> int | None:
    value = form.cleaned_data.get("version") if form.is_valid() else None
    return int(value) if value else None


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The units the user works for, with the nominations waiting at each."""
    user = user_of(request)
    units = selectors.viewed_units(user)
    counts = selectors.pending_counts(user, units)
    rows = [(u, counts.get(u.pk, 0), selectors.can_manage(user, u)) for u in units]
    return render(request, "honours/index.html", {"rows": rows})


@login_required
@require_GET
def unit(request: HttpRequest, org_id: int) -> HttpResponse:
    """A level's page: nominations waiting here, what it proposed, its calls, decisions and yearbooks."""
    user = user_of(request)
    node = node_for(request, org_id)
    state = request.GET.get("state", "")
    incoming = selectors.state_filter(selectors.incoming(user, node), state)
    children = selectors.children(user, node)
    context = {
        "org": node,
        "crumbs": ancestors_visible(user, node),
        "can_manage": selectors.can_manage(user, node),
        "page": paginate(request, incoming, per_page=30),
        "state": state,
        "states": NominationState.choices,
        "outgoing": list(selectors.outgoing(user, node)[:50]),
        "forwarded": list(selectors.decided_here(user, node)[:50]),
        "calls": list(selectors.calls_for(user, node)[:10]),
        "decisions": list(selectors.commendations_of(user, node)[:20]),
        "yearbooks": list(selectors.yearbooks_for(user).filter(organization=node)[:10]),
        "children": children,
        "has_parent": node.depth > 1,
    }
    return render(request, "honours/unit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def nomination_new(request: HttpRequest, org_id: int) -> HttpResponse:
    """Propose a person or a collective of this unit."""
    user = user_of(request)
    node = node_for(request, org_id, Capability.MANAGE_CAMPAIGN)
    search = request.GET.get("q", "").strip()[:100]
    form = NominationForm(request.POST or None, user=user, unit=node, search=search)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            nomination = services.create_nomination(
                actor=user,
                proposer=node,
                person=data["person"],
                unit=data["unit"],
                category=data["category"],
                call=data["call"],
                date_from=data["date_from"],
                date_to=data["date_to"],
                achievements=data["achievements"],
                own_level=bool(data["own_level"]) or node.depth == 1,
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The nomination was saved."))
            return redirect("honours:nomination", nomination.pk)
    context = {"form": form, "org": node, "search": search, "has_parent": node.depth > 1}
    return render(request, "honours/nomination_form.html", context)


def _nomination(request: HttpRequest, pk: int, capability: Capability = Capability.VIEW) -> Nomination:
    return scoped_get(request, Nomination.objects.select_related(*selectors.LIST_RELATED), capability, pk=pk)


@login_required
@require_GET
def nomination(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    item = _nomination(request, pk)
    roles = services.roles_on(user, item)
    actions = workflow.available(item.state, roles)
    if workflow.Action.FORWARD in actions and parent_of(item.level) is None:
        actions.remove(workflow.Action.FORWARD)
    regs, reports = selectors.linkable_work(item) if roles else ([], [])
    context = {
        "item": item,
        "roles": roles,
        "can_edit": workflow.Action.SAVE in actions,
        "can_submit": workflow.Action.SUBMIT in actions,
        "can_decide": any(a in workflow.DECISIONS for a in actions),
        "outcomes": selectors.outcomes(item),
        "history": selectors.history(item),
        "evidence": selectors.evidence(item),
        "linked_regs": list(item.registrations.all()),
        "linked_reports": list(item.self_reports.select_related("registration")),
        "link_form": LinkForm(
            initial={
                "registrations": [r.pk for r in item.registrations.all()],
                "self_reports": [s.pk for s in item.self_reports.all()],
            },
            regs=regs,
            reports=reports,
        )
        if roles
        else None,
        "evidence_form": EvidenceForm() if roles and item.state != NominationState.DECLINED else None,
    }
    return render(request, "honours/nomination.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def nomination_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    item = _nomination(request, pk, Capability.MANAGE_CAMPAIGN)
    initial = {
        "version": item.version,
        "category": item.category_id,
        "date_from": item.date_from,
        "date_to": item.date_to,
        "achievements": item.achievements,
    }
    form = NominationEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_nomination(
                actor=user,
                nomination=item,
                expected_version=data.get("version"),
                category=data["category"],
                date_from=data["date_from"],
                date_to=data["date_to"],
                achievements=data["achievements"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The nomination was saved."))
            return redirect("honours:nomination", item.pk)
    return render(request, "honours/nomination_edit.html", {"form": form, "item": item})


@login_required
@require_POST
def nomination_submit(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    item = _nomination(request, pk, Capability.MANAGE_CAMPAIGN)
    form = VersionForm(request.POST)
    try:
        services.submit_nomination(actor=user, nomination=item, expected_version=_version(form))
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The nomination was sent to %(level)s.") % {"level": item.level.name})
    return redirect("honours:nomination", item.pk)


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The deciding level's form: commend, reward, forward or decline."""
    user = user_of(request)
    item = _nomination(request, pk)
    if not reaches(user, item.level, Capability.MANAGE_CAMPAIGN):
        raise Http404
    form = DecideForm(request.POST or None, initial={"version": item.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decide(
                actor=user,
                nomination=item,
                expected_version=data.get("version"),
                kind=data["kind"],
                reward_form=data["reward_form"],
                number=data["number"],
                decided_on=data["decided_on"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("honours:unit", item.level_id if data["kind"] != "forward" else _level_before(item))
    context = {"form": form, "item": item, "has_parent": item.level.depth > 1, "outcomes": selectors.outcomes(item)}
    return render(request, "honours/decide.html", context)


def _level_before(item: Nomination) -> int:
    """After forwarding, back to the level that forwarded (the last outcome's level)."""
    last = item.outcomes.order_by("-pk").first()
    return last.level_id if last else item.level_id


@login_required
@require_POST
def links(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    item = _nomination(request, pk)
    if not services.roles_on(user, item):
        raise Http404
    regs, reports = selectors.linkable_work(item)
    form = LinkForm(request.POST, regs=regs, reports=reports)
    if not form.is_valid():
        messages.error(request, _("Choose only the nominee's own registrations and results."))
        return redirect("honours:nomination", item.pk)
    try:
        services.link_work(
            actor=user,
            nomination=item,
            registrations=form.cleaned_data["registrations"],
            self_reports=form.cleaned_data["self_reports"],
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The links were saved."))
    return redirect("honours:nomination", item.pk)


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    item = _nomination(request, pk)
    if not services.roles_on(user, item):
        raise Http404
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_evidence(
                actor=user, nomination=item, upload=form.cleaned_data["upload"], caption=form.cleaned_data["caption"]
            )
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("The file was added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
    return redirect("honours:nomination", item.pk)


@login_required
@require_GET
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    item = scoped_get(request, selectors.evidence_for(user_of(request)), pk=pk)
    response = FileResponse(item.file.open("rb"))
    extension = item.file.name.rsplit(".", 1)[-1]
    response["Content-Disposition"] = content_disposition(
        safe_filename(item.file_name or "minh-chung", extension), attachment=not item.is_photo
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def call_new(request: HttpRequest, org_id: int) -> HttpResponse:
    user = user_of(request)
    node = node_for(request, org_id, Capability.MANAGE_CAMPAIGN)
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_call(actor=user, organization=node, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The call was sent to the lower levels."))
            return redirect("honours:unit", node.pk)
    return render(request, "honours/simple_form.html", {"form": form, "org": node, "title": _("Ask for nominations")})


@login_required
@require_GET
def commendation(request: HttpRequest, pk: int) -> HttpResponse:
    item = scoped_get(request, Commendation.objects.select_related("organization"), pk=pk)
    context = {"item": item, "rows": selectors.annex(item), "formats": FORMATS}
    return render(request, "honours/commendation.html", context)


@login_required
@require_GET
def commendation_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    item = scoped_get(request, Commendation.objects.select_related("organization"), pk=pk)
    if fmt not in FORMATS:
        raise Http404
    data, content_type, extension = decision.render(item, fmt)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(safe_filename(decision.filename(item), extension))
    response["X-Content-Type-Options"] = "nosniff"
    return response
