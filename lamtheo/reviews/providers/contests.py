"""Contests (issue 13): contests held, units taking part, entries by type, prizes by tier, special prizes.

Registers only when the contests app's models exist (imported lazily). A contest belongs to the
period when its entries closed in it. Contests held count at the organising unit; entries (not
withdrawn), units taking part (distinct sending units: a unit sits under one child, so the sums
compile up) and prizes (after the results are locked) count at the sending unit; special prizes at
the unit of the winning entry, or at the unit given the prize for most entries.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count, Q

from lamtheo.contests.figures import LABELS, TITLE

from ..figures import BaseProvider, Indicator, Key, Scope, register

ENTRY_TYPES = ("story", "skit", "written", "video", "file")
TIER_LEVELS = ("first", "second", "third", "consolation", "other")


def _models_exist() -> bool:
    try:
        apps.get_model("contests", "Contest")
        apps.get_model("contests", "Entry")
        apps.get_model("contests", "SpecialPrize")
    except LookupError:
        return False
    return True


class ContestsProvider(BaseProvider):
    key = "contests"
    title = TITLE
    order = 60
    indicators = tuple(Indicator(f"contests.{name}", label) for name, label in LABELS.items())

    def compute(self, scope: Scope) -> dict[Key, dict[str, int]]:
        contest_model = apps.get_model("contests", "Contest")
        entry_model = apps.get_model("contests", "Entry")
        special_model = apps.get_model("contests", "SpecialPrize")
        period = (scope.date_from, scope.date_to)
        result = scope.grouped(
            contest_model.objects.filter(entries_close__range=period), org="organization", counts={"held": Count("pk")}
        )
        entries = entry_model.objects.filter(contest__entries_close__range=period, state="sent")
        counts = {
            "units": Count("unit", distinct=True),
            "entries": Count("pk"),
            **{f"entries_{t}": Count("pk", filter=Q(entry_type=t)) for t in ENTRY_TYPES},
            "prizes": Count("pk", filter=Q(tier__isnull=False, contest__phase="results")),
            **{
                f"prizes_{level}": Count("pk", filter=Q(tier__level=level, contest__phase="results"))
                for level in TIER_LEVELS
            },
        }
        for key, row in scope.grouped(entries, org="unit", counts=counts).items():
            result.setdefault(key, {}).update(row)
        given = special_model.objects.filter(contest__entries_close__range=period, contest__phase="results")
        for org, subset in (
            ("entry__unit", given.filter(entry__isnull=False)),
            ("unit", given.filter(entry__isnull=True, unit__isnull=False)),
        ):
            for key, row in scope.grouped(subset, org=org, counts={"special": Count("pk")}).items():
                target = result.setdefault(key, {})
                target["special_prizes"] = target.get("special_prizes", 0) + row["special"]
        return result


if _models_exist():
    register(ContestsProvider)
