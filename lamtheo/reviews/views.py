"""Pages of the reviews. Thin: reads from selectors/dashboard, writes through services.

Anything the user may not reach answers 404 (never 403): drafts are read by the node's writers
(WRITE_REVIEW), submitted reviews by anyone with VIEW on the node.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lamtheo.accounts.models import User
from lamtheo.core.exceptions import ConcurrentEditError
from lamtheo.core.forms import apply_errors as _apply_errors
from lamtheo.documents import content_disposition
from lamtheo.organizations.models import Organization
from lamtheo.organizations.selectors import ancestors_visible

from . import dashboard as dashboards
from . import display, narrative, periods, selectors, services
from .figures import FigureSet
from .forms import ExportForm, RequestForm, ReviewCreateForm, ReviewForm, choice_for
from .models import ExportStatus, FigureSource, Review, ReviewExport, ReviewRequest, ReviewState

PAGE_SIZE = 20


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _node(request: HttpRequest, org_id: int, *, write: bool = False) -> Organization:
    node = get_object_or_404(Organization, pk=org_id)
    user = _user(request)
    allowed = (
        selectors.can_write(user, node)
        if write
        else (selectors.can_view_node(user, node) or selectors.can_write(user, node))
    )
    if not allowed:
        raise Http404
    return node


def _review(request: HttpRequest, pk: int) -> Review:
    try:
        return (
            selectors.reviews_for(_user(request)).select_related("organization", "request", "submitted_by").get(pk=pk)
        )
    except Review.DoesNotExist:
        raise Http404 from None


# --- home and node ----------------------------------------------------------------------------------


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    nodes = selectors.home_nodes(user)
    if not nodes and not user.is_superuser:
        raise Http404
    recent = list(
        selectors.reviews_for(user)
        .filter(state=ReviewState.SUBMITTED)
        .select_related("organization")
        .order_by("-submitted_at", "-pk")[:10]
    )
    return render(
        request,
        "reviews/home.html",
        {
            "nodes": nodes,
            "to_answer": selectors.requests_to_answer(user),
            "recent": recent,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
def node(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _node(request, org_id)
    user = _user(request)
    can_write = selectors.can_write(user, org)
    reviews = Paginator(
        selectors.reviews_for(user).filter(organization=org).order_by("-date_to", "-pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    sent = (
        list(ReviewRequest.objects.filter(organization=org).order_by("-date_to", "-pk")[:20]) if not org.is_cell else []
    )
    submitted_counts = _submitted_counts(sent)
    target_count = Organization.objects.filter(path__startswith=org.path, depth=org.depth + 1).count() if sent else 0
    from_above = []
    if can_write and org.depth > 1:
        asked = list(selectors.node_requests_from_above(org)[:10])
        answers = {r.request_id: r for r in Review.objects.filter(request__in=asked, organization=org)}
        from_above = [(r, answers.get(r.pk)) for r in asked]
    return render(
        request,
        "reviews/node.html",
        {
            "org": org,
            "ancestors": ancestors_visible(user, org),
            "can_write": can_write,
            "reviews": reviews,
            "sent": [(r, submitted_counts.get(r.pk, 0)) for r in sent],
            "target_count": target_count,
            "from_above": from_above,
        },
    )


def _submitted_counts(requests: list[ReviewRequest]) -> dict[int, int]:
    from django.db.models import Count

    if not requests:
        return {}
    rows = (
        Review.objects.filter(request__in=requests, state=ReviewState.SUBMITTED)
        .values("request_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["request_id"]: row["n"] for row in rows}


# --- creating and editing ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _node(request, org_id, write=True)
    user = _user(request)
    asked: ReviewRequest | None = None
    request_id = request.GET.get("request") or request.POST.get("request")
    if request_id:
        try:
            asked = selectors.node_requests_from_above(org).get(pk=int(request_id))
        except (ValueError, ReviewRequest.DoesNotExist):
            raise Http404 from None
    if request.method == "POST":
        form = ReviewCreateForm(request.POST, is_cell=org.is_cell)
        if form.is_valid():
            data = form.cleaned_data
            try:
                review = services.create_review(
                    actor=user,
                    organization=org,
                    kind=data["kind"],
                    date_from=data["start"],
                    date_to=data["end"],
                    request=asked,
                    title=asked.title if asked else "",
                    source=data.get("source") or FigureSource.LIVE,
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(
                    request, _("The review was created with the figures filled in. Adjust the text, then submit it.")
                )
                return redirect("reviews:edit", review.pk)
    else:
        initial: dict[str, Any] = {"period": f"year:{timezone.localdate().year}"}
        if asked is not None:
            initial = {"kind": asked.kind, "period": choice_for(asked.date_from, asked.date_to)}
            if initial["period"] == "custom":
                initial |= {"date_from": asked.date_from, "date_to": asked.date_to}
        form = ReviewCreateForm(initial=initial, is_cell=org.is_cell)
    return render(request, "reviews/create.html", {"org": org, "form": form, "asked": asked})


def _live_figures_cached(review: Review) -> FigureSet:
    """The draft's live figures, kept a minute for the preview that follows the typing."""
    from django.core.cache import cache

    key = f"reviews:live:{review.pk}:{review.source}:{review.date_from}:{review.date_to}"
    data = cache.get(key)
    if data is None:
        fs = selectors.live_figures(review)
        cache.set(key, fs.to_json(), 60)
        return fs
    return FigureSet.from_json(data)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    user = _user(request)
    if not selectors.can_edit(user, review):
        if review.state == ReviewState.SUBMITTED and selectors.can_write(user, review.organization):
            messages.info(request, _("This review has been submitted and can no longer be changed."))
            return redirect("reviews:detail", review.pk)
        raise Http404
    if request.method == "POST":
        form = ReviewForm(request.POST, instance=review)
        if form.is_valid():
            try:
                services.update_review(
                    actor=user,
                    review=review,
                    data={k: v for k, v in form.cleaned_data.items() if k != "version"},
                    expected_version=form.cleaned_data.get("version"),
                )
            except ConcurrentEditError as exc:
                form.add_error(None, exc)
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("The review was saved."))
                return redirect("reviews:detail", review.pk)
    else:
        form = ReviewForm(instance=review)
    fs = _live_figures_cached(review)
    previews = {part: narrative.render(str(form[part].value() or ""), fs) for part in narrative.PARTS}
    return render(
        request,
        "reviews/edit.html",
        {"review": review, "form": form, "choices": narrative.choices(fs), "previews": previews},
    )


