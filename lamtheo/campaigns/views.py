"""Pages of themes, ethical standards and guiding documents of a node.

Each list shows what the node issued and what applies to it from the levels above. Reads go
through `scoped_get` / the selectors (VIEW reaches what one's nodes and their ancestors issued);
writes need MANAGE_CAMPAIGN on the issuing node, else 404.
"""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lamtheo.accounts.models import User
from lamtheo.core.views_base import scoped_get
from lamtheo.organizations.forms import apply_errors
from lamtheo.organizations.models import Organization
from lamtheo.organizations.scoping import Capability

from . import selectors, services
from .files import CONTENT_TYPES, download_name, extension
from .forms import AdaptForm, DirectiveForm, PublishForm, StandardForm, ThemeForm
from .models import Directive, EthicalStandard, Theme

MANAGE = Capability.MANAGE_CAMPAIGN
PER_PAGE = 20
ABOVE_LIMIT = 100


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _node(request: HttpRequest, pk: int, capability: Capability = Capability.VIEW) -> Organization:
    return scoped_get(request, Organization.objects.all(), capability, pk=pk)


def _page(request: HttpRequest, queryset: QuerySet[Any], param: str) -> Page:
    return Paginator(queryset, PER_PAGE).get_page(request.GET.get(param))


def _year(request: HttpRequest) -> int | None:
    """The year chosen in the switcher: a year, None for "all years", else the current year."""
    raw = request.GET.get("year", "")
    if raw == "all":
        return None
    if raw.isdigit() and selectors.MIN_YEAR <= int(raw) <= selectors.MAX_YEAR:
        return int(raw)
    return selectors.current_year()


def _list_context(request: HttpRequest, node: Organization, tab: str) -> dict[str, Any]:
    user = _user(request)
    year = _year(request)
    return {
        "node": node,
        "tab": tab,
        "year": year,
        "years": selectors.years_around(year or selectors.current_year()),
        "can_manage": selectors.can_manage(user, node),
        "my_nodes": selectors.my_nodes(user),
        "query": urlencode({"year": year or "all"}) + "&",
    }


# --- entry ---------------------------------------------------------------------------------------


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Open the campaign pages of the user's main node (404 when the user has none)."""
    node = selectors.default_node(_user(request))
    if node is None:
        raise Http404
    return redirect("campaigns:themes", org=node.pk)


@login_required
def node(request: HttpRequest, org: int) -> HttpResponse:
    found = _node(request, org)
    return redirect("campaigns:themes", org=found.pk)


# --- themes --------------------------------------------------------------------------------------


@login_required
def themes(request: HttpRequest, org: int) -> HttpResponse:
    found = _node(request, org)
    context = _list_context(request, found, "themes")
    user = _user(request)
    context["issued"] = _page(request, selectors.issued_themes(user, found), "page")
    context["above"] = list(selectors.themes_from_above(user, found, context["year"])[:ABOVE_LIMIT])
    return render(request, "campaigns/theme_list.html", context)


@login_required
def theme(request: HttpRequest, pk: int) -> HttpResponse:
    found = scoped_get(request, Theme.objects.select_related("organization", "directive"), pk=pk)
    context = {"theme": found, "can_manage": selectors.can_manage(_user(request), found.organization)}
    return render(request, "campaigns/theme_detail.html", context)


@login_required
def theme_create(request: HttpRequest, org: int) -> HttpResponse:
    found = _node(request, org, MANAGE)
    form = ThemeForm(request.POST or None, organization=found)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_theme(organization=found, user=_user(request), **form.service_fields())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The theme “%(title)s” is saved.") % {"title": created.title})
            return redirect("campaigns:theme", pk=created.pk)
    title = _("New theme for %(unit)s") % {"unit": found.name}
    return render(
        request,
        "campaigns/theme_form.html",
        {"form": form, "node": found, "title": title, "back": reverse("campaigns:themes", args=[found.pk])},
    )


