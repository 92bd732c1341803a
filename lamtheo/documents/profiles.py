"""Versioned format profiles (page, margins, fonts, sizes, fixed wording) kept as data.

The rules on the format of Party documents change (Hướng dẫn 36-HD/VPTW of 2018 today; Quy định
399-QĐ/TW of 2026 announces new ones), so nothing about the layout is a constant in the renderers:
they read a :class:`FormatProfile`. Profiles live in ``profiles.json`` beside this file (or in the
file named by the optional setting ``LAMTHEO_DOCUMENT_PROFILES``), each with ``valid_from``
(inclusive) and ``valid_to`` (exclusive, or null). A profile may ``extends`` another one and list
only what changed.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

DEFAULT_FILE = Path(__file__).with_name("profiles.json")
DEFAULT_CODE = "hd36-2018"


@dataclass(frozen=True)
class FormatProfile:
    code: str
    name: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    data: dict[str, Any]

    # --- convenient typed accessors -------------------------------------------------------------
    @property
    def page_mm(self) -> tuple[float, float]:
        page = self.data["page"]
        return float(page["width_mm"]), float(page["height_mm"])

    @property
    def margins_mm(self) -> dict[str, float]:
        return {side: float(value) for side, value in self.data["margins_mm"].items()}

    @property
    def text_width_mm(self) -> float:
        margins = self.margins_mm
        return self.page_mm[0] - margins["left"] - margins["right"]

    @property
    def pdf_fonts(self) -> list[str]:
        return list(self.data["fonts"]["pdf"])

    @property
    def docx_font(self) -> str:
        return str(self.data["fonts"]["docx"])

    def size(self, element: str) -> float:
        return float(self.data["sizes"][element])

    def body(self, key: str) -> Any:
        return self.data["body"][key]

    def label(self, key: str) -> str:
        return str(self.data["labels"][key])

    @property
    def header_columns(self) -> list[float]:
        return [float(x) for x in self.data["header_columns"]]

    @property
    def signature_columns(self) -> list[float]:
        return [float(x) for x in self.data["signature_columns"]]

    @property
    def page_number(self) -> dict[str, Any]:
        return dict(self.data["page_number"])

    def kind_abbreviation(self, kind_title: str) -> str:
        return str(self.data.get("kind_abbreviations", {}).get(kind_title.strip().upper(), ""))

    def issuer_abbreviation(self, issuing_body: str) -> str:
        name = issuing_body.strip().upper()
        for prefix, abbreviation in self.data.get("issuer_abbreviations", {}).items():
            if name.startswith(prefix):
                return str(abbreviation)
        return ""

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


_REQUIRED = ("page", "margins_mm", "fonts", "sizes", "body", "labels", "header_columns", "signature_columns")


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _parse_date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def parse_profiles(raw: dict[str, Any]) -> dict[str, FormatProfile]:
    """Build profiles from the JSON structure, resolving ``extends``; ValueError on bad data."""
    entries = {entry["code"]: entry for entry in raw.get("profiles", [])}
    resolved: dict[str, dict[str, Any]] = {}

    def resolve(code: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
        if code in resolved:
            return resolved[code]
        if code in seen or code not in entries:
            raise ValueError(f"Format profile {code!r}: unknown or circular 'extends'.")
        entry = entries[code]
        parent = entry.get("extends")
        data = _merge(resolve(parent, (*seen, code)), entry) if parent else dict(entry)
        resolved[code] = data
        return data

    profiles: dict[str, FormatProfile] = {}
    for code in entries:
        data = resolve(code)
        missing = [key for key in _REQUIRED if key not in data]
        if missing:
            raise ValueError(f"Format profile {code!r} lacks {', '.join(missing)}.")
        profiles[code] = FormatProfile(
            code=code,
            name=str(data.get("name", code)),
            valid_from=_parse_date(data["valid_from"]) or datetime.date.min,
            valid_to=_parse_date(data.get("valid_to")),
            data=data,
        )
    if not profiles:
        raise ValueError("No document format profile is defined.")
    return profiles


@lru_cache(maxsize=8)
def _load(path: str) -> dict[str, FormatProfile]:
    with open(path, encoding="utf-8") as handle:
        return parse_profiles(json.load(handle))


def profiles_file() -> str:
    return str(getattr(settings, "LAMTHEO_DOCUMENT_PROFILES", "") or DEFAULT_FILE)


def all_profiles() -> list[FormatProfile]:
    """Every profile, oldest first."""
    return sorted(_load(profiles_file()).values(), key=lambda p: p.valid_from)


def get_profile(code: str) -> FormatProfile:
    profiles = _load(profiles_file())
    try:
        return profiles[code]
    except KeyError:
        known = ", ".join(sorted(profiles))
        raise ValueError(f"Unknown document format profile {code!r}; known: {known}.") from None


def profile_for_date(day: datetime.date | None = None) -> FormatProfile:
    """The profile valid on ``day`` (today when None).

    When several are valid the most recent ``valid_from`` wins; a day before every profile
    (an old document typed in now) gets the oldest one, a day after all of them the newest.
    """
    day = day or timezone.localdate()
    profiles = all_profiles()
    valid = [p for p in profiles if p.is_valid_on(day)]
    if valid:
        return valid[-1]
    earlier = [p for p in profiles if p.valid_from <= day]
    return earlier[-1] if earlier else profiles[0]


def resolve_profile(code: str | None, day: datetime.date | None) -> FormatProfile:
    return get_profile(code) if code else profile_for_date(day)