@login_required
@require_POST
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: one part of the text with the figures filled in, as it would print now."""
    review = _review(request, pk)
    if not selectors.can_edit(_user(request), review):
        raise Http404
    part = request.POST.get("part", "")
    if part not in narrative.PARTS:
        raise Http404
    text = str(request.POST.get(part, ""))[: 2 * 20000]
    fs = _live_figures_cached(review)
    return render(
        request,
        "reviews/_preview.html",
        {
            "part": part,
            "text": narrative.render(text, fs),
            "unknown": narrative.unknown_tokens(text),
            "issues": narrative.rate_issues(narrative.render(text, fs)),
        },
    )


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    user = _user(request)
    if not selectors.can_edit(user, review):
        raise Http404
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = None
    try:
        services.submit_review(actor=user, review=review, expected_version=version)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, _("The review was submitted to the level above. Its figures and text are now frozen.")
        )
    return redirect("reviews:detail", review.pk)


# --- reading --------------------------------------------------------------------------------------------


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    user = _user(request)
    fs = selectors.figures_for(review)
    parts = selectors.parts_for(review, fs)
    issues = [issue for part in narrative.PARTS for issue in narrative.rate_issues(parts[part])]
    return render(
        request,
        "reviews/detail.html",
        {
            "review": review,
            "org": review.organization,
            "figures": fs,
            "parts": parts,
            "issues": issues,
            "sections": display.sections(fs),
            "unit_table": display.unit_table(fs),
            "block_table": display.block_table(fs),
            "can_edit": selectors.can_edit(user, review),
            "exports": selectors.latest_exports(review),
            "period_label": periods.label(review.date_from, review.date_to),
            "has_children": not review.organization.is_cell,
        },
    )


@login_required
@require_GET
def reconcile(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    if review.organization.is_cell:
        raise Http404
    result = selectors.reconcile(review.organization, review.date_from, review.date_to)
    return render(
        request,
        "reviews/reconcile.html",
        {"review": review, "result": result, "period_label": periods.label(review.date_from, review.date_to)},
    )


# --- exports ---------------------------------------------------------------------------------------------


@login_required
@require_POST
def export(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    form = ExportForm(request.POST)
    if not form.is_valid():
        if request.htmx:  # type: ignore[attr-defined]
            return HttpResponse(f'<p class="error" role="alert">{_("Choose Word, PDF or Excel.")}</p>', status=400)
        messages.error(request, _("Choose Word, PDF or Excel."))
        return redirect("reviews:detail", review.pk)
    try:
        job = services.start_export(actor=_user(request), review=review, fmt=form.cleaned_data["fmt"])
    except PermissionDenied:
        raise Http404 from None
    if request.htmx:  # type: ignore[attr-defined]
        job.refresh_from_db()
        return render(request, "reviews/_export.html", {"export": job})
    return redirect(reverse("reviews:detail", args=[review.pk]) + "#exports")


def _export(request: HttpRequest, pk: int) -> ReviewExport:
    try:
        return selectors.exports_for(_user(request)).select_related("review").get(pk=pk)
    except ReviewExport.DoesNotExist:
        raise Http404 from None


@login_required
@require_GET
def export_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = _export(request, pk)
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect(reverse("reviews:detail", args=[job.review_id]) + "#exports")
    return render(request, "reviews/_export.html", {"export": job})


@login_required
@require_GET
def download(request: HttpRequest, pk: int) -> FileResponse:
    job = _export(request, pk)
    if job.status != ExportStatus.DONE or not job.file:
        raise Http404
    from .exporters import EXPORTERS

    exporter = EXPORTERS[job.fmt]
    response = FileResponse(job.file.open("rb"), content_type=exporter.content_type)
    response["Content-Disposition"] = content_disposition(job.filename or f"bao-cao.{exporter.extension}")
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- requests to the lower levels ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _node(request, org_id, write=True)
    if org.is_cell:
        raise Http404
    if request.method == "POST":
        form = RequestForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                asked = services.create_request(
                    actor=_user(request),
                    organization=org,
                    kind=data["kind"],
                    date_from=data["start"],
                    date_to=data["end"],
                    deadline=data["deadline"],
                    title=data.get("title") or "",
                    message=data.get("message") or "",
                )
            except PermissionDenied:
                raise Http404 from None
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("The lower levels were asked for their reviews."))
                return redirect("reviews:request", asked.pk)
    else:
        form = RequestForm(initial={"period": f"year:{timezone.localdate().year}", "kind": "interim"})
    return render(request, "reviews/request_form.html", {"org": org, "form": form})


@login_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        asked = selectors.requests_for(_user(request)).get(pk=pk)
    except ReviewRequest.DoesNotExist:
        raise Http404 from None
    if not selectors.can_view_node(_user(request), asked.organization):
        raise Http404
    track = selectors.tracking(asked)
    own = Review.objects.filter(
        organization=asked.organization, date_from=asked.date_from, date_to=asked.date_to
    ).first()
    return render(
        request,
        "reviews/request_detail.html",
        {
            "asked": asked,
            "track": track,
            "today": timezone.localdate(),
            "own": own
            if own is not None and selectors.reviews_for(_user(request)).filter(pk=own.pk).exists()
            else None,
            "can_write": selectors.can_write(_user(request), asked.organization),
            "period_label": periods.label(asked.date_from, asked.date_to),
        },
    )


# --- dashboard ---------------------------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request: HttpRequest, org_id: int) -> HttpResponse:
    org = _node(request, org_id)
    if not selectors.can_view_node(_user(request), org):
        raise Http404
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    if not periods.MIN_YEAR + dashboards.TREND_YEARS <= year <= periods.MAX_YEAR:
        year = timezone.localdate().year
    board = dashboards.build(org, year, request.GET.get("rate"))
    this_year = timezone.localdate().year
    overview = None
    if org.is_cell:
        try:
            overview = f"{reverse('notebook:overview', args=[org.pk])}?year={year}"
        except NoReverseMatch:
            overview = None
    return render(
        request,
        "reviews/dashboard.html",
        {
            "org": org,
            "notebook_overview": overview,
            "board": board,
            "ancestors": ancestors_visible(_user(request), org),
            "years": list(range(this_year, this_year - 6, -1)),
        },
    )
