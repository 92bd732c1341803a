"""Pages of the year end (thin: reads from selectors, writes from services).

A page the user's role does not open answers 404, like an object outside their reach. The
public page of a comment round (views_public) is the only page without a login.
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
from django.views.decorators.http import require_POST

from lamtheo.accounts.models import User
from lamtheo.core.forms import apply_errors
from lamtheo.core.views_base import scoped_get
from lamtheo.documents import content_disposition, exporters, file_response
from lamtheo.organizations.models import CELL_KINDS, Organization, Person
from lamtheo.organizations.scoping import Capability, scope_roots
from lamtheo.organizations.selectors import reaches

from . import document, selectors, services
from .forms import (
    ConcludeForm,
    DiscussionForm,
    EnterCommentForm,
    ModerateForm,
    QuarterGradeForm,
    SelfReviewForm,
    UnderReviewForm,
)
from .models import CommentRound, CommentStatus, EthicsReview, EthicsSession, ExportStatus, MassComment, SheetExport

REVIEW = Capability.REVIEW


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _year(value: Any) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not selectors.MIN_YEAR <= year <= selectors.MAX_YEAR:
        raise Http404
    return year


def _quarter(request: HttpRequest) -> int | None:
    value = request.GET.get("quarter") or request.POST.get("quarter") or ""
    if value in ("1", "2", "3", "4"):
        return int(value)
    if value:
        raise Http404
    return None


# --- start ----------------------------------------------------------------------------------------


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """My own reviews and the upheld comments on me; the units I run; the sessions I see."""
    user = _user(request)
    person = user.person if user.person_id else None
    run_units = list(Organization.objects.filter(path__in=scope_roots(user, REVIEW)).order_by("path")[:20])
    view_units = list(Organization.objects.filter(path__in=scope_roots(user, Capability.VIEW)).order_by("path")[:20])
    context = {
        "mine": selectors.my_reviews(user),
        "upheld": selectors.upheld_about(user, person) if person else [],
        "person": person,
        "run_units": run_units,
        "units": view_units,
        "sessions": selectors.sessions_of(user),
        "rounds": selectors.rounds_of(user),
        "year": selectors.today().year,
    }
    return render(request, "yearend/home.html", context)


@login_required
def unit(request: HttpRequest, org_id: int) -> HttpResponse:
    user = _user(request)
    node = scoped_get(request, Organization.objects.all(), pk=org_id)
    context = {
        "unit": node,
        "can_run": services.can_run(user, node),
        "sessions": selectors.sessions_of(user, node),
        "rounds": selectors.rounds_of(user, node),
        "is_cell": node.kind in CELL_KINDS,
        "year": selectors.today().year,
    }
    return render(request, "yearend/unit.html", context)


# --- ethics self-review ---------------------------------------------------------------------------


def _under_review(request: HttpRequest, org_id: int, kind: str) -> HttpResponse:
    user = _user(request)
    node = scoped_get(request, Organization.objects.all(), REVIEW, pk=org_id)
    people = selectors.people_choices(node)
    form = UnderReviewForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        create = services.create_session if kind == "session" else services.create_round
        try:
            made = create(actor=user, organization=node, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(f"yearend:{kind}", made.pk)
    people_count = people.count()
    return render(
        request,
        "yearend/under_review_form.html",
        {"form": form, "unit": node, "kind": kind, "too_many": people_count > selectors.PEOPLE_LIMIT},
    )


@login_required
def session_add(request: HttpRequest, org_id: int) -> HttpResponse:
    return _under_review(request, org_id, "session")


@login_required
def session(request: HttpRequest, pk: int) -> HttpResponse:
    found = scoped_get(request, EthicsSession.objects.select_related("organization"), pk=pk)
    user = _user(request)
    reviews = selectors.session_reviews(found)
    if not services.can_run(user, found.organization) and not reaches(user, found.organization, Capability.VIEW):
        reviews = [r for r in reviews if r.person_id == user.person_id]
    return render(
        request,
        "yearend/session.html",
        {"session": found, "reviews": reviews, "can_run": services.can_run(user, found.organization)},
    )


def _review(request: HttpRequest, pk: int, capability: Capability = Capability.VIEW) -> EthicsReview:
    return scoped_get(
        request, EthicsReview.objects.select_related("session__organization", "person__cell"), capability, pk=pk
    )


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    found = _review(request, pk)
    user = _user(request)
    context = {
        "review": found,
        "own": user.person_id == found.person_id,
        "can_run": services.can_run(user, found.session.organization),
        **selectors.review_detail(found),
    }
    return render(request, "yearend/review.html", context)


@login_required
def review_write(request: HttpRequest, pk: int) -> HttpResponse:
    found = _review(request, pk)
    if _user(request).person_id != found.person_id:
        raise Http404
    form = SelfReviewForm(
        request.POST or None,
        initial={"version": found.version, "self_review": found.self_review, "example": found.example},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.write_self_review(
                actor=_user(request),
                review=found,
                self_review=form.cleaned_data["self_review"],
                example=form.cleaned_data["example"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            found.refresh_from_db()
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your self-review is saved."))
            return redirect("yearend:review", found.pk)
    return render(
        request,
        "yearend/review_form.html",
        {"review": found, "form": form, "open": found.state in services.WRITABLE, **selectors.review_detail(found)},
    )


@login_required
def review_discuss(request: HttpRequest, pk: int) -> HttpResponse:
    found = _review(request, pk, REVIEW)
    form = DiscussionForm(request.POST or None, initial={"version": found.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_discussion(
                actor=_user(request),
                review=found,
                comments=[{"speaker": form.cleaned_data["speaker"], "text": form.cleaned_data["text"]}],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            found.refresh_from_db()
            apply_errors(form, exc)
        else:
            messages.success(request, _("The comment is recorded."))
            return redirect("yearend:review_discuss", found.pk)
    return render(
        request,
        "yearend/review_cell.html",
        {
            "review": found,
            "form": form,
            "step": "discuss",
            "open": found.state in services.OPEN_FOR_CELL,
            **selectors.review_detail(found),
        },
    )


@login_required
def review_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    found = _review(request, pk, REVIEW)
    form = ConcludeForm(request.POST or None, initial={"version": found.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.conclude_review(
                actor=_user(request),
                review=found,
                conclusion=form.cleaned_data["conclusion"],
                corrections=form.cleaned_data["corrections"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as exc:
            found.refresh_from_db()
            apply_errors(form, exc)
        else:
            messages.success(request, _("The conclusion is recorded; corrections are in the person's notebook."))
            return redirect("yearend:review", found.pk)
    return render(
        request,
        "yearend/review_cell.html",
        {
            "review": found,
            "form": form,
            "step": "conclude",
            "open": found.state in services.OPEN_FOR_CELL,
            **selectors.review_detail(found),
        },
    )


# --- comment rounds -------------------------------------------------------------------------------


@login_required
def round_add(request: HttpRequest, org_id: int) -> HttpResponse:
    return _under_review(request, org_id, "round")


def _round(request: HttpRequest, pk: int) -> CommentRound:
    return scoped_get(request, CommentRound.objects.select_related("organization"), REVIEW, pk=pk)


def public_url(request: HttpRequest, round_: CommentRound) -> str:
    return request.build_absolute_uri(reverse("yearend:public", args=[round_.token]))


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The committee's page: the link and QR code, and every comment to moderate."""
    found = _round(request, pk)
    groups = selectors.moderation(found)
    return render(
        request,
        "yearend/round.html",
        {"round": found, "groups": groups, "link": public_url(request, found), "Pending": CommentStatus.PENDING},
    )


