"""A node's dashboard: key indicators, trends over the years, the lower levels compared.

Charts are drawn on the server (CSS bars and inline SVG, no script). Past years' figures are
cached for a few minutes (they seldom change); the current year is always live.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from django.core.cache import cache
from django.utils import timezone

from lamtheo.organizations.models import Organization

from . import display, figures
from .figures import FigureSet, Unit, fraction, rate_index

TREND_YEARS = 4
CACHE_SECONDS = 600


@dataclass
class Tile:
    key: str
    label: str
    value: str
    ratio: Fraction | None = None
    is_rate: bool = False

    @property
    def css_width(self) -> str:
        return f"{display.percent_number(self.ratio):.1f}"


@dataclass
class Bar:
    label: str
    value: str
    width: float
    unit: Unit | None = None
    x: float = 0.0
    height: float = 0.0
    ratio: Fraction | None = None

    @property
    def css_width(self) -> str:
        return f"{self.width:.1f}"

    # The trend charts: a 100 × 62 SVG, columns standing on y = 50, at most 45 high.
    @property
    def svg_x(self) -> str:
        return f"{self.x:.2f}"

    @property
    def svg_h(self) -> str:
        return f"{self.height * 0.45:.2f}"

    @property
    def svg_y(self) -> str:
        return f"{50 - self.height * 0.45:.2f}"


@dataclass
class Trend:
    key: str
    label: str
    bars: list[Bar] = field(default_factory=list)


@dataclass
class Dashboard:
    node: Organization
    year: int
    figures: FigureSet
    tiles: list[Tile]
    trends: list[Trend]
    compare_key: str
    compare_label: str
    compared: list[Bar]
    rate_choices: list[tuple[str, str]]


def year_figures(node: Organization, year: int) -> FigureSet:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    if year >= timezone.localdate().year:
        return figures.compute(node, start, end)
    key = f"reviews:fig:{node.path}:{year}:{','.join(p.key for p in figures.providers())}"
    data = cache.get(key)
    if data is None:
        data = figures.compute(node, start, end).to_json()
        cache.set(key, data, CACHE_SECONDS)
    return FigureSet.from_json(data)


def tiles(fs: FigureSet) -> list[Tile]:
    totals = fs.totals()
    out = []
    for key in display.headline_keys(fs):
        row = display.cell_value(key, totals)
        out.append(Tile(key, row.label, row.value, row.ratio if row.is_rate else None, row.is_rate))
    return out


def _trend(key: str, per_year: list[tuple[int, FigureSet]]) -> Trend:
    rate = rate_index()[key]
    trend = Trend(key, str(rate.label))
    slot = 100 / max(len(per_year), 1)
    for i, (year, fs) in enumerate(per_year):
        totals = fs.totals()
        ratio = fraction(totals.get(rate.numerator, 0), totals.get(rate.denominator, 0))
        height = display.percent_number(ratio)
        trend.bars.append(
            Bar(str(year), display.percent(ratio), height, x=round(i * slot + slot * 0.15, 2), height=round(height, 2))
        )
    return trend


def compare(fs: FigureSet, key: str) -> list[Bar]:
    """The lower levels on one rate, best first (units without anyone to count last)."""
    rate = rate_index()[key]
    by_unit = fs.by_unit()
    bars = []
    for unit in fs.units:
        counts = by_unit.get(unit.path, {})
        num, den = counts.get(rate.numerator, 0), counts.get(rate.denominator, 0)
        if unit.path == fs.node.path and not den:
            continue
        ratio = fraction(num, den)
        bars.append(Bar(unit.name, display.rate_text(num, den), display.percent_number(ratio), unit, ratio=ratio))
    return sorted(bars, key=lambda b: (b.ratio is None, -(b.ratio or 0), b.label))


def build(node: Organization, year: int, compare_key: str | None = None) -> Dashboard:
    current = year_figures(node, year)
    headline_rates = [k for k in display.headline_keys(current) if k in rate_index()]
    if compare_key not in rate_index() or not current.has(compare_key or ""):
        compare_key = headline_rates[0] if headline_rates else next(iter(rate_index()))
    per_year = [(y, year_figures(node, y)) for y in range(year - TREND_YEARS + 1, year)] + [(year, current)]
    return Dashboard(
        node=node,
        year=year,
        figures=current,
        tiles=tiles(current),
        trends=[_trend(k, per_year) for k in headline_rates],
        compare_key=compare_key,
        compare_label=display.label_of(compare_key),
        compared=compare(current, compare_key),
        rate_choices=[(k, display.label_of(k)) for k in rate_index() if current.has(k)],
    )
