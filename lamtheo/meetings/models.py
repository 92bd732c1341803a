"""Cell meetings (sinh hoạt chi bộ): the year plan, attendance, minutes and members' reports.

A cell plans a regular meeting each month and a thematic meeting at least once a quarter
(`MeetingSettings`, rules per cell, as data). Rules that come from a guiding document and change
over time (Hướng dẫn 42-HD/BTCTW, 2025: at least 90 minutes, 120 when the thematic and the
regular meeting share a session, documents posted a day before) live in `MeetingRule` rows with
validity dates.

At regular meetings members report on how they follow the example (`MemberReport`): assigned by
the rotation (or volunteering, `Volunteer`), drafted, commented on by the cell committee,
presented, discussed (`ReportComment`), concluded by the chair (`ReportCorrection`: each
correction becomes a notebook Shortcoming), finalised by the member. `MemberReportEvent` keeps
the history of every step.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def _own_cell_q(user: Any, field: str) -> Q | None:
    """Rows of the user's own cell (a member with no role reads their cell's meetings)."""
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return None
    from lamtheo.organizations.models import Person

    return Q(**{f"{field}__in": Person.objects.filter(pk=person_id).values("cell_id")})


def _own_person_q(user: Any, field: str = "person") -> Q | None:
    person_id = getattr(user, "person_id", None)
    return Q(**{f"{field}_id": person_id}) if person_id else None


# --- rules ----------------------------------------------------------------------------------------


class MeetingRule(models.Model):
    """Rules every cell meeting follows in a period, from a guiding document (e.g. 42-HD/BTCTW)."""

    source = models.CharField(_("guiding document"), max_length=120, help_text=_("For example 42-HD/BTCTW"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    min_minutes = models.PositiveSmallIntegerField(_("minimum length of a meeting (minutes)"))
    min_minutes_combined = models.PositiveSmallIntegerField(
        _("minimum length when the thematic and the regular meeting share a session (minutes)")
    )
    documents_days_before = models.PositiveSmallIntegerField(_("documents posted at least this many days before"))

    class Meta:
        verbose_name = _("meeting rule")
        verbose_name_plural = _("meeting rules")
        ordering = ["-valid_from"]

    def __str__(self) -> str:
        return f"{self.source} ({self.valid_from:%d/%m/%Y})"

    def covers(self, day: dt.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def default_thematic_months() -> list[int]:
    return [3, 6, 9, 12]


class MeetingSettings(models.Model):
    """How one cell plans its meetings and chooses its reporters (rules as data, per cell)."""

    SCOPE_PATH: ClassVar[str] = "cell__path"

    cell = models.OneToOneField(
        "organizations.Organization", verbose_name=_("cell"), on_delete=models.CASCADE, related_name="meeting_settings"
    )
    reporters_per_month = models.PositiveSmallIntegerField(
        _("members reporting at each regular meeting"), default=1, help_text=_("One or two.")
    )
    small_cell_threshold = models.PositiveSmallIntegerField(
        _("small cell: at most this many members"),
        default=10,
        help_text=_("In a small cell every member reports about twice a year."),
    )
    small_cell_reports_per_member = models.PositiveSmallIntegerField(
        _("reports per member and year in a small cell"), default=2
    )
    thematic_months = models.JSONField(_("months of the thematic meetings"), default=default_thematic_months)
    reports_in_thematic_months = models.BooleanField(
        _("members also report in the months of a thematic meeting"), default=False
    )
    meeting_day = models.PositiveSmallIntegerField(_("day of the month of the regular meeting"), default=5)
    thematic_day = models.PositiveSmallIntegerField(_("day of the month of the thematic meeting"), default=20)
    start_time = models.TimeField(_("starts at"), default=dt.time(8, 0))
    duration_minutes = models.PositiveSmallIntegerField(_("planned length (minutes)"), default=90)
    place = models.CharField(_("usual place"), max_length=255, blank=True)
    locality = models.CharField(
        _("place name on documents"), max_length=120, blank=True, help_text=_("For example Hòa An")
    )
    draft_days_before = models.PositiveSmallIntegerField(_("drafts due this many days before the meeting"), default=7)
    review_days_before = models.PositiveSmallIntegerField(
        _("committee comments due this many days before the meeting"), default=3
    )
    finalise_days_after = models.PositiveSmallIntegerField(
        _("final reports due this many days after the meeting"), default=7
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("meeting settings")
        verbose_name_plural = _("meeting settings")

    def __str__(self) -> str:
        return str(self.cell)


# --- meetings -------------------------------------------------------------------------------------


class MeetingKind(models.TextChoices):
    REGULAR = "regular", _("Regular meeting")
    THEMATIC = "thematic", _("Thematic meeting")


class MeetingState(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    """One meeting of a cell: the plan (date, place, agenda, documents) and, once held, the minutes."""

    SCOPE_PATH: ClassVar[str] = "cell__path"

    cell = models.ForeignKey(
        "organizations.Organization", verbose_name=_("cell"), on_delete=models.PROTECT, related_name="meetings"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=MeetingKind.choices, default=MeetingKind.REGULAR)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    month = models.PositiveSmallIntegerField(_("month"), editable=False)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("length (minutes)"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    title = models.CharField(_("topic"), max_length=300, blank=True)
    theme = models.ForeignKey(
        "campaigns.Theme", verbose_name=_("theme"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    presenter = models.CharField(_("presenter"), max_length=150, blank=True)
    material = models.TextField(_("material"), blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=MeetingState.choices, default=MeetingState.PLANNED)
    cancel_reason = models.CharField(_("why it was cancelled"), max_length=300, blank=True)
    # The minutes (biên bản)
    chair = models.CharField(_("chaired by"), max_length=150, blank=True)
    recorder = models.CharField(_("minutes taken by"), max_length=150, blank=True)
    started_at = models.TimeField(_("began at"), null=True, blank=True)
    ended_at = models.TimeField(_("ended at"), null=True, blank=True)
    news = models.TextField(_("news and information"), blank=True)
    review_text = models.TextField(_("results of the past month"), blank=True)
    follow_text = models.TextField(_("studying and following the example"), blank=True)
    tasks_text = models.TextField(_("tasks for the coming month"), blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("cell meeting")
        verbose_name_plural = _("cell meetings")
        ordering = ["date", "start_time", "pk"]
        indexes = [models.Index(fields=["cell", "year", "kind"]), models.Index(fields=["state", "date"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%d/%m/%Y}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.year, self.month = self.date.year, self.date.month
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "year", "month"}
        super().save(*args, **kwargs)

    @property
    def is_regular(self) -> bool:
        return self.kind == MeetingKind.REGULAR

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _own_cell_q(user, "cell_id")


class MeetingDocument(models.Model):
    """A document posted for a meeting (agenda papers, the theme's material)."""

    SCOPE_PATH: ClassVar[str] = "meeting__cell__path"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to="meetings/%Y/%m/")
    title = models.CharField(_("title"), max_length=200)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("posted by")
    )
    uploaded_at = models.DateTimeField(_("posted on"), auto_now_add=True)

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["meeting", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _own_cell_q(user, "meeting__cell_id")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    EXCUSED = "excused", _("Excused")
    ABSENT = "absent", _("Absent without leave")
    EXEMPT = "exempt", _("Exempt from meetings")


class Attendance(models.Model):
    """Who came to a meeting. Excuses may be recorded ahead; the rotation then passes the member over."""

    SCOPE_PATH: ClassVar[str] = "meeting__cell__path"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        "organizations.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="meeting_attendance"
    )
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="one_attendance_per_meeting_person")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.status}"

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _own_person_q(user)


