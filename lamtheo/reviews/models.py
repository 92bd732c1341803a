"""Reviews (sơ kết, tổng kết) of a node for a period, the requests a level sends to its children,
and the background exports of a review.

A review is a draft while its writers work on it: its figures are computed live from the
subtree and the narrative's figure tokens ({{ notebook.registered }}) are filled live. When it
is submitted it is frozen: `snapshot` keeps the figures (counts only; rates are computed at
display) and `frozen_parts` the narrative as it read at that moment.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class ReviewKind(models.TextChoices):
    INTERIM = "interim", _("Interim review")
    FINAL = "final", _("Final review")


class PeriodKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    HALF = "half", _("Half year")
    YEAR = "year", _("Year")
    YEARS = "years", _("Several years")
    CUSTOM = "custom", _("Other dates")


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class FigureSource(models.TextChoices):
    LIVE = "live", _("Computed from the data of the subtree")
    CHILDREN = "children", _("Compiled from the lower levels' submitted reviews")


class ReviewRequest(models.Model):
    """A level asks its direct children for a review of a period by a deadline."""

    SCOPE_PATH: ClassVar[str] = "organization__path"
    # The children (and their subtrees) read the requests of the levels above them.
    INHERITED_PATH: ClassVar[str] = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        related_name="review_requests",
    )
    kind = models.CharField(_("kind of review"), max_length=10, choices=ReviewKind.choices)
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    title = models.CharField(_("subject"), max_length=300)
    deadline = models.DateField(_("deadline"))
    message = models.TextField(_("message to the lower levels"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("sent by")
    )
    created_at = models.DateTimeField(_("sent on"), auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("review request")
        verbose_name_plural = _("review requests")
        ordering = ["-date_to", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(date_to__gte=models.F("date_from")), name="review_request_dates_order"),
        ]

    def __str__(self) -> str:
        return self.title


class Review(models.Model):
    """One review report of a node for a period: parts I–III, figures, the document's header data."""

    SCOPE_PATH: ClassVar[str] = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reviews"
    )
    kind = models.CharField(_("kind of review"), max_length=10, choices=ReviewKind.choices, default=ReviewKind.INTERIM)
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.YEAR)
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    request = models.ForeignKey(
        ReviewRequest,
        verbose_name=_("answers the request"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
    )
    source = models.CharField(_("figures"), max_length=10, choices=FigureSource.choices, default=FigureSource.LIVE)
    title = models.CharField(_("subject"), max_length=300)
    number = models.CharField(_("number"), max_length=40, blank=True, help_text=_("For example 05-BC/CB"))
    place = models.CharField(_("place"), max_length=100, blank=True)
    issued_on = models.DateField(_("date of the report"), null=True, blank=True)
    intro = models.TextField(_("opening paragraph"), blank=True)
    part1 = models.TextField(_("I. Results of the implementation"), blank=True)
    part2 = models.TextField(_("II. Achievements and lessons learned"), blank=True)
    part3 = models.TextField(_("III. Proposals and recommendations"), blank=True)
    signer_on_behalf = models.CharField(_("signing on behalf of"), max_length=100, blank=True)
    signer_position = models.CharField(_("position of the signer"), max_length=100, blank=True)
    signer_name = models.CharField(_("name of the signer"), max_length=150, blank=True)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One per line."))
    state = models.CharField(_("state"), max_length=10, choices=ReviewState.choices, default=ReviewState.DRAFT)
    snapshot = models.JSONField(_("figures as submitted"), null=True, blank=True, editable=False)
    frozen_parts = models.JSONField(_("text as submitted"), null=True, blank=True, editable=False)
    submitted_at = models.DateTimeField(_("submitted on"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("written by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-date_to", "organization__path", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(date_to__gte=models.F("date_from")), name="review_dates_order"),
            # A live and a compiled review of the same period may coexist (back entry, cross-checks).
            models.UniqueConstraint(
                fields=["organization", "kind", "date_from", "date_to", "source"],
                name="one_review_per_unit_kind_period_source",
            ),
        ]
        indexes = [models.Index(fields=["date_from", "date_to", "state"], name="review_period_state")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_frozen(self) -> bool:
        return self.state == ReviewState.SUBMITTED


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ExportFormat(models.TextChoices):
    DOCX = "docx", _("Word (DOCX)")
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Excel annex (XLSX)")


class ReviewExport(models.Model):
    """A file built from a review in the background; the page polls its progress."""

    SCOPE_PATH: ClassVar[str] = "review__organization__path"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="exports")
    fmt = models.CharField(_("format"), max_length=5, choices=ExportFormat.choices)
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    step = models.CharField(_("step"), max_length=100, blank=True)
    file = models.FileField(_("file"), upload_to="review_exports/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("review export")
        verbose_name_plural = _("review exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.review_id} {self.fmt} {self.status}"

    @property
    def finished(self) -> bool:
        return self.status in {ExportStatus.DONE, ExportStatus.FAILED}


class UnitCount(models.Model):
    """A unit's figures for a period entered as counts by category, where its names are not kept
    (a unit still reporting on paper). For that exact period the unit (and its subtree) is counted
    by these numbers and never by names: its people on the rolls, their attendance and registrations
    are left out of the live figures (see `lamtheo.reviews.population`)."""

    SCOPE_PATH: ClassVar[str] = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="unit_counts"
    )
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    members = models.PositiveIntegerField(_("party members"), default=0)
    probationary = models.PositiveIntegerField(_("of whom probationary"), default=0)
    officials = models.PositiveIntegerField(_("non-member officials"), default=0)
    civil_servants = models.PositiveIntegerField(_("cadres, civil servants and public employees"), default=0)
    members_attended = models.PositiveIntegerField(_("party members who studied"), default=0)
    officials_attended = models.PositiveIntegerField(_("non-member officials who studied"), default=0)
    civil_servants_attended = models.PositiveIntegerField(
        _("cadres, civil servants and public employees who studied"), default=0
    )
    # Over a period of several years, registrations are "lượt" (people × years), as in the live figures.
    members_registered = models.PositiveIntegerField(_("party members registered"), default=0)
    officials_registered = models.PositiveIntegerField(_("non-member officials registered"), default=0)
    notes = models.TextField(_("source of the figures"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("figures entered as counts")
        verbose_name_plural = _("figures entered as counts")
        ordering = ["-date_to", "organization__path"]
        constraints = [
            models.CheckConstraint(condition=Q(date_to__gte=models.F("date_from")), name="unit_count_dates_order"),
            models.UniqueConstraint(fields=["organization", "date_from", "date_to"], name="one_unit_count_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.date_from:%d/%m/%Y}–{self.date_to:%d/%m/%Y}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors: dict[str, str] = {}
        pairs = (
            ("probationary", "members"),
            ("members_attended", "members"),
            ("members_registered", "members"),
            ("officials_attended", "officials"),
            ("officials_registered", "officials"),
            ("civil_servants_attended", "civil_servants"),
        )
        for part, whole in pairs:
            if getattr(self, part) > getattr(self, whole):
                errors[part] = gettext("Cannot be more than “%(whole)s”.") % {
                    "whole": getattr(self._meta.get_field(whole), "verbose_name", whole)
                }
        if self.civil_servants > self.members + self.officials:
            errors["civil_servants"] = gettext("Cannot be more than the party members and officials together.")
        if self.date_from and self.date_to and self.date_to < self.date_from:
            errors["date_to"] = gettext("The end date is before the start date.")
        if errors:
            raise ValidationError(errors)