@login_required
def round_qr(request: HttpRequest, pk: int) -> HttpResponse:
    import segno

    found = _round(request, pk)
    svg = segno.make(public_url(request, found), error="m").svg_inline(scale=6, border=2)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


@login_required
def round_enter(request: HttpRequest, pk: int) -> HttpResponse:
    found = _round(request, pk)
    subjects = found.subjects.select_related("person")
    form = EnterCommentForm(request.POST or None, subjects=subjects, organizations=selectors.mass_organizations())
    if request.method == "POST" and form.is_valid():
        try:
            services.enter_comments(actor=_user(request), round_=found, rows=[form.cleaned_data])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The comment is recorded."))
            return redirect("yearend:round_enter", found.pk)
    return render(request, "yearend/round_enter.html", {"round": found, "form": form})


ROUND_ACTIONS = ("close", "open", "relink")


@login_required
@require_POST
def round_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    found = _round(request, pk)
    if action not in ROUND_ACTIONS:
        raise Http404
    user = _user(request)
    if action == "relink":
        services.renew_link(actor=user, round_=found)
        messages.success(request, _("A new link is made; the old link and QR code no longer work."))
    else:
        services.set_round_open(actor=user, round_=found, is_open=action == "open")
        messages.success(request, _("The round is open.") if action == "open" else _("The round is closed."))
    return redirect("yearend:round", found.pk)


