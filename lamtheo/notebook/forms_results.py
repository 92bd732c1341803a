"""Forms of the results part: the self-report (one block per registered item, photos) and the evaluation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lamtheo.core.forms import apply_errors as apply_errors

from .models import EvaluationLevel, Evidence, ItemStatus, Pledge, SelfReport
from .services_results import MAX_PHOTOS_PER_REPORT, MAX_TEXT, ItemResult, PreparedPhoto, prepare_photo

PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"
INCOMPLETE = _("The form was incomplete. Reload the page and try again.")


def version_field() -> forms.IntegerField:
    """The version the form was opened at (0 for a new record); its errors show at the top."""
    return forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=0,
        error_messages={"required": INCOMPLETE, "invalid": INCOMPLETE, "min_value": INCOMPLETE},
    )


class MultiplePhotoInput(forms.FileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos from one file input; each is checked and re-encoded in `clean`."""

    widget = MultiplePhotoInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"accept": PHOTO_ACCEPT, "multiple": True})

    def clean(self, data: Any, initial: Any = None) -> list[Any]:  # type: ignore[override]
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_PHOTOS_PER_REPORT:
            raise ValidationError(
                _("Choose at most %(max)s photos at a time."), params={"max": MAX_PHOTOS_PER_REPORT}, code="too_many"
            )
        return [super(MultiplePhotoField, self).clean(f, initial) for f in files]


class SelfReportForm(forms.Form):
    """The results of every registered item, an overall note and evidence photos.

    Per item: `status_<pledge id>`, `achieved_<id>`, `direction_<id>`.
    """

    summary = forms.CharField(
        label=_("Overall: what was done, what not yet, and how you will continue"),
        required=False,
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    photos = MultiplePhotoField(
        label=_("Add photos as evidence"),
        help_text=_("JPEG, PNG or WebP, at most 5 MB each and 5 per report. Large photos are reduced to save space."),
    )
    caption = forms.CharField(label=_("Caption of the new photos"), required=False, max_length=200)
    version = version_field()

    def __init__(
        self,
        *args: Any,
        pledges: Sequence[Pledge],
        report: SelfReport | None,
        evidence: Sequence[Evidence] = (),
        carry_from: SelfReport | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.pledges = list(pledges)
        existing = {i.pledge_id: i for i in (report.items.all() if report else [])}
        if report is None and carry_from is not None:
            # The registration got a new version after this period was reported on the old one:
            # start from the old answers for the items whose wording did not change.
            by_text = {i.pledge.text.strip(): i for i in carry_from.items.all()}
            existing = {p.pk: by_text[p.text.strip()] for p in self.pledges if p.text.strip() in by_text}
            self.initial.setdefault("summary", carry_from.summary)
        self.initial.setdefault("version", report.version if report else 0)
        if report:
            self.initial.setdefault("summary", report.summary)
        status_choices = ItemStatus.choices
        for pledge in self.pledges:
            item = existing.get(pledge.pk)
            self.fields[f"status_{pledge.pk}"] = forms.ChoiceField(
                label=_("Result"),
                choices=status_choices,
                required=False,
                widget=forms.RadioSelect,
                initial=item.status if item else None,
            )
            self.fields[f"achieved_{pledge.pk}"] = forms.CharField(
                label=_("What was achieved"),
                required=False,
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=item.achieved if item else "",
            )
            self.fields[f"direction_{pledge.pk}"] = forms.CharField(
                label=_("Direction to continue"),
                required=False,
                max_length=MAX_TEXT,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=item.direction if item else "",
            )
        self.evidence = list(evidence)
        self.fields["remove_evidence"] = forms.TypedMultipleChoiceField(
            label=_("Remove these photos"),
            required=False,
            coerce=int,
            choices=[(e.pk, e.caption or str(e.pk)) for e in self.evidence],
            widget=forms.CheckboxSelectMultiple,
        )
        self.prepared: list[PreparedPhoto] = []

    def item_rows(self) -> list[dict[str, Any]]:
        return [
            {
                "pledge": p,
                "status": self[f"status_{p.pk}"],
                "achieved": self[f"achieved_{p.pk}"],
                "direction": self[f"direction_{p.pk}"],
            }
            for p in self.pledges
        ]

    def clean_photos(self) -> list[Any]:
        files = self.cleaned_data.get("photos") or []
        caption = (self.data.get("caption") or "").strip()[:200]
        errors: list[ValidationError] = []
        prepared = []
        for upload in files:
            try:
                prepared.append(prepare_photo(upload, caption=caption))
            except ValidationError as exc:
                errors.append(exc)
        if errors:
            raise ValidationError(errors)
        self.prepared = prepared
        return list(files)

    def item_results(self) -> list[ItemResult]:
        data = self.cleaned_data
        return [
            ItemResult(
                pledge_id=p.pk,
                status=data.get(f"status_{p.pk}") or "",
                achieved=data.get(f"achieved_{p.pk}") or "",
                direction=data.get(f"direction_{p.pk}") or "",
            )
            for p in self.pledges
        ]


class EvaluationForm(forms.Form):
    text = forms.CharField(
        label=_("The cell's collective evaluation"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Write the cell's evaluation.")},
    )
    level = forms.ChoiceField(
        label=_("Level"),
        choices=EvaluationLevel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the level."), "invalid_choice": _("Choose the level.")},
    )
    version = version_field()
