"""The contest's documents: the prize decision (Quyết định trao giải) and the results notice in the
Party format (lamtheo.documents, DOCX and PDF), one certificate per winner (PDF), and the
results as an Excel file."""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from lamtheo.core.spreadsheets import append, new_workbook
from lamtheo.core.text import fold
from lamtheo.documents import Heading, Paragraph, PartyDocument, Signature, Table
from lamtheo.organizations.selectors import parent_of

from .models import Contest, Entry, SpecialPrize

DOCUMENT_LANGUAGE = "vi"
P = ParamSpec("P")
R = TypeVar("R")


def vietnamese(fn: Callable[P, R]) -> Callable[P, R]:
    """Party documents are written in Vietnamese whatever the reader's interface language."""

    @functools.wraps(fn)
    def inner(*args: P.args, **kwargs: P.kwargs) -> R:
        with translation.override(DOCUMENT_LANGUAGE):
            return fn(*args, **kwargs)

    return inner


def authors_text(entry: Entry) -> str:
    names = [a.full_name for a in entry.authors.all()]
    return ", ".join(names) or entry.unit.name


def _winner_rows(winners: list[Entry]) -> list[list[str]]:
    return [
        [str(i), entry.tier.name if entry.tier else "", entry.title, authors_text(entry), entry.unit.name]
        for i, entry in enumerate(winners, 1)
    ]


def _special_lines(specials: list[SpecialPrize]) -> list[str]:
    lines = []
    for prize in specials:
        who = prize.author.full_name if prize.author else (prize.unit.name if prize.unit else "")
        if prize.entry and not who:
            who = authors_text(prize.entry)
        if not who:
            continue
        what = f" — {prize.entry.title}" if prize.entry else ""
        why = f" ({prize.reason})" if prize.reason else ""
        lines.append(f"{prize.name}: {who}{what}{why}")
    return lines


def _base(contest: Contest, kind_title: str, title: str, symbol: str, blocks: list) -> PartyDocument:  # type: ignore[type-arg]
    node = contest.organization
    parent = parent_of(node)
    return PartyDocument(
        issuing_body=node.name.upper(),
        parent_body=parent.name.upper() if parent else "",
        date=contest.results_on or timezone.localdate(),
        kind_title=kind_title,
        title=title,
        blocks=blocks,
        signature=Signature(on_behalf=_("ON BEHALF OF THE ORGANISING COMMITTEE"), position=_("HEAD"), name=""),
        recipients=[_("As above,"), _("Filed.")],
        symbol=symbol,
        author=node.name,
    )


@vietnamese
def decision(contest: Contest, winners: list[Entry], specials: list[SpecialPrize]) -> PartyDocument:
    """Quyết định trao giải: the articles give the prizes to the winners listed."""
    blocks = [
        Paragraph(
            _("Pursuant to the rules of the contest “%(title)s” (%(year)s) and the results of the jury,")
            % {"title": contest.title, "year": contest.year}
        ),
        Heading(_("DECIDES:"), level=1),
        Paragraph(
            _("Article 1. To award the prizes of the contest “%(title)s” to the %(n)s entries below:")
            % {"title": contest.title, "n": len(winners)}
        ),
        Table(
            header=[_("No."), _("Prize"), _("Entry"), _("Authors"), _("Unit")],
            rows=_winner_rows(winners),
            widths=[1, 3, 5, 5, 4],
        ),
    ]
    special = _special_lines(specials)
    if special:
        blocks.append(Paragraph(_("Article 2. To award the special prizes:")))
        blocks += [Paragraph(f"- {line}") for line in special]
    blocks.append(
        Paragraph(
            _("Article %(n)s. The units and people named above carry out this decision.") % {"n": 3 if special else 2}
        )
    )
    return _base(
        contest,
        _("DECISION"),
        _("On awarding the prizes of the contest “%(title)s”") % {"title": contest.title},
        "QĐ",
        blocks,
    )


@vietnamese
def notice(
    contest: Contest, winners: list[Entry], specials: list[SpecialPrize], counts: dict[str, int]
) -> PartyDocument:
    """The results notice: participation and the winners."""
    blocks = [
        Paragraph(
            _(
                "The contest “%(title)s” received %(entries)s entries from %(units)s units; "
                "the jury of %(judges)s judges scored them."
            )
            % {"title": contest.title, **counts}
        ),
        Heading(_("I. PRIZES"), level=1),
        Table(
            header=[_("No."), _("Prize"), _("Entry"), _("Authors"), _("Unit")],
            rows=_winner_rows(winners),
            widths=[1, 3, 5, 5, 4],
        ),
    ]
    special = _special_lines(specials)
    if special:
        blocks.append(Heading(_("II. SPECIAL PRIZES"), level=1))
        blocks += [Paragraph(f"- {line}") for line in special]
    return _base(contest, _("NOTICE"), _("Results of the contest “%(title)s”") % {"title": contest.title}, "TB", blocks)


@vietnamese
def certificate(contest: Contest, entry: Entry) -> PartyDocument:
    """A winner's certificate (giấy chứng nhận)."""
    blocks = [
        Paragraph(_("Certifies that"), align="center"),
        Paragraph(authors_text(entry), bold=True, align="center"),
        Paragraph(entry.unit.name, align="center"),
        Paragraph(
            _("won the %(prize)s of the contest “%(title)s” (%(year)s) with the entry “%(entry)s”.")
            % {
                "prize": entry.tier.name if entry.tier else "",
                "title": contest.title,
                "year": contest.year,
                "entry": entry.title,
            },
            align="center",
        ),
    ]
    return _base(contest, _("CERTIFICATE"), contest.title, "GCN", blocks)


def filename(contest: Contest, stem: str) -> str:
    return f"{stem}-{slugify(fold(contest.title))[:60] or contest.pk}"


@vietnamese
def results_xlsx(contest: Contest, ranked: list[Entry], specials: list[SpecialPrize]) -> bytes:
    book = new_workbook()
    sheet = book.active
    sheet.title = _("Results")[:31]
    append(sheet, [contest.title])
    sheet["A1"].font = Font(bold=True, size=14)
    append(sheet, [])
    append(sheet, [_("Rank"), _("Score"), _("Prize"), _("Entry"), _("Type"), _("Authors"), _("Unit")])
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for entry in ranked:
        append(
            sheet,
            [
                entry.rank,
                float(entry.score) if entry.score is not None else None,
                entry.tier.name if entry.tier else "",
                entry.title,
                entry.get_entry_type_display(),
                authors_text(entry),
                entry.unit.name,
            ],
        )
    special = book.create_sheet(_("Special prizes")[:31])
    append(special, [_("Prize"), _("Winner")])
    for line in _special_lines(specials):
        name, _sep, who = line.partition(": ")
        append(special, [name, who])
    for column, width in zip("ABCDEFG", (8, 10, 18, 40, 18, 36, 30), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
