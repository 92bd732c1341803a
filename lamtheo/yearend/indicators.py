"""Labels of the year-end indicators (the provider itself is lamtheo/reviews/providers/yearend.py,
one floor up; the labels live here so that they are translated in this app's catalogue)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TITLE = _("Year end: ethics self-review and the masses' comments")
LABELS = {
    "reviewed": _("People under ethics self-review"),
    "concluded": _("Self-reviews concluded by the chair"),
    "comments": _("Comments of the masses received"),
    "upheld": _("Comments of the masses upheld"),
    "shortcomings": _("Shortcomings raised at the year end"),
    "remedied": _("Shortcomings raised at the year end and remedied"),
}
RATE_LABELS = {
    "upheld_rate": _("Share of the masses' comments upheld"),
    "remedied_rate": _("Share of the year end's shortcomings remedied"),
}
