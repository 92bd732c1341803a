"""Import the villages, hamlets and residential groups of communes from an Excel file.

Columns (first row): the unit's code ("Mã đơn vị"), the place's name ("Tên thôn, bản, tổ dân phố")
and optionally its kind ("Loại"). Re-importing a name updates it. Nothing is saved when a row is wrong.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from openpyxl import load_workbook

from lamtheo.organizations.services import import_places

HEADERS = {"ma don vi": "unit_code", "unit code": "unit_code", "ten": "name", "name": "name", "loai": "kind"}


def _key(title: Any) -> str | None:
    from lamtheo.core.text import fold

    words = " ".join(fold(str(title or "")).split())
    for start, key in HEADERS.items():
        if words.startswith(start):
            return key
    return None


class Command(BaseCommand):
    help = "Import villages, hamlets and residential groups (thôn, bản, tổ dân phố) of communes from .xlsx."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        sheet = load_workbook(options["file"], read_only=True, data_only=True).worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        keys = [_key(title) for title in next(rows, ())]
        if "unit_code" not in keys or "name" not in keys:
            raise CommandError("The first row must name the columns “Mã đơn vị” and “Tên thôn, bản, tổ dân phố”.")
        data = [
            {key: value for key, value in zip(keys, row, strict=False) if key}
            for row in rows
            if any(value not in (None, "") for value in row)
        ]
        count, errors = import_places(data)
        if errors:
            raise CommandError("\n".join(errors))
        self.stdout.write(f"{count}")