@login_required
def theme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = scoped_get(request, Theme.objects.select_related("organization"), MANAGE, pk=pk)
    form = ThemeForm(request.POST or None, organization=found.organization, instance=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_theme(
                found, user=_user(request), expected_version=form.cleaned_data["version"], **form.service_fields()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The theme “%(title)s” is saved.") % {"title": found.title})
            return redirect("campaigns:theme", pk=found.pk)
    title = _("Edit the theme")
    return render(
        request,
        "campaigns/theme_form.html",
        {"form": form, "node": found.organization, "title": title, "back": reverse("campaigns:theme", args=[pk])},
    )


# --- ethical standards ---------------------------------------------------------------------------


@login_required
def standards(request: HttpRequest, org: int) -> HttpResponse:
    found = _node(request, org)
    context = _list_context(request, found, "standards")
    user = _user(request)
    context["issued"] = _page(request, selectors.issued_standards(user, found), "page")
    context["above"] = list(selectors.standards_from_above(user, found, context["year"])[:ABOVE_LIMIT])
    return render(request, "campaigns/standard_list.html", context)


def _standard(request: HttpRequest, pk: int, capability: Capability = Capability.VIEW) -> EthicalStandard:
    qs = EthicalStandard.objects.select_related("organization", "adapted_from", "adapted_from__organization")
    return scoped_get(request, qs, capability, pk=pk)


@login_required
def standard(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    found = _standard(request, pk)
    can_manage = selectors.can_manage(user, found.organization)
    context = {
        "standard": found,
        "can_manage": can_manage,
        "can_publish": can_manage and not found.organization.is_cell,
        "can_adapt": found.is_model and selectors.adapt_targets(user, found).exists(),
        "comparison": selectors.compare_with_model(found),
        "adaptations": list(selectors.adaptations_of(user, found)) if found.is_model or can_manage else [],
    }
    return render(request, "campaigns/standard_detail.html", context)


@login_required
def standard_create(request: HttpRequest, org: int) -> HttpResponse:
    found = _node(request, org, MANAGE)
    form = StandardForm(request.POST or None, organization=found)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_standard(organization=found, user=_user(request), **form.service_fields())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The standards “%(title)s” are saved.") % {"title": created.title})
            return redirect("campaigns:standard", pk=created.pk)
    title = _("New ethical standards for %(unit)s") % {"unit": found.name}
    return render(
        request,
        "campaigns/standard_form.html",
        {"form": form, "node": found, "title": title, "back": reverse("campaigns:standards", args=[found.pk])},
    )


@login_required
def standard_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = _standard(request, pk, MANAGE)
    form = StandardForm(request.POST or None, organization=found.organization, instance=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_standard(
                found, user=_user(request), expected_version=form.cleaned_data["version"], **form.service_fields()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The standards are saved as version %(version)s.") % {"version": found.version},
            )
            return redirect("campaigns:standard", pk=found.pk)
    context = {
        "form": form,
        "node": found.organization,
        "standard": found,
        "title": _("Edit the ethical standards"),
        "back": reverse("campaigns:standard", args=[pk]),
        "comparison": selectors.compare_with_model(found),
    }
    return render(request, "campaigns/standard_form.html", context)


@login_required
def standard_adapt(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    model = _standard(request, pk)
    targets = selectors.adapt_targets(user, model)
    if not model.is_model or not targets.exists():
        raise Http404
    unit = request.GET.get("unit", "")
    form = AdaptForm(request.POST or None, model=model, targets=targets, unit=int(unit) if unit.isdigit() else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            copy = services.adapt_standard(
                model=model,
                organization=data["organization"],
                user=user,
                title=data["title"],
                year_from=data["year_from"],
                year_to=data["year_to"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The model is copied into %(unit)s. Now adjust it to fit your unit.") % {"unit": copy.organization},
            )
            return redirect("campaigns:standard_edit", pk=copy.pk)
    return render(request, "campaigns/standard_adapt.html", {"form": form, "model": model})


@login_required
@require_POST
def standard_publish(request: HttpRequest, pk: int) -> HttpResponse:
    found = _standard(request, pk, MANAGE)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The form was incomplete. Reload the page and try again."))
        return redirect("campaigns:standard", pk=found.pk)
    publish = form.cleaned_data["publish"]
    try:
        services.publish_standard(
            found, user=_user(request), expected_version=form.cleaned_data["version"], publish=publish
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        if publish:
            messages.success(request, _("Published as a model: the units below can now adapt it."))
        else:
            messages.success(request, _("The model is withdrawn. Copies already made keep their link."))
    return redirect("campaigns:standard", pk=found.pk)


@login_required
def standard_history(request: HttpRequest, pk: int) -> HttpResponse:
    found = _standard(request, pk)
    raw = request.GET.get("before", "")
    before = int(raw) if raw.isdigit() else None
    entries = selectors.version_history(found, before=before)
    older = entries[-1].version.version if entries and entries[-1].diff is not None else None
    context = {
        "standard": found,
        "entries": entries,
        "older": older,
        "comparison": selectors.compare_with_model(found),
    }
    return render(request, "campaigns/standard_history.html", context)


# --- directives ----------------------------------------------------------------------------------


@login_required
def directives(request: HttpRequest, org: int) -> HttpResponse:
    found = _node(request, org)
    context = _list_context(request, found, "directives")
    user = _user(request)
    query = request.GET.get("q", "").strip()[:100]
    context["q"] = query
    context["query"] = urlencode({"year": context["year"] or "all", **({"q": query} if query else {})}) + "&"
    context["issued"] = _page(request, selectors.issued_directives(user, found, query), "page")
    context["above"] = _page(request, selectors.directives_from_above(user, found, context["year"], query), "above")
    return render(request, "campaigns/directive_list.html", context)


@login_required
def directive(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user(request)
    found = scoped_get(request, Directive.objects.select_related("organization"), pk=pk)
    context = {
        "directive": found,
        "can_manage": selectors.can_manage(user, found.organization),
        "themes": list(selectors.themes_citing(user, found)),
        "file_type": extension(found.file.name or "")[1:].upper(),
        "in_force": found.in_force_in(selectors.current_year()),
    }
    return render(request, "campaigns/directive_detail.html", context)


def _directive_form(request: HttpRequest, form: DirectiveForm, **context: Any) -> HttpResponse:
    return render(request, "campaigns/directive_form.html", {"form": form, **context})


@login_required
def directive_create(request: HttpRequest, org: int) -> HttpResponse:
    found = _node(request, org, MANAGE)
    form = DirectiveForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_directive(
                organization=found, user=_user(request), file=form.cleaned_data["file"], **form.service_fields()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The document %(number)s is saved.") % {"number": created.number})
            return redirect("campaigns:directive", pk=created.pk)
    return _directive_form(
        request,
        form,
        node=found,
        title=_("New guiding document for %(unit)s") % {"unit": found.name},
        back=reverse("campaigns:directives", args=[found.pk]),
    )


@login_required
def directive_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = scoped_get(request, Directive.objects.select_related("organization"), MANAGE, pk=pk)
    form = DirectiveForm(request.POST or None, request.FILES or None, instance=found)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_directive(
                found,
                user=_user(request),
                expected_version=form.cleaned_data["version"],
                file=form.cleaned_data["file"],
                remove_file=bool(form.cleaned_data.get("remove_file")),
                **form.service_fields(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The document %(number)s is saved.") % {"number": found.number})
            return redirect("campaigns:directive", pk=found.pk)
    return _directive_form(
        request,
        form,
        node=found.organization,
        directive=found,
        title=_("Edit the document"),
        back=reverse("campaigns:directive", args=[pk]),
    )


@login_required
def directive_file(request: HttpRequest, pk: int) -> FileResponse:
    """The attached file, for those who may read the document (404 elsewhere or without a file)."""
    found = scoped_get(request, Directive.objects.all(), pk=pk)
    if not found.file:
        raise Http404
    try:
        handle = found.file.storage.open(found.file.name, "rb")
    except OSError:
        raise Http404 from None
    ext = extension(found.file.name)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(found.number, found.file.name),
        content_type=CONTENT_TYPES.get(ext, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
