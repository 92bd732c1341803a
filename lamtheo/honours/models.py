"""Exemplars (điển hình tiên tiến, gương người tốt việc tốt): nominations going up the tree, the
outcomes each level decides, the decisions (Quyết định) that commend or reward, and yearbooks.

A unit proposes a person or a collective (`Nomination.proposer`); the nomination sits at a level
(`level`: the proposer's parent, or the proposer itself when a level adds its own) until that level
decides: commend or reward here (an `Outcome` tied to a `Commendation`, the decision document),
decline with a reason, or forward to the level above (the nomination then sits there). Commended
or rewarded nominations may still be forwarded, so one nominee collects several outcomes over
time. Categories and reward forms are data, not constants.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class NomineeKind(models.TextChoices):
    PERSON = "person", _("Individual")
    COLLECTIVE = "collective", _("Collective")
    BOTH = "both", _("Individual or collective")


class Category(models.Model):
    """What an exemplar is proposed for (data): "Gương người tốt, việc tốt", "Điển hình tiên tiến"…"""

    name = models.CharField(_("name"), max_length=200, unique=True)
    applies_to = models.CharField(_("for"), max_length=12, choices=NomineeKind.choices, default=NomineeKind.BOTH)
    order = models.PositiveSmallIntegerField(_("order"), default=10)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("exemplar category")
        verbose_name_plural = _("exemplar categories")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def fits(self, kind: str) -> bool:
        return self.applies_to in (NomineeKind.BOTH, kind)


class RewardForm(models.Model):
    """A form of reward (data): giấy khen, bằng khen…"""

    name = models.CharField(_("name"), max_length=200, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=10)
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("form of reward")
        verbose_name_plural = _("forms of reward")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class NominationCall(models.Model):
    """A level asks its subtree for nominations of a period by a deadline."""

    SCOPE_PATH: ClassVar[str] = "organization__path"
    INHERITED_PATH: ClassVar[str] = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("asked by"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("subject"), max_length=300)
    date_from = models.DateField(_("period from"))
    date_to = models.DateField(_("period to"))
    deadline = models.DateField(_("deadline"))
    message = models.TextField(_("message to the lower levels"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("call for nominations")
        verbose_name_plural = _("calls for nominations")
        ordering = ["-deadline", "-pk"]

    def __str__(self) -> str:
        return self.title


class NominationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Waiting for a decision")
    COMMENDED = "commended", _("Commended")
    REWARDED = "rewarded", _("Rewarded")
    DECLINED = "declined", _("Declined")


class Nomination(models.Model):
    """A unit's proposal of a person or a collective as an exemplar for a period."""

    SCOPE_PATH: ClassVar[str] = "proposer__path"

    proposer = models.ForeignKey(
        "organizations.Organization", verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    level = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("deciding level"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The level that decides on it now."),
    )
    person = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="nominations",
    )
    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("collective"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.ForeignKey(Category, verbose_name=_("category"), on_delete=models.PROTECT)
    call = models.ForeignKey(
        NominationCall, verbose_name=_("call"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    date_from = models.DateField(_("period from"))
    date_to = models.DateField(_("period to"))
    achievements = models.TextField(_("what they did"))
    registrations = models.ManyToManyField(
        "notebook.Registration", verbose_name=_("registrations"), blank=True, related_name="+"
    )
    self_reports = models.ManyToManyField(
        "notebook.SelfReport", verbose_name=_("reported results"), blank=True, related_name="+"
    )
    state = models.CharField(_("state"), max_length=12, choices=NominationState.choices, default=NominationState.DRAFT)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("written on"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("proposed on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True) | Q(person__isnull=True, unit__isnull=False),
                name="nomination_person_or_unit",
            ),
            models.CheckConstraint(condition=Q(date_to__gte=models.F("date_from")), name="nomination_dates_order"),
        ]
        indexes = [models.Index(fields=["level", "state"])]

    def __str__(self) -> str:
        return self.nominee_name

    @property
    def is_collective(self) -> bool:
        return self.person_id is None

    @property
    def nominee_name(self) -> str:
        return str(self.unit.name if self.unit_id else self.person.full_name)  # type: ignore[union-attr]


class Evidence(models.Model):
    """A photo or a document supporting a nomination (photos re-encoded, EXIF dropped)."""

    SCOPE_PATH: ClassVar[str] = "nomination__proposer__path"

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="honours/evidence/%Y/%m/")
    file_name = models.CharField(max_length=200, blank=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    is_photo = models.BooleanField(default=False)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["nomination", "pk"]

    def __str__(self) -> str:
        return self.caption or self.file_name


class OutcomeKind(models.TextChoices):
    COMMEND = "commend", _("Commend at this level")
    REWARD = "reward", _("Reward at this level")
    FORWARD = "forward", _("Propose to the level above")
    DECLINE = "decline", _("Decline")


class DecisionKind(models.TextChoices):
    COMMEND = "commend", _("Commendation")
    REWARD = "reward", _("Reward")


class Commendation(models.Model):
    """A level's decision (Quyết định) to commend or reward; its outcomes make the annexed list."""

    SCOPE_PATH: ClassVar[str] = "organization__path"
    # A decision is published to the level's whole subtree.
    INHERITED_PATH: ClassVar[str] = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=DecisionKind.choices)
    number = models.CharField(_("decision number"), max_length=40)
    decided_on = models.DateField(_("decision date"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="one_decision_number_per_level"),
        ]

    def __str__(self) -> str:
        return self.number


class Outcome(models.Model):
    """What one level decided on a nomination, when and by whom (a nomination has one or more)."""

    SCOPE_PATH: ClassVar[str] = "nomination__proposer__path"

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="outcomes")
    level = models.ForeignKey(
        "organizations.Organization", verbose_name=_("level"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("decision"), max_length=10, choices=OutcomeKind.choices)
    reward_form = models.ForeignKey(
        RewardForm, verbose_name=_("form of reward"), null=True, blank=True, on_delete=models.PROTECT
    )
    commendation = models.ForeignKey(
        Commendation,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outcomes",
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_on = models.DateField(_("date"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["nomination", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.nomination_id}: {self.kind}"


class EventAction(models.TextChoices):
    CREATE = "create", _("Written")
    SAVE = "save", _("Changed")
    SUBMIT = "submit", _("Sent to the level above")
    COMMEND = "commend", _("Commended")
    REWARD = "reward", _("Rewarded")
    FORWARD = "forward", _("Proposed to the level above")
    DECLINE = "decline", _("Declined")
    LINK = "link", _("Registrations and results linked")


class NominationEvent(models.Model):
    """The history of a nomination: who did what, at which level, when."""

    SCOPE_PATH: ClassVar[str] = "nomination__proposer__path"

    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=EventAction.choices)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12, blank=True)
    level = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    comment = models.TextField(_("comment"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["nomination", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.from_state}→{self.to_state}"


class Yearbook(models.Model):
    """A curated selection of a node's exemplars for a period (kỷ yếu)."""

    SCOPE_PATH: ClassVar[str] = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=300)
    date_from = models.DateField(_("period from"))
    date_to = models.DateField(_("period to"))
    foreword = models.TextField(_("foreword"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("yearbook")
        verbose_name_plural = _("yearbooks")
        ordering = ["-date_to", "-pk"]

    def __str__(self) -> str:
        return self.title


class YearbookEntry(models.Model):
    """One exemplar's page: photo, name, unit, story, and the subject's consent to be printed."""

    SCOPE_PATH: ClassVar[str] = "yearbook__organization__path"

    yearbook = models.ForeignKey(Yearbook, on_delete=models.CASCADE, related_name="entries")
    nomination = models.ForeignKey(Nomination, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("name"), max_length=255)
    unit_name = models.CharField(_("unit"), max_length=255)
    story = models.TextField(_("story"))
    photo = models.FileField(_("photo"), upload_to="honours/yearbook/%Y/", blank=True)
    consent = models.BooleanField(_("consent given"), default=False)
    consent_note = models.CharField(_("how consent was given"), max_length=300, blank=True)
    consent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    consent_at = models.DateTimeField(_("consent recorded on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("yearbook entry")
        verbose_name_plural = _("yearbook entries")
        ordering = ["yearbook", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["yearbook", "nomination"], name="one_entry_per_nomination"),
        ]

    def __str__(self) -> str:
        return self.name


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being built")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class YearbookExport(models.Model):
    """The yearbook's PDF built in the background; the page polls its progress."""

    SCOPE_PATH: ClassVar[str] = "yearbook__organization__path"

    yearbook = models.ForeignKey(Yearbook, on_delete=models.CASCADE, related_name="exports")
    status = models.CharField(_("status"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0)
    step = models.CharField(max_length=100, blank=True)
    file = models.FileField(upload_to="honours/yearbook_pdf/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.yearbook_id} {self.status}"

    @property
    def finished(self) -> bool:
        return self.status in {ExportStatus.DONE, ExportStatus.FAILED}
