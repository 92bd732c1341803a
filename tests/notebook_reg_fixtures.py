"""Helpers for the registration tests (tests/test_notebook_reg_*.py, the matrix and browser tests)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

SPECIFIC = "Mỗi tháng đọc 2 mẩu chuyện về Bác và kể lại cho chi đoàn thôn 1"
SPECIFIC_2 = "Vận động 5 hộ trong xóm phân loại rác tại nguồn trước ngày 30/6"
VAGUE = "Thực hiện tốt chức trách, nhiệm vụ được giao"


def year() -> int:
    return timezone.localdate().year


def url(name: str, *args: Any) -> str:
    return reverse(f"notebook:{name}", args=args)


def item(text: str, **extra: Any) -> dict[str, Any]:
    return {
        "text": text,
        "measure": "",
        "deadline": None,
        "theme": None,
        "standard": None,
        "rule": "",
        "shortcoming": None,
        "id": None,
        **extra,
    }


def formset_data(rows: list[dict[str, Any]], *, version: int | None = None, initial: int = 0, **buttons: str) -> dict:
    """POST data of the item formset (prefix "items")."""
    data: dict[str, Any] = {
        "items-TOTAL_FORMS": str(len(rows)),
        "items-INITIAL_FORMS": str(initial),
        "items-MIN_NUM_FORMS": "1",
        "items-MAX_NUM_FORMS": "20",
        "version": "" if version is None else str(version),
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"items-{i}-{key}"] = "" if value is None else str(value)
    data.update(buttons)
    return data


def register(user, *, person=None, unit=None, texts=(SPECIFIC,), submit=False, the_year=None):
    """Create (or change) a registration through the service."""
    from lamtheo.notebook import selectors, services

    the_year = the_year or year()
    current = selectors.current_registration(person=person, organization=unit, year=the_year)
    return services.save_registration(
        actor=user,
        year=the_year,
        person=person,
        unit=unit,
        items=[item(t) for t in texts],
        expected_version=current.version if current else None,
        submit=submit,
    )


def client_as(user):
    """A separate logged-in test client (the shared `client_for` switches one client between users)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
