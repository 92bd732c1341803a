"""The organisation tree: browse (children expand in place with htmx), a unit's page, and the
tree edits (edit, move a subtree, end/merge, add a subordinate unit) for MANAGE_TREE holders.

Everything is looked up through `scoped_get`, so a unit outside the user's subtree answers 404.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.vary import vary_on_headers

from lamtheo.accounts.models import User
from lamtheo.core.views_base import scoped_get
from lamtheo.organizations import selectors, services
from lamtheo.organizations.forms import EndForm, MoveForm, OrganizationForm, apply_errors, narrow_choices, show_date
from lamtheo.organizations.models import Organization
from lamtheo.organizations.scoping import Capability

TREE = Capability.MANAGE_TREE


def _code_taken() -> str:
    """A unit saved the same code between the form check and the save."""
    return _("Another unit already uses this code. Choose a different code.")


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _node(request: HttpRequest, pk: int, capability: Capability = Capability.VIEW) -> Organization:
    return scoped_get(request, Organization.objects.select_related("successor"), capability, pk=pk)


@login_required
def tree(request: HttpRequest) -> HttpResponse:
    return render(request, "organizations/tree.html", {"nodes": selectors.tree_top(_user(request))})


@login_required
@vary_on_headers("HX-Request")
def children(request: HttpRequest, pk: int) -> HttpResponse:
    """The children of a unit, as list items for the tree (htmx); the unit's page otherwise."""
    node = _node(request, pk)
    if not getattr(request, "htmx", False):
        return redirect("organizations:detail", pk=node.pk)
    nodes = selectors.children_with_counts(_user(request), node)
    return render(request, "organizations/tree_children.html", {"nodes": nodes, "parent": node})


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    node = _node(request, pk)
    context = {
        "node": node,
        "ancestors": selectors.ancestors_visible(user, node),
        "children": selectors.children_with_counts(user, node),
        "member_count": selectors.subtree_member_counts([node])[node.pk],
        "people": list(selectors.cell_people(user, node)) if node.is_cell else [],
        "predecessors": selectors.visible_predecessors(user, node),
        "active": node.is_active_on(),
        "can_tree": selectors.reaches(user, node, TREE),
        "can_people": selectors.reaches(user, node, Capability.MANAGE_PEOPLE),
        "successor_visible": node.successor is not None and selectors.reaches(user, node.successor, Capability.VIEW),
    }
    return render(request, "organizations/org_detail.html", context)


def _form_page(request: HttpRequest, node: Organization, form: object, **context: object) -> HttpResponse:
    return render(request, "organizations/org_form.html", {"node": node, "form": form, **context})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    node = _node(request, pk, TREE)
    if request.method == "POST":
        form = OrganizationForm(request.POST, instance=node)
        if form.is_valid():
            data = form.cleaned_data
            fields = {k: data[k] for k in ("name", "code", "kind", "block", "valid_from")}
            try:
                services.update_organization(node, expected_version=data["version"], **fields)
            except ValidationError as exc:
                apply_errors(form, exc)
            except IntegrityError:
                form.add_error("code", _code_taken())
            else:
                messages.success(request, _("The changes to %(name)s are saved.") % {"name": node.name})
                return redirect("organizations:detail", pk=node.pk)
    else:
        form = OrganizationForm(instance=node)
    title = _("Edit %(name)s") % {"name": node.name}
    return _form_page(request, node, form, title=title, submit=_("Save the changes"))


@login_required
def add_child(request: HttpRequest, pk: int) -> HttpResponse:
    parent = _node(request, pk, TREE)
    if parent.is_cell or not parent.is_active_on():
        reason = (
            _("A party cell cannot have subordinate units.")
            if parent.is_cell
            else _("This unit has ended; add the new unit under a current one.")
        )
        messages.error(request, reason)
        return redirect("organizations:detail", pk=parent.pk)
    if request.method == "POST":
        form = OrganizationForm(request.POST, parent=parent)
        if form.is_valid():
            data = form.cleaned_data
            fields = {k: data[k] for k in ("name", "code", "kind", "block", "valid_from")}
            try:
                child = services.create_organization(parent=parent, **fields)
            except ValidationError as exc:
                apply_errors(form, exc)
            except IntegrityError:
                form.add_error("code", _code_taken())
            else:
                messages.success(request, _("%(name)s is added.") % {"name": child.name})
                return redirect("organizations:detail", pk=child.pk)
    else:
        form = OrganizationForm(parent=parent)
    title = _("Add a subordinate unit to %(name)s") % {"name": parent.name}
    return _form_page(request, parent, form, title=title, submit=_("Add the unit"))


def _target_page(
    request: HttpRequest, node: Organization, form: MoveForm | EndForm, field: str, **context: object
) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    query = source.get("q", "").strip()[:100]
    shown, more = narrow_choices(form.fields[field], query, source.get(field))  # type: ignore[arg-type]
    context.update({"node": node, "form": form, "q": query, "shown": shown, "more": more, "search_field": field})
    return render(request, "organizations/org_target_form.html", context)


@login_required
def move(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    node = _node(request, pk, TREE)
    parent_path = node.path[: -Organization.steplen]
    candidates = selectors.node_candidates(user, TREE, cells=False, exclude=node).exclude(path=parent_path)
    form = MoveForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["new_parent"]
        try:
            services.move_subtree(node, new_parent=target)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("%(name)s now belongs to %(parent)s.") % {"name": node.name, "parent": target.name}
            )
            return redirect("organizations:detail", pk=node.pk)
    return _target_page(
        request,
        node,
        form,
        "new_parent",
        title=_("Move %(name)s") % {"name": node.name},
        intro=_("The unit moves with all its subordinate units and members. Choose its new higher unit."),
        empty=_("There is no other unit you manage that this unit can move under."),
        submit=_("Move the unit"),
    )


@login_required
def end(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    node = _node(request, pk, TREE)
    if node.valid_to is not None:
        messages.info(
            request, _("%(name)s already ended on %(day)s.") % {"name": node.name, "day": show_date(node.valid_to)}
        )
        return redirect("organizations:detail", pk=node.pk)
    has_people = node.is_cell and selectors.cell_people(user, node).exists()
    form = EndForm(
        request.POST or None,
        org=node,
        candidates=selectors.node_candidates(user, TREE, cells=node.is_cell, exclude=node),
        has_people=has_people,
        active_children=selectors.active_children_count(user, node),
        earliest=selectors.latest_open_start(user, node) if has_people else None,
    )
    if request.method == "POST" and form.is_valid():
        successor = form.cleaned_data["successor"]
        try:
            moved = services.end_organization(node, on=form.cleaned_data["on"], successor=successor)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            text = _("%(name)s has ended.") % {"name": node.name}
            if moved:
                text += " " + _("%(count)s people moved to %(cell)s.") % {"count": moved, "cell": successor.name}
            messages.success(request, text)
            return redirect("organizations:detail", pk=node.pk)
    intro = (
        _("Its members move to the successor cell on the end date; their history keeps the move.")
        if has_people
        else _("The unit stays in the tree, marked as ended, with a link to its successor.")
    )
    return _target_page(
        request,
        node,
        form,
        "successor",
        title=_("End %(name)s (merge)") % {"name": node.name},
        intro=intro,
        empty="",
        submit=_("End the unit"),
    )
