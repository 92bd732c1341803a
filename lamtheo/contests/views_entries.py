"""Entries (sending, editing, withdrawing, their file and certificate) and judging (a judge's list
and score sheet, the chair's prize changes)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lamtheo.core.exceptions import ConcurrentEditError
from lamtheo.core.views_base import scoped_get
from lamtheo.documents import file_response as document_response
from lamtheo.organizations.forms import apply_errors
from lamtheo.organizations.scoping import Capability
from lamtheo.organizations.selectors import reaches
from lamtheo.study.views import file_response

from . import exporters, selectors, services, services_entries, services_judging
from .forms import EntryForm, PrizeForm, ScoreForm
from .models import Contest, Entry, Phase
from .views import user_of


def _entries() -> Any:
    return Entry.objects.select_related("contest__organization", "unit", "person", "tier")


def _entry_form(request: HttpRequest, contest: Contest, unit: Any, entry: Entry | None) -> HttpResponse:
    user = user_of(request)
    manager = reaches(user, unit, Capability.MANAGE_CAMPAIGN)
    initial: dict[str, Any] = {}
    if entry is not None:
        authors = list(entry.authors.all())
        initial = {
            "entry_type": entry.entry_type,
            "title": entry.title,
            "collective": entry.is_collective,
            "members": [a.person_id for a in authors if a.person_id],
            "outsiders": "\n".join(f"{a.full_name}, {a.birth_year or ''}" for a in authors if not a.person_id),
            "summary": entry.summary,
            "video_url": entry.video_url,
            "version": entry.version,
        }
    form = EntryForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        roster=selectors.roster_for(user, unit),
        types=contest.entry_types,
        manager=manager,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            outsiders = services_entries.parse_outsiders(data["outsiders"])
        except ValidationError as exc:
            form.add_error("outsiders", exc)
        else:
            try:
                entry = services_entries.save_entry(
                    actor=user,
                    contest=contest,
                    entry=entry,
                    unit=unit,
                    collective=data.get("collective", False),
                    entry_type=data["entry_type"],
                    title=data["title"],
                    summary=data["summary"],
                    video_url=data["video_url"],
                    members=list(data["members"]),
                    outsiders=outsiders,
                    document=form.document,
                    expected_version=data.get("version") if entry else None,
                )
            except PermissionDenied:
                raise Http404 from None
            except ConcurrentEditError as exc:
                form.add_error(None, exc)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The entry was saved."))
                return redirect("contests:entry", entry.pk)
    context = {"form": form, "contest": contest, "unit": unit, "entry": entry}
    return render(request, "contests/entry_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest, pk: int) -> HttpResponse:
    """Send an entry: the unit comes from `?unit=` (or the only one the user may send for)."""
    user = user_of(request)
    contest = scoped_get(request, Contest.objects.select_related("organization"), pk=pk)
    units = services_entries.sending_units(user, contest)
    if not units:
        raise Http404
    raw = request.GET.get("unit", "")
    unit = next((u for u in units if str(u.pk) == raw), None)
    if unit is None and len(units) == 1:
        unit = units[0]
    if unit is None:
        if raw:
            raise Http404
        return render(request, "contests/entry_unit.html", {"contest": contest, "units": units})
    if not contest.open_on(timezone.localdate()):
        messages.error(request, _("The entries are closed; nothing can be sent now."))
        return redirect("contests:contest", contest.pk)
    return _entry_form(request, contest, unit, None)


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    entry = scoped_get(request, _entries(), pk=pk)
    contest = entry.contest
    seat = selectors.seat(user, contest)
    # A judge of a blind contest reads the entry without names (unless they also reach it by the tree).
    through_tree = services_entries.may_edit(user, entry) or reaches(user, entry.unit, Capability.VIEW)
    hide = contest.blind and seat is not None and not through_tree and contest.phase != Phase.RESULTS
    context = {
        "entry": entry,
        "contest": contest,
        "authors": list(entry.authors.all()),
        "hide": hide,
        "can_edit": services_entries.may_edit(user, entry)
        and contest.open_on(timezone.localdate())
        and not entry.is_withdrawn,
        "can_score": seat is not None and contest.phase == Phase.JUDGING,
        "history": services_judging.history(entry),
        "later": list(entry.forwarded_to.select_related("contest__organization")),
        "changes": list(entry.prize_changes.select_related("old_tier", "new_tier")),
    }
    return render(request, "contests/entry.html", context)


def _editable(request: HttpRequest, pk: int) -> Entry:
    entry = scoped_get(request, _entries(), pk=pk)
    if not services_entries.may_edit(user_of(request), entry) or entry.is_withdrawn:
        raise Http404
    return entry


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _editable(request, pk)
    if not entry.contest.open_on(timezone.localdate()):
        messages.error(request, _("The entries are closed; this entry can no longer change."))
        return redirect("contests:entry", entry.pk)
    return _entry_form(request, entry.contest, entry.unit, entry)


@login_required
@require_POST
def entry_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _editable(request, pk)
    try:
        services_entries.withdraw_entry(actor=user_of(request), entry=entry)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The entry was withdrawn."))
    return redirect("contests:entry", entry.pk)


@login_required
def entry_file(request: HttpRequest, pk: int) -> FileResponse:
    entry = scoped_get(request, Entry.objects.all(), pk=pk)
    return file_response(entry.file, entry.file_name)


@login_required
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    """A winner's certificate (PDF), for those who read the entry."""
    entry = scoped_get(request, _entries(), pk=pk)
    if entry.contest.phase != Phase.RESULTS or entry.tier_id is None:
        raise Http404
    doc = exporters.certificate(entry.contest, entry)
    return document_response(doc, "pdf", f"giay-chung-nhan-{entry.pk}")


