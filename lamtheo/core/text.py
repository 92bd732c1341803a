"""Text helpers shared by search and import."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case, strip Vietnamese diacritics (đ → d) and collapse spaces.

    Stored beside names so that "nguyen van an" finds "Nguyễn Văn An" on SQLite and
    PostgreSQL alike (SQLite's LIKE folds ASCII only).
    """
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return _SPACES.sub(" ", stripped).strip().lower()


def normalize_name(text: str | None) -> str:
    """NFC-normalise and collapse spaces (Excel and phones mix NFC and NFD)."""
    if not text:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(text))).strip()
