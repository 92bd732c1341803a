"""Labels of the inspections figures (lamtheo/reviews/providers/inspections.py), kept here so that
their msgids live in this app's catalogue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TITLE = _("Inspections and supervision")
INDICATORS = {
    "inspected": _("Units inspected"),
    "supervised": _("Units supervised"),
    "strengths": _("Strengths found"),
    "shortcomings": _("Shortcomings found"),
    "requirements": _("Requirements due in the period"),
    "remedied": _("Requirements remedied"),
    "overdue": _("Requirements overdue"),
}
REMEDIED_RATE = _("Share of requirements remedied")
