"""The upload form of the Excel import: what to import, and a real .xlsx of bounded size."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .spreadsheet import ROSTER, TREE, FileError, open_workbook

KIND_LABELS = {
    TREE: gettext_lazy("Organisation tree (units)"),
    ROSTER: gettext_lazy("Rosters (party members and officials)"),
}


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("What does the file hold?"),
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose what the file holds.")},
    )
    file = forms.FileField(
        label=gettext_lazy("Excel file (.xlsx)"),
        error_messages={
            "required": gettext_lazy("Choose the Excel file to import."),
            "empty": gettext_lazy("The file is empty."),
        },
    )

    def __init__(self, *args: Any, kinds: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.workbook: Any = None
        self.fields["kind"].choices = [(kind, KIND_LABELS[kind]) for kind in kinds]  # type: ignore[attr-defined]
        megabytes = settings.IMPORT_MAX_BYTES / (1024 * 1024)
        self.fields["file"].help_text = _("Fill in the template below; at most %(size)s MB.") % {
            "size": f"{megabytes:g}"
        }
        self.fields["file"].widget.attrs["accept"] = (
            ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            megabytes = settings.IMPORT_MAX_BYTES / (1024 * 1024)
            raise ValidationError(
                _("The file is too large (%(size)s MB); the limit is %(max)s MB. Split it into several files.")
                % {"size": f"{upload.size / (1024 * 1024):.1f}", "max": f"{megabytes:g}"}
            )
        name = (upload.name or "").lower()
        if name.endswith((".xls", ".csv", ".ods")):
            raise ValidationError(
                _("Only Excel workbooks (.xlsx) can be imported. Open the file in Excel and save it as .xlsx.")
            )
        try:
            self.workbook = open_workbook(upload)
        except FileError as exc:
            raise ValidationError(str(exc)) from exc
        return upload

    def close(self) -> None:
        if self.workbook is not None:
            self.workbook.close()
