"""The audit trail: who changed what and when, limited to the reader's subtree."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lamtheo.accounts import audit as audit_selectors
from lamtheo.accounts.forms import AuditFilterForm
from lamtheo.accounts.models import User
from lamtheo.core.views_base import paginate, require
from lamtheo.organizations.scoping import Capability


@login_required
def audit(request: HttpRequest) -> HttpResponse:
    require(request, Capability.VIEW_AUDIT)
    user = cast(User, request.user)
    form = AuditFilterForm(request.GET or None, models=audit_selectors.model_choices())
    model_key = form.cleaned_data["model"] if form.is_valid() else ""
    page = paginate(request, audit_selectors.audit_entries(user, model_key), per_page=30)
    page.object_list = audit_selectors.describe(list(page.object_list), viewer=user)
    query = f"model={model_key}&" if model_key else ""
    return render(request, "organizations/audit.html", {"page": page, "form": form, "query": query})
