"""Contest pages: the list, a contest, its set-up and jury, the phases, results and documents.

Thin views: objects come through `scoped_get` (404 outside the user's reach); the services
check the rules. Judges reach a contest and its entries through the models' `granted_q`.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lamtheo.accounts.models import User
from lamtheo.core.exceptions import ConcurrentEditError
from lamtheo.core.views_base import scoped_get
from lamtheo.documents import file_response as document_response
from lamtheo.organizations.forms import apply_errors
from lamtheo.organizations.models import Organization
from lamtheo.organizations.scoping import Capability, active_assignments, visible_to
from lamtheo.organizations.selectors import reaches
from lamtheo.study.views import file_response

from . import exporters, selectors, services, services_entries, services_judging
from .forms import ContestForm, ForwardForm, JudgeForm, JuryPrizeForm
from .models import Contest, ContestJudge, Entry, EntryState, Phase, SpecialPrize, SpecialRule


def user_of(request: HttpRequest) -> User:
    return cast(User, request.user)


def _contests() -> Any:
    return Contest.objects.select_related("organization", "kind", "next_round__organization")


@login_required
def index(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    units = [
        a.organization for a in active_assignments(user) if reaches(user, a.organization, Capability.MANAGE_CAMPAIGN)
    ]
    units = list({u.pk: u for u in units}.values())
    return render(request, "contests/index.html", {"contests": selectors.contest_list(user), "units": units})


def _contest_form_initial(contest: Contest) -> dict[str, Any]:
    specials = {s.rule: s.name for s in contest.special_prizes.all()}
    return {
        "title": contest.title,
        "kind": contest.kind_id,
        "year": contest.year,
        "theme": contest.theme,
        "rules": contest.rules,
        "entries_open": contest.entries_open,
        "entries_close": contest.entries_close,
        "judging_until": contest.judging_until,
        "results_on": contest.results_on,
        "entry_types": contest.entry_types,
        "entry_limit": contest.entry_limit,
        "blind": contest.blind,
        "next_round": contest.next_round_id,
        "criteria": "\n".join(f"{c.name} | {c.weight} | {c.max_score}" for c in contest.criteria.all()),
        "tiers": "\n".join(f"{t.name} | {t.count} | {t.level}" for t in contest.tiers.all()),
        "special_oldest": specials.get(SpecialRule.OLDEST, ""),
        "special_youngest": specials.get(SpecialRule.YOUNGEST, ""),
        "special_most": specials.get(SpecialRule.MOST_ENTRIES, ""),
        "special_jury": specials.get(SpecialRule.JURY, ""),
        "version": contest.version,
    }


@login_required
@require_http_methods(["GET", "POST"])
def contest_form(request: HttpRequest, org_id: int | None = None, pk: int | None = None) -> HttpResponse:
    user = user_of(request)
    contest: Contest | None = None
    if pk is not None:
        contest = scoped_get(request, _contests(), Capability.MANAGE_CAMPAIGN, pk=pk)
        node = contest.organization
        initial = _contest_form_initial(contest)
    else:
        node = get_object_or_404(Organization, pk=org_id)
        if not reaches(user, node, Capability.MANAGE_CAMPAIGN):
            raise Http404
        year = timezone.localdate().year
        initial = {
            "year": year,
            "entry_types": ["story", "skit"],
            "criteria": _("Content | 4 | 10\nPresentation | 3 | 10\nImpact | 3 | 10"),
            "tiers": _(
                "First prize | 1 | first\nSecond prize | 2 | second\nThird prize | 3 | third\n"
                "Consolation prize | 5 | consolation"
            ),
        }
    form = ContestForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        next_rounds=selectors.next_round_choices(user, node, contest),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contest = services.save_contest(
                actor=user,
                organization=node,
                contest=contest,
                kind=data["kind"],
                year=data["year"],
                title=data["title"],
                theme=data["theme"],
                rules=data["rules"],
                entries_open=data["entries_open"],
                entries_close=data["entries_close"],
                judging_until=data["judging_until"],
                results_on=data["results_on"],
                entry_types=data["entry_types"],
                entry_limit=data["entry_limit"],
                blind=data["blind"],
                next_round=data["next_round"],
                criteria=data["criteria"],
                tiers=data["tiers"],
                specials=form.specials(),
                document=form.document,
                expected_version=data.get("version") if contest else None,
            )
        except PermissionDenied:
            raise Http404 from None
        except ConcurrentEditError as exc:
            form.add_error(None, exc)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The contest was saved."))
            return redirect("contests:contest", contest.pk)
    return render(request, "contests/contest_form.html", {"form": form, "contest": contest, "node": node})


@login_required
def contest_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    contest = scoped_get(request, _contests(), pk=pk)
    manage = services.can_manage(user, contest)
    seat = selectors.seat(user, contest)
    context = {
        "contest": contest,
        "manage": manage,
        "seat": seat,
        "blind_for_me": contest.blind and seat is not None and not manage and contest.phase != Phase.RESULTS,
        "entries": selectors.entries_for(user, contest),
        "units": services_entries.sending_units(user, contest) if contest.open_on(timezone.localdate()) else [],
        "criteria": list(contest.criteria.all()),
        "tiers": list(contest.tiers.all()),
        "specials": list(contest.special_prizes.select_related("entry", "author", "unit")),
        "judges": list(contest.judges.select_related("user__person")) if manage or seat else [],
        "progress": selectors.progress(contest) if manage or seat else None,
        "previous": list(contest.previous_rounds.select_related("organization")[:20]),
    }
    return render(request, "contests/contest.html", context)


@login_required
def contest_rules(request: HttpRequest, pk: int) -> FileResponse:
    contest = scoped_get(request, Contest.objects.all(), pk=pk)
    return file_response(contest.rules_file, contest.rules_file_name)


@login_required
@require_http_methods(["GET", "POST"])
def judges(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    contest = scoped_get(request, _contests(), Capability.MANAGE_CAMPAIGN, pk=pk)
    form = JudgeForm(request.POST or None, candidates=selectors.judge_candidates(contest))
    if request.method == "POST" and form.is_valid():
        try:
            services.name_judge(
                actor=user, contest=contest, user=form.cleaned_data["user"], chair=form.cleaned_data["chair"]
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The jury was updated."))
            return redirect("contests:judges", contest.pk)
    seats = list(contest.judges.select_related("user__person"))
    return render(request, "contests/judges.html", {"contest": contest, "form": form, "seats": seats})


@login_required
@require_POST
def judge_remove(request: HttpRequest, pk: int) -> HttpResponse:
    seat = scoped_get(request, ContestJudge.objects.select_related("contest"), Capability.MANAGE_CAMPAIGN, pk=pk)
    try:
        services.remove_judge(actor=user_of(request), seat=seat)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The judge was taken off the jury."))
    return redirect("contests:judges", seat.contest_id)


@login_required
@require_POST
def start_judging(request: HttpRequest, pk: int) -> HttpResponse:
    contest = scoped_get(request, Contest.objects.all(), Capability.MANAGE_CAMPAIGN, pk=pk)
    try:
        services.start_judging(actor=user_of(request), contest=contest)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The entries are closed and the judging is open."))
    return redirect("contests:contest", contest.pk)


@login_required
@require_POST
def lock(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    contest = scoped_get(request, Contest.objects.all(), Capability.JUDGE, pk=pk)
    if not services.is_chair(user, contest):
        raise Http404
    try:
        services_judging.lock_results(actor=user, contest=contest)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("contests:judging", contest.pk)
    messages.success(request, _("The results are locked."))
    return redirect("contests:results", contest.pk)


def _results_contest(request: HttpRequest, pk: int, capability: Capability = Capability.VIEW) -> Contest:
    contest = scoped_get(request, _contests(), capability, pk=pk)
    if contest.phase != Phase.RESULTS:
        raise Http404
    return contest


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    contest = _results_contest(request, pk)
    context = {
        "contest": contest,
        "ranked": selectors.results(contest),
        "specials": list(contest.special_prizes.select_related("entry", "author", "unit")),
        "chair": services.is_chair(user, contest),
        "manage": services.can_manage(user, contest),
    }
    return render(request, "contests/results.html", context)


@login_required
def document(request: HttpRequest, pk: int, kind: str, fmt: str) -> HttpResponse:
    """The prize decision or the results notice, DOCX or PDF (the organiser's managers)."""
    if kind not in ("decision", "notice") or fmt not in ("docx", "pdf"):
        raise Http404
    contest = _results_contest(request, pk, Capability.MANAGE_CAMPAIGN)
    winners = selectors.winners(contest)
    specials = list(contest.special_prizes.select_related("entry", "author", "unit"))
    if kind == "decision":
        doc = exporters.decision(contest, winners, specials)
        name = exporters.filename(contest, "quyet-dinh-trao-giai")
    else:
        sent = Entry.objects.filter(contest=contest, state=EntryState.SENT)
        counts = {
            "entries": sent.count(),
            "units": sent.values("unit").distinct().count(),
            "judges": contest.judges.count(),
        }
        doc = exporters.notice(contest, winners, specials, counts)
        name = exporters.filename(contest, "thong-bao-ket-qua")
    return document_response(doc, fmt, name)


@login_required
def results_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    contest = _results_contest(request, pk, Capability.MANAGE_CAMPAIGN)
    data = exporters.results_xlsx(
        contest, selectors.results(contest), list(contest.special_prizes.select_related("entry", "author", "unit"))
    )
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{exporters.filename(contest, "ket-qua")}.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def jury_prize(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair picks the winner of the jury's prize."""
    user = user_of(request)
    prize = get_object_or_404(SpecialPrize.objects.select_related("contest"), pk=pk, rule=SpecialRule.JURY)
    contest = _results_contest(request, prize.contest_id, Capability.JUDGE)
    if not services.is_chair(user, contest):
        raise Http404
    entries = Entry.objects.filter(contest=contest, state=EntryState.SENT).order_by("rank", "pk")
    form = JuryPrizeForm(
        request.POST or None, entries=entries, initial={"entry": prize.entry_id, "reason": prize.reason}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services_judging.choose_jury_prize(
                actor=user, prize=prize, entry=form.cleaned_data["entry"], reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The jury's prize was saved."))
            return redirect("contests:results", contest.pk)
    return render(request, "contests/jury_prize.html", {"contest": contest, "prize": prize, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def forward(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the winners on to the next level's round."""
    user = user_of(request)
    contest = _results_contest(request, pk, Capability.MANAGE_CAMPAIGN)
    winners = Entry.objects.filter(contest=contest, state=EntryState.SENT, tier__isnull=False).order_by("rank")
    form = ForwardForm(request.POST or None, winners=winners)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services_judging.forward_winners(
                actor=user, contest=contest, entries=list(form.cleaned_data["entries"])
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(n)s entries were sent on to the next level.") % {"n": len(sent)})
            return redirect("contests:results", contest.pk)
    already = set(
        visible_to(Entry.objects.filter(forwarded_from__contest=contest), user).values_list(
            "forwarded_from_id", flat=True
        )
    )
    return render(request, "contests/forward.html", {"contest": contest, "form": form, "already": already})
