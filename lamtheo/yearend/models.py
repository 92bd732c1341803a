"""Year end of the campaign: the leaders' ethics self-review, the masses' comments, grading.

- `EthicsSession` (kiểm điểm về tu dưỡng, rèn luyện đạo đức, seed 000 "Bước 5"): a unit names the
  people under review for a period; each `EthicsReview` holds the person's self-review (with a
  link to their registration), the cell's discussion (`EthicsComment`) and the chair's
  conclusion; each `EthicsCorrection` becomes a notebook Shortcoming.
- `CommentRound` (hội nghị lấy ý kiến quần chúng, "Bước 6"): a period and the people under review
  (`RoundSubject`); `MassComment`s come from the conference (entered by the secretary) or from
  people without an account through the round's link / QR code (`token`). Comments are
  anonymous: the device and address are kept only as salted hashes for the limits. The committee
  upholds (→ a Shortcoming), merges or dismisses (with a reason).
- `MassOrganization`: the mass organisations (Mặt trận, Hội Phụ nữ…) as data.
- `GradingRule`: the yearly grading rule as data with validity dates (QĐ 124, QĐ 366…): scale,
  grades with their minimum scores, the cap on "excellent" and its base. The yearly grade stays
  on the notebook's `Evaluation.level`; the quarterly grade (QĐ 366 grades quarterly too), which
  had no place, is a `QuarterGrade`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def _own_person_q(user: Any, field: str) -> Q | None:
    person_id = getattr(user, "person_id", None)
    return Q(**{f"{field}_id": person_id}) if person_id else None


# --- rules and reference data ---------------------------------------------------------------------


class MassOrganization(models.Model):
    """A mass organisation that comments as an organisation (Mặt trận Tổ quốc, Hội Phụ nữ…)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("mass organisation")
        verbose_name_plural = _("mass organisations")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class CapBase(models.TextChoices):
    GOOD = "good", _("Members graded 'well fulfilled'")
    ALL = "all", _("All members graded")


