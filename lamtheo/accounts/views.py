from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.forms import BaseForm
from django.http import HttpResponse
from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from lamtheo.ops.middleware import SHARED_DEVICE_KEY

from . import services
from .forms import LoginForm, NewPasswordForm
from .models import User


class LoginView(auth_views.LoginView):
    """Failed attempts are counted by django-axes (5 per username and address, then 429)."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    form_class = LoginForm

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        if form.cleaned_data.get("shared_device"):
            self.request.session[SHARED_DEVICE_KEY] = True
            self.request.session.set_expiry(settings.SHARED_DEVICE_IDLE_SECONDS)
        return response


class LogoutView(auth_views.LogoutView):
    """POST only (Django 5); the form is in base.html."""


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = NewPasswordForm
    success_url = reverse_lazy("core:home")

    def form_valid(self, form: BaseForm) -> HttpResponse:
        response = super().form_valid(form)
        user = self.request.user
        if isinstance(user, User):
            services.password_changed(user=user)
        messages.success(self.request, _("Your password has been changed."))
        return response
