"""Form helpers shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError


def apply_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's ValidationError on the matching fields of `form` (else at the top)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for field, errors in exc.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


MAX_PK = 2**63 - 1  # the largest id a database row can have (bigint)


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Refuses ids no row can have (e.g. 40 digits) with the field's own message, instead of the
    OverflowError the database driver raises on them."""

    def _check_values(self, value: Any) -> Any:
        for pk in value:
            text = str(pk).strip()
            if text.lstrip("-").isdigit() and abs(int(text)) > MAX_PK:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": text[:20]}
                )
        return super()._check_values(value)  # type: ignore[misc]
