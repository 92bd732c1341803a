"""Essays (bài thu hoạch): a member's own study page, writing or uploading an essay, the cell's
list for the committee, and the assessment.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lamtheo.core.exceptions import ConcurrentEditError
from lamtheo.core.views_base import scoped_get
from lamtheo.organizations.models import CELL_KINDS
from lamtheo.organizations.scoping import Capability, can

from . import selectors, services_essays
from .forms import AssessForm, EssayForm
from .models import Essay, EssayState
from .views import file_response
from .viewutils import flash, form_error, node_for, user_of, version_of, year_of


def _essays() -> QuerySet[Essay]:
    return Essay.objects.select_related("person", "cell", "theme", "session", "assessed_by__person")


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """A member's study: their essays and the classes they attended."""
    user = user_of(request)
    if not user.person_id:
        raise Http404
    person = user.person
    context = {
        "person": person,
        "essays": list(selectors.my_essays(person)),  # type: ignore[arg-type]
        "sessions": list(selectors.sessions_attended(user, person)[:50]),  # type: ignore[arg-type]
    }
    return render(request, "study/mine.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def essay_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Write a new essay or change one's own (until it is assessed)."""
    user = user_of(request)
    if not user.person_id:
        raise Http404
    person = user.person
    essay = None
    if pk:
        essay = scoped_get(request, _essays(), pk=pk)
        if essay.person_id != person.pk:  # type: ignore[union-attr]
            raise Http404
        if not essay.editable_by_author:
            return redirect("study:essay", essay.pk)
    year = essay.year if essay else year_of(request)
    initial = {}
    if essay:
        initial = {
            "theme": essay.theme_id,
            "year": essay.year,
            "session": essay.session_id,
            "title": essay.title,
            "body": essay.body,
            "version": essay.version,
        }
    elif request.GET.get("session", "").isdigit():
        session = selectors.session_choices_for(person).filter(pk=int(request.GET["session"])).first()  # type: ignore[arg-type]
        if session is not None:
            initial = {"session": session.pk, "theme": session.theme_id, "year": session.year}
            year = session.year
    form = EssayForm(request.POST or None, request.FILES or None, person=person, year=year, initial=initial)  # type: ignore[arg-type]
    form.fields["version"].required = essay is not None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            essay = services_essays.save_essay(
                actor=user,
                essay=essay,
                theme=data["theme"],
                year=data["year"],
                title=data["title"],
                body=data["body"],
                session=data["session"],
                document=form.document,
                remove_file=data.get("remove_file", False),
                submit=request.POST.get("action") == "submit",
                expected_version=version_of(form),
            )
        except PermissionDenied:
            raise Http404 from None
        except ConcurrentEditError as exc:
            form.add_error(None, exc)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            if essay.state == EssayState.SUBMITTED:
                flash(request, _("The essay was sent to the cell committee."))
            else:
                flash(request, _("The essay was saved as a draft."))
            return redirect("study:essay", essay.pk)
    context = {"form": form, "essay": essay, "person": person}
    return render(request, "study/essay_form.html", context)


@login_required
def essay_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    essay = scoped_get(request, _essays(), pk=pk)
    own = essay.person_id == user.person_id
    context = {
        "essay": essay,
        "own": own,
        "can_assess": not own and essay.state != EssayState.DRAFT and can(user, Capability.REVIEW, essay),
        "cell_url": reverse("study:cell_essays", args=[essay.cell_id]) + f"?year={essay.year}&theme={essay.theme_id}"
        if selectors.can_view(user, essay.cell)
        else None,
    }
    if essay.state == EssayState.DRAFT and not own:
        raise Http404  # a draft is the author's own until it is sent
    return render(request, "study/essay_detail.html", context)


@login_required
def essay_file(request: HttpRequest, pk: int) -> FileResponse:
    user = user_of(request)
    essay = scoped_get(request, Essay.objects.all(), pk=pk)
    if essay.state == EssayState.DRAFT and essay.person_id != user.person_id:
        raise Http404
    return file_response(essay.file, essay.file_name)


@login_required
def cell_essays(request: HttpRequest, org_id: int) -> HttpResponse:
    """The essays of a cell's people on a theme in a year: who wrote, who is assessed."""
    user = user_of(request)
    cell = node_for(request, org_id)
    if cell.kind not in CELL_KINDS:
        raise Http404
    year = year_of(request)
    themes = list(selectors.themes_for(cell, year))
    theme = themes[0] if themes else None
    raw = request.GET.get("theme", "")
    if raw:
        theme = next((t for t in themes if str(t.pk) == raw), None)
        if theme is None:
            raise Http404
    people = selectors.cell_essays(user, cell, year, theme)
    essays: list[Essay] = [p.essay for p in people if p.essay is not None]  # type: ignore[attr-defined]
    context = {
        "org": cell,
        "year": year,
        "years": range(year + 1, year - 6, -1),
        "themes": themes,
        "theme": theme,
        "people": people,
        "written": len([e for e in essays if e.state != EssayState.DRAFT]),
        "assessed": len([e for e in essays if e.state == EssayState.ASSESSED]),
        "can_review": selectors.can_review(user, cell),
    }
    return render(request, "study/cell_essays.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def essay_assess(request: HttpRequest, pk: int) -> HttpResponse:
    """The cell committee grades and comments an essay that was sent to it."""
    user = user_of(request)
    essay = scoped_get(request, _essays(), Capability.REVIEW, pk=pk)
    if essay.state == EssayState.DRAFT or essay.person_id == user.person_id:
        raise Http404
    initial = {"grade": essay.grade, "comment": essay.comment, "version": essay.version}
    form = AssessForm(request.POST or None, initial=initial)
    form.fields["version"].required = True
    if request.method == "POST" and form.is_valid():
        try:
            services_essays.assess_essay(
                actor=user,
                essay=essay,
                grade=form.cleaned_data["grade"],
                comment=form.cleaned_data["comment"],
                expected_version=version_of(form),
            )
        except PermissionDenied:
            raise Http404 from None
        except ConcurrentEditError as exc:
            form.add_error(None, exc)
        except ValidationError as exc:
            form_error(form, exc)
        else:
            flash(request, _("The assessment was saved."))
            url = reverse("study:cell_essays", args=[essay.cell_id])
            return redirect(f"{url}?year={essay.year}&theme={essay.theme_id}")
    return render(request, "study/essay_assess.html", {"essay": essay, "form": form})
