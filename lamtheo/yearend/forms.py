"""Forms of the year-end pages. They check types and sizes; the services check the rules.

Choices (people, comments, organisations) come from querysets limited to the unit or the round,
so an id from elsewhere fails validation like any unknown choice: a field error, never a 500.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from lamtheo.core.forms import BoundedModelMultipleChoiceField
from lamtheo.notebook.models import EvaluationLevel
from lamtheo.organizations.forms import date_field, version_field
from lamtheo.organizations.models import Person

from .models import MassComment, MassOrganization, RoundSubject
from .services import COMMENT_LIMIT, COMMENT_MIN, MAX_CORRECTIONS, TEXT_LIMIT, TITLE_LIMIT


def _text(label: Any, *, rows: int = 4, required: bool = True, limit: int = TEXT_LIMIT, **kw: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={
            "required": _("This field is required."),
            "max_length": _("Please keep this under %(limit_value)s characters."),
        },
        **kw,
    )


class PersonChoices(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj: Person) -> str:  # type: ignore[override]
        return f"{obj.full_name} — {obj.position or obj.cell.name}"


class UnderReviewForm(forms.Form):
    """A session of the ethics self-review, or a round of the masses' comments."""

    title = forms.CharField(label=_("Title"), max_length=TITLE_LIMIT)
    date_from = date_field(_("Period from (dd/mm/yyyy)"), required=True)
    date_to = date_field(_("Period to (dd/mm/yyyy)"), required=True)
    held_on = date_field(_("Meeting or conference date (dd/mm/yyyy)"))
    people = PersonChoices(
        label=_("People under review"),
        queryset=Person.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Name at least one person under review."),
            "invalid_choice": _("Choose people of this unit."),
            "invalid_pk_value": _("Choose people of this unit."),
        },
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people  # type: ignore[attr-defined]


class SelfReviewForm(forms.Form):
    version = version_field()
    self_review = _text(_("Self-review of my cultivation and practice of ethics"), rows=6)
    example = _text(_("How I followed the example: my registered items and their results"), rows=6)


def _lines(value: Any) -> list[str]:
    return [line.strip(" -•\t") for line in str(value or "").splitlines() if line.strip(" -•\t")]


class DiscussionForm(forms.Form):
    version = version_field()
    speaker = forms.CharField(label=_("Said by"), max_length=150, required=False)
    text = _text(_("Comment"), rows=4)


class ConcludeForm(forms.Form):
    version = version_field()
    conclusion = _text(_("Chair's conclusion"), rows=5)
    corrections = _text(
        _("What to correct"),
        rows=4,
        required=False,
        help_text=_("One per line. Each becomes a shortcoming to remedy in the person's notebook."),
    )

    def clean_corrections(self) -> list[str]:
        lines = _lines(self.cleaned_data.get("corrections"))
        if len(lines) > MAX_CORRECTIONS:
            raise forms.ValidationError(_("Name at most %(n)s things to correct.") % {"n": MAX_CORRECTIONS})
        return lines


class SubjectChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: RoundSubject) -> str:  # type: ignore[override]
        position = obj.person.position
        return f"{obj.person.full_name} — {position}" if position else obj.person.full_name


class PublicCommentForm(forms.Form):
    """What a villager fills in through the link: whom, and the comment. Nothing else."""

    subject = SubjectChoice(
        label=_("Comment on"),
        queryset=RoundSubject.objects.none(),
        empty_label=_("— choose a person —"),
        error_messages={
            "required": _("Choose a person from the list."),
            "invalid_choice": _("Choose a person from the list."),
        },
    )
    text = forms.CharField(
        label=_("Your comment"),
        min_length=COMMENT_MIN,
        max_length=COMMENT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": COMMENT_LIMIT}),
        help_text=_("Anonymous: your name is not asked and nobody else can read your comment."),
        error_messages={
            "required": _("Write your comment."),
            "min_length": _("Write at least %(limit_value)s characters."),
            "max_length": _("Please keep this under %(limit_value)s characters."),
        },
    )

    def __init__(self, *args: Any, subjects: QuerySet[RoundSubject], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = subjects  # type: ignore[attr-defined]


class EnterCommentForm(forms.Form):
    """The secretary enters one comment said at the conference (by a person or an organisation)."""

    subject = SubjectChoice(
        label=_("Comment on"),
        queryset=RoundSubject.objects.none(),
        empty_label=_("— choose a person —"),
        error_messages={
            "required": _("Choose a person from the list."),
            "invalid_choice": _("Choose a person from the list."),
        },
    )
    mass_organization = forms.ModelChoiceField(
        label=_("On behalf of an organisation"),
        queryset=MassOrganization.objects.none(),
        required=False,
        empty_label=_("— a person (anonymous) —"),
        error_messages={"invalid_choice": _("Choose an organisation from the list.")},
    )
    text = forms.CharField(
        label=_("Comment"),
        min_length=COMMENT_MIN,
        max_length=COMMENT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": _("Write the comment."),
            "min_length": _("Write at least %(limit_value)s characters."),
            "max_length": _("Please keep this under %(limit_value)s characters."),
        },
    )

    def __init__(
        self, *args: Any, subjects: QuerySet[RoundSubject], organizations: QuerySet[MassOrganization], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].queryset = subjects  # type: ignore[attr-defined]
        self.fields["mass_organization"].queryset = organizations  # type: ignore[attr-defined]


class ModerateForm(forms.Form):
    version = version_field()
    decision = forms.ChoiceField(
        choices=[("uphold", _("Uphold")), ("merge", _("Merge")), ("dismiss", _("Dismiss"))],
        error_messages={"required": _("Choose what to do."), "invalid_choice": _("Choose what to do.")},
    )
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
    merge_into = forms.ModelChoiceField(
        label=_("Same as"),
        queryset=MassComment.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose another comment on the same person.")},
    )

    def __init__(self, *args: Any, others: QuerySet[MassComment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["merge_into"].queryset = others  # type: ignore[attr-defined]


GRADE_CHOICES = [("", _("— not graded —")), *EvaluationLevel.choices]


class QuarterGradeForm(forms.Form):
    """One row per member: grade and score (built by the view from the cell's members)."""

    def __init__(self, *args: Any, people: list[Person], initial_rows: dict[int, tuple[str, int | None]], **kw: Any):
        super().__init__(*args, **kw)
        self.people = people
        for person in people:
            grade, score = initial_rows.get(person.pk, ("", None))
            self.fields[f"grade_{person.pk}"] = forms.ChoiceField(
                label=person.full_name,
                choices=GRADE_CHOICES,
                required=False,
                initial=grade,
                error_messages={"invalid_choice": _("Choose a grade from the list.")},
            )
            self.fields[f"score_{person.pk}"] = forms.IntegerField(
                label=_("Score"),
                required=False,
                min_value=0,
                max_value=100,
                initial=score,
                error_messages={
                    "invalid": _("Enter a whole number."),
                    "min_value": _("A score is between 0 and 100."),
                    "max_value": _("A score is between 0 and 100."),
                },
            )

    def rows(self) -> list[tuple[Person, forms.BoundField, forms.BoundField]]:
        return [(p, self[f"grade_{p.pk}"], self[f"score_{p.pk}"]) for p in self.people]

    def grades(self) -> dict[int, tuple[str, int | None]]:
        return {
            p.pk: (self.cleaned_data.get(f"grade_{p.pk}") or "", self.cleaned_data.get(f"score_{p.pk}"))
            for p in self.people
        }
