"""The files a review exports to, as classes in one registry: DOCX and PDF through the Party-format
renderer (`lamtheo.documents`), the XLSX annex tables (`annex`).

`build_file(review, fmt, progress)` computes (or reads the frozen) figures, then renders; the
background task and the `build_report` command both call it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from django.utils import translation

from lamtheo.documents import render as render_document

from . import annex, document, drafting, selectors
from .figures import FigureSet
from .models import Review

Progress = Callable[[int, str], None]


class Exporter:
    fmt: ClassVar[str] = ""
    content_type: ClassVar[str] = "application/octet-stream"
    extension: ClassVar[str] = ""

    def render(self, review: Review, figures: FigureSet, progress: Progress) -> bytes:  # pragma: no cover
        raise NotImplementedError


class PartyDocumentExporter(Exporter):
    def render(self, review: Review, figures: FigureSet, progress: Progress) -> bytes:
        parts = selectors.parts_for(review, figures)
        doc = document.build(review, figures, parts, selectors.parent_of(review.organization))
        progress(75, "render")
        data, _content_type, _ext = render_document(doc, self.fmt)
        return data


class DocxExporter(PartyDocumentExporter):
    fmt = "docx"
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    extension = "docx"


class PdfExporter(PartyDocumentExporter):
    fmt = "pdf"
    content_type = "application/pdf"
    extension = "pdf"


class XlsxExporter(Exporter):
    fmt = "xlsx"
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    extension = "xlsx"

    def render(self, review: Review, figures: FigureSet, progress: Progress) -> bytes:
        return annex.build(review, figures, progress=lambda pct: progress(60 + pct // 4, "render"))


EXPORTERS: dict[str, Exporter] = {}


def register(exporter: type[Exporter]) -> type[Exporter]:
    EXPORTERS[exporter.fmt] = exporter()
    return exporter


for _cls in (DocxExporter, PdfExporter, XlsxExporter):
    register(_cls)


@dataclass
class Built:
    data: bytes
    content_type: str
    filename: str


def _slug(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")[:60] or "bao-cao"


def filename_for(review: Review, extension: str) -> str:
    return f"bao-cao-{_slug(review.organization.code)}-{review.date_from:%Y%m%d}-{review.date_to:%Y%m%d}.{extension}"


def build_file(review: Review, fmt: str, progress: Progress | None = None) -> Built:
    """Render `review` to `fmt` ("docx", "pdf", "xlsx"); ValueError for another format."""
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise ValueError(f"Unknown format {fmt!r}; use one of: {', '.join(sorted(EXPORTERS))}.")
    report: Progress = progress or (lambda pct, step: None)

    def figure_progress(done: int, total: int, _title: str) -> None:
        report(10 + (50 * done // max(total, 1)), "figures")

    report(5, "figures")
    figures = selectors.figures_for(review, progress=figure_progress)
    with translation.override(drafting.DOCUMENT_LANGUAGE):
        data = exporter.render(review, figures, report)
    report(95, "save")
    return Built(data, exporter.content_type, filename_for(review, exporter.extension))
