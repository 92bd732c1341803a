"""Participation rates kept as counts and divided exactly; rounded only when shown.

A `Rate` is a pair of integers (attended, eligible). Rates add by adding their counts, so a
level's rate is the sum of its children's counts over the sum of their eligible people, never an
average of percentages. `fraction` is exact (`fractions.Fraction`); `percent_text` rounds half
up from the exact fraction, once, at display:

    >>> r = Rate(1795, 1923)
    >>> r.fraction
    Fraction(1795, 1923)
    >>> Rate(1, 1) + Rate(0, 3)   # 25 %, not the 50 % an average of rates would give
    Rate(attended=1, eligible=4)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils import formats
from django.utils.translation import gettext as _

PERCENT_DECIMALS = 1


@dataclass(frozen=True, slots=True)
class Rate:
    attended: int = 0
    eligible: int = 0

    def __add__(self, other: Rate) -> Rate:
        if not isinstance(other, Rate):
            return NotImplemented
        return Rate(self.attended + other.attended, self.eligible + other.eligible)

    def __radd__(self, other: object) -> Rate:
        if other == 0:  # sum() starts from 0
            return self
        if isinstance(other, Rate):
            return other + self
        return NotImplemented

    @property
    def fraction(self) -> Fraction | None:
        """attended/eligible exactly; None when nobody is eligible."""
        return Fraction(self.attended, self.eligible) if self.eligible else None

    def tenths_of_percent(self, decimals: int = PERCENT_DECIMALS) -> int | None:
        """The percentage times 10**decimals, rounded half up from the exact fraction."""
        if not self.eligible:
            return None
        scaled = self.attended * 100 * 10**decimals
        whole, rest = divmod(scaled, self.eligible)
        return whole + (1 if 2 * rest >= self.eligible else 0)

    def percent(self, decimals: int = PERCENT_DECIMALS) -> Decimal | None:
        """The rounded percentage as a Decimal (93.3 for 1795/1923)."""
        scaled = self.tenths_of_percent(decimals)
        return None if scaled is None else Decimal(scaled).scaleb(-decimals)

    def percent_text(self, decimals: int = PERCENT_DECIMALS) -> str:
        """ "93,3%" in Vietnamese ("93.3%" in English), "94,0%": one format everywhere; "—" for 0/0."""
        value = self.percent(decimals)
        if value is None:
            return "—"
        return f"{formats.number_format(value, decimals, use_l10n=True)}%"

    def bar_width(self) -> str:
        """The rounded percentage for an SVG bar (plain dot decimal, 0–100)."""
        value = self.percent()
        return "0" if value is None else f"{min(value, Decimal(100)):.1f}"

    def counts_text(self) -> str:
        """ "1.795/1.923" with the locale's thousands separator."""
        return f"{number(self.attended)}/{number(self.eligible)}"

    def text(self) -> str:
        """ "1.795/1.923 đồng chí, đạt 93,3%" (the way reports quote a rate)."""
        if not self.eligible:
            return _("nobody eligible")
        return _("%(counts)s comrades, %(percent)s") % {"counts": self.counts_text(), "percent": self.percent_text()}


def number(value: int) -> str:
    """An integer with the locale's grouping: 1.246 in Vietnamese."""
    return formats.number_format(value, 0, use_l10n=True, force_grouping=True)


def total(rates: list[Rate]) -> Rate:
    """The rate of a level from its parts' counts (never from their percentages)."""
    return sum(rates, Rate())
