"""Pages where users create and revoke their API tokens, and administrators those of service accounts."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lamtheo.accounts.models import User
from lamtheo.accounts.selectors import manageable_accounts

from . import tokens
from .forms import TokenForm
from .models import ApiToken


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _tokens_page(request: HttpRequest, account: User, *, back: str) -> HttpResponse:
    actor = _user(request)
    form = TokenForm(request.POST or None)
    created_key = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, created_key = tokens.create_token(
                actor=actor, account=account, label=form.cleaned_data["label"], days=form.cleaned_data["days"]
            )
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "account": account,
            "own": account.pk == actor.pk,
            "tokens": list(tokens.tokens_of(account)[:100]),
            "form": form,
            "created_key": created_key,
            "back": back,
        },
        status=400 if request.method == "POST" and not created_key else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_tokens(request: HttpRequest) -> HttpResponse:
    return _tokens_page(request, _user(request), back=reverse("api:tokens"))


@login_required
@require_http_methods(["GET", "POST"])
def account_tokens(request: HttpRequest, pk: int) -> HttpResponse:
    """An administrator's page for the tokens of an account they manage (a service account)."""
    account = manageable_accounts(_user(request)).filter(pk=pk).first()
    if account is None:
        raise Http404
    return _tokens_page(request, account, back=reverse("api:account_tokens", args=[pk]))


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = ApiToken.objects.select_related("user").filter(pk=pk).first()
    if token is None or not tokens.may_issue_for(_user(request), token.user):
        raise Http404
    tokens.revoke_token(actor=_user(request), token=token)
    messages.success(request, _("The token “%(label)s” was revoked; it no longer works.") % {"label": token.label})
    if token.user_id == _user(request).pk:
        return redirect("api:tokens")
    return redirect("api:account_tokens", token.user_id)
