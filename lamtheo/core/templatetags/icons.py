"""`{% icon "house" %}`: an inline <svg> that uses a symbol of our vendored Bootstrap Icons sprite.

The sprite (static/vendor/bootstrap-icons/icons.svg) holds only the icons listed in
frontend/package.json; the tag refuses other names in DEBUG so a typo shows at once.
"""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET

from django import template
from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.html import format_html

register = template.Library()

SPRITE = "vendor/bootstrap-icons/icons.svg"


@functools.cache
def available_icons() -> frozenset[str]:
    """The symbol ids in the sprite (read once)."""
    path = finders.find(SPRITE)
    if not path:
        return frozenset()
    root = ET.parse(path).getroot()  # noqa: S314 - our own vendored file, not user input
    return frozenset(el.get("id", "") for el in root if el.tag.endswith("symbol"))


@register.simple_tag
def icon(name: str, css_class: str = "", label: str = "") -> str:
    """An icon; decorative (aria-hidden) unless `label` gives it a text for screen readers."""
    if settings.DEBUG and name not in available_icons():
        raise template.TemplateSyntaxError(f"Icon {name!r} is not in {SPRITE}; add it in frontend/package.json.")
    classes = f"icon {css_class}".strip()
    href = f"{static(SPRITE)}#{name}"
    if label:
        return format_html(
            '<svg class="{}" role="img" aria-label="{}"><use href="{}"></use></svg>', classes, label, href
        )
    return format_html(
        '<svg class="{}" aria-hidden="true" focusable="false"><use href="{}"></use></svg>', classes, href
    )
