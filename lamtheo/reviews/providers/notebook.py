"""The notebook (Sổ tay làm theo gương Bác): registrations and their quality, self-reports, evaluations.

Records count at the unit they were made in: a registration (and its items and self-reports) at
its `organization` (the member's cell when registering), an evaluation at the evaluating cell, a
collective registration at its unit. The people expected to register are the population of the
period (`lamtheo.reviews.population`), party members and officials each over their own number;
"not registered" is expected minus registered per unit (never below zero: a member who moved
after registering counts at the old cell). Only the current version of a registration counts, and a registration
counts as made once it has left the draft state (as in the notebook's own overview).
Year-bound records follow the period rules of `lamtheo.reviews.periods`. Over several years the
counts add up per year ("lượt": a person registering in three years counts three times).
"""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from lamtheo.notebook.models import (
    Evaluation,
    EvaluationLevel,
    ItemStatus,
    Pledge,
    QualityVerdict,
    Registration,
    RegistrationState,
    ReportPeriod,
    SelfReport,
    SelfReportItem,
)
from lamtheo.organizations.models import PersonKind

from .. import population
from ..figures import BaseProvider, Indicator, Key, Rate, Scope, register
from .organizations import people_counts

NOT_DRAFT = ~Q(state=RegistrationState.DRAFT)
MEMBER = Q(person__kind=PersonKind.MEMBER)


def _merge(target: dict[Key, dict[str, int]], more: dict[Key, dict[str, int]]) -> None:
    for key, counts in more.items():
        target.setdefault(key, {}).update(counts)


