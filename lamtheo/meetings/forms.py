"""Forms of the meeting pages. They check types and sizes; the services check the rules.

Choices (members, themes, meetings) come from scoped querysets, so an id outside the user's
reach fails validation like any unknown choice: a field error, never a 500.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lamtheo.core.forms import BoundedModelMultipleChoiceField
from lamtheo.organizations.forms import date_field, version_field
from lamtheo.organizations.models import Person

from .models import AttendanceStatus, Meeting, MeetingKind, MeetingSettings
from .services import MAX_DURATION, TEXT_LIMIT
from .services_reports import COMMENT_LIMIT

TIME_ERROR = _("Enter the time as hours:minutes, e.g. 19:30.")
NUMBER_ERROR = _("Enter a whole number.")


def time_field(label: Any, *, required: bool = True) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        required=required,
        input_formats=["%H:%M", "%H.%M", "%Hh%M", "%Hg%M", "%H:%M:%S"],
        widget=forms.TimeInput(format="%H:%M", attrs={"placeholder": _("hh:mm"), "inputmode": "numeric"}),
        error_messages={"invalid": TIME_ERROR, "required": _("Enter the time.")},
    )


def _between_now(low: int, high: int) -> str:
    return gettext("Enter a number between %(min)s and %(max)s.") % {"min": low, "max": high}


_between = lazy(_between_now, str)


def number_field(label: Any, *, min_value: int, max_value: int, help_text: Any = "") -> forms.IntegerField:
    message = _between(min_value, max_value)
    return forms.IntegerField(
        label=label,
        min_value=min_value,
        max_value=max_value,
        help_text=help_text,
        error_messages={"invalid": NUMBER_ERROR, "required": message, "min_value": message, "max_value": message},
    )


def text_field(
    label: Any, *, rows: int = 3, required: bool = False, limit: int = TEXT_LIMIT, **kw: Any
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": _("Please keep this under %(limit_value)s characters.")},
        **kw,
    )


def line_field(label: Any, *, limit: int, required: bool = False, **kw: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        error_messages={"max_length": _("Please keep this under %(limit_value)s characters.")},
        **kw,
    )


class MemberChoiceField(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:  # type: ignore[override]
        return obj.full_name


MONTHS = [(m, format_lazy("{} {}", _("Month"), m)) for m in range(1, 13)]


# --- settings and the year plan -------------------------------------------------------------------


class SettingsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    reporters_per_month = forms.TypedChoiceField(
        label=_("Members reporting at each regular meeting"), choices=[(1, "1"), (2, "2")], coerce=int
    )
    small_cell_threshold = number_field(
        _("Small cell: at most this many members"),
        min_value=0,
        max_value=200,
        help_text=_("In a small cell the plan aims at the number of reports per member below."),
    )
    small_cell_reports_per_member = number_field(
        _("Reports per member and year in a small cell"), min_value=1, max_value=12
    )
    thematic_months = forms.TypedMultipleChoiceField(
        label=_("Months of the thematic meetings"),
        choices=[(m, str(m)) for m in range(1, 13)],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("At least one in each quarter."),
        error_messages={"required": _("Choose at least one month in each quarter.")},
    )
    reports_in_thematic_months = forms.BooleanField(
        label=_("Members also report in the months of a thematic meeting"), required=False
    )
    meeting_day = number_field(_("Day of the month of the regular meeting"), min_value=1, max_value=31)
    thematic_day = number_field(_("Day of the month of the thematic meeting"), min_value=1, max_value=31)
    start_time = time_field(_("Starts at"))
    duration_minutes = number_field(_("Planned length (minutes)"), min_value=30, max_value=MAX_DURATION)
    place = line_field(_("Usual place"), limit=255)
    locality = line_field(_("Place name on documents"), limit=120, help_text=_("For example Hòa An"))
    draft_days_before = number_field(_("Drafts due this many days before the meeting"), min_value=0, max_value=60)
    review_days_before = number_field(
        _("Committee comments due this many days before the meeting"), min_value=0, max_value=60
    )
    finalise_days_after = number_field(
        _("Final reports due this many days after the meeting"), min_value=0, max_value=60
    )

    @staticmethod
    def initial_from(settings: MeetingSettings) -> dict[str, Any]:
        from .services import SETTING_FIELDS

        data = {key: getattr(settings, key) for key in SETTING_FIELDS}
        data["version"] = settings.version if settings.pk else None
        return data


class GenerateForm(forms.Form):
    from_month = forms.TypedChoiceField(label=_("Plan from"), choices=MONTHS, coerce=int)


# --- meetings -------------------------------------------------------------------------------------


class MeetingForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    date = date_field(_("Date"), required=True)
    start_time = time_field(_("Starts at"))
    duration_minutes = number_field(_("Length (minutes)"), min_value=1, max_value=MAX_DURATION)
    place = line_field(_("Place"), limit=255)
    title = line_field(_("Topic"), limit=300, help_text=_("For a thematic meeting: what it is about."))
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Meeting.objects.none(),
        required=False,
        empty_label=_("— none —"),
        error_messages={"invalid_choice": _("Choose a theme from the list.")},
    )
    presenter = line_field(_("Presenter"), limit=150, help_text=_("Who presents the theme."))
    material = text_field(_("Material"), help_text=_("What members read or watch beforehand."))
    agenda = text_field(_("Agenda"), rows=5)

    def __init__(self, *args: Any, themes: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes  # type: ignore[attr-defined]
        self.fields["date"].error_messages["required"] = _("Enter the date of the meeting.")

    @staticmethod
    def initial_from(meeting: Meeting) -> dict[str, Any]:
        from .services import MEETING_FIELDS

        data = {key: getattr(meeting, key) for key in MEETING_FIELDS}
        data["theme"] = meeting.theme_id
        data["version"] = meeting.version
        return data


class CancelForm(forms.Form):
    version = version_field()
    reason = line_field(_("Why is it cancelled?"), limit=300, required=True)


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, Word, Excel, PowerPoint, ODT, JPG, PNG or text; at most 10 MB."),
        error_messages={"required": _("Choose a file."), "empty": _("The file is empty.")},
    )
    title = line_field(_("Title"), limit=200, help_text=_("Leave empty to use the file name."))


class PeopleForm(forms.Form):
    """Choose members (assign reporters, record volunteers)."""

    people = MemberChoiceField(
        label=_("Members"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": _("Choose members of this cell."),
            "invalid_pk_value": _("Choose members of this cell."),
        },
    )

    def __init__(self, *args: Any, members: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = members  # type: ignore[attr-defined]


class AttendanceForm(forms.Form):
    """One status and reason per member: `status_<id>`, `reason_<id>`."""

    version = version_field()

    def __init__(self, *args: Any, rows: list[tuple[Person, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = rows
        choices = [("", _("— not recorded —")), *AttendanceStatus.choices]
        for person, recorded in rows:
            self.fields[f"status_{person.pk}"] = forms.ChoiceField(
                label=person.full_name,
                choices=choices,
                required=False,
                initial=recorded.status if recorded else "",
                error_messages={"invalid_choice": _("Choose from the list.")},
            )
            self.fields[f"reason_{person.pk}"] = line_field(
                _("Reason"), limit=300, initial=recorded.reason if recorded else ""
            )

    def people_rows(self) -> list[dict[str, Any]]:
        return [
            {"person": p, "status": self[f"status_{p.pk}"], "reason": self[f"reason_{p.pk}"]} for p, _r in self.rows
        ]

    def cleaned_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "person": person,
                "status": self.cleaned_data.get(f"status_{person.pk}", ""),
                "reason": self.cleaned_data.get(f"reason_{person.pk}", ""),
            }
            for person, _recorded in self.rows
        ]


class MinutesForm(forms.Form):
    version = version_field()
    chair = line_field(_("Chaired by"), limit=150)
    recorder = line_field(_("Minutes taken by"), limit=150)
    started_at = time_field(_("Began at"), required=False)
    ended_at = time_field(_("Ended at"), required=False)
    news = text_field(_("News and information"))
    review_text = text_field(_("Results of the past month"))
    follow_text = text_field(
        _("Studying and following the example"),
        rows=5,
        help_text=_("The members' reports, the discussion and the chair's conclusions are added from the reports."),
    )
    tasks_text = text_field(_("Tasks for the coming month"))
    conclusions = text_field(_("Conclusions"), rows=4)
    held = forms.BooleanField(label=_("The meeting was held: record it as held"), required=False)

    @staticmethod
    def initial_from(meeting: Meeting) -> dict[str, Any]:
        from .services_minutes import MINUTES_FIELDS

        data = {key: getattr(meeting, key) for key in MINUTES_FIELDS}
        data["version"] = meeting.version
        data["held"] = meeting.state == "held"
        return data


# --- reports --------------------------------------------------------------------------------------


class ReportForm(forms.Form):
    version = version_field()
    done = text_field(_("Registered items and how far they are done"), rows=6)
    remedied = text_field(_("How earlier shortcomings were remedied"), rows=5)
    weaknesses = text_field(_("Current weaknesses"), rows=4)
    direction = text_field(_("Direction to overcome them"), rows=4)


class ActionForm(forms.Form):
    version = version_field()
    comment = text_field(_("Comment"), limit=COMMENT_LIMIT)


class ReviewForm(forms.Form):
    version = version_field()
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept for the meeting")), ("return", _("Return with comments"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose to accept or to return."),
            "invalid_choice": _("Choose to accept or to return."),
        },
    )
    comment = text_field(
        _("Comments of the cell committee"),
        rows=4,
        limit=COMMENT_LIMIT,
        help_text=_("Required when returning: say what to add or change."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Write what the member should add or change."))
        return data


COMMENT_ROWS = 3


class CommentsForm(forms.Form):
    version = version_field()

    def __init__(self, *args: Any, members: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, COMMENT_ROWS + 1):
            self.fields[f"speaker_{n}"] = forms.ModelChoiceField(
                label=_("Said by"),
                queryset=members,
                required=False,
                empty_label=_("— a member —"),
                error_messages={"invalid_choice": _("Choose a member of this cell.")},
            )
            self.fields[f"text_{n}"] = text_field(_("Comment %(n)s") % {"n": n}, rows=2, limit=COMMENT_LIMIT)

    def rows(self) -> list[dict[str, Any]]:
        return [{"speaker": self[f"speaker_{n}"], "text": self[f"text_{n}"]} for n in range(1, COMMENT_ROWS + 1)]

    def comments(self) -> list[dict[str, Any]]:
        return [
            {"speaker": self.cleaned_data.get(f"speaker_{n}"), "text": self.cleaned_data.get(f"text_{n}", "")}
            for n in range(1, COMMENT_ROWS + 1)
        ]


class ConcludeForm(forms.Form):
    version = version_field()
    good_points = text_field(_("Good deeds for others to follow"), rows=4)
    corrections = text_field(
        _("What to correct"),
        rows=4,
        help_text=_("One per line. Each becomes a shortcoming to remedy in the member's notebook."),
    )

    def correction_lines(self) -> list[str]:
        return [
            line.strip(" -•\t")
            for line in str(self.cleaned_data.get("corrections") or "").splitlines()
            if line.strip(" -•\t")
        ]


class MoveForm(forms.Form):
    version = version_field()
    to = forms.ModelChoiceField(
        label=_("Move to the meeting of"),
        queryset=Meeting.objects.none(),
        empty_label=None,
        error_messages={
            "invalid_choice": _("Choose another planned meeting of this cell."),
            "required": _("Choose a meeting."),
        },
    )
    comment = text_field(_("Comment"), rows=2, limit=COMMENT_LIMIT)

    def __init__(self, *args: Any, meetings: QuerySet[Meeting], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to"]
        field.queryset = meetings  # type: ignore[attr-defined]
        field.label_from_instance = lambda m: f"{m.date:%d/%m/%Y} — {m.get_kind_display()}"  # type: ignore[attr-defined]
