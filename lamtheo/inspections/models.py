"""Inspections and supervision (kiểm tra, giám sát) of the campaign.

A node plans an `Inspection` of units of its subtree for a period; a team (head and members,
roles on the plan) reads the units' data of the period while it is open (see access.py),
assesses each unit against the plan's criteria (copied from `CriterionTemplate`, adaptable)
with evidence pre-filled from the data, records findings, and issues the conclusion notice
(thông báo kết luận) with requirements, each for a responsible unit with a deadline. The unit
reports per requirement; the team accepts or returns the report.

Every model is scoped by the planning node (`inspection__organization__path`); the team and the
inspected units see theirs through `own_q` (VIEW only, never a write capability).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InspectionKind(models.TextChoices):
    INSPECTION = "inspection", _("Inspection")
    SUPERVISION = "supervision", _("Supervision")


class InspectionState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("In progress")
    CONCLUDED = "concluded", _("Concluded, following up")
    CLOSED = "closed", _("Closed")


class Metric(models.TextChoices):
    """Evidence computed from the data of the period (lamtheo.inspections.evidence)."""

    NONE = "", _("None (assessed by the team)")
    VAGUE_SHARE = "vague_share", _("Share of vague registered items")
    REVIEWED_SHARE = "reviewed_share", _("Share of registrations reviewed by the cell committee")
    EVALUATED = "evaluated", _("Members evaluated by the cell")
    REPORTED = "reported", _("Members who reported at cell meetings")


def _team_q(user: Any, prefix: str) -> Q | None:
    if not getattr(user, "pk", None):
        return None
    return Q(**{f"{prefix}pk__in": TeamMember.objects.filter(user_id=user.pk).values("inspection_id")})


def _inspected_q(user: Any, prefix: str) -> Q | None:
    """Inspections of units inside the user's VIEW subtrees (the inspected units read their own)."""
    from lamtheo.organizations.scoping import Capability, scope_roots

    roots = scope_roots(user, Capability.VIEW) if getattr(user, "pk", None) else []
    if not roots:
        return None
    units = Q(pk__in=[])
    for root in roots:
        units |= Q(unit__path__startswith=root)
    return Q(**{f"{prefix}pk__in": InspectedUnit.objects.filter(units).values("inspection_id")})


def _either(*parts: Q | None) -> Q | None:
    found = [p for p in parts if p is not None]
    if not found:
        return None
    result = found[0]
    for part in found[1:]:
        result |= part
    return result


