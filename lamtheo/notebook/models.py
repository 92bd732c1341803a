"""The notebook "Sổ tay Làm theo gương Bác": registrations, results, evaluations, shortcomings.

A member's Registration for a year holds Pledge items. It moves draft → submitted →
returned (with comments) / approved; an approved registration changes only through a new
version (a new Registration row pointing at the previous one), so history is kept.
A collective registration belongs to a unit instead of a person.
Entries made by the secretary on a member's behalf record who entered them (`entered_by`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _own_person_q(user: Any, field: str = "person") -> Q | None:
    person_id = getattr(user, "person_id", None)
    return Q(**{f"{field}_id": person_id}) if person_id else None


class ShortcomingSource(models.TextChoices):
    SELF_CRITICISM = "self_criticism", _("Self-criticism review")
    MEETING = "meeting", _("Cell meeting")
    INSPECTION = "inspection", _("Inspection")
    OTHER = "other", _("Other")


class ShortcomingStatus(models.TextChoices):
    OPEN = "open", _("Not yet remedied")
    IN_PROGRESS = "in_progress", _("Being remedied")
    REMEDIED = "remedied", _("Remedied")


class Shortcoming(models.Model):
    """A shortcoming to remedy (hạn chế, khuyết điểm), from self-criticism, a meeting or an inspection."""

    SCOPE_PATH: ClassVar[str] = "person__cell__path"

    person = models.ForeignKey(
        "organizations.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="shortcomings"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    text = models.TextField(_("shortcoming"))
    source = models.CharField(
        _("source"), max_length=20, choices=ShortcomingSource.choices, default=ShortcomingSource.SELF_CRITICISM
    )
    source_note = models.CharField(_("source details"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ShortcomingStatus.choices, default=ShortcomingStatus.OPEN
    )
    remedy_note = models.TextField(_("how it was remedied"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("shortcoming")
        verbose_name_plural = _("shortcomings")
        ordering = ["status", "-year", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _own_person_q(user)


class RegistrationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")


class Registration(models.Model):
    """One version of a person's (or a unit's, when `person` is empty) registration for a year."""

    SCOPE_PATH: ClassVar[str] = "organization__path"

    person = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="registrations",
        help_text=_("The member's cell, or the unit of a collective registration."),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    state = models.CharField(
        _("state"), max_length=20, choices=RegistrationState.choices, default=RegistrationState.DRAFT
    )
    number = models.PositiveSmallIntegerField(pgettext_lazy("registration", "version"), default=1)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_version",
    )
    is_current = models.BooleanField(_("current version"), default=True)
    review_comment = models.TextField(_("committee's comments"), blank=True)
    submitted_at = models.DateTimeField(_("sent on"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed on"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered on the member's behalf by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["-year", "organization", "person", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"],
                condition=Q(is_current=True, person__isnull=False),
                name="one_current_registration_per_person_year",
            ),
            models.UniqueConstraint(
                fields=["organization", "year"],
                condition=Q(is_current=True, person__isnull=True),
                name="one_current_collective_registration_per_unit_year",
            ),
        ]
        indexes = [models.Index(fields=["organization", "year", "is_current"])]

    def __str__(self) -> str:
        owner = self.person if self.person_id else self.organization
        return f"{owner} — {self.year} (v{self.number})"

    @property
    def is_collective(self) -> bool:
        return self.person_id is None

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _own_person_q(user)


class PledgeRule(models.TextChoices):
    EXAMPLE = "example", _("Rules on setting an example")
    PROHIBITIONS = "prohibitions", _("What party members must not do")


class QualityVerdict(models.TextChoices):
    SPECIFIC = "specific", _("Specific")
    VAGUE = "vague", _("Vague")


class Pledge(models.Model):
    """One registered item: what the person will do, with its measure and deadline where they fit."""

    SCOPE_PATH: ClassVar[str] = "registration__organization__path"

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="pledges"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.TextField(_("what I will do"))
    measure = models.CharField(_("measure"), max_length=300, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    theme = models.ForeignKey(
        "campaigns.Theme", verbose_name=_("theme"), null=True, blank=True, on_delete=models.SET_NULL
    )
    standard = models.ForeignKey(
        "campaigns.EthicalStandard",
        verbose_name=_("ethical standard"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    rule = models.CharField(_("rule"), max_length=20, choices=PledgeRule.choices, blank=True)
    shortcoming = models.ForeignKey(
        Shortcoming,
        verbose_name=_("shortcoming to remedy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pledges",
    )
    verdict = models.CharField(_("quality"), max_length=10, choices=QualityVerdict.choices, blank=True)
    reasons = models.JSONField(_("quality reasons"), default=list, blank=True)

    class Meta:
        verbose_name = _("registered item")
        verbose_name_plural = _("registered items")
        ordering = ["registration", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _own_person_q(user, "registration__person")


class EventAction(models.TextChoices):
    CREATE = "create", _("Started")
    SAVE = "save", _("Items saved")
    SUBMIT = "submit", _("Sent to the cell committee")
    WITHDRAW = "withdraw", _("Taken back for changes")
    APPROVE = "approve", _("Approved")
    RETURN = "return", _("Returned with comments")
    NEW_VERSION = "new_version", _("New version started")


class RegistrationEvent(models.Model):
    """The history of a registration: who did what, when, on whose behalf."""

    SCOPE_PATH: ClassVar[str] = "registration__organization__path"

    registration = models.ForeignKey(
        Registration, verbose_name=_("registration"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=30, choices=EventAction.choices)
    from_state = models.CharField(_("from state"), max_length=20, blank=True)
    to_state = models.CharField(_("to state"), max_length=20, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    on_behalf = models.BooleanField(_("entered on the member's behalf"), default=False)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("registration history entry")
        verbose_name_plural = _("registration history")
        ordering = ["registration", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.from_state}→{self.to_state}"

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _own_person_q(user, "registration__person")


class ReportPeriod(models.TextChoices):
    MID_YEAR = "mid_year", _("Mid-year")
    YEAR_END = "year_end", _("Year end")


class SelfReport(models.Model):
    """The member's report of results at mid-year or year end (đã làm được, chưa làm được, hướng phấn đấu)."""

    SCOPE_PATH: ClassVar[str] = "registration__organization__path"

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="self_reports")
    period = models.CharField(_("period"), max_length=10, choices=ReportPeriod.choices)
    summary = models.TextField(_("overall"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("self-report")
        verbose_name_plural = _("self-reports")
        constraints = [
            models.UniqueConstraint(fields=["registration", "period"], name="one_self_report_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.registration} — {self.get_period_display()}"

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _own_person_q(user, "registration__person")


class ItemStatus(models.TextChoices):
    DONE = "done", pgettext_lazy("result of a registered item", "Done")
    PARTLY = "partly", _("Partly done")
    NOT_YET = "not_yet", _("Not yet done")


class SelfReportItem(models.Model):
    """The result of one pledge in a self-report."""

    SCOPE_PATH: ClassVar[str] = "report__registration__organization__path"

    report = models.ForeignKey(SelfReport, on_delete=models.CASCADE, related_name="items")
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="results")
    status = models.CharField(_("result"), max_length=10, choices=ItemStatus.choices)
    achieved = models.TextField(_("what was achieved"), blank=True)
    direction = models.TextField(_("direction to continue"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "pledge"], name="one_result_per_pledge")]

    def __str__(self) -> str:
        return f"{self.pledge_id}: {self.status}"

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _own_person_q(user, "report__registration__person")


class EvaluationLevel(models.TextChoices):
    EXCELLENT = "excellent", _("Excellently fulfilled")
    GOOD = "good", _("Well fulfilled")
    FULFILLED = "fulfilled", _("Fulfilled")
    NOT_FULFILLED = "not_fulfilled", _("Not fulfilled")


class Evaluation(models.Model):
    """The cell's collective evaluation of a member for a year, written by the secretary or deputy."""

    SCOPE_PATH: ClassVar[str] = "organization__path"

    person = models.ForeignKey(
        "organizations.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="evaluations"
    )
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("cell"), on_delete=models.PROTECT, related_name="evaluations"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    text = models.TextField(_("collective evaluation"))
    level = models.CharField(_("level"), max_length=20, choices=EvaluationLevel.choices)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    written_at = models.DateTimeField(_("written on"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="one_evaluation_per_person_year")]

    def __str__(self) -> str:
        return f"{self.person_id} {self.year}: {self.level}"

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _own_person_q(user)


class Evidence(models.Model):
    """A photo or file attached to a self-report (size-limited; see notebook.services)."""

    SCOPE_PATH: ClassVar[str] = "report__registration__organization__path"

    report = models.ForeignKey(SelfReport, on_delete=models.CASCADE, related_name="evidence")
    pledge = models.ForeignKey(Pledge, null=True, blank=True, on_delete=models.SET_NULL, related_name="evidence")
    file = models.FileField(_("file"), upload_to="evidence/%Y/%m/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.caption or self.file.name

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _own_person_q(user, "report__registration__person")
