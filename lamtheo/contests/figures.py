"""Labels of the contests' review indicators (the provider is lamtheo/reviews/providers/contests.py);
kept here so that their Vietnamese lives in this app's catalogue."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

TITLE = _("Contests")
LABELS = {
    "held": _("Contests held"),
    "units": _("Units taking part in contests"),
    "entries": _("Contest entries"),
    "entries_story": _("Entries: stories"),
    "entries_skit": _("Entries: skits"),
    "entries_written": _("Entries: written pieces"),
    "entries_video": _("Entries: videos"),
    "entries_file": _("Entries: files"),
    "prizes": _("Contest prizes"),
    "prizes_first": _("First prizes"),
    "prizes_second": _("Second prizes"),
    "prizes_third": _("Third prizes"),
    "prizes_consolation": _("Consolation prizes"),
    "prizes_other": _("Other prizes"),
    "special_prizes": _("Special prizes given"),
}
