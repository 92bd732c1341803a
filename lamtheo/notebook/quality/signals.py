"""What a registration says, read from its tokens: slogans, measures, concrete content, behaviour.

The rule behind the verdict (see check.py): an item is specific when it is measured (a count of
something, or a frequency or deadline attached to a concrete thing or action) or names behaviour
anyone can see ("không hút thuốc", "tắt đèn khi ra khỏi phòng"). Slogan words are set aside
first, so "Hằng năm hoàn thành tốt nhiệm vụ" has a frequency but nothing left to attach it to,
and "Phấn đấu 100% hoàn thành nhiệm vụ" has a percentage of nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import lexicon as lx
from .text import Tokens, is_date, is_number, is_year

# "36-HD/VPTW", "101-QĐ/TW": document numbers, not counts.
_DOC_ABBREVIATIONS = frozenset(["hd", "qd", "ct", "nq", "kl", "tw", "bc", "kh", "tb", "ttg", "nd", "tt", "cp", "vptw"])
_SKIP_BEFORE_NOUN = frozenset(["cac", "nhung", "so", "moi"])


@dataclass(slots=True)
class Signals:
    words: int = 0
    slogans: list[str] = field(default_factory=list)
    quantity_things: bool = False  # "5 hộ", "100% đơn thư", "hai học sinh"
    quantity_time: bool = False  # "2 giờ", "một buổi"
    frequency: bool = False  # "mỗi tháng", "hằng tuần", "thứ bảy"
    deadline: bool = False  # "trước ngày 30/11", "cuối năm", "trong ngày"
    concrete: bool = False  # a concrete thing or action outside slogan words
    observable: bool = False  # visible behaviour without a number

    @property
    def measured(self) -> bool:
        timed = self.quantity_time or self.frequency or self.deadline
        return self.quantity_things or (timed and self.concrete)

    @property
    def specific(self) -> bool:
        return self.measured or self.observable


def read(tokens: Tokens) -> Signals:
    sig = Signals(words=tokens.words())
    n = len(tokens)
    masked: set[int] = set()
    for start, end in lx.SLOGANS.spans(tokens):
        sig.slogans.append(" ".join(tokens.accented[start:end]))
        masked.update(range(start, end))
    free = [i for i in range(n) if i not in masked]

    _numbers(tokens, sig, masked)
    _number_words(tokens, sig)
    _frequency(tokens, sig)
    _deadline(tokens, sig, masked)
    sig.concrete = sig.quantity_things or any(
        lx.CONCRETE_NOUNS.match_at(tokens, i) or lx.CONCRETE_VERBS.match_at(tokens, i) for i in free
    )
    sig.observable = _observable(tokens, sig)
    return sig


def _ends(lexicon: lx.Lexicon, tokens: Tokens) -> set[int]:
    """Token positions right after a phrase of the lexicon ("quy định" in "Quy định 101")."""
    return {end for _, end in lexicon.spans(tokens)}


def _next_noun(tokens: Tokens, i: int) -> int | None:
    """Index of the word after a number, skipping "các", "những", "số"."""
    j = i + 1
    while j < len(tokens) and tokens.folded[j] in _SKIP_BEFORE_NOUN:
        j += 1
    return j if j < len(tokens) else None


def _numbers(tokens: Tokens, sig: Signals, masked: set[int]) -> None:
    folded = tokens.folded
    identifier_ends = _ends(lx.IDENTIFIER_BEFORE_NUMBER, tokens)
    for i, tok in enumerate(folded):
        if not is_number(tok):
            continue
        if is_date(tok):
            sig.deadline = True
            continue
        before = folded[i - 1] if i else ""
        if is_year(tok):
            # "trước năm 2026", "trong năm 2015": a time frame. "năm 2024" alone: a label.
            k = i - 2 if before == "nam" else i - 1
            if k >= 0 and k not in masked and lx.DEADLINE_WORDS.match_at(tokens, k):
                sig.deadline = True
            continue
        if before in ("ngay", "thang", "quy"):
            sig.deadline = True  # "trước ngày 20", "đến tháng 6"
            continue
        if i in identifier_ends:
            continue
        j = _next_noun(tokens, i)
        if j is None or folded[j] in _DOC_ABBREVIATIONS:
            continue
        # "3 mặt công tác" measures nothing, "30 mặt hàng" does: the longer phrase decides.
        abstract = lx.ABSTRACT_AFTER_NUMBER.match_at(tokens, j)
        if abstract and lx.CONCRETE_NOUNS.match_at(tokens, j) <= abstract:
            continue
        if _is_time_unit(tokens, j):
            sig.quantity_time = True
        else:
            sig.quantity_things = True


def _is_time_unit(tokens: Tokens, j: int) -> bool:
    """ "2 buổi", "24 giờ" measure time; "1 sáng kiến", "8 vụ việc", "2 ngày công" count things."""
    return bool(lx.TIME_UNITS.match_at(tokens, j)) and tokens.folded[j] != "vu" and lx.COUNTERS.match_at(tokens, j) <= 1


def _number_words(tokens: Tokens, sig: Signals) -> None:
    folded = tokens.folded
    for i in range(len(tokens) - 1):
        if not lx.NUMBER_WORDS.match_at(tokens, i) or not lx.COUNTERS.match_at(tokens, i + 1):
            continue
        if i and folded[i - 1] == "thu":  # "thứ hai", "thứ bảy": weekdays
            continue
        if not tokens.has_marks and folded[i : i + 2] == ("ba", "con"):  # "bà con"
            continue
        if _is_time_unit(tokens, i + 1):
            sig.quantity_time = True
        else:
            sig.quantity_things = True


def _frequency(tokens: Tokens, sig: Signals) -> None:
    for _start, end in lx.FREQUENCY_WORDS.spans(tokens):
        # "mỗi tháng", "hằng tuần", "cứ 2 tuần", "mỗi buổi sáng"
        for j in range(end, min(end + 2, len(tokens))):
            if lx.TIME_UNITS.match_at(tokens, j):
                sig.frequency = True
                return
            if not (is_number(tokens.folded[j]) or lx.NUMBER_WORDS.match_at(tokens, j)):
                break
    if lx.WEEKDAYS.spans(tokens):
        sig.frequency = True


def _deadline(tokens: Tokens, sig: Signals, masked: set[int]) -> None:
    if lx.DEADLINE_PHRASES.spans(tokens):
        sig.deadline = True
        return
    for start, end in lx.DEADLINE_WORDS.spans(tokens):
        if start in masked:  # "phan dau" (phấn đấu) is not "đầu" (start of)
            continue
        if end < len(tokens) and lx.DEADLINE_UNITS.match_at(tokens, end):
            sig.deadline = True
            return
        # "trong 6 tháng", "trước 30 ngày"
        if end + 1 < len(tokens) and is_number(tokens.folded[end]) and lx.DEADLINE_UNITS.match_at(tokens, end + 1):
            sig.deadline = True
            return


def _observable(tokens: Tokens, sig: Signals) -> bool:
    n = len(tokens)
    if lx.OBSERVABLE.spans(tokens):
        return True
    for _, end in lx.NEGATION.spans(tokens):
        if end >= n:
            continue
        if lx.NEGATED_ACTS.match_at(tokens, end):
            return True
        use = lx.NEGATED_USE.match_at(tokens, end) or lx.LET_HAPPEN.match_at(tokens, end)
        if use:
            after = range(end + use, min(end + use + 3, n))
            if any(lx.CONCRETE_NOUNS.match_at(tokens, k) or lx.EVENTS.match_at(tokens, k) for k in after):
                return True
    arrivals = [start for start, _ in lx.ARRIVAL.spans(tokens)]
    for start, _ in lx.ON_TIME.spans(tokens):
        if any(0 < start - a <= 4 for a in arrivals):
            return True
    return bool(lx.TRIGGERS.spans(tokens)) and sig.concrete
