"""Statistics of a unit for a year: participation by theme, block and child unit, essays,
classes, propaganda, with charts (server-side SVG) and the Excel export.

Reads a fixed number of queries whatever the size of the subtree (see `figures`).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.text import slugify

from . import selectors
from .exporters import statistics_workbook
from .figures import StudyFigures, ThemeFigures
from .models import EssayGrade
from .views import unit_context
from .viewutils import node_for, year_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _figures(request: HttpRequest, org_id: int) -> tuple[StudyFigures, int]:
    node = node_for(request, org_id)
    year = year_of(request)
    return selectors.year_figures(node, year, themes=selectors.themes_for(node, year)), year


def _chosen(request: HttpRequest, figures: StudyFigures) -> ThemeFigures | None:
    raw = request.GET.get("theme", "")
    if not raw:
        with_data = [t for t in figures.themes if t.total.members.attended or t.total.officials.attended]
        candidates = with_data or figures.themes
        return candidates[0] if candidates else None
    chosen = next((t for t in figures.themes if str(t.theme.pk) == raw), None)
    if chosen is None:
        raise Http404
    return chosen


@login_required
def stats(request: HttpRequest, org_id: int) -> HttpResponse:
    figures, year = _figures(request, org_id)
    node = figures.organization
    context = unit_context(request, node, year, "stats")
    chosen = _chosen(request, figures)
    grades = [(value, label, chosen.grades.get(value, 0) if chosen else 0) for value, label in EssayGrade.choices]
    context.update(
        {
            "figures": figures,
            "chosen": chosen,
            "grades": grades,
            "grade_max": max((g[2] for g in grades), default=0),
            "propaganda_max": max((p.quantity for p in figures.propaganda), default=0),
            "session_max": max((t.attendances for _b, _l, t in figures.sessions_by_block), default=0),
        }
    )
    return render(request, "study/stats.html", context)


@login_required
def stats_export(request: HttpRequest, org_id: int) -> HttpResponse:
    figures, year = _figures(request, org_id)
    content = statistics_workbook(figures, year)
    name = f"thong-ke-hoc-tap-{slugify(figures.organization.code) or figures.organization.pk}-{year}.xlsx"
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
