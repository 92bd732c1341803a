"""The year end: people under ethics self-review, the masses' comments received and upheld, the
shortcomings they raised and how many are remedied.

Registers only when the yearend app's models exist (imported lazily). A session or a round
counts in the period its last day (`date_to`) falls in, at the unit that ran it; shortcomings
are the corrections of the chair's conclusions and the upheld comments (each one a notebook
Shortcoming), remedied when that shortcoming's status is "remedied".
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count, Q

from ..figures import BaseProvider, Indicator, Key, Rate, Scope, register


def _models_exist() -> bool:
    try:
        apps.get_model("yearend", "EthicsReview")
        apps.get_model("yearend", "MassComment")
    except LookupError:
        return False
    return True


def _add(target: dict[Key, dict[str, int]], more: dict[Key, dict[str, int]]) -> None:
    for key, counts in more.items():
        row = target.setdefault(key, {})
        for name, value in counts.items():
            row[name] = row.get(name, 0) + value


if _models_exist():
    from lamtheo.yearend.indicators import LABELS, RATE_LABELS, TITLE

    @register
    class YearEndProvider(BaseProvider):
        key = "yearend"
        title = TITLE
        order = 60
        cost = 2
        indicators = tuple(Indicator(f"yearend.{name}", label) for name, label in LABELS.items())
        rates = (
            Rate("yearend.upheld_rate", RATE_LABELS["upheld_rate"], "yearend.upheld", "yearend.comments"),
            Rate(
                "yearend.remedied_rate",
                RATE_LABELS["remedied_rate"],
                "yearend.remedied",
                "yearend.shortcomings",
                headline=True,
            ),
        )

        def compute(self, scope: Scope) -> dict[Key, dict[str, int]]:
            review = apps.get_model("yearend", "EthicsReview")
            comment = apps.get_model("yearend", "MassComment")
            period = (scope.date_from, scope.date_to)
            # One row per correction (or per review without one): count reviews distinctly.
            result = scope.grouped(
                review.objects.filter(session__date_to__range=period),
                org="session__organization",
                counts={
                    "reviewed": Count("pk", distinct=True),
                    "concluded": Count("pk", filter=Q(state="concluded"), distinct=True),
                    "shortcomings": Count("corrections__shortcoming"),
                    "remedied": Count(
                        "corrections__shortcoming", filter=Q(corrections__shortcoming__status="remedied")
                    ),
                },
            )
            _add(
                result,
                scope.grouped(
                    comment.objects.filter(subject__round__date_to__range=period),
                    org="subject__round__organization",
                    counts={
                        "comments": Count("pk"),
                        "upheld": Count("pk", filter=Q(status="upheld")),
                        "shortcomings": Count("shortcoming"),
                        "remedied": Count("shortcoming", filter=Q(shortcoming__status="remedied")),
                    },
                ),
            )
            return result
