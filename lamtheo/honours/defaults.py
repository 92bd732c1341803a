"""The categories and forms of reward every installation starts with (editable in the admin)."""

from __future__ import annotations

from typing import Any

CATEGORIES = (
    ("Gương người tốt, việc tốt", "person", 10),
    ("Điển hình tiên tiến trong học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "both", 20),
    ("Tập thể tiêu biểu trong học tập và làm theo Bác", "collective", 30),
)
REWARD_FORMS = (("Giấy khen", 10), ("Bằng khen", 20), ("Giấy chứng nhận", 30))


def add_defaults(apps: Any, schema_editor: Any = None) -> None:
    """Create the default rows when missing (a data migration; tests call it after a flush)."""
    category = apps.get_model("honours", "Category")
    reward_form = apps.get_model("honours", "RewardForm")
    for name, applies_to, order in CATEGORIES:
        category.objects.get_or_create(name=name, defaults={"applies_to": applies_to, "order": order})
    for name, order in REWARD_FORMS:
        reward_form.objects.get_or_create(name=name, defaults={"order": order})
