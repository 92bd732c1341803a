"""Pages of the results part: self-report, evidence, evaluation, printing, the cell overview.

Thin: reads come from selectors_results / overview, writes from services_results. Objects the
user does not reach with the needed capability answer 404 (never 403).
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lamtheo.accounts.models import User
from lamtheo.core.exceptions import ConcurrentEditError
from lamtheo.core.views_base import scoped_get
from lamtheo.organizations.models import Organization, Person
from lamtheo.organizations.scoping import Capability

from . import printing, selectors_results, services_results
from .forms_results import EvaluationForm, SelfReportForm, apply_errors
from .models import Evidence, Registration, RegistrationState, ReportPeriod
from .services_results import PHOTO_FORMATS, thumb_name

PHOTO_TYPES = dict(PHOTO_FORMATS.values())

MIN_YEAR, MAX_YEAR = 2000, 2100


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _year(value: Any) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404
    return year


def notebook_url(person_id: int, year: int, user: Any = None) -> str:
    """The person's notebook page for `year` (the member's own is "my notebook")."""
    if user is not None and selectors_results.is_own(user, person_id):
        return f"{reverse('notebook:mine')}?year={year}"
    return f"{reverse('notebook:person', args=[person_id])}?year={year}"


# --- self-report --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def self_report(request: HttpRequest, registration_id: int, period: str) -> HttpResponse:
    user = _user(request)
    if period not in ReportPeriod.values:
        raise Http404
    registration = scoped_get(
        request,
        Registration.objects.select_related("organization", "person"),
        pk=registration_id,
        person__isnull=False,
    )
    if not selectors_results.can_report(user, registration):
        raise Http404
    newest = selectors_results.reportable_registration(user, registration.person_id, registration.year)  # type: ignore[arg-type]
    if newest is not None and newest.pk != registration.pk:
        return redirect("notebook:self_report", newest.pk, period)
    context: dict[str, Any] = {
        "registration": registration,
        "person": registration.person,
        "period": period,
        "period_label": ReportPeriod(period).label,
        "on_behalf": not selectors_results.is_own(user, registration.person_id),
        "back_url": notebook_url(registration.person_id, registration.year, user),  # type: ignore[arg-type]
    }
    if registration.state != RegistrationState.APPROVED:
        return render(request, "notebook/results_not_open.html", context)
    report = selectors_results.self_report_for(user, registration, period)
    pledges = list(selectors_results.pledges_of(registration))
    evidence = list(report.evidence.all()) if report else []
    if request.method == "POST":
        form = SelfReportForm(request.POST, request.FILES, pledges=pledges, report=report, evidence=evidence)
        if form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                services_results.save_self_report(
                    actor=user,
                    registration=registration,
                    period=period,
                    items=form.item_results(),
                    summary=form.cleaned_data["summary"],
                    submit=submit,
                    expected_version=form.cleaned_data["version"],
                    photos=form.prepared,
                    remove_evidence=form.cleaned_data.get("remove_evidence") or [],
                )
            except ConcurrentEditError as exc:
                form.add_error(None, exc)
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                if submit:
                    messages.success(request, _("The self-report was sent to the cell."))
                else:
                    messages.success(request, _("The self-report was saved as a draft."))
                return redirect(context["back_url"])
    else:
        earlier = None
        if report is None:
            earlier = selectors_results.self_reports(user, registration.person_id, registration.year).get(period)  # type: ignore[arg-type]
        form = SelfReportForm(pledges=pledges, report=report, evidence=evidence, carry_from=earlier)
    context.update({"form": form, "report": report, "evidence": evidence})
    return render(request, "notebook/results_self_report.html", context)


@login_required
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence photo (or its thumbnail with ?size=thumb) for those who may read the report."""
    found = scoped_get(request, Evidence.objects.all(), pk=pk)
    storage = found.file.storage
    name = found.file.name
    if request.GET.get("size") == "thumb" and storage.exists(thumb_name(name)):
        name = thumb_name(name)
    try:
        handle = storage.open(name, "rb")
    except OSError:
        raise Http404 from None
    content_type = PHOTO_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'"
    return response


# --- evaluation ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def evaluation(request: HttpRequest, person_id: int, year: int) -> HttpResponse:
    user = _user(request)
    year = _year(year)
    person = scoped_get(request, Person.objects.select_related("cell"), Capability.EVALUATE, pk=person_id)
    current = selectors_results.evaluation_for(user, person.pk, year)
    if request.method == "POST":
        form = EvaluationForm(request.POST)
        if form.is_valid():
            try:
                services_results.save_evaluation(
                    actor=user,
                    person=person,
                    year=year,
                    text=form.cleaned_data["text"],
                    level=form.cleaned_data["level"],
                    expected_version=form.cleaned_data["version"],
                )
            except ConcurrentEditError as exc:
                form.add_error(None, exc)
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The cell's evaluation was saved."))
                return redirect("notebook:evaluation", person.pk, year)
    else:
        initial: dict[str, Any] = {"version": current.version if current else 0}
        if current:
            initial.update({"text": current.text, "level": current.level})
        form = EvaluationForm(initial=initial)
    registration = selectors_results.reportable_registration(user, person.pk, year)
    context = {
        "person": person,
        "year": year,
        "form": form,
        "current": current,
        "registration": registration,
        "pledges": list(selectors_results.pledges_of(registration)) if registration else [],
        "reports": selectors_results.self_reports(user, person.pk, year),
        "back_url": notebook_url(person.pk, year, user),
    }
    return render(request, "notebook/results_evaluation.html", context)


# --- printing ------------------------------------------------------------------------------------


@login_required
def print_notebook(request: HttpRequest, person_id: int, year: int) -> HttpResponse:
    """The printable notebook of a member for a year: ?format=pdf (default) or docx."""
    user = _user(request)
    year = _year(year)
    fmt = request.GET.get("format", "pdf").lower()
    if fmt not in ("pdf", "docx"):
        raise Http404
    person = scoped_get(request, Person.objects.select_related("cell"), pk=person_id)
    document = printing.notebook_document(user, person, year)
    return printing.response(document, fmt, printing.filename(person, year, fmt))


# --- overview ------------------------------------------------------------------------------------


@login_required
def overview(request: HttpRequest, org_id: int) -> HttpResponse:
    """Who has not registered, reported or been evaluated: a cell's people, or counts per cell above."""
    user = _user(request)
    org = scoped_get(request, Organization.objects.all(), pk=org_id)
    if not selectors_results.reaches(user, org, Capability.VIEW):
        raise Http404  # a member sees their own cell's page, not its overview
    raw_year = request.GET.get("year")
    year = _year(raw_year) if raw_year else timezone.localdate().year
    context: dict[str, Any] = {"org": org, "year": year, "years": _year_choices(year)}
    context["breadcrumb"] = selectors_results.breadcrumb(user, org)
    if org.is_cell:
        context["cell"] = selectors_results.cell_overview(user, org, year)
        context["can_evaluate"] = selectors_results.reaches(user, org, Capability.EVALUATE)
        return render(request, "notebook/overview_cell.html", context)
    context["tree"] = selectors_results.subtree_overview(user, org, year, page=request.GET.get("page"))
    context["page_query"] = f"year={year}&"
    return render(request, "notebook/overview_tree.html", context)


def _year_choices(year: int) -> list[int]:
    this_year = timezone.localdate().year
    return sorted({*range(this_year - 3, this_year + 2), year}, reverse=True)
