"""Contests (issue 13): storytelling and writing contests run by a level for its subtree.

- ContestKind: kinds of contest as data (storytelling, writing, other; a level may add more).
- Contest: organised by a node for its subtree, with its timeline, rules, entry types, limits,
  phase (entries → judging → results) and the next level's round its winners go on to.
- ContestJudge: a judge named on a contest (one is the jury chair, who locks the results).
- Criterion: a rubric category with a weight and a maximum score.
- PrizeTier / SpecialPrize: the prize structure; special prizes carry their rule and, once
  computed or chosen, their winner.
- Entry / EntryAuthor: an entry sent by a unit (collective) or a person of it; authors and
  performers from the roster or named outsiders with a birth year. `forwarded_from` keeps the
  history of an entry that went up from a lower level's contest.
- Score / ScoreItem: a judge's one score sheet of an entry (or an abstention), item by criterion.
- PrizeChange: the jury's changes of a prize from the computed one, with the reason.

Judges reach entries through `granted_q`, the scoping module's hook for grants that are not a
role on the tree (lamtheo/organizations/scoping.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheo.organizations.scoping import Capability


class ContestKind(models.Model):
    """A kind of contest (data, not code): storytelling, writing, other…"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=10)

    class Meta:
        verbose_name = _("kind of contest")
        verbose_name_plural = _("kinds of contest")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class EntryType(models.TextChoices):
    STORY = "story", _("Story (told by one person)")
    SKIT = "skit", _("Skit (collective)")
    WRITTEN = "written", _("Written piece")
    VIDEO = "video", _("Video link")
    FILE = "file", _("File")


class Phase(models.TextChoices):
    ENTRIES = "entries", _("Receiving entries")
    JUDGING = "judging", _("Judging")
    RESULTS = "results", _("Results locked")


def _judge_contests(user: Any) -> Any:
    return ContestJudge.objects.filter(user_id=user.pk).values("contest_id")


