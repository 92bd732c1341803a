"""Tags of the web app layer: what base.html adds to every page, and form fields tied to their
hints and errors for screen readers (used by templates/includes/field.html)."""

from __future__ import annotations

import json
from typing import Any

from django import forms, template
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


def js_texts() -> dict[str, str]:
    """The sentences static/js/lamtheo-forms.js shows, in the page's language."""
    return {
        "savedHere": _("Saved on this device"),
        "sent": _("Sent: the server has it. The draft on this device is cleared."),
        "sending": _("Sending…"),
        "offlineKept": _(
            "No connection. What you wrote is saved on this device and will be sent when the connection is back."
        ),
        "offlineQueued": _("Waiting for a connection to send. Do not worry: it is saved on this device."),
        "backOnline": _("The connection is back: sending what you saved."),
        "restored": _("What you wrote on this device and did not send yet is back in the form."),
        "discard": _("Discard the draft"),
        "stale": _(
            "The saved record was changed after you started this draft (by you on another device or by "
            "someone else). Choose what to keep:"
        ),
        "useDraft": _("Put my draft in the form"),
        "keepServer": _("Keep the saved record, drop my draft"),
        "pendingElsewhere": _("A form you filled in on this device is not sent yet:"),
        "openToSend": _("Open it to send"),
        "adviceFailed": _("Could not check the advice now (no connection). It will be checked again when you type."),
        "partFailed": _("Could not update the form now (no connection). Try again when the connection is back."),
        "showPassword": _("Show password"),
        "hidePassword": _("Hide password"),
        "errorsTitle": _("Please correct the following:"),
        "sessionExpired": _("Your session has ended. Log in again: what you wrote is kept on this device."),
    }


@register.simple_tag(takes_context=True)
def webapp_head(context: template.Context) -> SafeString:
    """Manifest, the forms stylesheet and script, and the data the script needs (no inline script)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    user_id = str(user.pk) if user is not None and user.is_authenticated else ""
    config = {
        "user": user_id,
        "sw": reverse("webapp:service_worker"),
        "notebook": reverse("notebook:mine") if user_id else "",
        "texts": js_texts(),
    }
    return format_html(
        '<link rel="manifest" href="{}">\n  <link rel="apple-touch-icon" href="{}">\n'
        '  <link rel="stylesheet" href="{}">\n  <meta name="lamtheo-config" content="{}">\n'
        '  <script src="{}" defer></script>',
        reverse("webapp:manifest"),
        static("webapp/icon-192.png"),
        static("css/forms.css"),
        json.dumps(config, ensure_ascii=False),
        static("js/lamtheo-forms.js"),
    )


# Widgets on which aria-required is not allowed (radios, check boxes) or means nothing.
NOT_ARIA_REQUIRED = (
    forms.RadioSelect,
    forms.CheckboxSelectMultiple,
    forms.CheckboxInput,
    forms.HiddenInput,
    forms.FileInput,
)


@register.simple_tag
def field_widget(field: forms.BoundField) -> str:
    """The widget with aria-describedby naming the ids of its hint and errors (as field.html renders
    them), and aria-required so that screen readers announce it (the visible * is hidden from them;
    aria-required, unlike `required`, does not switch on the browser's own English bubbles)."""
    attrs: dict[str, Any] = {}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_errors")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    widget = field.field.widget
    if field.field.required and not isinstance(widget, NOT_ARIA_REQUIRED):
        attrs["aria-required"] = "true"
    return field.as_widget(attrs=attrs)
