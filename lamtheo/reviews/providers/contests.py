"""Contests (issue 13): contests held, units taking part, entries by type, prizes by tier, special prizes.

Registers only when the contests app's models exist (imported lazily). A contest belongs to the
period when its entries closed in it. Contests held count at the organising unit; entries (not
withdrawn), units taking part (distinct sending units: a unit sits under one child, so the sums
compile up) and prizes (after the results are locked) count at the sending unit; special prizes at
the unit of the winning entry, or at the unit given the prize for most entries. Three queries.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count, Q
from django.db.models.functions import Coalesce, Substr

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
        # Special prizes in one query: at the winning entry's unit, or at the unit given the prize.
        given = (
            special_model.objects.filter(contest__entries_close__range=period, contest__phase="results")
            .filter(Q(entry__isnull=False) | Q(unit__isnull=False))
            .annotate(
                _path=Coalesce("entry__unit__path", "unit__path"), _blk=Coalesce("entry__unit__block", "unit__block")
            )
            .filter(_path__startswith=scope.path)
            .annotate(_unit=Substr("_path", 1, scope.unit_length))
            .order_by()
            .values("_unit", "_blk")
            .annotate(n=Count("pk"))
        )
        for row in given:
            target = result.setdefault((row["_unit"], row["_blk"] or ""), {})
            target["special_prizes"] = target.get("special_prizes", 0) + int(row["n"])
        return result


if _models_exist():
    register(ContestsProvider)
