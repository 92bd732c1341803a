from django import forms
from django.utils.translation import gettext_lazy as _

from .tokens import DEFAULT_DAYS, MAX_DAYS


class TokenForm(forms.Form):
    label = forms.CharField(
        label=_("Name"), max_length=100, help_text=_("What the token is for, e.g. “Province member database”.")
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=MAX_DAYS, initial=DEFAULT_DAYS)