class GradingRule(models.Model):
    """The grading rule in force for a period (e.g. 366-QĐ/TW from 30/08/2025)."""

    source = models.CharField(_("rule"), max_length=120, help_text=_("For example 366-QĐ/TW"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    scale_max = models.PositiveSmallIntegerField(_("points of the scale"), null=True, blank=True)
    grades = models.JSONField(
        _("grades"),
        default=list,
        help_text=_('From the best: [{"code": "excellent", "min_score": 90}, …]; codes of the evaluation levels.'),
    )
    quarterly = models.BooleanField(_("graded quarterly too"), default=False)
    cap_percent = models.PositiveSmallIntegerField(_("cap on 'excellently fulfilled' (%)"), null=True, blank=True)
    cap_base = models.CharField(_("the cap counts"), max_length=10, choices=CapBase.choices, default=CapBase.GOOD)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("grading rule")
        verbose_name_plural = _("grading rules")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.source} ({self.valid_from:%d/%m/%Y})"

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


# --- ethics self-review ---------------------------------------------------------------------------


class EthicsSession(models.Model):
    """A unit's ethics self-review for a period: who is under review."""

    SCOPE_PATH: ClassVar[str] = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    held_on = models.DateField(_("meeting date"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("ethics self-review")
        verbose_name_plural = _("ethics self-reviews")
        ordering = ["-date_to", "-pk"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        person_id = getattr(user, "person_id", None)
        return Q(reviews__person_id=person_id) if person_id else None


class ReviewState(models.TextChoices):
    NAMED = "named", _("Named for review")
    WRITTEN = "written", _("Self-review written")
    DISCUSSED = "discussed", _("Discussed by the cell")
    CONCLUDED = "concluded", _("Concluded by the chair")


class EthicsReview(models.Model):
    """One person's ethics self-review in a session."""

    SCOPE_PATH: ClassVar[str] = "session__organization__path"

    session = models.ForeignKey(EthicsSession, on_delete=models.CASCADE, related_name="reviews")
    person = models.ForeignKey(
        "organizations.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    state = models.CharField(_("state"), max_length=10, choices=ReviewState.choices, default=ReviewState.NAMED)
    registration = models.ForeignKey(
        "notebook.Registration",
        verbose_name=_("registration"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    self_review = models.TextField(_("self-review of my ethics"), blank=True)
    example = models.TextField(_("how I followed the example (results)"), blank=True)
    written_at = models.DateTimeField(_("written on"), null=True, blank=True)
    conclusion = models.TextField(_("chair's conclusion"), blank=True)
    concluded_at = models.DateTimeField(_("concluded on"), null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person's ethics self-review")
        verbose_name_plural = _("people's ethics self-reviews")
        ordering = ["session", "person__search_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="one_review_per_session_person")]

    def __str__(self) -> str:
        return f"{self.person} — {self.session}"

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _own_person_q(user, "person")


class EthicsComment(models.Model):
    """What a member said on the self-review at the meeting, recorded by the committee."""

    SCOPE_PATH: ClassVar[str] = "review__session__organization__path"

    review = models.ForeignKey(EthicsReview, on_delete=models.CASCADE, related_name="comments")
    speaker = models.CharField(_("said by"), max_length=150, blank=True)
    text = models.TextField(_("comment"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment on a self-review")
        verbose_name_plural = _("comments on self-reviews")
        ordering = ["review", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _own_person_q(user, "review__person")


class EthicsCorrection(models.Model):
    """One thing the chair asked the person to correct; followed up as a notebook Shortcoming."""

    SCOPE_PATH: ClassVar[str] = "review__session__organization__path"

    review = models.ForeignKey(EthicsReview, on_delete=models.CASCADE, related_name="corrections")
    position = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(_("to correct"))
    shortcoming = models.ForeignKey(
        "notebook.Shortcoming", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["review", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _own_person_q(user, "review__person")


# --- the masses' comments -------------------------------------------------------------------------


class CommentRound(models.Model):
    """A round of the masses' comments (hội nghị lấy ý kiến) on the people under review."""

    SCOPE_PATH: ClassVar[str] = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    date_from = models.DateField(_("from"))
    date_to = models.DateField(_("to"))
    held_on = models.DateField(_("conference date"), null=True, blank=True)
    is_open = models.BooleanField(_("open for comments"), default=True)
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("round of the masses' comments")
        verbose_name_plural = _("rounds of the masses' comments")
        ordering = ["-date_to", "-pk"]

    def __str__(self) -> str:
        return self.title


class RoundSubject(models.Model):
    """A person under review in a round."""

    SCOPE_PATH: ClassVar[str] = "round__organization__path"

    round = models.ForeignKey(CommentRound, on_delete=models.CASCADE, related_name="subjects")
    person = models.ForeignKey(
        "organizations.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = _("person under review")
        verbose_name_plural = _("people under review")
        ordering = ["round", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["round", "person"], name="one_subject_per_round_person")]

    def __str__(self) -> str:
        return str(self.person)

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _own_person_q(user, "person")


class CommentChannel(models.TextChoices):
    CONFERENCE = "conference", _("At the conference")
    LINK = "link", _("Through the link")


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    UPHELD = "upheld", _("Upheld")
    MERGED = "merged", _("Merged")
    DISMISSED = "dismissed", _("Dismissed")


class MassComment(models.Model):
    """One comment on one person under review. Never shown with who wrote it.

    The person under review reads their upheld comments (own_q, text only in the pages);
    `device_hash` and `ip_hash` are salted hashes kept for the limits only.
    """

    SCOPE_PATH: ClassVar[str] = "subject__round__organization__path"

    subject = models.ForeignKey(RoundSubject, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(_("comment"))
    channel = models.CharField(_("received"), max_length=12, choices=CommentChannel.choices)
    mass_organization = models.ForeignKey(
        MassOrganization,
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    shortcoming = models.ForeignKey(
        "notebook.Shortcoming", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    device_hash = models.CharField(max_length=64, blank=True, editable=False)
    ip_hash = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    created_at = models.DateTimeField(_("received on"), auto_now_add=True, db_index=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("comment of the masses")
        verbose_name_plural = _("comments of the masses")
        ordering = ["subject", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject", "device_hash"], condition=~Q(device_hash=""), name="one_comment_per_device_subject"
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        person_id = getattr(user, "person_id", None)
        return Q(subject__person_id=person_id, status=CommentStatus.UPHELD) if person_id else None


# --- grades ---------------------------------------------------------------------------------------


class QuarterGrade(models.Model):
    """A member's grade for a quarter (QĐ 366 grades quarterly; the yearly grade is the notebook's
    Evaluation.level)."""

    SCOPE_PATH: ClassVar[str] = "organization__path"

    person = models.ForeignKey(
        "organizations.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("cell"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    grade = models.CharField(_("grade"), max_length=20)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("quarterly grade")
        verbose_name_plural = _("quarterly grades")
        constraints = [
            models.UniqueConstraint(fields=["person", "year", "quarter"], name="one_grade_per_person_quarter")
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.year}/Q{self.quarter}: {self.grade}"

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _own_person_q(user, "person")


# --- background builds of a cell's evidence sheets ------------------------------------------------


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class SheetExport(models.Model):
    """The evidence sheets of a cell's members built in the background; the page polls it."""

    SCOPE_PATH: ClassVar[str] = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("cell"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), null=True, blank=True)
    fmt = models.CharField(_("format"), max_length=5)
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    file = models.FileField(_("file"), upload_to="yearend_exports/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("evidence sheets file")
        verbose_name_plural = _("evidence sheets files")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year} {self.fmt} {self.status}"

    @property
    def finished(self) -> bool:
        return self.status in {ExportStatus.DONE, ExportStatus.FAILED}
