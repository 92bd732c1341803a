"""Inspection pages: the list, a plan with its team and criteria, an inspected unit's evidence,
assessments and findings, the conclusion notice with its requirements, a requirement's follow-up.

Thin views: reads through `scoped_get` and the selectors, writes through the services. Whatever
the user may not reach or do answers 404 (never 403).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lamtheo.accounts.models import User
from lamtheo.core.forms import apply_errors
from lamtheo.core.views_base import scoped_get
from lamtheo.organizations.models import Organization
from lamtheo.organizations.scoping import Capability
from lamtheo.study.uploads import content_type

from . import access, selectors, services
from . import notice as notice_module
from .forms import (
    AssessmentForm,
    ConclusionForm,
    CriterionForm,
    DecisionForm,
    FindingForm,
    PlanForm,
    ReportForm,
    RequirementForm,
    ShortcomingsForm,
    TeamForm,
)
from .models import (
    Assessment,
    Conclusion,
    Criterion,
    Finding,
    InspectedUnit,
    Inspection,
    InspectionState,
    ReportFile,
    Requirement,
    RequirementShortcoming,
    RequirementState,
)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    return scoped_get(request, Inspection.objects.select_related("organization"), pk=pk)


def _sees_all(user: User, inspection: Inspection) -> bool:
    """Managers, the team and whoever reads the planning node see the whole file; inspected units
    see the plan, the notice and their requirements."""
    return selectors.can_work(user, inspection) or selectors.reaches(user, inspection.organization, Capability.VIEW)


def _full(request: HttpRequest, pk: int) -> Inspection:
    inspection = _inspection(request, pk)
    if not _sees_all(_user(request), inspection):
        raise Http404
    return inspection


# --- the list and the plan ------------------------------------------------------------------------


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    access.refresh(request)
    inspections = list(selectors.inspections_for(user).order_by("-year", "-starts_on", "-pk")[:100])
    mine = set(selectors.inspections_for(user).filter(team__user_id=user.pk).values_list("pk", flat=True))
    planners = sorted(
        {
            a.organization
            for a in selectors.active_assignments(user)
            if selectors.can_plan(user, a.organization) and not a.organization.is_cell
        },
        key=lambda o: o.path,
    )
    if user.is_superuser:
        planners = list(Organization.get_root_nodes())
    requirements = list(
        selectors.requirements_for(user)
        .filter(unit_id__in=selectors.speaking_units(user))
        .exclude(state=RequirementState.ACCEPTED)
        .filter(inspection__state=InspectionState.CONCLUDED)
        .order_by("deadline", "pk")[:50]
    )
    return render(
        request,
        "inspections/home.html",
        {
            "inspections": inspections,
            "mine": mine,
            "planners": planners,
            "requirements": requirements,
            "today": selectors.today(),
        },
    )


def _plan_form(request: HttpRequest, node: Organization, **kwargs: Any) -> PlanForm:
    return PlanForm(request.POST or None, units=selectors.unit_candidates(_user(request), node), **kwargs)


def _plan_values(form: PlanForm) -> dict[str, Any]:
    data = form.cleaned_data
    return {
        "kind": data["kind"],
        "year": data["year"],
        "subject": data["subject"],
        "period_from": data["period_from"],
        "period_to": data["period_to"],
        "starts_on": data["starts_on"],
        "ends_on": data["ends_on"],
        "units": list(data["units"]),
    }


@login_required
def create(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    node = scoped_get(request, Organization.objects.all(), Capability.MANAGE_CAMPAIGN, pk=pk)
    if node.is_cell:
        raise Http404
    year = selectors.today().year
    form = _plan_form(
        request,
        node,
        initial={"year": year, "period_from": dt.date(year, 1, 1), "period_to": selectors.today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            inspection = services.create_inspection(actor=user, organization=node, **_plan_values(form))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The plan is saved. Now name the team."))
            return redirect("inspections:team", inspection.pk)
    return render(request, "inspections/plan_form.html", {"form": form, "node": node, "inspection": None})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    access.refresh(request)
    inspection = _inspection(request, pk)
    full = _sees_all(user, inspection)
    context: dict[str, Any] = {
        "inspection": inspection,
        "full": full,
        "manage": selectors.can_manage(user, inspection),
        "lead": selectors.can_lead(user, inspection),
        "team_role": selectors.team_role(user, inspection),
        "conclusion": Conclusion.objects.filter(inspection=inspection).first(),
        "today": selectors.today(),
    }
    if full:
        context.update(selectors.detail(inspection))
    else:
        context["requirements"] = list(
            selectors.requirements_for(user).filter(inspection=inspection).order_by("deadline", "pk")
        )
        context["units"] = [selectors.UnitView(u, [], []) for u in inspection.units.select_related("unit")]
    return render(request, "inspections/detail.html", context)


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    inspection = _inspection(request, pk)
    if not selectors.can_manage(user, inspection):
        raise Http404
    initial = {
        "version": inspection.version,
        "kind": inspection.kind,
        "year": inspection.year,
        "subject": inspection.subject,
        "units": [iu.unit_id for iu in inspection.units.all()],
        "period_from": inspection.period_from,
        "period_to": inspection.period_to,
        "starts_on": inspection.starts_on,
        "ends_on": inspection.ends_on,
    }
    form = _plan_form(request, inspection.organization, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_inspection(
                actor=user, inspection=inspection, expected_version=form.cleaned_data["version"], **_plan_values(form)
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("inspections:detail", inspection.pk)
    return render(
        request, "inspections/plan_form.html", {"form": form, "node": inspection.organization, "inspection": inspection}
    )


@login_required
def team(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    inspection = _inspection(request, pk)
    if not selectors.can_manage(user, inspection):
        raise Http404
    rows = list(inspection.team.all())
    initial = {
        "head": next((r.user_id for r in rows if r.role == "head"), None),
        "members": [r.user_id for r in rows if r.role != "head"],
    }
    form = TeamForm(request.POST or None, users=selectors.team_candidates(user, inspection), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_team(
                actor=user,
                inspection=inspection,
                head=form.cleaned_data["head"],
                members=list(form.cleaned_data["members"]),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The team is saved."))
            return redirect("inspections:detail", inspection.pk)
    return render(request, "inspections/team.html", {"form": form, "inspection": inspection})


@login_required
def criteria(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    inspection = _inspection(request, pk)
    if not selectors.can_lead(user, inspection):
        raise Http404
    form = CriterionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_criterion(actor=user, inspection=inspection, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The criterion is added."))
            return redirect("inspections:criteria", inspection.pk)
    rows = list(inspection.criteria.order_by("position", "pk"))
    return render(request, "inspections/criteria.html", {"form": form, "inspection": inspection, "rows": rows})


@login_required
@require_POST
def criterion_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    criterion = scoped_get(request, Criterion.objects.select_related("inspection__organization"), pk=pk)
    if not selectors.can_lead(user, criterion.inspection):
        raise Http404
    try:
        services.remove_criterion(actor=user, criterion=criterion)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The criterion is removed."))
    return redirect("inspections:criteria", criterion.inspection_id)


@login_required
@require_POST
def change_state(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = _user(request)
    inspection = _inspection(request, pk)
    actions: dict[str, Any] = {
        "open": services.open_inspection,
        "issue": services.issue_conclusion,
        "close": services.close_inspection,
    }
    if action not in actions or not selectors.can_manage(user, inspection):
        raise Http404
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        actions[action](actor=user, inspection=inspection, expected_version=version)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        done = {
            "open": _("The inspection is open: the team now reads the units' data of the period."),
            "issue": _("The conclusion is issued. The team's access to the units' data has ended."),
            "close": _("The inspection is closed."),
        }
        messages.success(request, done[action])
    return redirect("inspections:detail", inspection.pk)


# --- an inspected unit ------------------------------------------------------------------------------


def _inspected(request: HttpRequest, pk: int) -> InspectedUnit:
    found = scoped_get(request, InspectedUnit.objects.select_related("unit", "inspection__organization"), pk=pk)
    if not selectors.can_work(_user(request), found.inspection) and not selectors.reaches(
        _user(request), found.inspection.organization, Capability.VIEW
    ):
        raise Http404
    return found


def _unit_page(request: HttpRequest, found: InspectedUnit, finding_form: FindingForm | None = None) -> HttpResponse:
    user = _user(request)
    inspection = found.inspection
    work = selectors.can_work(user, inspection) and inspection.is_open
    assessments = list(found.assessments.select_related("criterion").order_by("criterion__position", "criterion_id"))
    forms = [
        (a, AssessmentForm(prefix=f"a{a.pk}", initial={"version": a.version, "grade": a.grade, "notes": a.notes}))
        for a in assessments
    ]
    context = {
        "inspection": inspection,
        "found": found,
        "forms": forms,
        "work": work,
        "findings": list(found.findings.select_related("criterion").order_by("kind", "pk")),
        "finding_form": finding_form
        or FindingForm(criteria=inspection.criteria.all(), initial={"kind": "shortcoming"}),
        "data": selectors.unit_data(user, found),
    }
    return render(request, "inspections/unit.html", context, status=400 if finding_form is not None else 200)


@login_required
def unit(request: HttpRequest, pk: int) -> HttpResponse:
    found = _inspected(request, pk)
    access.refresh(request)
    if request.method == "POST":
        try:
            services.refresh_evidence(actor=_user(request), unit=found)
        except ValidationError as exc:
            if exc.code == "denied":
                raise Http404 from exc
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The evidence is computed again from the data."))
        return redirect("inspections:unit", found.pk)
    return _unit_page(request, found)


@login_required
@require_POST
def finding_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    found = _inspected(request, pk)
    if not selectors.can_work(user, found.inspection):
        raise Http404
    form = FindingForm(request.POST, criteria=found.inspection.criteria.all())
    if form.is_valid():
        try:
            services.add_finding(actor=user, unit=found, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The finding is recorded."))
            return redirect("inspections:unit", found.pk)
    return _unit_page(request, found, form)


@login_required
@require_POST
def assess(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    assessment = scoped_get(
        request, Assessment.objects.select_related("criterion", "unit__inspection__organization"), pk=pk
    )
    if not selectors.can_work(user, assessment.unit.inspection):
        raise Http404
    form = AssessmentForm(request.POST, prefix=f"a{assessment.pk}")
    if form.is_valid():
        try:
            services.assess(
                actor=user,
                assessment=assessment,
                expected_version=form.cleaned_data["version"],
                grade=form.cleaned_data["grade"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The assessment is saved."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("inspections:unit", assessment.unit_id)


@login_required
@require_POST
def finding_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    finding = scoped_get(request, Finding.objects.select_related("unit__inspection__organization"), pk=pk)
    if not selectors.can_work(user, finding.unit.inspection):
        raise Http404
    try:
        services.delete_finding(actor=user, finding=finding)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("inspections:unit", finding.unit_id)


# --- the conclusion notice --------------------------------------------------------------------------


def _requirement_units(inspection: Inspection) -> Any:
    paths = [iu.unit.path for iu in inspection.units.select_related("unit")]
    from django.db.models import Q

    condition = Q(pk__in=[])
    for path in paths:
        condition |= Q(path__startswith=path)
    return Organization.objects.filter(condition).order_by("path")


@login_required
def conclusion(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    inspection = _inspection(request, pk)
    if not selectors.can_lead(user, inspection):
        raise Http404
    current = Conclusion.objects.filter(inspection=inspection).first()
    action = request.POST.get("action") if request.method == "POST" else None
    conclusion_form = ConclusionForm(
        request.POST if action == "conclusion" else None,
        initial={
            "version": current.version if current else None,
            "number": current.number if current else "",
            "place": current.place if current else "",
            "summary": current.summary if current else "",
            "signer_name": current.signer_name if current else "",
            "signer_position": current.signer_position if current else "",
        },
    )
    requirement_form = RequirementForm(
        request.POST if action == "requirement" else None, units=_requirement_units(inspection)
    )
    if action == "conclusion" and conclusion_form.is_valid():
        data = conclusion_form.cleaned_data
        try:
            services.save_conclusion(
                actor=user,
                inspection=inspection,
                expected_version=data.pop("version"),
                **data,
            )
        except ValidationError as exc:
            apply_errors(conclusion_form, exc)
        else:
            messages.success(request, _("The conclusion is saved."))
            return redirect("inspections:conclusion", inspection.pk)
    elif action == "requirement" and requirement_form.is_valid():
        try:
            services.add_requirement(actor=user, inspection=inspection, **requirement_form.cleaned_data)
        except ValidationError as exc:
            apply_errors(requirement_form, exc)
        else:
            messages.success(request, _("The requirement is added."))
            return redirect("inspections:conclusion", inspection.pk)
    elif request.method == "POST" and action not in ("conclusion", "requirement"):
        raise Http404
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "inspections/conclusion.html",
        {
            "inspection": inspection,
            "conclusion_form": conclusion_form,
            "requirement_form": requirement_form,
            "requirements": list(inspection.requirements.select_related("unit").order_by("deadline", "pk")),
            "current": current,
            "manage": selectors.can_manage(user, inspection),
        },
        status=status,
    )


@login_required
@require_POST
def requirement_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    found = scoped_get(request, Requirement.objects.select_related("inspection__organization"), pk=pk)
    if not selectors.can_lead(user, found.inspection):
        raise Http404
    try:
        services.delete_requirement(actor=user, requirement=found)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("inspections:conclusion", found.inspection_id)


@login_required
def notice(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    inspection = _inspection(request, pk)
    if fmt not in ("docx", "pdf") or not Conclusion.objects.filter(inspection=inspection).exists():
        raise Http404
    if inspection.state == InspectionState.OPEN and not selectors.can_lead(_user(request), inspection):
        raise Http404  # a draft is read by its authors only
    from lamtheo.documents import file_response

    return file_response(notice_module.notice_document(inspection), fmt, notice_module.filename(inspection, fmt))


# --- follow-up ------------------------------------------------------------------------------------


@login_required
def requirement(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    found = scoped_get(request, Requirement.objects.select_related("unit", "inspection__organization"), pk=pk)
    inspection = found.inspection
    unit_side = selectors.is_unit_side(user, found.unit)
    decides = selectors.is_team(user, inspection) or selectors.can_lead(user, inspection)
    action = request.POST.get("action") if request.method == "POST" else None
    report_form = ReportForm(
        request.POST if action == "report" else None,
        request.FILES if action == "report" else None,
        initial={"version": found.version},
    )
    decision_form = DecisionForm(request.POST if action == "decide" else None)
    shortcoming_form = ShortcomingsForm(
        request.POST if action == "shortcomings" else None,
        people=selectors.people_of(user, found.unit),
        initial={"text": found.text},
    )
    reports = list(found.reports.select_related("reported_by", "decided_by").prefetch_related("files"))
    if action == "report":
        if not unit_side:
            raise Http404
        if report_form.is_valid():
            try:
                services.report_requirement(
                    actor=user,
                    requirement=found,
                    expected_version=report_form.cleaned_data["version"],
                    text=report_form.cleaned_data["text"],
                    files=report_form.cleaned_data["attachments"],
                )
            except ValidationError as exc:
                apply_errors(report_form, exc)
            else:
                messages.success(request, _("The report is sent to the team."))
                return redirect("inspections:requirement", found.pk)
    elif action == "decide":
        if not decides:
            raise Http404
        pending = next((r for r in reports if not r.decision), None)
        if pending is None:
            decision_form.add_error(None, _("There is no report waiting for a decision."))
        elif decision_form.is_valid():
            try:
                services.decide_report(actor=user, report=pending, **decision_form.cleaned_data)
            except ValidationError as exc:
                apply_errors(decision_form, exc)
            else:
                messages.success(request, _("The decision is recorded."))
                return redirect("inspections:requirement", found.pk)
    elif action == "shortcomings":
        if not unit_side:
            raise Http404
        if shortcoming_form.is_valid():
            try:
                services.record_shortcomings(
                    actor=user,
                    requirement=found,
                    people=list(shortcoming_form.cleaned_data["people"]),
                    text=shortcoming_form.cleaned_data["text"],
                )
            except ValidationError as exc:
                apply_errors(shortcoming_form, exc)
            else:
                messages.success(request, _("The shortcomings are recorded in the notebooks."))
                return redirect("inspections:requirement", found.pk)
    elif request.method == "POST":
        raise Http404
    concluded = inspection.state == InspectionState.CONCLUDED
    context = {
        "requirement": found,
        "inspection": inspection,
        "reports": reports,
        "report_form": report_form,
        "decision_form": decision_form,
        "shortcoming_form": shortcoming_form,
        "can_report": unit_side and concluded and found.state in (RequirementState.OPEN, RequirementState.RETURNED),
        "can_decide": decides and concluded and found.state == RequirementState.REPORTED,
        "can_record": unit_side and inspection.state in (InspectionState.CONCLUDED, InspectionState.CLOSED),
        "shortcomings": [
            link.shortcoming
            for link in RequirementShortcoming.objects.filter(requirement=found).select_related("shortcoming__person")
        ],
        "today": selectors.today(),
    }
    return render(request, "inspections/requirement.html", context, status=400 if action else 200)


@login_required
def report_file(request: HttpRequest, pk: int) -> FileResponse:
    found = scoped_get(request, ReportFile.objects.all(), pk=pk)
    try:
        handle = found.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=found.name, content_type=content_type(found.file.name))
