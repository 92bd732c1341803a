"""Yearbook pages: a node's yearbook, choosing its exemplars, editing a page with the subject's
consent, and building the PDF in the background with a progress bar (polled with htmx)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lamtheo.core.forms import apply_errors
from lamtheo.core.views_base import scoped_get
from lamtheo.documents.api import content_disposition
from lamtheo.organizations.scoping import Capability

from . import selectors, services_yearbook
from .forms import AddEntriesForm, EntryForm, YearbookForm
from .models import ExportStatus, Yearbook, YearbookEntry, YearbookExport
from .views import node_for, user_of


@login_required
@require_http_methods(["GET", "POST"])
def yearbook_new(request: HttpRequest, org_id: int) -> HttpResponse:
    user = user_of(request)
    node = node_for(request, org_id, Capability.MANAGE_CAMPAIGN)
    form = YearbookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            book = services_yearbook.create_yearbook(actor=user, organization=node, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The yearbook was created. Now choose its exemplars."))
            return redirect("honours:yearbook", book.pk)
    return render(request, "honours/simple_form.html", {"form": form, "org": node, "title": _("New yearbook")})


def _yearbook(request: HttpRequest, pk: int, capability: Capability = Capability.VIEW) -> Yearbook:
    return scoped_get(request, Yearbook.objects.select_related("organization"), capability, pk=pk)


@login_required
@require_GET
def yearbook(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    book = _yearbook(request, pk)
    can_manage = selectors.can_manage(user, book.organization)
    candidates = selectors.yearbook_candidates(user, book) if can_manage else []
    entries = selectors.yearbook_entries(book)
    context = {
        "book": book,
        "entries": entries,
        "without_consent": sum(1 for e in entries if not e.consent),
        "can_manage": can_manage,
        "add_form": AddEntriesForm(candidates=candidates) if candidates else None,
        "candidates": candidates,
        "exports": list(selectors.exports_for(user).filter(yearbook=book)[:3]),
    }
    return render(request, "honours/yearbook.html", context)


@login_required
@require_POST
def yearbook_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    book = _yearbook(request, pk, Capability.MANAGE_CAMPAIGN)
    form = AddEntriesForm(request.POST, candidates=selectors.yearbook_candidates(user, book))
    if form.is_valid():
        try:
            added = services_yearbook.add_entries(
                actor=user, yearbook=book, nominations=form.cleaned_data["nominations"]
            )
        except ValidationError as exc:
            for text in exc.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("%(n)s exemplar(s) added.") % {"n": len(added)})
    else:
        messages.error(request, _("Choose at least one exemplar from the list."))
    return redirect("honours:yearbook", book.pk)


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    entry = scoped_get(
        request, YearbookEntry.objects.select_related("yearbook__organization"), Capability.MANAGE_CAMPAIGN, pk=pk
    )
    initial = {
        "version": entry.version,
        "position": entry.position,
        "story": entry.story,
        "consent": entry.consent,
        "consent_note": entry.consent_note,
    }
    form = EntryForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services_yearbook.save_entry(
                actor=user,
                entry=entry,
                expected_version=data.get("version"),
                story=data["story"],
                position=data["position"],
                consent=data["consent"],
                consent_note=data["consent_note"],
                photo=data["photo"],
                remove_photo=data["remove_photo"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The page was saved."))
            return redirect("honours:yearbook", entry.yearbook_id)
    return render(request, "honours/entry_form.html", {"form": form, "entry": entry})


@login_required
@require_GET
def entry_photo(request: HttpRequest, pk: int) -> FileResponse:
    entry = scoped_get(request, selectors.entries_for(user_of(request)), pk=pk)
    if not entry.photo:
        raise Http404
    response = FileResponse(entry.photo.open("rb"))
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def yearbook_build(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    book = _yearbook(request, pk)
    try:
        job = services_yearbook.start_yearbook_export(actor=user, yearbook=book)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        if request.htmx:  # type: ignore[attr-defined]
            return HttpResponse(f'<p class="error" role="alert">{" ".join(exc.messages)}</p>', status=400)
        for text in exc.messages:
            messages.error(request, text)
        return redirect("honours:yearbook", book.pk)
    if request.htmx:  # type: ignore[attr-defined]
        job.refresh_from_db()
        return render(request, "honours/_build.html", {"job": job})
    return redirect("honours:yearbook", book.pk)


def _job(request: HttpRequest, pk: int) -> YearbookExport:
    return scoped_get(request, YearbookExport.objects.all(), pk=pk)


@login_required
@require_GET
def build_status(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    if not request.htmx:  # type: ignore[attr-defined]
        return redirect("honours:yearbook", job.yearbook_id)
    return render(request, "honours/_build.html", {"job": job})


@login_required
@require_GET
def build_download(request: HttpRequest, pk: int) -> FileResponse:
    job = _job(request, pk)
    if job.status != ExportStatus.DONE or not job.file:
        raise Http404
    response = FileResponse(job.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(job.filename or "ky-yeu.pdf")
    response["X-Content-Type-Options"] = "nosniff"
    return response