class Volunteer(models.Model):
    """A member who volunteered (at the previous meeting) to report at `meeting`."""

    SCOPE_PATH: ClassVar[str] = "meeting__cell__path"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="volunteers")
    person = models.ForeignKey("organizations.Person", verbose_name=_("person"), on_delete=models.CASCADE)
    named_at = models.ForeignKey(
        Meeting,
        verbose_name=_("named at the meeting of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        ordering = ["meeting", "created_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="one_volunteer_per_meeting_person")]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.meeting_id}"


# --- members' reports -----------------------------------------------------------------------------


class ReportState(models.TextChoices):
    ASSIGNED = "assigned", pgettext_lazy("member report", "Assigned")
    DRAFT = "draft", pgettext_lazy("member report", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("member report", "Sent to the cell committee")
    RETURNED = "returned", pgettext_lazy("member report", "Returned with comments")
    ACCEPTED = "accepted", pgettext_lazy("member report", "Accepted for the meeting")
    PRESENTED = "presented", pgettext_lazy("member report", "Presented")
    COMMENTED = "commented", pgettext_lazy("member report", "Members' comments recorded")
    CONCLUDED = "concluded", pgettext_lazy("member report", "Concluded by the chair")
    FINALISED = "finalised", pgettext_lazy("member report", "Finalised and kept")
    CANCELLED = "cancelled", pgettext_lazy("member report", "Cancelled")


PRESENTED_STATES = frozenset(
    {ReportState.PRESENTED, ReportState.COMMENTED, ReportState.CONCLUDED, ReportState.FINALISED}
)


class ReportReason(models.TextChoices):
    VOLUNTEER = "volunteer", _("Volunteered at the previous meeting")
    FEWEST = "fewest", _("Fewest reports this year")
    SMALL_CELL = "small_cell", _("Small cell: each member reports about twice a year")
    CHOSEN = "chosen", _("Chosen by the cell committee")
    MOVED = "moved", _("Moved on from an earlier meeting")


class MemberReport(models.Model):
    """A member's report at a meeting on how they follow the example (báo cáo liên hệ)."""

    SCOPE_PATH: ClassVar[str] = "meeting__cell__path"

    meeting = models.ForeignKey(Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="reports")
    person = models.ForeignKey(
        "organizations.Person", verbose_name=_("member"), on_delete=models.CASCADE, related_name="meeting_reports"
    )
    state = models.CharField(_("state"), max_length=12, choices=ReportState.choices, default=ReportState.ASSIGNED)
    reason = models.CharField(_("why chosen"), max_length=12, choices=ReportReason.choices)
    reason_count = models.PositiveSmallIntegerField(_("reports this year when chosen"), default=0)
    done = models.TextField(_("registered items and how far they are done"), blank=True)
    remedied = models.TextField(_("how earlier shortcomings were remedied"), blank=True)
    weaknesses = models.TextField(_("current weaknesses"), blank=True)
    direction = models.TextField(_("direction to overcome them"), blank=True)
    committee_comment = models.TextField(_("cell committee's comments"), blank=True)
    good_points = models.TextField(_("good deeds for others to follow"), blank=True)
    draft_due = models.DateField(_("draft due"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("sent on"), null=True, blank=True)
    presented_at = models.DateTimeField(_("presented on"), null=True, blank=True)
    concluded_at = models.DateTimeField(_("concluded on"), null=True, blank=True)
    finalised_at = models.DateTimeField(_("finalised on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("member's report")
        verbose_name_plural = _("members' reports")
        ordering = ["meeting__date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=~Q(state="cancelled"),
                name="one_live_report_per_meeting_person",
            )
        ]
        indexes = [models.Index(fields=["person", "state"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.meeting}"

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        """The member's own reports, and the reports their cell heard at a meeting."""
        own = _own_person_q(user)
        if own is None:
            return None
        cell = _own_cell_q(user, "meeting__cell_id")
        assert cell is not None
        return own | (cell & Q(state__in=list(PRESENTED_STATES)))


class ReportAction(models.TextChoices):
    ASSIGN = "assign", pgettext_lazy("member report", "Assigned")
    SAVE = "save", pgettext_lazy("member report", "Draft saved")
    SUBMIT = "submit", pgettext_lazy("member report", "Sent to the cell committee")
    WITHDRAW = "withdraw", pgettext_lazy("member report", "Taken back for changes")
    RETURN = "return", pgettext_lazy("member report", "Returned with comments")
    ACCEPT = "accept", pgettext_lazy("member report", "Accepted for the meeting")
    PRESENT = "present", pgettext_lazy("member report", "Presented at the meeting")
    COMMENT = "comment", pgettext_lazy("member report", "Members' comments recorded")
    CONCLUDE = "conclude", pgettext_lazy("member report", "Chair's conclusion recorded")
    FINALISE = "finalise", pgettext_lazy("member report", "Finalised by the member")
    CANCEL = "cancel", pgettext_lazy("member report", "Cancelled")
    MOVE = "move", pgettext_lazy("member report", "Moved to another meeting")


class MemberReportEvent(models.Model):
    """The history of a report: who did what, when, with which comment."""

    SCOPE_PATH: ClassVar[str] = "report__meeting__cell__path"

    report = models.ForeignKey(MemberReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=12, choices=ReportAction.choices)
    from_state = models.CharField(_("from state"), max_length=12, blank=True)
    to_state = models.CharField(_("to state"), max_length=12, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report history entry")
        verbose_name_plural = _("report history")
        ordering = ["report", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} {self.from_state}→{self.to_state}"

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _own_person_q(user, "report__person")


class ReportComment(models.Model):
    """A comment a member made on a report at the meeting, recorded by the cell committee."""

    SCOPE_PATH: ClassVar[str] = "report__meeting__cell__path"

    report = models.ForeignKey(MemberReport, on_delete=models.CASCADE, related_name="comments")
    speaker = models.ForeignKey(
        "organizations.Person",
        verbose_name=_("said by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("comment"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("member's comment")
        verbose_name_plural = _("members' comments")
        ordering = ["report", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _own_person_q(user, "report__person")


class ReportCorrection(models.Model):
    """One thing the chair asked the member to correct; followed up as a notebook Shortcoming."""

    SCOPE_PATH: ClassVar[str] = "report__meeting__cell__path"

    report = models.ForeignKey(MemberReport, on_delete=models.CASCADE, related_name="corrections")
    position = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(_("to correct"))
    shortcoming = models.ForeignKey(
        "notebook.Shortcoming",
        verbose_name=_("shortcoming to remedy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["report", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]

    @classmethod
    def own_q(cls, user: Any) -> Q | None:
        return _own_person_q(user, "report__person")
