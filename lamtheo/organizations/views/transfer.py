"""Excel import of the tree and the rosters, the templates, and the export of a subtree.

Importing units needs MANAGE_TREE, importing people MANAGE_PEOPLE; the export needs a role
that reaches the unit with VIEW. Anything else answers 404.
"""

from __future__ import annotations

import io
from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from lamtheo.accounts.models import User
from lamtheo.core.text import fold
from lamtheo.core.views_base import require, scoped_get
from lamtheo.organizations import exporters, importers
from lamtheo.organizations.import_forms import KIND_LABELS, ImportForm
from lamtheo.organizations.models import Organization, Person
from lamtheo.organizations.scoping import Capability, has_capability, visible_to
from lamtheo.organizations.selectors import top_nodes
from lamtheo.organizations.spreadsheet import ROSTER, TREE, FileError, sheet_title

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CAPABILITY = {TREE: Capability.MANAGE_TREE, ROSTER: Capability.MANAGE_PEOPLE}
MAX_SHOWN_ERRORS = 500


def _kinds(user: User) -> list[str]:
    return [kind for kind in (TREE, ROSTER) if has_capability(user, CAPABILITY[kind])]


def _filename(*parts: str) -> str:
    return "-".join(slugify(fold(part)) for part in parts if part) + ".xlsx"


@login_required
def import_page(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    kinds = _kinds(user)
    if not kinds:
        raise Http404
    result = None
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, kinds=kinds)
        if form.is_valid():
            try:
                result = importers.import_workbook(user=user, kind=form.cleaned_data["kind"], workbook=form.workbook)
            except FileError as exc:
                form.add_error("file", str(exc))
            finally:
                form.close()
        else:
            form.close()
    else:
        form = ImportForm(kinds=kinds, initial={"kind": kinds[0]})
    context = {
        "form": form,
        "result": result,
        "errors": result.errors[:MAX_SHOWN_ERRORS] if result else [],
        "hidden_errors": max(0, len(result.errors) - MAX_SHOWN_ERRORS) if result else 0,
        "templates": [(kind, KIND_LABELS[kind]) for kind in kinds],
        "export_nodes": top_nodes(user) if has_capability(user, Capability.VIEW) else [],
    }
    return render(request, "organizations/import.html", context)


@login_required
def template(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in _kinds(cast(User, request.user)):
        raise Http404
    buffer = io.BytesIO()
    exporters.template_workbook(kind).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    filename = _filename(_("import template"), sheet_title(kind))
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def export(request: HttpRequest, pk: int) -> FileResponse:
    """The subtree of a unit the user reaches through a role (a member's own cell is not enough)."""
    user = cast(User, request.user)
    require(request, Capability.VIEW)
    node = scoped_get(request, Organization.objects.all(), Capability.VIEW, pk=pk)
    if node.path not in importers.Scope(user, Capability.VIEW):
        raise Http404
    units = visible_to(Organization.objects.filter(path__startswith=node.path), user, Capability.VIEW)
    people = visible_to(Person.objects.filter(cell__path__startswith=node.path), user, Capability.VIEW)
    parent_code = ""
    if node.depth > 1:
        parents = Organization.objects.filter(path=node.path[: -Organization.steplen])
        parent_code = visible_to(parents, user, Capability.VIEW).values_list("code", flat=True).first() or ""
    output = exporters.export_subtree(units=units, people=people, root_parent_code=parent_code)
    filename = _filename(node.code, timezone.localdate().strftime("%Y%m%d"))
    return FileResponse(output, as_attachment=True, filename=filename, content_type=XLSX)
