"""Forms of the contest pages: they clean the input; the services check the rules and save."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lamtheo.core.forms import BoundedModelMultipleChoiceField
from lamtheo.organizations.forms import date_field
from lamtheo.study.uploads import ACCEPT, CheckedDocument, check_document

from .models import Contest, ContestKind, EntryType, PrizeTier, SpecialRule

MIN_YEAR, MAX_YEAR = 2000, 2100


def version_field() -> forms.IntegerField:
    return forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)


def _upload(label: Any) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        help_text=_("PDF, Word (DOCX, DOC), ODT, JPEG or PNG; at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
    )


class UploadMixin:
    document: CheckedDocument | None = None

    def clean_upload(self) -> Any:
        upload = self.cleaned_data.get("upload")  # type: ignore[attr-defined]
        self.document = check_document(upload) if upload else None
        return upload


class NextRoundField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title} — {obj.organization.name} ({obj.year})"


SPECIAL_FIELDS = {
    SpecialRule.OLDEST: "special_oldest",
    SpecialRule.YOUNGEST: "special_youngest",
    SpecialRule.MOST_ENTRIES: "special_most",
    SpecialRule.JURY: "special_jury",
}


class ContestForm(UploadMixin, forms.Form):
    title = forms.CharField(
        label=_("Title"), max_length=300, error_messages={"required": _("Give the contest a title.")}
    )
    kind = forms.ModelChoiceField(
        label=_("Kind"), queryset=ContestKind.objects.all(), error_messages={"required": _("Choose the kind.")}
    )
    year = forms.IntegerField(
        label=_("Year"),
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages={
            "required": _("Enter the year."),
            "invalid": _("Enter the year as a number, e.g. 2026."),
            "min_value": _("Enter a year between 2000 and 2100."),
            "max_value": _("Enter a year between 2000 and 2100."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    theme = forms.CharField(label=_("Theme"), max_length=500, required=False)
    rules = forms.CharField(label=_("Rules"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    upload = _upload(_("Rules file"))
    entries_open = date_field(_("Entries open on"), required=True)
    entries_close = date_field(_("Entries close on"), required=True)
    judging_until = date_field(_("Judging until"))
    results_on = date_field(_("Results on"))
    entry_types = forms.MultipleChoiceField(
        label=_("Types of entry"),
        choices=EntryType.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one type of entry.")},
    )
    entry_limit = forms.IntegerField(
        label=_("Entries per unit"), required=False, min_value=1, max_value=1000, help_text=_("Empty: no limit.")
    )
    blind = forms.BooleanField(
        label=_("Blind judging"), required=False, help_text=_("Judges see neither the names nor the unit of an entry.")
    )
    next_round = NextRoundField(label=_("Next level's round"), queryset=Contest.objects.none(), required=False)
    criteria = forms.CharField(
        label=_("Scoring criteria"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line: name | weight | maximum score."),
        error_messages={"required": _("Give at least one scoring criterion.")},
    )
    tiers = forms.CharField(
        label=_("Prizes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line: name | number of prizes | level (first, second, third, consolation, other)."),
    )
    special_oldest = forms.CharField(label=_("Prize for the oldest entrant"), max_length=200, required=False)
    special_youngest = forms.CharField(label=_("Prize for the youngest entrant"), max_length=200, required=False)
    special_most = forms.CharField(label=_("Prize for the unit with most entries"), max_length=200, required=False)
    special_jury = forms.CharField(label=_("Jury's prize"), max_length=200, required=False)
    version = version_field()

    def __init__(self, *args: Any, next_rounds: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["next_round"].queryset = next_rounds  # type: ignore[attr-defined]

    def specials(self) -> dict[str, str]:
        return {rule: self.cleaned_data.get(name) or "" for rule, name in SPECIAL_FIELDS.items()}


class PersonChoices(BoundedModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        born = f" ({obj.birth_date.year})" if obj.birth_date else ""
        return f"{obj.full_name}{born}"


class EntryForm(UploadMixin, forms.Form):
    entry_type = forms.ChoiceField(
        label=_("Type"), choices=EntryType.choices, error_messages={"required": _("Choose the type of entry.")}
    )
    title = forms.CharField(label=_("Title"), max_length=300, error_messages={"required": _("Give the entry a title.")})
    collective = forms.BooleanField(label=_("A collective entry of the unit"), required=False)
    members = PersonChoices(
        label=_("Authors or performers from the roster"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    outsiders = forms.CharField(
        label=_("Authors or performers from outside the roster"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: full name, year of birth."),
    )
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    video_url = forms.URLField(
        label=_("Video link"),
        required=False,
        error_messages={"invalid": _("Enter a full link, starting with https://.")},
    )
    upload = _upload(_("File"))
    version = version_field()

    def __init__(self, *args: Any, roster: Any, types: list[str], manager: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = roster  # type: ignore[attr-defined]
        self.fields["entry_type"].choices = [c for c in EntryType.choices if c[0] in types]  # type: ignore[attr-defined]
        if not manager:
            del self.fields["collective"]


class ScoreForm(forms.Form):
    """One number field per criterion (c<id>), a comment and the abstention."""

    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    abstain = forms.BooleanField(label=_("I abstain on this entry"), required=False)

    def __init__(self, *args: Any, criteria: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"c{criterion.pk}"] = forms.CharField(
                label=f"{criterion.name} (0–{criterion.max_score})",
                required=False,
                max_length=10,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )

    def values(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"c{c.pk}", "") for c in self.criteria}

    def criterion_fields(self) -> list[Any]:
        return [self[f"c{c.pk}"] for c in self.criteria]


class JudgeForm(forms.Form):
    user: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Judge"), queryset=None, error_messages={"required": _("Choose the account of the judge.")}
    )
    chair = forms.BooleanField(label=_("Jury chair"), required=False)

    def __init__(self, *args: Any, candidates: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates  # type: ignore[attr-defined]
        self.fields["user"].label_from_instance = (  # type: ignore[attr-defined]
            lambda u: f"{u.person.full_name if u.person_id else (u.get_full_name() or u.username)} ({u.username})"
        )


class PrizeForm(forms.Form):
    tier = forms.ModelChoiceField(
        label=_("Prize"), queryset=PrizeTier.objects.none(), required=False, empty_label=_("No prize")
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        max_length=500,
        error_messages={"required": _("Give the reason for the change.")},
    )

    def __init__(self, *args: Any, contest: Contest, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["tier"].queryset = contest.tiers.all()  # type: ignore[attr-defined]


class JuryPrizeForm(forms.Form):
    entry: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("Entry"), queryset=None, required=False, empty_label=_("Nobody")
    )
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)

    def __init__(self, *args: Any, entries: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = entries  # type: ignore[attr-defined]


class ForwardForm(forms.Form):
    entries: BoundedModelMultipleChoiceField = BoundedModelMultipleChoiceField(
        label=_("Winners to send on"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose the winners to send on.")},
    )

    def __init__(self, *args: Any, winners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entries"].queryset = winners  # type: ignore[attr-defined]
