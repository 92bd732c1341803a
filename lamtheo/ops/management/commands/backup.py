"""`manage.py backup --out FILE` (or `--dir DIR [--keep N]`): database and uploaded files in one archive."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lamtheo.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (SQLite or PostgreSQL) and the uploaded files into one .tar.gz archive."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", help="the archive to write, e.g. var/backups/lamtheo.tar.gz")
        parser.add_argument("--dir", help="write lamtheo-YYYYMMDD-HHMMSS.tar.gz into this folder instead")
        parser.add_argument("--keep", type=int, default=0, help="with --dir: keep only the newest N archives")

    def handle(self, *args: Any, **options: Any) -> None:
        if bool(options["out"]) == bool(options["dir"]):
            raise CommandError("Give either --out FILE or --dir DIR.")
        if options["out"]:
            out = Path(options["out"])
        else:
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            out = Path(options["dir"]) / f"lamtheo-{stamp}.tar.gz"
        try:
            manifest = backup(out)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest.rows.values())
        self.stdout.write(self.style.SUCCESS(f"Backed up {rows:,} rows and {len(manifest.files):,} files into {out}."))
        if options["dir"] and options["keep"] > 0:
            archives = sorted(Path(options["dir"]).glob("lamtheo-*.tar.gz"))
            for old in archives[: -options["keep"]]:
                old.unlink()
                self.stdout.write(f"Removed the old backup {old}.")