class Inspection(models.Model):
    """One planned inspection or supervision of units of the planning node's subtree."""

    SCOPE_PATH: ClassVar[str] = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("planned by"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=InspectionKind.choices, default=InspectionKind.INSPECTION)
    year = models.PositiveSmallIntegerField(_("year"))
    subject = models.CharField(_("subject"), max_length=300)
    period_from = models.DateField(_("period covered from"))
    period_to = models.DateField(_("period covered to"))
    starts_on = models.DateField(_("team works from"))
    ends_on = models.DateField(_("team works until"))
    state = models.CharField(
        _("state"), max_length=20, choices=InspectionState.choices, default=InspectionState.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-year", "-starts_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.state == InspectionState.OPEN

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _either(_team_q(user, ""), _inspected_q(user, ""))


class InspectedUnit(models.Model):
    """A unit the plan inspects, with the day the team visits it."""

    SCOPE_PATH: ClassVar[str] = "inspection__organization__path"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey(
        "organizations.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    visit_on = models.DateField(_("visit on"), null=True, blank=True)

    class Meta:
        verbose_name = _("inspected unit")
        verbose_name_plural = _("inspected units")
        ordering = ["inspection", "unit__path"]
        constraints = [models.UniqueConstraint(fields=["inspection", "unit"], name="one_row_per_inspected_unit")]

    def __str__(self) -> str:
        return str(self.unit)

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _either(_team_q(user, "inspection__"), _inspected_q(user, "inspection__"))


class TeamRole(models.TextChoices):
    HEAD = "head", _("Head of the team")
    MEMBER = "member", _("Team member")


class TeamMember(models.Model):
    """A role on the plan (not on the tree): who inspects."""

    SCOPE_PATH: ClassVar[str] = "inspection__organization__path"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inspection_roles")
    role = models.CharField(_("role"), max_length=10, choices=TeamRole.choices, default=TeamRole.MEMBER)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team")
        ordering = ["inspection", "role", "pk"]
        constraints = [models.UniqueConstraint(fields=["inspection", "user"], name="one_team_role_per_user")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _team_q(user, "inspection__")


class CriterionTemplate(models.Model):
    """The default criteria, as data: copied into each new plan, where the team adapts them."""

    kind = models.CharField(_("for"), max_length=20, choices=InspectionKind.choices, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("criterion"), max_length=300)
    description = models.TextField(_("what to look at"), blank=True)
    metric = models.CharField(_("evidence from the data"), max_length=20, choices=Metric.choices, blank=True)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("default criterion")
        verbose_name_plural = _("default criteria")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    """A criterion of one plan."""

    SCOPE_PATH: ClassVar[str] = "inspection__organization__path"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("criterion"), max_length=300)
    description = models.TextField(_("what to look at"), blank=True)
    metric = models.CharField(_("evidence from the data"), max_length=20, choices=Metric.choices, blank=True)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["inspection", "position", "pk"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _team_q(user, "inspection__")


class Grade(models.TextChoices):
    NONE = "", _("Not assessed yet")
    GOOD = "good", pgettext_lazy("assessment", "Good")
    FAIR = "fair", _("Fair")
    WEAK = "weak", _("Weak")


class Assessment(models.Model):
    """A criterion for one inspected unit: the evidence from the data, the team's grade and notes."""

    SCOPE_PATH: ClassVar[str] = "criterion__inspection__organization__path"

    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="assessments")
    unit = models.ForeignKey(InspectedUnit, on_delete=models.CASCADE, related_name="assessments")
    numerator = models.PositiveIntegerField(null=True, blank=True)
    denominator = models.PositiveIntegerField(null=True, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    grade = models.CharField(_("assessment"), max_length=10, choices=Grade.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["unit", "criterion__position", "criterion_id"]
        constraints = [models.UniqueConstraint(fields=["criterion", "unit"], name="one_assessment_per_unit")]

    def __str__(self) -> str:
        return f"{self.criterion} – {self.unit}"

    @property
    def percent(self) -> int | None:
        if self.numerator is None or not self.denominator:
            return None
        return round(100 * self.numerator / self.denominator)

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _team_q(user, "criterion__inspection__")


class FindingKind(models.TextChoices):
    STRENGTH = "strength", _("Strength")
    SHORTCOMING = "shortcoming", _("Shortcoming")


class Finding(models.Model):
    """What the team found at a unit, with links to the evidence."""

    SCOPE_PATH: ClassVar[str] = "unit__inspection__organization__path"

    unit = models.ForeignKey(InspectedUnit, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("kind"), max_length=20, choices=FindingKind.choices)
    text = models.TextField(_("finding"))
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("criterion"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    links = models.TextField(_("evidence links"), blank=True, help_text=_("One link of this site per line."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["unit", "kind", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _team_q(user, "unit__inspection__")


class Conclusion(models.Model):
    """The conclusion notice (thông báo kết luận); issuing it ends the team's access to the data."""

    SCOPE_PATH: ClassVar[str] = "inspection__organization__path"

    inspection = models.OneToOneField(Inspection, on_delete=models.CASCADE, related_name="conclusion")
    number = models.CharField(_("number"), max_length=40, blank=True, help_text=_("For example 12-TB/ĐU"))
    place = models.CharField(_("place"), max_length=80, blank=True)
    summary = models.TextField(_("general assessment"))
    signer_name = models.CharField(_("signed by"), max_length=150, blank=True)
    signer_position = models.CharField(_("position of the signer"), max_length=80, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("conclusion notice")
        verbose_name_plural = _("conclusion notices")

    def __str__(self) -> str:
        return self.number or str(self.inspection)

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _either(_team_q(user, "inspection__"), _inspected_q(user, "inspection__"))


class RequirementState(models.TextChoices):
    OPEN = "open", _("Awaiting the unit's report")
    REPORTED = "reported", _("Reported, awaiting the team")
    RETURNED = "returned", _("Returned to the unit")
    ACCEPTED = "accepted", _("Remedied (accepted)")


class Requirement(models.Model):
    """A requirement of the conclusion notice, for a responsible unit, with a deadline."""

    SCOPE_PATH: ClassVar[str] = "inspection__organization__path"

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="requirements")
    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("responsible unit"),
        on_delete=models.PROTECT,
        related_name="inspection_requirements",
    )
    text = models.TextField(_("requirement"))
    deadline = models.DateField(_("deadline"))
    state = models.CharField(_("state"), max_length=20, choices=RequirementState.choices, default=RequirementState.OPEN)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def is_overdue(self) -> bool:
        return self.state != RequirementState.ACCEPTED and self.deadline < timezone.localdate()

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _either(_team_q(user, "inspection__"), _unit_q(user, ""))


def _unit_q(user: Any, prefix: str) -> Q | None:
    from lamtheo.organizations.scoping import Capability, scope_roots

    roots = scope_roots(user, Capability.VIEW) if getattr(user, "pk", None) else []
    if not roots:
        return None
    result = Q(pk__in=[])
    for root in roots:
        result |= Q(**{f"{prefix}unit__path__startswith": root})
    return result


class Decision(models.TextChoices):
    PENDING = "", _("Awaiting the team")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class RequirementReport(models.Model):
    """The unit's report of what it did for a requirement, and the team's decision on it."""

    SCOPE_PATH: ClassVar[str] = "requirement__inspection__organization__path"

    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="reports")
    text = models.TextField(_("what the unit did"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reported_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    decision_note = models.TextField(_("the team's note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("requirement report")
        verbose_name_plural = _("requirement reports")
        ordering = ["requirement", "reported_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _either(_team_q(user, "requirement__inspection__"), _unit_q(user, "requirement__"))


class ReportFile(models.Model):
    """A file attached to a requirement report (served only through a scoped view)."""

    SCOPE_PATH: ClassVar[str] = "report__requirement__inspection__organization__path"

    report = models.ForeignKey(RequirementReport, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to="inspections/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _either(_team_q(user, "report__requirement__inspection__"), _unit_q(user, "report__requirement__"))


class RequirementShortcoming(models.Model):
    """A shortcoming recorded in the notebook because of a requirement."""

    SCOPE_PATH: ClassVar[str] = "requirement__inspection__organization__path"

    requirement = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="shortcoming_links")
    shortcoming = models.ForeignKey("notebook.Shortcoming", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["requirement", "shortcoming"], name="one_link_per_requirement_shortcoming")
        ]

    def __str__(self) -> str:
        return f"{self.requirement_id} → {self.shortcoming_id}"

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _either(_team_q(user, "requirement__inspection__"), _unit_q(user, "requirement__"))
