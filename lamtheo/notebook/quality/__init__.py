"""Registration quality check ("pledge check"): is an "đăng ký làm theo" item specific?

Pure Python, no database. See docs/pledge-check.md for the rules and the measured accuracy.
"""

from .check import (
    GENERIC,
    NEAR_COPY,
    NOT_MEASURABLE,
    NOT_TIED_TO_DUTY,
    SPECIFIC,
    TOO_SHORT,
    VAGUE,
    VAGUE_CODES,
    PledgeVerdict,
    Reason,
    check_pledge,
)
from .similarity import NearCopyIndex

__all__ = [
    "GENERIC",
    "NEAR_COPY",
    "NOT_MEASURABLE",
    "NOT_TIED_TO_DUTY",
    "SPECIFIC",
    "TOO_SHORT",
    "VAGUE",
    "VAGUE_CODES",
    "NearCopyIndex",
    "PledgeVerdict",
    "Reason",
    "check_pledge",
]
