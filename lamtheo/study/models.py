"""Study and campaign work of a level (issue 5).

- SteeringBody / SteeringMember: the steering committee (ban chỉ đạo) and the assisting unit
  (bộ phận giúp việc) of a node, with members, roles and duties.
- ActionPlan: a plan or action programme of a node for a year.
- StudySession / Attendance: study classes on a theme; attendance by name for the organiser's
  people, and a count (lượt người) for mass audiences.
- Essay: an essay written after study (bài thu hoạch), assessed by the cell committee.
- PropagandaActivity, PilotUnit: propaganda work counted per year; pilot units (chỉ đạo điểm).

Statistics never store rates: they count rows and divide at display (see `rates` and `figures`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lamtheo.organizations.models import Block


def _own_person_q(user: Any) -> Q | None:
    person_id = getattr(user, "person_id", None)
    return Q(person_id=person_id) if person_id else None


# --- steering bodies and plans -------------------------------------------------------------------


class BodyKind(models.TextChoices):
    STEERING = "steering", _("Steering committee")
    ASSISTING = "assisting", _("Assisting unit")


class SteeringBody(models.Model):
    """The steering committee or the assisting unit of a node, as set up by a decision."""

    SCOPE_PATH: ClassVar[str] = "organization__path"
    INHERITED_PATH: ClassVar[str] = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="steering_bodies"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices, default=BodyKind.STEERING)
    name = models.CharField(_("name"), max_length=255)
    decision = models.CharField(_("decision"), max_length=120, blank=True, help_text=_("For example 12-QĐ/ĐU"))
    established_on = models.DateField(_("set up on"), null=True, blank=True)
    dissolved_on = models.DateField(_("dissolved on"), null=True, blank=True)
    directive = models.ForeignKey(
        "campaigns.Directive",
        verbose_name=_("under the guiding document"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    duties = models.TextField(_("duties of the body"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("steering body")
        verbose_name_plural = _("steering bodies")
        ordering = ["organization", "kind", "-established_on", "pk"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None


class SteeringRole(models.TextChoices):
    HEAD = "head", _("Head")
    DEPUTY = "deputy", _("Deputy head")
    STANDING = "standing", _("Standing member")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary of the body")


class SteeringMember(models.Model):
    """A member of a steering body: a person of the tree or, for people from outside, a name."""

    SCOPE_PATH: ClassVar[str] = "body__organization__path"
    INHERITED_PATH: ClassVar[str] = "body__organization__path"

    body = models.ForeignKey(SteeringBody, verbose_name=_("body"), on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="steering_seats",
    )
    full_name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=200, blank=True)
    role = models.CharField(_("role in the body"), max_length=20, choices=SteeringRole.choices)
    duties = models.TextField(_("assigned duties"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("member of a steering body")
        verbose_name_plural = _("members of steering bodies")
        ordering = ["body", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"


class PlanKind(models.TextChoices):
    PLAN = "plan", _("Plan")
    PROGRAMME = "programme", _("Action programme")


class ActionPlan(models.Model):
    """A plan or action programme of a unit for a year, implementing a guiding document."""

    SCOPE_PATH: ClassVar[str] = "organization__path"
    INHERITED_PATH: ClassVar[str] = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="action_plans"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PlanKind.choices, default=PlanKind.PLAN)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.CharField(_("number"), max_length=60, blank=True, help_text=_("For example 05-KH/CB"))
    title = models.CharField(_("title"), max_length=500)
    issued_on = models.DateField(_("date issued"), null=True, blank=True)
    directive = models.ForeignKey(
        "campaigns.Directive",
        verbose_name=_("implements"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    theme = models.ForeignKey(
        "campaigns.Theme", verbose_name=_("theme"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("content"), blank=True)
    file = models.FileField(_("file"), upload_to="study/plans/%Y/", blank=True)
    file_name = models.CharField(max_length=255, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year", "organization", "-issued_on", "pk"]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}" if self.number else self.title


# --- study classes ------------------------------------------------------------------------------


class Audience(models.Model):
    """Who a class is for, as data (cán bộ chủ chốt, đảng viên, CBCCVC, giáo viên, đoàn viên, quần chúng…)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    class Meta:
        verbose_name = _("audience")
        verbose_name_plural = _("audiences")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class StudySession(models.Model):
    """A study class (lớp học tập, quán triệt) organised by a node on a theme.

    Named attendance (Attendance) is only for people of the organiser's subtree; people from
    outside the roster (the masses, youth union members…) are counted in `mass_count`.
    """

    SCOPE_PATH: ClassVar[str] = "organization__path"
    # A class of a level is read by its whole subtree (a cell sees the classes its members attend).
    INHERITED_PATH: ClassVar[str] = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="study_sessions",
    )
    theme = models.ForeignKey(
        "campaigns.Theme", verbose_name=_("theme"), on_delete=models.PROTECT, related_name="study_sessions"
    )
    directive = models.ForeignKey(
        "campaigns.Directive",
        verbose_name=_("document studied"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=300)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    place = models.CharField(_("venue"), max_length=255, blank=True)
    audience_block = models.CharField(
        _("audience block"), max_length=20, choices=Block.choices, blank=True, help_text=_("Empty: all blocks.")
    )
    reporters = models.TextField(_("reporters"), blank=True, help_text=_("One reporter per line, with their position."))
    mass_count = models.PositiveIntegerField(
        _("mass attendance"),
        default=0,
        help_text=_("People not on the rolls (the masses, union members…), counted as attendances."),
    )
    # Where the names are not kept (a unit still reporting on paper): people on the rolls who attended,
    # entered as counts by category. A class is counted by names or by counts, never both.
    counted_members = models.PositiveIntegerField(
        _("party members attending (count)"),
        default=0,
        help_text=_("Only when the names are not recorded: how many party members attended."),
    )
    counted_officials = models.PositiveIntegerField(
        _("non-member officials attending (count)"),
        default=0,
        help_text=_("Only when the names are not recorded: how many non-member officials attended."),
    )
    audiences = models.ManyToManyField(Audience, verbose_name=_("audiences"), blank=True, related_name="+")
    places = models.ManyToManyField(
        "organizations.Place",
        verbose_name=_("villages and residential groups"),
        blank=True,
        related_name="study_sessions",
        help_text=_("Where the class was held (thôn, bản, tổ dân phố)."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("study class")
        verbose_name_plural = _("study classes")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="study_session_dates_in_order"
            ),
        ]
        indexes = [models.Index(fields=["theme", "starts_on"], name="study_session_theme_day")]

    def __str__(self) -> str:
        return self.title

    @property
    def year(self) -> int:
        return self.starts_on.year

    @property
    def is_counted(self) -> bool:
        """Attendance of people on the rolls entered as counts (no names)."""
        return bool(self.counted_members or self.counted_officials)


class Attendance(models.Model):
    """A person of the organiser's subtree who attended a class (at most once per class)."""

    # A cell sees its own people's attendance, also at classes organised higher up.
    SCOPE_PATH: ClassVar[str] = "person__cell__path"

    session = models.ForeignKey(StudySession, on_delete=models.CASCADE, related_name="attendances")
    person = models.ForeignKey("organizations.Person", on_delete=models.CASCADE, related_name="study_attendances")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        ordering = ["session", "person__search_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="one_attendance_per_session_person")]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.session_id}"

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _own_person_q(user)


# --- essays ---------------------------------------------------------------------------------------


class EssayState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Sent to the cell")
    ASSESSED = "assessed", _("Assessed")


class EssayGrade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Not passed")


class Essay(models.Model):
    """An essay after studying a theme (bài thu hoạch), written in the page or uploaded.

    `cell` is the author's cell when they started it; that cell's committee assesses it.
    """

    SCOPE_PATH: ClassVar[str] = "cell__path"

    person = models.ForeignKey(
        "organizations.Person", verbose_name=_("author"), on_delete=models.CASCADE, related_name="essays"
    )
    cell = models.ForeignKey(
        "organizations.Organization", verbose_name=_("cell"), on_delete=models.PROTECT, related_name="essays"
    )
    theme = models.ForeignKey("campaigns.Theme", verbose_name=_("theme"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    session = models.ForeignKey(
        StudySession,
        verbose_name=_("after the class"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="essays",
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    file = models.FileField(_("file"), upload_to="study/essays/%Y/", blank=True)
    file_name = models.CharField(max_length=255, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=20, choices=EssayState.choices, default=EssayState.DRAFT)
    submitted_at = models.DateTimeField(_("sent on"), null=True, blank=True)
    grade = models.CharField(_("grade"), max_length=20, choices=EssayGrade.choices, blank=True)
    comment = models.TextField(_("committee's comment"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("assessed on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("essay")
        verbose_name_plural = _("essays")
        ordering = ["-year", "cell", "person", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["person", "theme", "year"], name="one_essay_per_person_theme_year"),
        ]
        indexes = [models.Index(fields=["theme", "year", "state"], name="study_essay_theme_year")]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _own_person_q(user)

    @property
    def editable_by_author(self) -> bool:
        return self.state != EssayState.ASSESSED


# --- propaganda and pilot units -------------------------------------------------------------------


class PropagandaKind(models.TextChoices):
    MATERIALS = "materials", _("Books and materials handed out")
    BANNERS = "banners", _("Banners and slogans")
    RADIO = "radio", _("Radio and loudspeaker programmes")
    EXHIBITIONS = "exhibitions", _("Exhibitions")
    ARTICLES = "articles", _("News and articles")
    OTHER = "other", _("Other")


class PropagandaActivity(models.Model):
    """Propaganda work of a unit, counted (1,246 copies handed out, 12 radio programmes…)."""

    SCOPE_PATH: ClassVar[str] = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="propaganda"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PropagandaKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    held_on = models.DateField(_("date"), null=True, blank=True)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_label = models.CharField(_("counted in"), max_length=60, blank=True, help_text=_("For example copies"))
    description = models.CharField(_("description"), max_length=500)
    theme = models.ForeignKey(
        "campaigns.Theme", verbose_name=_("theme"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("propaganda activity")
        verbose_name_plural = _("propaganda activities")
        ordering = ["-year", "-held_on", "-pk"]
        indexes = [models.Index(fields=["year", "kind"], name="study_propaganda_year_kind")]

    def __str__(self) -> str:
        return self.description


class PilotUnit(models.Model):
    """A unit chosen by a level to try a method first (chỉ đạo điểm) in a year."""

    SCOPE_PATH: ClassVar[str] = "organization__path"

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("pilot unit"), on_delete=models.PROTECT, related_name="pilots"
    )
    designated_by = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("chosen by"),
        on_delete=models.PROTECT,
        related_name="designated_pilots",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    topic = models.CharField(_("what is piloted"), max_length=300)
    lessons = models.TextField(_("lessons drawn"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("pilot unit")
        verbose_name_plural = _("pilot units")
        ordering = ["-year", "organization", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year", "topic"], name="one_pilot_per_unit_year_topic"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.year}: {self.topic}"


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
