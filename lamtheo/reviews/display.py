"""Figures as people read them: numbers with the locale's separators, exact rates rounded once.

Rates are `Fraction`s of two stored counts; the percentage is rounded half up from the exact
fraction, to one decimal, shown one way everywhere (pages, DOCX, PDF, XLSX): "93,3%", "94,0%",
"100,0%".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lamtheo.organizations.models import Block

from .figures import FigureSet, Indicator, Rate, Unit, fraction, indicator_index, providers, rate_index

PERCENT_DECIMALS = 1


def number(value: int) -> str:
    return formats.number_format(value, 0, use_l10n=True, force_grouping=True)


def scaled_percent(value: Fraction, decimals: int = PERCENT_DECIMALS) -> int:
    """The percentage times 10**decimals, rounded half up."""
    scaled = value * 100 * 10**decimals
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    return whole + (1 if 2 * rest >= scaled.denominator else 0)


def percent(value: Fraction | None, decimals: int = PERCENT_DECIMALS) -> str:
    """ "93,3%" (Vietnamese) for 1795/1923; "94,0%"; "—" when there is nothing to divide by."""
    if value is None:
        return "—"
    shown = Decimal(scaled_percent(value, decimals)).scaleb(-decimals)
    return f"{formats.number_format(shown, decimals, use_l10n=True)}%"


def percent_number(value: Fraction | None) -> float:
    """0–100 for a bar's width (plain float)."""
    if value is None:
        return 0.0
    return float(min(max(value, Fraction(0)), Fraction(1)) * 100)


def rate_text(numerator: int, denominator: int) -> str:
    """ "95/100 (95%)": the counts, then the rate."""
    return f"{number(numerator)}/{number(denominator)} ({percent(fraction(numerator, denominator))})"


def block_label(block: str) -> str:
    if block in Block.values:
        return str(Block(block).label)
    return block or _("No block")


@dataclass
class Row:
    key: str
    label: str
    value: str
    is_rate: bool = False
    numerator: int = 0
    denominator: int = 0

    @property
    def ratio(self) -> Fraction | None:
        return fraction(self.numerator, self.denominator)

    @property
    def bar(self) -> float:
        return percent_number(self.ratio)


@dataclass
class Section:
    key: str
    title: str
    rows: list[Row] = field(default_factory=list)


def label_of(key: str) -> str:
    indicator = indicator_index().get(key)
    if indicator is not None:
        return str(indicator.label)
    rate = rate_index().get(key)
    return str(rate.label) if rate is not None else key


def indicator_row(indicator: Indicator, counts: dict[str, int]) -> Row:
    value = counts.get(indicator.key, 0)
    return Row(indicator.key, str(indicator.label), number(value), numerator=value)


def rate_row(rate: Rate, counts: dict[str, int]) -> Row:
    num, den = counts.get(rate.numerator, 0), counts.get(rate.denominator, 0)
    return Row(rate.key, str(rate.label), rate_text(num, den), True, num, den)


def sections(figures: FigureSet, counts: dict[str, int] | None = None) -> list[Section]:
    """Every provider present in `figures`: its counts, then its rates (totals unless `counts`)."""
    counts = figures.totals() if counts is None else counts
    out = []
    for provider in providers():
        if provider.key not in figures.providers:
            continue
        section = Section(provider.key, str(provider.title))
        section.rows = [indicator_row(i, counts) for i in provider.indicators]
        section.rows += [rate_row(r, counts) for r in provider.rates]
        out.append(section)
    return out


def headline_keys(figures: FigureSet) -> list[str]:
    """Indicators and rates marked `headline`, of the providers present, in registry order."""
    keys: list[str] = []
    for provider in providers():
        if provider.key in figures.providers:
            keys += [i.key for i in provider.indicators if i.headline]
            keys += [r.key for r in provider.rates if r.headline]
    return keys


def cell_value(key: str, counts: dict[str, int]) -> Row:
    indicator = indicator_index().get(key)
    if indicator is not None:
        return indicator_row(indicator, counts)
    rate = rate_index().get(key)
    if rate is not None:
        return rate_row(rate, counts)
    return Row(key, key, number(counts.get(key, 0)), numerator=counts.get(key, 0))


@dataclass
class TableRow:
    label: str
    unit: Unit | None
    cells: list[Row]


@dataclass
class Table:
    columns: list[str]  # labels
    keys: list[str]
    rows: list[TableRow]
    total: TableRow | None = None


def unit_table(figures: FigureSet, keys: list[str] | None = None) -> Table:
    """One row per child unit (and the node itself when rows sit on it), then the total."""
    keys = keys if keys is not None else headline_keys(figures)
    by_unit = figures.by_unit()
    rows = []
    for unit in figures.units:
        counts = by_unit.get(unit.path, {})
        label = unit.name if unit.path != figures.node.path else _("%(name)s (directly)") % {"name": unit.name}
        rows.append(TableRow(label, unit, [cell_value(k, counts) for k in keys]))
    totals = figures.totals()
    return Table(
        [label_of(k) for k in keys],
        keys,
        rows,
        TableRow(pgettext("reviews", "Total"), None, [cell_value(k, totals) for k in keys]),
    )


def block_table(figures: FigureSet, keys: list[str] | None = None) -> Table:
    keys = keys if keys is not None else headline_keys(figures)
    by_block = figures.by_block()
    order = {b: i for i, b in enumerate(Block.values)}
    rows = [
        TableRow(block_label(block), None, [cell_value(k, counts) for k in keys])
        for block, counts in sorted(by_block.items(), key=lambda kv: (order.get(kv[0], 99), kv[0]))
    ]
    totals = figures.totals()
    return Table(
        [label_of(k) for k in keys],
        keys,
        rows,
        TableRow(pgettext("reviews", "Total"), None, [cell_value(k, totals) for k in keys]),
    )
