"""Study classes: participation of each population by block and child unit, classes, essays.

Registers only when the study app's models exist (imported lazily). The eligible people are the
population of the period (`lamtheo.reviews.population`: memberships open on the period's last day,
at the cell they were in); a person *participated* when they attended at least one class that
started in the period (each person once, whatever the number of classes or themes). Classes whose
attendance was entered as counts (no names) add their counted members and officials to the
participants at the organising unit, and the annex shows those counts apart. Classes and their
attendances ("lượt người": named, counted and mass) count at the organising unit; essays sent or
assessed at the author's cell, by the years the period touches.
"""

from __future__ import annotations

from django.apps import apps
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from lamtheo.organizations.models import Place

from .. import population
from ..figures import BaseProvider, Indicator, Key, Rate, Scope, register


def _models_exist() -> bool:
    try:
        apps.get_model("study", "StudySession")
        apps.get_model("study", "Attendance")
        apps.get_model("study", "Essay")
    except LookupError:
        return False
    return True


class StudyProvider(BaseProvider):
    key = "study"
    title = _("Study classes")
    order = 20
    cost = 2
    indicators = (
        Indicator("study.members_eligible", _("Party members to study")),
        Indicator("study.members_attended", _("Party members who attended a class")),
        Indicator("study.officials_eligible", _("Non-member officials to study")),
        Indicator("study.officials_attended", _("Non-member officials who attended a class")),
        Indicator("study.civil_servants_eligible", _("Cadres, civil servants and public employees to study")),
        Indicator("study.civil_servants_attended", _("Cadres, civil servants and public employees who attended")),
        Indicator("study.people_eligible", _("Members and officials to study")),
        Indicator("study.people_attended", _("Members and officials who attended a class")),
        Indicator("study.counted_members", _("Party members attending, entered as counts")),
        Indicator("study.counted_officials", _("Non-member officials attending, entered as counts")),
        Indicator("study.sessions", _("Classes organised")),
        Indicator("study.places", _("Villages and residential groups (thôn, bản, tổ dân phố)")),
        Indicator("study.places_studied", _("Villages and residential groups where a class was held")),
        Indicator("study.attendances", _("Attendances at the classes organised (named, counted and mass)")),
        Indicator("study.essays", _("Essays sent")),
        Indicator("study.essays_assessed", _("Essays assessed")),
    )
    rates = (
        Rate(
            "study.members_rate",
            _("Study participation of party members"),
            "study.members_attended",
            "study.members_eligible",
            headline=True,
        ),
        Rate(
            "study.officials_rate",
            _("Study participation of non-member officials"),
            "study.officials_attended",
            "study.officials_eligible",
        ),
        Rate(
            "study.civil_servants_rate",
            _("Study participation of cadres, civil servants and public employees (members or not)"),
            "study.civil_servants_attended",
            "study.civil_servants_eligible",
        ),
        Rate(
            "study.people_rate",
            _("Study participation of members and officials together"),
            "study.people_attended",
            "study.people_eligible",
        ),
        Rate("study.assessed_share", _("Share of essays assessed"), "study.essays_assessed", "study.essays"),
        Rate(
            "study.places_rate",
            _("Villages and residential groups where a class was held (over all of them)"),
            "study.places_studied",
            "study.places",
        ),
    )

    def compute(self, scope: Scope) -> dict[Key, dict[str, int]]:
        session_model = apps.get_model("study", "StudySession")
        attendance_model = apps.get_model("study", "Attendance")
        essay_model = apps.get_model("study", "Essay")
        period = (scope.date_from, scope.date_to)
        cats = population.categories(population.reference_day(scope))
        # "IN (subquery)" rather than a correlated EXISTS: the database hashes the attendees once.
        attendees = attendance_model.objects.filter(session__starts_on__range=period).values("person_id")
        came = Q(person_id__in=attendees)
        aggregates: dict[str, Count] = {}
        for name, eligible in (
            ("members", cats["members"]),
            ("officials", cats["officials"]),
            ("civil_servants", cats["civil_servants"]),
            ("people", cats["people"]),
        ):
            aggregates[f"{name}_eligible"] = Count("pk", filter=eligible) if eligible else Count("pk")
            aggregates[f"{name}_attended"] = Count("pk", filter=eligible & came)
        result = scope.grouped(population.memberships(scope), org="cell", counts=aggregates)
        for key, counts in population.counted(scope).items():  # units counted by counts, not by names
            target = result.setdefault(key, {})
            for name in ("members", "officials", "civil_servants", "people"):
                target[f"{name}_eligible"] = target.get(f"{name}_eligible", 0) + counts[name]
                target[f"{name}_attended"] = target.get(f"{name}_attended", 0) + counts[f"{name}_attended"]
        sessions = session_model.objects.filter(starts_on__range=period)
        for key, counts in scope.grouped(
            sessions,
            org="organization",
            counts={
                "sessions": Count("pk"),
                "mass": Sum("mass_count"),
                "counted_members": Sum("counted_members"),
                "counted_officials": Sum("counted_officials"),
            },
        ).items():
            target = result.setdefault(key, {})
            target["sessions"] = counts["sessions"]
            members, officials = counts["counted_members"], counts["counted_officials"]
            target["counted_members"] = members
            target["counted_officials"] = officials
            target["attendances"] = target.get("attendances", 0) + counts["mass"] + members + officials
            for name, value in (("members", members), ("officials", officials), ("people", members + officials)):
                target[f"{name}_attended"] = target.get(f"{name}_attended", 0) + value
        for key, counts in scope.grouped(
            attendance_model.objects.filter(session__starts_on__range=period),
            org="session__organization",
            counts={"named": Count("pk")},
        ).items():
            target = result.setdefault(key, {})
            target["attendances"] = target.get("attendances", 0) + counts["named"]
        # places in force during the period, at their commune; "studied" when a class of the period was held there
        held = session_model.places.through.objects.filter(studysession__starts_on__range=period).values("place_id")
        in_force = (Q(valid_from__isnull=True) | Q(valid_from__lte=scope.date_to)) & (
            Q(valid_to__isnull=True) | Q(valid_to__gte=scope.date_from)
        )
        for key, counts in scope.grouped(
            Place.objects.filter(in_force),
            org="organization",
            counts={"places": Count("pk"), "places_studied": Count("pk", filter=Q(pk__in=held))},
        ).items():
            result.setdefault(key, {}).update(counts)
        essays = essay_model.objects.filter(year__in=scope.years).exclude(state="draft")
        for key, counts in scope.grouped(
            essays,
            org="cell",
            counts={"essays": Count("pk"), "essays_assessed": Count("pk", filter=Q(state="assessed"))},
        ).items():
            result.setdefault(key, {}).update(counts)
        return result


if _models_exist():
    register(StudyProvider)
