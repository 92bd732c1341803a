"""`manage.py restore FILE`: put back the database and uploaded files of a `backup` archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lamtheo.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Replace the database and the uploaded files with those of a backup archive, then check row counts "
        "and file checksums. Stop the application first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="an archive written by `manage.py backup`")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not options["yes"] and input(f"Replace ALL data with {path}? Type yes: ").strip() != "yes":
            raise CommandError("Nothing restored.")
        try:
            report = restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if not report.ok:
            for table, (before, after) in report.row_differences.items():
                self.stderr.write(f"{table}: {before} rows in the backup, {after} after restore")
            for name in report.file_differences:
                self.stderr.write(f"file differs: {name}")
            raise CommandError("The restore finished but does not match the backup (see above).")
        rows = sum(report.manifest.rows.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {report.manifest.created_at}: {rows:,} rows and "
                f"{len(report.manifest.files):,} files, all checked."
            )
        )
