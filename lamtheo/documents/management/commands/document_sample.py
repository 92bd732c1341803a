"""Write the sample cell report as DOCX and PDF (and a PNG of page 1 when pdftoppm exists)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from lamtheo.documents import render
from lamtheo.documents.sample import sample_report


class Command(BaseCommand):
    help = "Render the sample Party-format report to DOCX/PDF (and PNG of page 1 if pdftoppm is installed)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--out", default="var/documents", help="output folder (default var/documents)")
        parser.add_argument("--dpi", type=int, default=110)

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["out"])
        out.mkdir(parents=True, exist_ok=True)
        doc = sample_report()
        for fmt in ("docx", "pdf"):
            data, _, extension = render(doc, fmt)
            path = out / f"party-document.{extension}"
            path.write_bytes(data)
            self.stdout.write(str(path))
        pdftoppm = shutil.which("pdftoppm")
        if pdftoppm:
            stem = out / "party-document"
            subprocess.run(  # fixed arguments, no shell
                [
                    pdftoppm,
                    "-png",
                    "-r",
                    str(options["dpi"]),
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    str(out / "party-document.pdf"),
                    str(stem),
                ],
                check=True,
            )
            self.stdout.write(f"{stem}.png")
        else:
            self.stdout.write("pdftoppm not installed: no PNG (apt-get install poppler-utils)")
