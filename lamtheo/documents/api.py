"""One entry point for callers: ``render(doc, fmt)`` and ``file_response(doc, fmt, filename)``.

Formats are exporters in a small registry (``register_exporter``): "docx" and "pdf" are built in,
other apps may add their own (e.g. an "odt" or an "html" preview) without touching this module.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote

from django.http import HttpResponse

from .blocks import PartyDocument
from .docx_renderer import render_docx
from .pdf_renderer import render_pdf


@dataclass(frozen=True)
class Exporter:
    name: str
    function: Callable[[PartyDocument], bytes]
    content_type: str
    extension: str  # without the dot: "pdf"


_EXPORTERS: dict[str, Exporter] = {}


def register_exporter(
    name: str,
    fn: Callable[[PartyDocument], bytes],
    *,
    content_type: str = "application/octet-stream",
    extension: str | None = None,
) -> Exporter:
    """Register (or replace) a format; ``render(doc, name)`` then calls ``fn(doc)``."""
    key = name.strip().lower()
    if not key:
        raise ValueError("An exporter needs a name.")
    exporter = Exporter(key, fn, content_type, (extension or key).lstrip("."))
    _EXPORTERS[key] = exporter
    return exporter


def exporters() -> dict[str, Exporter]:
    return dict(_EXPORTERS)


register_exporter(
    "docx", render_docx, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
register_exporter("pdf", render_pdf, content_type="application/pdf")


def _exporter(fmt: str) -> Exporter:
    key = str(fmt or "").strip().lower().lstrip(".")
    try:
        return _EXPORTERS[key]
    except KeyError:
        known = ", ".join(sorted(_EXPORTERS))
        raise ValueError(f"Unknown document format {fmt!r}; use one of: {known}.") from None


def render(doc: PartyDocument, fmt: str) -> tuple[bytes, str, str]:
    """(data, content type, extension without the dot) for "docx", "pdf" or a registered format."""
    exporter = _exporter(fmt)
    return exporter.function(doc), exporter.content_type, exporter.extension


_UNSAFE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|;]+')
_ASCII_UNSAFE = re.compile(r"[^A-Za-z0-9._() -]+")


def safe_filename(filename: str, extension: str) -> str:
    """The Unicode name (NFC) without path parts or header-breaking characters, ending in .ext."""
    name = unicodedata.normalize("NFC", str(filename or ""))
    name = " ".join(_UNSAFE.sub("-", name).split()).strip(" .-")
    suffix = f".{extension}"
    if name.lower().endswith(suffix):
        name = name[: -len(suffix)].rstrip(" .-")
    return f"{name or 'tai-lieu'}{suffix}"


def ascii_filename(filename: str) -> str:
    """ASCII fallback for old clients: Vietnamese letters lose their marks ("Báo cáo" → "Bao cao")."""
    text = filename.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _ASCII_UNSAFE.sub("_", text.encode("ascii", "ignore").decode("ascii"))
    stem, dot, ext = text.rpartition(".")
    return text if stem.strip(" _") else f"tai-lieu{dot}{ext}"


def content_disposition(filename: str, *, attachment: bool = True) -> str:
    kind = "attachment" if attachment else "inline"
    return f"{kind}; filename=\"{ascii_filename(filename)}\"; filename*=UTF-8''{quote(filename, safe='')}"


def file_response(doc: PartyDocument, fmt: str, filename: str, *, attachment: bool = True) -> HttpResponse:
    """An HTTP download of the rendered document; ``filename`` may be Vietnamese, with or without extension."""
    data, content_type, extension = render(doc, fmt)
    name = safe_filename(filename, extension)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition(name, attachment=attachment)
    response["Content-Length"] = str(len(data))
    response["X-Content-Type-Options"] = "nosniff"
    return response
