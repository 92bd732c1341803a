from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class ConcurrentEditError(ValidationError):
    """Raised when a record changed since the user opened the form (optimistic locking)."""

    def __init__(self) -> None:
        super().__init__(
            _("Someone else changed this record after you opened it. Reload the page and apply your change again."),
            code="stale",
        )
