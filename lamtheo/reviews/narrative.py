"""The writers' text with live figures: tokens such as {{ notebook.registered }} are filled from the
figures until the review is submitted; and a check of the rates people type ("95/100 … đạt 96%").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from django.utils import translation
from django.utils.translation import gettext as _

from . import display
from .figures import FigureSet, indicator_index, rate_index

TOKEN = re.compile(r"\{\{\s*([A-Za-z_][\w]*\.[\w]+)\s*\}\}")
LOOSE_TOKEN = re.compile(r"\{\{(.*?)\}\}")
PARTS = ("intro", "part1", "part2", "part3")

_NUM = r"\d{1,3}(?:\.\d{3})+|\d+"
RATE_CLAIM = re.compile(
    rf"(?<![\d/.,])(?P<num>{_NUM})\s*/\s*(?P<den>{_NUM})(?![\d/])[^%/\n]{{0,80}}?(?<![\d.,])(?P<pct>\d{{1,3}}(?:,\d+)?)\s*%"
)


def known_keys() -> set[str]:
    return set(indicator_index()) | set(rate_index())


def unknown_tokens(text: str) -> list[str]:
    """Tokens that name no figure (or are malformed), in order, without repeats."""
    known = known_keys()
    found: list[str] = []
    for match in LOOSE_TOKEN.finditer(text or ""):
        inner = match.group(1).strip()
        token = TOKEN.fullmatch(match.group(0))
        if token is None or token.group(1) not in known:
            shown = f"{{{{ {inner} }}}}"
            if shown not in found:
                found.append(shown)
    return found


def value_text(key: str, figures: FigureSet) -> str | None:
    totals = figures.totals()
    indicator = indicator_index().get(key)
    if indicator is not None:
        return display.number(totals.get(key, 0))
    rate = rate_index().get(key)
    if rate is not None:
        numerator, denominator = totals.get(rate.numerator, 0), totals.get(rate.denominator, 0)
        if not numerator and not denominator:
            return not_started()  # a sentence reads "chưa triển khai", not "0/0 (—)"
        return display.rate_text(numerator, denominator)
    return None


def not_started() -> str:
    """What the narrative says of a rate with nothing counted; always in the document's language."""
    with translation.override("vi"):
        return _("not carried out yet")


def render(text: str, figures: FigureSet) -> str:
    """`text` with every known token replaced by its value; unknown tokens are left as typed."""
    cache: dict[str, str | None] = {}

    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in cache:
            cache[key] = value_text(key, figures)
        value = cache[key]
        return match.group(0) if value is None else value

    return TOKEN.sub(replace, text or "")


@dataclass
class TokenChoice:
    token: str
    label: str
    value: str
    section: str


def choices(figures: FigureSet) -> list[TokenChoice]:
    """What a writer may insert, with today's value, by section."""
    out = []
    for section in display.sections(figures):
        for row in section.rows:
            out.append(TokenChoice(f"{{{{ {row.key} }}}}", row.label, row.value, section.title))
    return out


# --- checking the rates people type -----------------------------------------------------------


def _int(text: str) -> int:
    return int(text.replace(".", ""))


@dataclass
class RateIssue:
    quoted: str
    numerator: int
    denominator: int
    claimed: str
    actual: str

    @property
    def message(self) -> str:
        return _("“%(quoted)s”: %(num)s/%(den)s is %(actual)s, not %(claimed)s.") % {
            "quoted": self.quoted,
            "num": display.number(self.numerator),
            "den": display.number(self.denominator),
            "actual": self.actual,
            "claimed": self.claimed,
        }


def _matches(numerator: int, denominator: int, claimed: str) -> bool:
    decimals = len(claimed.split(",", 1)[1]) if "," in claimed else 0
    value = Fraction(claimed.replace(",", ".")) * 10**decimals
    exact = Fraction(numerator, denominator) * 100 * 10**decimals
    rounded = display.scaled_percent(Fraction(numerator, denominator), decimals)
    truncated = exact.numerator // exact.denominator
    return value in (rounded, truncated)


def rate_issues(text: str) -> list[RateIssue]:
    """Every "A/B … N%" in `text` whose percentage is not A/B (rounded or cut at the decimals shown)."""
    issues = []
    for match in RATE_CLAIM.finditer(text or ""):
        numerator, denominator = _int(match.group("num")), _int(match.group("den"))
        if denominator == 0:
            continue
        claimed = match.group("pct")
        if not _matches(numerator, denominator, claimed):
            issues.append(
                RateIssue(
                    quoted=" ".join(match.group(0).split()),
                    numerator=numerator,
                    denominator=denominator,
                    claimed=f"{claimed}%",
                    actual=display.percent(Fraction(numerator, denominator)),
                )
            )
    return issues