class Contest(models.Model):
    SCOPE_PATH: ClassVar[str] = "organization__path"
    # A contest of a level is read by its whole subtree: the units below send entries to it.
    INHERITED_PATH: ClassVar[str] = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("organiser"), on_delete=models.PROTECT, related_name="contests"
    )
    kind = models.ForeignKey(ContestKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="contests")
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    theme = models.CharField(_("theme"), max_length=500, blank=True)
    rules = models.TextField(_("rules"), blank=True)
    rules_file = models.FileField(_("rules file"), upload_to="contests/rules/%Y/", blank=True)
    rules_file_name = models.CharField(max_length=255, blank=True, editable=False)
    entries_open = models.DateField(_("entries open on"))
    entries_close = models.DateField(_("entries close on"))
    judging_until = models.DateField(_("judging until"), null=True, blank=True)
    results_on = models.DateField(_("results on"), null=True, blank=True)
    entry_types = models.JSONField(_("entry types"), default=list)
    entry_limit = models.PositiveSmallIntegerField(
        _("entries per unit"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    blind = models.BooleanField(
        _("blind judging"), default=False, help_text=_("Judges see neither the names nor the unit of an entry.")
    )
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, default=Phase.ENTRIES)
    next_round = models.ForeignKey(
        "self",
        verbose_name=_("next level's round"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="previous_rounds",
    )
    locked_at = models.DateTimeField(null=True, blank=True, editable=False)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contest")
        verbose_name_plural = _("contests")
        ordering = ["-year", "organization__path", "pk"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def granted_q(cls, user: Any, capability: str) -> Q | None:
        """Judges named on a contest read it (and score in it)."""
        if not getattr(user, "pk", None) or capability not in (Capability.VIEW, Capability.JUDGE):
            return None
        return Q(pk__in=_judge_contests(user))

    def open_on(self, day: dt.date) -> bool:
        return self.phase == Phase.ENTRIES and self.entries_open <= day <= self.entries_close

    def entry_type_labels(self) -> list[str]:
        labels = dict(EntryType.choices)
        return [str(labels[t]) for t in self.entry_types if t in labels]


class ContestJudge(models.Model):
    SCOPE_PATH: ClassVar[str] = "contest__organization__path"

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="judges")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="contest_seats")
    is_chair = models.BooleanField(_("jury chair"), default=False)

    class Meta:
        verbose_name = _("judge")
        verbose_name_plural = _("judges")
        ordering = ["contest", "-is_chair", "pk"]
        constraints = [models.UniqueConstraint(fields=["contest", "user"], name="one_seat_per_judge")]

    def __str__(self) -> str:
        return str(self.user)


class Criterion(models.Model):
    SCOPE_PATH: ClassVar[str] = "contest__organization__path"

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("name"), max_length=200)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=10)
    order = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = _("scoring criterion")
        verbose_name_plural = _("scoring criteria")
        ordering = ["contest", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class TierLevel(models.TextChoices):
    FIRST = "first", _("First prize")
    SECOND = "second", _("Second prize")
    THIRD = "third", _("Third prize")
    CONSOLATION = "consolation", _("Consolation prize")
    OTHER = "other", _("Other prize")


class PrizeTier(models.Model):
    SCOPE_PATH: ClassVar[str] = "contest__organization__path"

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="tiers")
    name = models.CharField(_("name"), max_length=120)
    level = models.CharField(_("level"), max_length=12, choices=TierLevel.choices, default=TierLevel.OTHER)
    count = models.PositiveSmallIntegerField(_("number of prizes"), default=1)
    order = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = _("prize tier")
        verbose_name_plural = _("prize tiers")
        ordering = ["contest", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class SpecialRule(models.TextChoices):
    OLDEST = "oldest", _("Oldest entrant")
    YOUNGEST = "youngest", _("Youngest entrant")
    MOST_ENTRIES = "most_entries", _("Unit with most entries")
    JURY = "jury", _("Chosen by the jury")


class SpecialPrize(models.Model):
    SCOPE_PATH: ClassVar[str] = "contest__organization__path"

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="special_prizes")
    name = models.CharField(_("name"), max_length=200)
    rule = models.CharField(_("rule"), max_length=15, choices=SpecialRule.choices)
    entry = models.ForeignKey(
        "Entry", verbose_name=_("entry"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(
        "EntryAuthor", verbose_name=_("entrant"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("special prize")
        verbose_name_plural = _("special prizes")
        ordering = ["contest", "pk"]

    def __str__(self) -> str:
        return self.name


class EntryState(models.TextChoices):
    SENT = "sent", _("Sent")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Entry(models.Model):
    """An entry (bài/tiết mục dự thi) sent by a unit of the organiser's subtree."""

    SCOPE_PATH: ClassVar[str] = "unit__path"

    contest = models.ForeignKey(Contest, verbose_name=_("contest"), on_delete=models.CASCADE, related_name="entries")
    unit = models.ForeignKey(
        "organizations.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="contest_entries"
    )
    person = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("sent by the person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contest_entries",
        help_text=_("Empty: a collective entry of the unit."),
    )
    entry_type = models.CharField(_("type"), max_length=10, choices=EntryType.choices)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    video_url = models.URLField(_("video link"), blank=True)
    file = models.FileField(_("file"), upload_to="contests/entries/%Y/", blank=True)
    file_name = models.CharField(max_length=255, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=10, choices=EntryState.choices, default=EntryState.SENT)
    forwarded_from = models.ForeignKey(
        "self",
        verbose_name=_("forwarded from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forwarded_to",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    sent_at = models.DateTimeField(auto_now_add=True)
    # Results, written when the chair locks them (and by the jury's changes).
    rank = models.PositiveIntegerField(null=True, blank=True, editable=False)
    score = models.DecimalField(max_digits=7, decimal_places=3, null=True, blank=True, editable=False)
    tier = models.ForeignKey(
        PrizeTier, verbose_name=_("prize"), null=True, blank=True, on_delete=models.SET_NULL, related_name="entries"
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["contest", "pk"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        person_id = getattr(user, "person_id", None)
        return Q(person_id=person_id) if person_id else None

    @classmethod
    def granted_q(cls, user: Any, capability: str) -> Q | None:
        """A judge named on the contest reaches its entries once judging has begun, except the
        entries of a unit the judge belongs to (their own cell or a node they hold a role on, or
        any unit above those): those are excluded automatically."""
        if not getattr(user, "pk", None) or capability not in (Capability.VIEW, Capability.JUDGE):
            return None
        from lamtheo.organizations.scoping import active_assignments, own_cell_path

        own = [a.organization.path for a in active_assignments(user)]
        if cell := own_cell_path(user):
            own.append(cell)
        prefixes = sorted({p[:i] for p in own for i in range(4, len(p) + 1, 4)})
        return Q(contest_id__in=_judge_contests(user), contest__phase__in=[Phase.JUDGING, Phase.RESULTS]) & ~Q(
            unit__path__in=prefixes
        )

    @property
    def is_collective(self) -> bool:
        return self.person_id is None

    @property
    def is_withdrawn(self) -> bool:
        return self.state == EntryState.WITHDRAWN


class EntryAuthor(models.Model):
    """An author or performer: a person of the roster, or an outsider named with a birth year."""

    SCOPE_PATH: ClassVar[str] = "entry__unit__path"

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey(
        "organizations.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="contest_authorships"
    )
    full_name = models.CharField(_("full name"), max_length=150)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(default=1)

    class Meta:
        verbose_name = _("author or performer")
        verbose_name_plural = _("authors and performers")
        ordering = ["entry", "order", "pk"]

    def __str__(self) -> str:
        return self.full_name


class Score(models.Model):
    """A judge's one score sheet of an entry (or an abstention, which does not count)."""

    SCOPE_PATH: ClassVar[str] = "entry__contest__organization__path"

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="scores")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contest_scores")
    abstained = models.BooleanField(_("abstain"), default=False)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["entry", "pk"]
        constraints = [models.UniqueConstraint(fields=["entry", "judge"], name="one_score_per_judge_entry")]

    def __str__(self) -> str:
        return f"{self.entry} – {self.judge}"


class ScoreItem(models.Model):
    SCOPE_PATH: ClassVar[str] = "score__entry__contest__organization__path"

    score = models.ForeignKey(Score, on_delete=models.CASCADE, related_name="items")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(max_digits=6, decimal_places=2)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["score", "criterion"], name="one_item_per_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion_id}: {self.value}"


class PrizeChange(models.Model):
    """The jury changed an entry's prize from the one computed from the ranking."""

    SCOPE_PATH: ClassVar[str] = "entry__contest__organization__path"

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="prize_changes")
    old_tier = models.ForeignKey(PrizeTier, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    new_tier = models.ForeignKey(PrizeTier, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["entry", "changed_at", "pk"]

    def __str__(self) -> str:
        return self.reason
