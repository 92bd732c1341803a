"""Near-copy detection between registrations.

A fingerprint is the set of folded words (numbers become "#", function words dropped) plus the
set of adjacent word pairs. Reordering keeps most words, a light edit (a changed number, one
word more or less, no diacritics) keeps most of both sets; two different items on one topic
share the topic words ("mẩu chuyện về Bác") but not the actions and objects around them.

Similarity = the mean of the word-set and pair-set overlap coefficients weighted towards the
word sets, where overlap is |A ∩ B| / min(|A|, |B|) blended with Jaccard so that a short item
contained in a long one is not an automatic copy.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .lexicon import STOPWORDS
from .text import clean, fold_word, is_number, tokenize

THRESHOLD = 0.6
_FOLDED_STOPWORDS = frozenset(fold_word(w) for w in STOPWORDS)


@dataclass(frozen=True, slots=True)
class Fingerprint:
    words: frozenset[str]
    pairs: frozenset[str]


@lru_cache(maxsize=4096)
def fingerprint(text: str) -> Fingerprint:
    folded = ["#" if is_number(t) else t for t in tokenize(clean(text)).folded]
    kept = [t for t in folded if t not in _FOLDED_STOPWORDS]
    pairs = frozenset(f"{a} {b}" for a, b in itertools.pairwise(kept))
    return Fingerprint(frozenset(kept), pairs)


def _blend(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    common = len(a & b)
    if not common:
        return 0.0
    overlap = common / min(len(a), len(b))
    jaccard = common / (len(a) + len(b) - common)
    return (overlap + jaccard) / 2


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    words = _blend(a.words, b.words)
    if words == 0.0:
        return 0.0
    return 0.7 * words + 0.3 * _blend(a.pairs, b.pairs)


@dataclass(frozen=True, slots=True)
class Match:
    owner: str
    text: str
    similarity: float


class NearCopyIndex:
    """Fingerprints of other people's items, computed once; checking one item costs set operations.

    An inverted index on words narrows the comparison to items sharing at least one word.
    """

    def __init__(self, others: Iterable[tuple[str, str]] = ()) -> None:
        self._items: list[tuple[str, str, Fingerprint]] = []
        self._by_word: dict[str, list[int]] = {}
        for owner, text in others:
            self.add(owner, text)

    def add(self, owner: str, text: str) -> None:
        fp = fingerprint(text)
        index = len(self._items)
        self._items.append((owner, text, fp))
        for word in fp.words:
            self._by_word.setdefault(word, []).append(index)

    def __len__(self) -> int:
        return len(self._items)

    def matches(self, text: str, threshold: float = THRESHOLD) -> list[Match]:
        """Items at or above the threshold, most similar first."""
        fp = fingerprint(text)
        candidates: set[int] = set()
        for word in fp.words:
            candidates.update(self._by_word.get(word, ()))
        found = []
        for index in candidates:
            owner, other_text, other_fp = self._items[index]
            score = similarity(fp, other_fp)
            if score >= threshold:
                found.append(Match(owner, other_text, round(score, 3)))
        found.sort(key=lambda m: m.similarity, reverse=True)
        return found


def as_index(others: Sequence[tuple[str, str]] | NearCopyIndex) -> NearCopyIndex:
    return others if isinstance(others, NearCopyIndex) else NearCopyIndex(others)
