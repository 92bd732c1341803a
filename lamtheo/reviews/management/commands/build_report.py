"""`manage.py build_report --org CODE --from DD/MM/YYYY --to DD/MM/YYYY --format docx|pdf|xlsx --out FILE`.

Builds the review of a unit for a period from the live data. If the unit already has a review
for exactly these dates, its text (and, once submitted, its frozen figures) is used; otherwise a
first draft with the usual wording. Nothing is saved in the database.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lamtheo.organizations.models import Organization
from lamtheo.reviews import drafting, exporters, periods
from lamtheo.reviews.models import Review, ReviewKind


class Command(BaseCommand):
    help = "Build the review report of a unit for a period (DOCX, PDF or the XLSX annex) from the data."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="code of the unit (Organization.code)")
        parser.add_argument("--from", dest="date_from", required=True, help="first day, DD/MM/YYYY")
        parser.add_argument("--to", dest="date_to", required=True, help="last day, DD/MM/YYYY")
        parser.add_argument("--format", dest="fmt", required=True, help="docx, pdf or xlsx")
        parser.add_argument("--out", required=True, help="file to write")
        parser.add_argument(
            "--kind", default=ReviewKind.INTERIM, choices=ReviewKind.values, help="interim (sơ kết) or final (tổng kết)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fmt = str(options["fmt"]).strip().lower().lstrip(".")
        if fmt not in exporters.EXPORTERS:
            raise CommandError(_("Unknown format “%(fmt)s”: use docx, pdf or xlsx.") % {"fmt": options["fmt"]})
        try:
            date_from = periods.parse_date(options["date_from"])
            date_to = periods.parse_date(options["date_to"])
            periods.check_range(date_from, date_to)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        node = Organization.objects.filter(code=str(options["org"]).strip()).first()
        if node is None:
            raise CommandError(_("No unit has the code “%(code)s”.") % {"code": options["org"]})
        out = Path(options["out"])
        if out.exists() and out.is_dir():
            raise CommandError(_("“%(path)s” is a folder; give a file name.") % {"path": out})
        if not out.parent.exists():
            raise CommandError(_("The folder “%(path)s” does not exist.") % {"path": out.parent})

        kind = options["kind"]
        review = (
            Review.objects.filter(organization=node, kind=kind, date_from=date_from, date_to=date_to)
            .select_related("organization")
            .first()
        )
        if review is None:
            review = Review(
                organization=node,
                kind=kind,
                date_from=date_from,
                date_to=date_to,
                **drafting.review_defaults(node, kind, date_from, date_to),
            )
        start = time.perf_counter()
        built = exporters.build_file(review, fmt)
        try:
            out.write_bytes(built.data)
        except OSError as exc:
            raise CommandError(_("Could not write “%(path)s”: %(error)s") % {"path": out, "error": exc}) from None
        seconds = time.perf_counter() - start
        self.stdout.write(
            _("Wrote %(path)s (%(size)s bytes) for %(unit)s, %(period)s, in %(seconds).2f s.")
            % {
                "path": out,
                "size": f"{len(built.data):,}",
                "unit": node.name,
                "period": periods.label(date_from, date_to),
                "seconds": seconds,
            }
        )
