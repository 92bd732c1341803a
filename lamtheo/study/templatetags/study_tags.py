"""Rates and charts for the study pages: server-side SVG bars (no JavaScript, no CDN)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html

from lamtheo.study.rates import Rate, number

register = template.Library()


def _bar(width: str, label: str, css: str) -> str:
    return format_html(
        '<svg class="st-bar {}" viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="{}">'
        '<rect class="st-bar-bg" width="100" height="10"></rect>'
        '<rect class="st-bar-fg" width="{}" height="10"></rect></svg>',
        css,
        label,
        width,
    )


@register.simple_tag
def rate_bar(rate: Rate | None, css: str = "") -> str:
    """A horizontal bar as wide as the rate (rounded once, from the exact fraction)."""
    rate = rate or Rate()
    return _bar(rate.bar_width(), rate.percent_text(), css)


@register.simple_tag
def count_bar(value: int, maximum: int, css: str = "") -> str:
    """A bar for a count, relative to the largest count of the chart."""
    width = "0" if not maximum else f"{min(100, value * 100 / maximum):.1f}"
    return _bar(width, number(value), css)


@register.filter
def rate_text(rate: Rate | None) -> str:
    return (rate or Rate()).text()


@register.filter
def percent(rate: Rate | None) -> str:
    return (rate or Rate()).percent_text()


@register.filter
def counts(rate: Rate | None) -> str:
    return (rate or Rate()).counts_text()


@register.filter
def num(value: Any) -> str:
    try:
        return number(int(value))
    except (TypeError, ValueError):
        return "—"


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None
