"""Exemplars: nominations proposed, commended, rewarded and forwarded up, collectives and
individuals separately.

Registers only when the honours app's models exist (imported lazily). Rows belong to the unit that
proposed the nomination (its block and its place in the subtree), so a node's figures cover the
exemplars of its whole subtree whichever level decided on them, and compile up by addition.
A nomination counts as *nominated* when it was sent (or added by a level) in the period; as
*commended*, *rewarded* or *forwarded* when a level took that decision in the period (each
nomination once per kind, however many levels forwarded it).
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from ..figures import BaseProvider, Indicator, Key, Rate, Scope, register


def _models_exist() -> bool:
    try:
        apps.get_model("honours", "Nomination")
        apps.get_model("honours", "Outcome")
    except LookupError:
        return False
    return True


COLLECTIVE = Q(person__isnull=True)
INDIVIDUAL = Q(person__isnull=False)


class HonoursProvider(BaseProvider):
    key = "honours"
    title = _("Exemplary collectives and individuals")
    order = 60
    cost = 1
    indicators = (
        Indicator("honours.nominated_collectives", _("Collectives nominated")),
        Indicator("honours.nominated_individuals", _("Individuals nominated")),
        Indicator("honours.commended_collectives", _("Collectives commended")),
        Indicator("honours.commended_individuals", _("Individuals commended")),
        Indicator("honours.rewarded_collectives", _("Collectives rewarded")),
        Indicator("honours.rewarded_individuals", _("Individuals rewarded")),
        Indicator("honours.forwarded_collectives", _("Collectives proposed to a higher level")),
        Indicator("honours.forwarded_individuals", _("Individuals proposed to a higher level")),
    )
    rates = (
        Rate(
            "honours.rewarded_share",
            _("Share of nominated individuals rewarded"),
            "honours.rewarded_individuals",
            "honours.nominated_individuals",
        ),
    )

    def compute(self, scope: Scope) -> dict[Key, dict[str, int]]:
        nomination_model = apps.get_model("honours", "Nomination")
        outcome_model = apps.get_model("honours", "Outcome")
        period = (scope.date_from, scope.date_to)
        result = scope.grouped(
            nomination_model.objects.filter(submitted_at__date__range=period),
            org="proposer",
            counts={
                "nominated_collectives": Count("pk", filter=COLLECTIVE),
                "nominated_individuals": Count("pk", filter=INDIVIDUAL),
            },
        )
        counts = {}
        for kind, name in (("commend", "commended"), ("reward", "rewarded"), ("forward", "forwarded")):
            of_kind = Q(kind=kind)
            counts[f"{name}_collectives"] = Count(
                "nomination", distinct=True, filter=of_kind & Q(nomination__person__isnull=True)
            )
            counts[f"{name}_individuals"] = Count(
                "nomination", distinct=True, filter=of_kind & Q(nomination__person__isnull=False)
            )
        for key, values in scope.grouped(
            outcome_model.objects.filter(decided_on__range=period),
            org="nomination__proposer",
            counts=counts,
        ).items():
            result.setdefault(key, {}).update(values)
        return result


if _models_exist():
    register(HonoursProvider)
