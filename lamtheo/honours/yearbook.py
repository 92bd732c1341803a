"""The yearbook (kỷ yếu) as a PDF: a cover, a table of contents with page numbers, and one page
per exemplar (photo, name, unit, story). Only entries whose consent is recorded are printed.

Built with WeasyPrint from HTML (photos embedded as data URIs, so nothing is fetched); the table
of contents uses CSS `target-counter`, so the page numbers are the real ones. Called by the
background task, which reports progress per exemplar.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from html import escape

from django.utils import translation
from django.utils.translation import gettext as _

from .models import Yearbook, YearbookEntry

DOCUMENT_LANGUAGE = "vi"
Progress = Callable[[int, str], None]

CSS = """
@page { size: A4; margin: 20mm 18mm 20mm 22mm;
  @bottom-center { content: counter(page); font-size: 10pt; } }
@page :first { @bottom-center { content: none; } }
html { font-family: "Liberation Serif", "Times New Roman", "DejaVu Serif", serif; font-size: 13pt; color: #000; }
.cover { page-break-after: always; text-align: center; padding-top: 60mm; }
.cover .party { font-weight: bold; font-size: 14pt; }
.cover h1 { font-size: 26pt; color: #a50e15; margin: 30mm 0 8mm; }
.cover .unit { font-size: 16pt; font-weight: bold; }
.cover .period { font-style: italic; margin-top: 6mm; }
.toc { page-break-after: always; }
.toc h2, .entry h2 { font-size: 18pt; text-align: center; }
.toc ol { list-style: none; padding: 0; }
.toc li { margin: 0 0 3mm; }
.toc a { color: #000; text-decoration: none; }
.toc a::after { content: leader('.') target-counter(attr(href), page); }
.foreword { page-break-after: always; text-align: justify; }
.entry { page-break-after: always; }
.entry:last-child { page-break-after: auto; }
.entry img { display: block; margin: 6mm auto; max-width: 110mm; max-height: 90mm; }
.entry .unit { text-align: center; font-style: italic; }
.entry .category { text-align: center; font-size: 11pt; }
.entry p.story { text-align: justify; text-indent: 10mm; }
"""


def _photo(entry: YearbookEntry) -> str:
    if not entry.photo:
        return ""
    name = entry.photo.name.lower()
    kind = "png" if name.endswith(".png") else "webp" if name.endswith(".webp") else "jpeg"
    with entry.photo.open("rb") as handle:
        data = base64.b64encode(handle.read()).decode("ascii")
    return f'<img src="data:image/{kind};base64,{data}" alt="{escape(entry.name)}">'


def _story(text: str) -> str:
    return "".join(f'<p class="story">{escape(p.strip())}</p>' for p in text.splitlines() if p.strip())


def printable(yearbook: Yearbook) -> list[YearbookEntry]:
    return list(yearbook.entries.filter(consent=True).select_related("nomination__category").order_by("position", "pk"))


def html(yearbook: Yearbook, entries: list[YearbookEntry], progress: Progress) -> str:
    period = f"{yearbook.date_from:%d/%m/%Y} – {yearbook.date_to:%d/%m/%Y}"
    party, contents, foreword = _("COMMUNIST PARTY OF VIETNAM"), _("CONTENTS"), _("Foreword")
    parts = [
        '<section class="cover">',
        f'<p class="party">{escape(party)}</p>',
        f'<p class="unit">{escape(yearbook.organization.name.upper())}</p>',
        f"<h1>{escape(yearbook.title)}</h1>",
        f'<p class="period">{escape(period)}</p>',
        "</section>",
        f'<section class="toc"><h2>{escape(contents)}</h2><ol>',
        *(
            f'<li><a href="#entry-{e.pk}">{i}. {escape(e.name)} — {escape(e.unit_name)}</a></li>'
            for i, e in enumerate(entries, start=1)
        ),
        "</ol></section>",
    ]
    if yearbook.foreword.strip():
        parts.append(f'<section class="foreword"><h2>{escape(foreword)}</h2>{_story(yearbook.foreword)}</section>')
    for index, entry in enumerate(entries, start=1):
        parts += [
            f'<section class="entry" id="entry-{entry.pk}">',
            f"<h2>{escape(entry.name)}</h2>",
            f'<p class="unit">{escape(entry.unit_name)}</p>',
            f'<p class="category">{escape(entry.nomination.category.name)}</p>',
            _photo(entry),
            _story(entry.story),
            "</section>",
        ]
        progress(10 + 60 * index // max(len(entries), 1), "pages")
    body = "\n".join(parts)
    return (
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{escape(yearbook.title)}</title>'
        f"<style>{CSS}</style></head><body>{body}</body></html>"
    )


def render_pdf(yearbook: Yearbook, progress: Progress | None = None) -> bytes:
    """The yearbook's PDF bytes."""
    from weasyprint import HTML

    report: Progress = progress or (lambda pct, step: None)
    report(5, "entries")
    with translation.override(DOCUMENT_LANGUAGE):
        source = html(yearbook, printable(yearbook), report)
    report(75, "render")
    data: bytes = HTML(string=source).write_pdf()
    report(95, "save")
    return data
