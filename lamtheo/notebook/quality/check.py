"""check_pledge: is a registration ("đăng ký làm theo") specific, and what would make it better?

The reasons are advice for the member and the cell committee; they never block saving.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from . import duty as duty_check
from .signals import Signals, read
from .similarity import NearCopyIndex, as_index
from .text import clean, tokenize

SPECIFIC: Final = "specific"
VAGUE: Final = "vague"
Verdict = Literal["specific", "vague"]

GENERIC = "generic"
NOT_MEASURABLE = "not_measurable"
TOO_SHORT = "too_short"
NOT_TIED_TO_DUTY = "not_tied_to_duty"
NEAR_COPY = "near_copy"
# Codes that make the verdict "vague"; the other two are advice only.
VAGUE_CODES = frozenset({GENERIC, NOT_MEASURABLE, TOO_SHORT})

# Fewer words than this and nothing concrete: too short to judge.
MIN_WORDS = 4

MESSAGES: dict[str, Promise] = {
    GENERIC: _(
        "The wording is still general. Write the exact thing you will do, for example: "
        "“Read 2 stories about Uncle Ho every month”."
    ),
    NOT_MEASURABLE: _(
        "Add how much, how often or by when, so the cell can follow it, for example: "
        "“every week”, “5 households”, “before 30/6”."
    ),
    TOO_SHORT: _(
        "This is very short. Write one full sentence: what you will do, how much and by when, "
        "for example: “Turn off the lights and fans when leaving the office”."
    ),
    NOT_TIED_TO_DUTY: _(
        "This does not seem linked to your own work. You could add one thing from your daily duties, "
        "for example: “Return every file to citizens on the promised day”."
    ),
    NEAR_COPY: _(
        "This is almost the same as another registration. Write it in your own words, about your own work, "
        "for example by naming the place and the number."
    ),
}


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        """In the active language (msgids are English; the Vietnamese is in the catalogue)."""
        return str(MESSAGES[self.code])

    def as_dict(self, *, with_data: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if with_data and self.data:
            out["data"] = self.data
        return out


@dataclass(frozen=True, slots=True)
class PledgeVerdict:
    text: str
    verdict: Verdict
    reasons: list[Reason]

    @property
    def is_vague(self) -> bool:
        return self.verdict == VAGUE

    @property
    def codes(self) -> list[str]:
        return [r.code for r in self.reasons]

    def as_dict(self, *, with_data: bool = True) -> dict[str, Any]:
        return {
            "text": self.text,
            "verdict": self.verdict,
            "reasons": [r.as_dict(with_data=with_data) for r in self.reasons],
        }


def check_pledge(
    text: str,
    *,
    duty: str = "",
    others: Sequence[tuple[str, str]] | NearCopyIndex = (),
) -> PledgeVerdict:
    """Judge one registration item.

    duty: the member's position or job ("Giáo viên Toán trường THCS Hòa An"); enables
    not_tied_to_duty.
    others: (owner label, text) pairs of other people's items, or a NearCopyIndex built once
    from them when checking many items; leave the member's own items out (they would match
    themselves). Enables near_copy, whose data names the owner for the committee (the message
    itself names nobody).
    """
    cleaned = clean(text)
    tokens = tokenize(cleaned)
    signals = read(tokens)
    reasons = _quality_reasons(signals)
    if duty.strip() and signals.words >= MIN_WORDS and not duty_check.is_tied(tokens, tokenize(clean(duty))):
        reasons.append(Reason(NOT_TIED_TO_DUTY))
    if others and cleaned:
        matches = as_index(others).matches(cleaned)
        if matches:
            best = matches[0]
            reasons.append(
                Reason(
                    NEAR_COPY,
                    {
                        "owner": best.owner,
                        "text": best.text,
                        "similarity": best.similarity,
                        "owners": [m.owner for m in matches],
                    },
                )
            )
    verdict: Verdict = VAGUE if any(r.code in VAGUE_CODES for r in reasons) else SPECIFIC
    return PledgeVerdict(text=cleaned, verdict=verdict, reasons=reasons)


def _quality_reasons(signals: Signals) -> list[Reason]:
    reasons: list[Reason] = []
    if signals.words < 2 or (signals.words < MIN_WORDS and not signals.specific):
        reasons.append(Reason(TOO_SHORT))
        if signals.slogans:
            reasons.append(Reason(GENERIC))
        return reasons
    if signals.specific:
        return reasons
    if signals.slogans:
        reasons.append(Reason(GENERIC))
    reasons.append(Reason(NOT_MEASURABLE))
    return reasons
