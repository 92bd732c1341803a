"""Tokens for the pledge check: one accented and one folded stream, aligned word for word.

Folding ("Đọc" → "doc") lets members who type without diacritics be judged like everyone
else, but it merges words: "đèn" (lamp) and "đến" (to come) both fold to "den", "mỗi" (each)
and "mới" (new) both to "moi". So a lexicon entry of ONE syllable is compared in accented form
when the text carries diacritics, and folded only when the whole text has none. Entries of two
or more syllables are compared folded: collisions there are rare, and folding forgives a missing
mark here and there.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from lamtheo.core.text import fold

# A number ("1.200", "500.000", "30/11", "15/3/2025", "10%") or a run of letters.
_TOKEN = re.compile(r"\d+(?:[.,/:]\d+)*%?|[^\W\d_]+")
# Leading bullets: "- ", "• ", "+ ", "* ", "1.", "2)", "a)", "(3)". "1.200 hồ sơ" is not a bullet.
_BULLET = re.compile(r"^\s*(?:[-–—•*+·>]+\s*|\(?(?:\d{1,2}|[a-zA-Z])[.)](?!\d)\s*)+")
_SPACES = re.compile(r"\s+")
_DATE = re.compile(r"^\d{1,2}/\d{1,2}(?:/\d{2,4})?$")
_YEAR = re.compile(r"^(?:19|20)\d\d$")


@lru_cache(maxsize=8192)
def fold_word(word: str) -> str:
    return fold(word)


def clean(text: str | None) -> str:
    """Strip a BOM, bullets and extra spaces; NFC so that phones' NFD input compares equal."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text.replace("\ufeff", ""))
    text = _BULLET.sub("", text, count=1)
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class Tokens:
    accented: tuple[str, ...]
    folded: tuple[str, ...]
    has_marks: bool

    def __len__(self) -> int:
        return len(self.folded)

    def words(self) -> int:
        """How many syllables (letters only; numbers do not make a sentence longer)."""
        return sum(1 for t in self.folded if t.isalpha())


def tokenize(text: str) -> Tokens:
    accented = tuple(_TOKEN.findall(text.lower()))
    folded = tuple(fold_word(t) for t in accented)
    has_marks = any(a != f for a, f in zip(accented, folded, strict=True))
    return Tokens(accented, folded, has_marks)


def is_number(token: str) -> bool:
    return token[:1].isdigit()


def is_date(token: str) -> bool:
    return bool(_DATE.match(token))


def is_year(token: str) -> bool:
    return bool(_YEAR.match(token))


class Lexicon:
    """Phrases written naturally in Vietnamese, matched as whole-word token sequences."""

    def __init__(self, phrases: Iterable[str], *, unaccented_singles: str | None = None) -> None:
        """unaccented_singles: when given, the only one-syllable entries (folded, space-separated)
        that may match a text typed without diacritics; the others fold onto common words."""
        self._multi: dict[str, list[tuple[str, ...]]] = {}
        self._single_accented: set[str] = set()
        self._single_folded: set[str] = set()
        for phrase in phrases:
            words = tuple(_TOKEN.findall(unicodedata.normalize("NFC", phrase).lower()))
            if len(words) == 1:
                self._single_accented.add(words[0])
                self._single_folded.add(fold_word(words[0]))
            elif words:
                key = tuple(fold_word(w) for w in words)
                self._multi.setdefault(key[0], []).append(key)
        if unaccented_singles is not None:
            self._single_folded &= set(unaccented_singles.split())
        for options in self._multi.values():
            options.sort(key=len, reverse=True)

    def match_at(self, tokens: Tokens, i: int) -> int:
        """Length of the longest phrase starting at token i (0 when none)."""
        folded = tokens.folded
        for key in self._multi.get(folded[i], ()):
            if tuple(folded[i : i + len(key)]) == key:
                return len(key)
        if tokens.has_marks:
            return 1 if tokens.accented[i] in self._single_accented else 0
        return 1 if folded[i] in self._single_folded else 0

    def spans(self, tokens: Tokens, start: int = 0, stop: int | None = None) -> list[tuple[int, int]]:
        """Non-overlapping (start, end) spans, longest match first, scanning left to right."""
        found: list[tuple[int, int]] = []
        i, end = start, len(tokens) if stop is None else min(stop, len(tokens))
        while i < end:
            n = self.match_at(tokens, i)
            if n:
                found.append((i, i + n))
                i += n
            else:
                i += 1
        return found

    def any_in(self, tokens: Tokens, positions: Sequence[int]) -> bool:
        return any(self.match_at(tokens, i) for i in positions)