@register
class NotebookProvider(BaseProvider):
    key = "notebook"
    title = _("Registrations, self-reports and evaluations")
    order = 30
    cost = 3
    indicators = (
        Indicator("notebook.expected", _("Registrations expected (people × years)")),
        Indicator("notebook.registered", _("People registered")),
        Indicator("notebook.not_registered", _("People not registered")),
        Indicator("notebook.members_expected", _("Registrations expected of party members (members × years)")),
        Indicator("notebook.members_registered", _("Party members registered")),
        Indicator(
            "notebook.officials_expected", _("Registrations expected of non-member officials (officials × years)")
        ),
        Indicator("notebook.officials_registered", _("Non-member officials registered")),
        Indicator("notebook.approved", _("Registrations approved by the cell committee")),
        Indicator("notebook.pending", _("Registrations awaiting the cell committee")),
        Indicator("notebook.collective", _("Collective registrations of units")),
        Indicator("notebook.pledges", _("Registered items")),
        Indicator("notebook.specific", _("Specific items")),
        Indicator("notebook.vague", _("Vague items")),
        Indicator("notebook.mid_expected", _("Mid-year self-reports expected")),
        Indicator("notebook.mid_reported", _("Mid-year self-reports sent")),
        Indicator("notebook.end_expected", _("Year-end self-reports expected")),
        Indicator("notebook.end_reported", _("Year-end self-reports sent")),
        Indicator("notebook.items_reported", _("Items with a reported result")),
        Indicator("notebook.items_done", _("Items done")),
        Indicator("notebook.items_partly", _("Items partly done")),
        Indicator("notebook.items_not_yet", _("Items not yet done")),
        Indicator("notebook.eval_expected", _("Evaluations expected")),
        Indicator("notebook.evaluated", _("People evaluated by the cell")),
        Indicator("notebook.eval_excellent", _("Evaluated: excellently fulfilled")),
        Indicator("notebook.eval_good", _("Evaluated: well fulfilled")),
        Indicator("notebook.eval_fulfilled", _("Evaluated: fulfilled")),
        Indicator("notebook.eval_not_fulfilled", _("Evaluated: not fulfilled")),
    )
    rates = (
        Rate(
            "notebook.registered_rate",
            _("Registration rate of party members (over party members)"),
            "notebook.members_registered",
            "notebook.members_expected",
            headline=True,
        ),
        Rate(
            "notebook.officials_registered_rate",
            _("Registration rate of non-member officials (over non-member officials)"),
            "notebook.officials_registered",
            "notebook.officials_expected",
        ),
        Rate(
            "notebook.people_registered_rate",
            _("Registration rate of members and officials together"),
            "notebook.registered",
            "notebook.expected",
        ),
        Rate(
            "notebook.approved_rate", _("Share of registrations approved"), "notebook.approved", "notebook.registered"
        ),
        Rate("notebook.vague_share", _("Share of vague items"), "notebook.vague", "notebook.pledges", headline=True),
        Rate("notebook.mid_rate", _("Mid-year self-report rate"), "notebook.mid_reported", "notebook.mid_expected"),
        Rate(
            "notebook.end_rate",
            _("Year-end self-report rate"),
            "notebook.end_reported",
            "notebook.end_expected",
            headline=True,
        ),
        Rate("notebook.done_rate", _("Share of items done"), "notebook.items_done", "notebook.items_reported"),
        Rate(
            "notebook.evaluated_rate",
            _("Evaluation rate"),
            "notebook.evaluated",
            "notebook.eval_expected",
            headline=True,
        ),
        Rate(
            "notebook.excellent_share",
            _("Share excellently fulfilled"),
            "notebook.eval_excellent",
            "notebook.evaluated",
        ),
        Rate("notebook.good_share", _("Share well fulfilled"), "notebook.eval_good", "notebook.evaluated"),
        Rate(
            "notebook.not_fulfilled_share",
            _("Share not fulfilled"),
            "notebook.eval_not_fulfilled",
            "notebook.evaluated",
        ),
    )

    def compute(self, scope: Scope) -> dict[Key, dict[str, int]]:
        years, h1, h2 = scope.years, scope.first_half_years, scope.second_half_years
        result: dict[Key, dict[str, int]] = {}

        # 1. people expected to register (members and non-member officials), per year of the period
        for key, counts in people_counts(scope).items():
            n = counts["people"]
            result[key] = {
                "expected": n * len(years),
                "members_expected": counts["members"] * len(years),
                "officials_expected": counts["officials"] * len(years),
                "eval_expected": n * len(h2),
            }

        # 2. individual registrations (current version), at the cell they were made in
        current = Registration.objects.filter(is_current=True, person__isnull=False, year__in=years).filter(
            population.named_only(scope, "organization__path")
        )
        approved = Q(state=RegistrationState.APPROVED)
        _merge(
            result,
            scope.grouped(
                current,
                org="organization",
                counts={
                    "registered": Count("pk", filter=NOT_DRAFT),
                    "members_registered": Count("pk", filter=NOT_DRAFT & MEMBER),
                    "officials_registered": Count("pk", filter=NOT_DRAFT & ~MEMBER),
                    "approved": Count("pk", filter=approved),
                    "pending": Count(
                        "pk", filter=Q(state__in=[RegistrationState.SUBMITTED, RegistrationState.RETURNED])
                    ),
                    "mid_expected": Count("pk", filter=approved & Q(year__in=h1)),
                    "end_expected": Count("pk", filter=approved & Q(year__in=h2)),
                },
            ),
        )
        # units counted by counts, not by names (over several years the counts entered are "lượt")
        for key, counts in population.counted(scope).items():
            target = result.setdefault(key, {})
            for name, value in (
                ("registered", counts["people_registered"]),
                ("members_registered", counts["members_registered"]),
                ("officials_registered", counts["officials_registered"]),
            ):
                target[name] = target.get(name, 0) + value
        for counts in result.values():
            counts.setdefault("registered", 0)
            counts["not_registered"] = max(counts.get("expected", 0) - counts["registered"], 0)

        # 3. their items and the quality check's verdicts
        pledges = Pledge.objects.filter(
            registration__is_current=True, registration__person__isnull=False, registration__year__in=years
        ).exclude(registration__state=RegistrationState.DRAFT)
        _merge(
            result,
            scope.grouped(
                pledges,
                org="registration__organization",
                counts={
                    "pledges": Count("pk"),
                    "specific": Count("pk", filter=Q(verdict=QualityVerdict.SPECIFIC)),
                    "vague": Count("pk", filter=Q(verdict=QualityVerdict.VAGUE)),
                },
            ),
        )

        # 4. collective registrations, on the unit they belong to
        collective = Registration.objects.filter(is_current=True, person__isnull=True, year__in=years).filter(NOT_DRAFT)
        _merge(result, scope.grouped(collective, org="organization", counts={"collective": Count("pk")}))

        # 5. self-reports sent: mid-year for the first halves, year-end for the second halves
        reports = SelfReport.objects.filter(
            submitted_at__isnull=False, registration__is_current=True, registration__person__isnull=False
        )
        mid = Q(period=ReportPeriod.MID_YEAR, registration__year__in=h1)
        end = Q(period=ReportPeriod.YEAR_END, registration__year__in=h2)
        _merge(
            result,
            scope.grouped(
                reports.filter(mid | end),
                org="registration__organization",
                counts={"mid_reported": Count("pk", filter=mid), "end_reported": Count("pk", filter=end)},
            ),
        )

        # 6. item results: of the year-end report where the period reaches the year end, else mid-year
        h1_only = [y for y in h1 if y not in h2]
        item_filter = Q(report__period=ReportPeriod.YEAR_END, report__registration__year__in=h2) | Q(
            report__period=ReportPeriod.MID_YEAR, report__registration__year__in=h1_only
        )
        items = SelfReportItem.objects.filter(
            item_filter,
            report__submitted_at__isnull=False,
            report__registration__is_current=True,
            report__registration__person__isnull=False,
        )
        _merge(
            result,
            scope.grouped(
                items,
                org="report__registration__organization",
                counts={
                    "items_reported": Count("pk"),
                    "items_done": Count("pk", filter=Q(status=ItemStatus.DONE)),
                    "items_partly": Count("pk", filter=Q(status=ItemStatus.PARTLY)),
                    "items_not_yet": Count("pk", filter=Q(status=ItemStatus.NOT_YET)),
                },
            ),
        )

        # 7. the cells' collective evaluations, for the years whose end the period reaches
        levels = {
            "eval_excellent": EvaluationLevel.EXCELLENT,
            "eval_good": EvaluationLevel.GOOD,
            "eval_fulfilled": EvaluationLevel.FULFILLED,
            "eval_not_fulfilled": EvaluationLevel.NOT_FULFILLED,
        }
        _merge(
            result,
            scope.grouped(
                Evaluation.objects.filter(year__in=h2),
                org="organization",
                counts={
                    "evaluated": Count("pk"),
                    **{name: Count("pk", filter=Q(level=level)) for name, level in levels.items()},
                },
            ),
        )
        for counts in result.values():
            if "not_registered" not in counts and "expected" in counts:
                counts["not_registered"] = counts["expected"]
        return result
