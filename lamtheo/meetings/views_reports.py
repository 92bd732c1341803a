"""Member-report pages: the report with its history; the member's draft (prefilled from the
notebook) and final version; the committee's review, the record of the presentation, the
members' comments, the chair's conclusion, moving or cancelling a report.

A page the user's role does not open answers 404, like an object outside their reach.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lamtheo.accounts.models import User
from lamtheo.core.views_base import scoped_get
from lamtheo.organizations.forms import apply_errors
from lamtheo.organizations.models import Person, PersonKind
from lamtheo.organizations.scoping import Capability, visible_to

from . import prefill, selectors, services_reports, workflow
from .forms import ActionForm, CommentsForm, ConcludeForm, MoveForm, ReportForm, ReviewForm
from .models import Meeting, MeetingState, MemberReport, ReportState

MANAGE = Capability.MANAGE_MEETINGS


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _report(request: HttpRequest, pk: int, capability: Capability = Capability.VIEW) -> MemberReport:
    return scoped_get(request, selectors.report_queryset(), capability, pk=pk)


def _require_role(request: HttpRequest, report: MemberReport, action: workflow.Action) -> workflow.Role:
    role = workflow.pick_role(action, selectors.roles_on(_user(request), report, report.meeting.cell))
    if role is None:
        raise Http404
    return role


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    found = _report(request, pk)
    view = selectors.report_view(_user(request), found)
    return render(request, "meetings/report.html", {"view": view, "report": found, "form": ActionForm()})


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The member writes the draft (prefilled the first time) or, after the conclusion, the final version."""
    found = _report(request, pk)
    role = _require_role(request, found, workflow.Action.SAVE)
    if not workflow.is_allowed(found.state, workflow.Action.SAVE, role):
        messages.info(request, _("This report cannot be changed now."))
        return redirect("meetings:report", found.pk)
    initial = {key: getattr(found, key) for key in prefill.FIELDS}
    prefilled = found.state == ReportState.ASSIGNED and not any(initial.values())
    if prefilled:
        initial = prefill.draft(found)
    initial["version"] = found.version
    form = ReportForm(request.POST or None, initial=initial)
    final = found.state == ReportState.CONCLUDED
    if request.method == "POST" and form.is_valid():
        submit = "submit" in request.POST and not final
        finalise = "finalise" in request.POST and final
        try:
            services_reports.save_report(
                actor=_user(request),
                report=found,
                fields=form.cleaned_data,
                expected_version=form.cleaned_data["version"],
                submit=submit,
                finalise=finalise,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if submit:
                messages.success(request, _("Your report is sent to the cell committee."))
            elif finalise:
                messages.success(request, _("Your report is finalised and kept in your notebook."))
            else:
                messages.success(request, _("Your draft is saved."))
            return redirect("meetings:report", found.pk)
    view = selectors.report_view(_user(request), found)
    return render(
        request,
        "meetings/report_form.html",
        {"form": form, "report": found, "view": view, "prefilled": prefilled, "final": final},
    )


ACTIONS = frozenset({workflow.Action.SUBMIT, workflow.Action.WITHDRAW, workflow.Action.PRESENT, workflow.Action.CANCEL})


def _done_message(action: workflow.Action) -> str:
    return {
        workflow.Action.SUBMIT: _("Your report is sent to the cell committee."),
        workflow.Action.WITHDRAW: _("Your report is back in draft."),
        workflow.Action.PRESENT: _("The presentation is recorded."),
        workflow.Action.CANCEL: _("The report is cancelled."),
    }[action]


@login_required
@require_POST
def report_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Submit or take back (the member); record the presentation or cancel (the committee)."""
    try:
        step = workflow.Action(action)
    except ValueError as exc:
        raise Http404 from exc
    if step not in ACTIONS:
        raise Http404
    found = _report(request, pk)
    _require_role(request, found, step)
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete. Reload the page and try again."))
        return redirect("meetings:report", found.pk)
    try:
        services_reports.act(
            actor=_user(request),
            report=found,
            action=step,
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _done_message(step))
    return redirect("meetings:report", found.pk)


@login_required
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    found = _report(request, pk, MANAGE)
    form = ReviewForm(request.POST or None, initial={"version": found.version})
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            services_reports.act(
                actor=_user(request),
                report=found,
                action=decision,
                comment=form.cleaned_data["comment"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if decision == "accept":
                messages.success(request, _("The report is accepted for the meeting."))
            else:
                messages.success(request, _("The report is returned to the member with your comments."))
            return redirect("meetings:report", found.pk)
    view = selectors.report_view(_user(request), found)
    return render(request, "meetings/report_review.html", {"form": form, "report": found, "view": view})


def _cell_members(request: HttpRequest, report: MemberReport) -> object:
    return visible_to(
        Person.objects.filter(cell_id=report.meeting.cell_id, kind=PersonKind.MEMBER), _user(request)
    ).order_by("search_name", "pk")


@login_required
def report_comments(request: HttpRequest, pk: int) -> HttpResponse:
    found = _report(request, pk, MANAGE)
    form = CommentsForm(request.POST or None, members=_cell_members(request, found), initial={"version": found.version})  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        try:
            services_reports.record_comments(
                actor=_user(request),
                report=found,
                comments=form.comments(),
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The members' comments are recorded."))
            return redirect("meetings:report", found.pk)
    view = selectors.report_view(_user(request), found)
    return render(request, "meetings/report_comments.html", {"form": form, "report": found, "view": view})


@login_required
def report_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    found = _report(request, pk, MANAGE)
    form = ConcludeForm(request.POST or None, initial={"version": found.version})
    if request.method == "POST" and form.is_valid():
        try:
            services_reports.conclude(
                actor=_user(request),
                report=found,
                good_points=form.cleaned_data["good_points"],
                corrections=form.correction_lines(),
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The chair's conclusion is recorded."))
            return redirect("meetings:report", found.pk)
    view = selectors.report_view(_user(request), found)
    return render(request, "meetings/report_conclude.html", {"form": form, "report": found, "view": view})


@login_required
def report_move(request: HttpRequest, pk: int) -> HttpResponse:
    found = _report(request, pk, MANAGE)
    targets = (
        visible_to(Meeting.objects.filter(cell_id=found.meeting.cell_id, state=MeetingState.PLANNED), _user(request))
        .exclude(pk=found.meeting_id)
        .order_by("date", "pk")
    )
    form = MoveForm(request.POST or None, meetings=targets, initial={"version": found.version})
    if request.method == "POST" and form.is_valid():
        try:
            services_reports.move_report(
                actor=_user(request),
                report=found,
                to=form.cleaned_data["to"],
                comment=form.cleaned_data["comment"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The report is moved."))
            return redirect("meetings:report", found.pk)
    return render(request, "meetings/report_move.html", {"form": form, "report": found})