@login_required
@require_POST
def comment_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    comment = scoped_get(
        request,
        MassComment.objects.select_related("subject__round__organization", "subject__person__cell"),
        REVIEW,
        pk=pk,
    )
    others = MassComment.objects.filter(subject_id=comment.subject_id).exclude(pk=comment.pk)
    form = ModerateForm(request.POST, others=others)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("yearend:round", comment.subject.round_id)
    try:
        services.moderate(
            actor=_user(request),
            comment=comment,
            decision=form.cleaned_data["decision"],
            reason=form.cleaned_data["reason"],
            merge_into=form.cleaned_data["merge_into"],
            expected_version=form.cleaned_data["version"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The decision is recorded."))
    return redirect(f"{reverse('yearend:round', args=[comment.subject.round_id])}#comment-{comment.pk}")


# --- grades and evidence sheets -------------------------------------------------------------------


def _cell(request: HttpRequest, org_id: int) -> Organization:
    node = scoped_get(request, Organization.objects.all(), pk=org_id)
    if node.kind not in CELL_KINDS or not reaches(_user(request), node, Capability.VIEW):
        raise Http404
    return node


@login_required
def grades(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    """The members' grades of a cell for a year (the evaluation levels) or a quarter, with the
    grading rule in force and a warning when the grades pass its cap on 'excellent'."""
    user = _user(request)
    cell = _cell(request, org_id)
    year, quarter = _year(year), _quarter(request)
    rule = selectors.rule_for(selectors.period_of(year, quarter)[1])
    rows = selectors.cell_grades(user, cell, year, quarter)
    editable = bool(quarter) and reaches(user, cell, Capability.EVALUATE)
    form = None
    if editable:
        initial = {r.person.pk: (r.grade, r.score) for r in rows}
        form = QuarterGradeForm(request.POST or None, people=[r.person for r in rows], initial_rows=initial)
        if request.method == "POST" and form.is_valid():
            try:
                services.save_quarter_grades(
                    actor=user, cell=cell, year=year, quarter=quarter or 0, grades=form.grades()
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The grades are saved."))
                return redirect(f"{reverse('yearend:grades', args=[cell.pk, year])}?quarter={quarter}")
    elif request.method == "POST":
        raise Http404
    check = selectors.cap_check(rule, [r.grade for r in rows if r.grade])
    return render(
        request,
        "yearend/grades.html",
        {
            "cell": cell,
            "year": year,
            "quarter": quarter,
            "rule": rule,
            "rows": rows,
            "form": form,
            "check": check,
            "quarters": (1, 2, 3, 4),
        },
    )


def _format(request: HttpRequest) -> str:
    fmt = (request.GET.get("format") or request.POST.get("format") or "pdf").lower()
    if fmt not in document.FORMATS:
        raise Http404
    return fmt


@login_required
def sheet(request: HttpRequest, person_id: int, year: int) -> HttpResponse:
    """One member's evidence sheet (?format=pdf|docx, ?quarter=1..4)."""
    user = _user(request)
    person = scoped_get(request, Person.objects.select_related("cell"), pk=person_id)
    year, quarter, fmt = _year(year), _quarter(request), _format(request)
    found = selectors.sheets(user, [person], year, quarter)
    doc = document.sheet_document(found, person.cell, year, quarter)
    return file_response(doc, fmt, document.filename(person.full_name, year, quarter))


@login_required
def cell_sheets(request: HttpRequest, org_id: int, year: int) -> HttpResponse:
    """Every member's evidence sheet of a cell in one file: at once (GET), or built in the
    background with a progress bar (POST, for big cells)."""
    user = _user(request)
    cell = _cell(request, org_id)
    year, quarter, fmt = _year(year), _quarter(request), _format(request)
    if request.method == "POST":
        export = services.start_sheet_export(actor=user, cell=cell, year=year, quarter=quarter, fmt=fmt)
        return redirect("yearend:export", export.pk)
    people = list(
        Person.objects.filter(cell=cell).select_related("cell").order_by("search_name", "pk")[: selectors.PEOPLE_LIMIT]
    )
    doc = document.sheet_document(selectors.sheets(user, people, year, quarter), cell, year, quarter)
    return file_response(doc, fmt, document.filename(cell.name, year, quarter))


def _export(request: HttpRequest, pk: int) -> SheetExport:
    found = scoped_get(request, SheetExport.objects.select_related("organization"), pk=pk)
    if not reaches(_user(request), found.organization, Capability.VIEW):
        raise Http404
    return found


@login_required
def export(request: HttpRequest, pk: int) -> HttpResponse:
    """The progress of a background build; htmx polls the fragment until the file is ready."""
    found = _export(request, pk)
    if getattr(request, "htmx", False):
        return render(request, "yearend/_export.html", {"export": found})
    return render(request, "yearend/export.html", {"export": found})


@login_required
def export_file(request: HttpRequest, pk: int) -> FileResponse:
    found = _export(request, pk)
    if found.status != ExportStatus.DONE or not found.file:
        raise Http404
    content_type = exporters()[found.fmt].content_type
    response = FileResponse(found.file.open("rb"), content_type=content_type)
    response["Content-Disposition"] = content_disposition(found.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