# --- judging -------------------------------------------------------------------------------------


@login_required
def judging(request: HttpRequest, pk: int) -> HttpResponse:
    """A judge's list: the entries to score, which are done; the chair's lock."""
    user = user_of(request)
    contest = scoped_get(request, Contest.objects.select_related("organization"), Capability.JUDGE, pk=pk)
    seat = selectors.seat(user, contest)
    if seat is None:
        raise Http404
    rows = selectors.judging_list(user, contest) if contest.phase != Phase.ENTRIES else []
    context = {
        "contest": contest,
        "seat": seat,
        "rows": rows,
        "done": len([r for r in rows if r.scored]),  # type: ignore[attr-defined]
        "progress": selectors.progress(contest),
    }
    return render(request, "contests/judging.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def score(request: HttpRequest, pk: int) -> HttpResponse:
    """A judge's score sheet of an entry (once)."""
    user = user_of(request)
    entry = scoped_get(request, _entries(), Capability.JUDGE, pk=pk)
    contest = entry.contest
    if entry.is_withdrawn:
        raise Http404
    criteria = list(contest.criteria.all())
    done = selectors.own_score(user, entry)
    form = ScoreForm(request.POST or None, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            services_judging.score_entry(
                actor=user,
                entry=entry,
                values=form.values(),
                comment=form.cleaned_data["comment"],
                abstain=form.cleaned_data["abstain"],
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Your score was saved."))
            return redirect("contests:judging", contest.pk)
    context = {
        "entry": entry,
        "contest": contest,
        "form": form,
        "done": done,
        "authors": list(entry.authors.all()),
        "open": contest.phase == Phase.JUDGING,
    }
    return render(request, "contests/score.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def prize_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The jury chair changes an entry's prize, with the reason."""
    user = user_of(request)
    entry = scoped_get(request, _entries(), Capability.JUDGE, pk=pk)
    contest = entry.contest
    if contest.phase != Phase.RESULTS or not services.is_chair(user, contest):
        raise Http404
    form = PrizeForm(request.POST or None, contest=contest, initial={"tier": entry.tier_id})
    if request.method == "POST" and form.is_valid():
        try:
            services_judging.change_prize(
                actor=user, entry=entry, tier=form.cleaned_data["tier"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The prize was changed."))
            return redirect("contests:results", contest.pk)
    return render(request, "contests/prize_form.html", {"entry": entry, "contest": contest, "form": form})
