"""Check registration items from a file or stdin: one JSON object per line, in input order.

python manage.py pledge_check items.txt            # one item per line
python manage.py pledge_check < items.txt
python manage.py pledge_check --tsv pledges-dev.tsv  # label<TAB>text; metrics on stderr
"""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lamtheo.notebook.quality import SPECIFIC, VAGUE, NearCopyIndex, check_pledge

LABELS = (SPECIFIC, VAGUE)


class Command(BaseCommand):
    help = "Check registration items (đăng ký làm theo): prints one JSON line per item."
    # Tests pass stdin=io.StringIO(...) through call_command, as createsuperuser allows.
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="UTF-8 text file, one item per line (default: stdin).")
        parser.add_argument(
            "--tsv",
            action="store_true",
            help="Lines are label<TAB>text (label specific or vague); print accuracy, precision and "
            "recall for 'vague' to stderr.",
        )
        parser.add_argument("--duty", default="", help="The member's position or job, for not_tied_to_duty.")
        parser.add_argument(
            "--copies", action="store_true", help="Also compare each item with the earlier items (near_copy)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        lines = list(self._lines(options.get("file"), options.get("stdin")))
        rows = self._parse_tsv(lines) if options["tsv"] else [(None, n, text) for n, text in lines]
        index = NearCopyIndex() if options["copies"] else None
        confusion = {(expected, got): 0 for expected in LABELS for got in LABELS}
        misses: list[str] = []
        for label, line_no, text in rows:
            verdict = check_pledge(text, duty=options["duty"], others=index if index else ())
            out = verdict.as_dict()
            if label is not None:
                out["expected"] = label
                confusion[(label, verdict.verdict)] += 1
                if label != verdict.verdict:
                    misses.append(f"  line {line_no}: expected {label}, got {verdict.verdict}: {text}")
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            if index is not None:
                index.add(f"line {line_no}", text)
        if options["tsv"]:
            self._report(confusion, misses)

    def _lines(self, path: str | None, stdin: TextIO | None) -> Iterator[tuple[int, str]]:
        """(line number, text) of the non-blank lines, BOM stripped."""
        if path:
            try:
                text = Path(path).read_text(encoding="utf-8-sig")
            except FileNotFoundError as exc:
                raise CommandError(f"File not found: {path}") from exc
            except UnicodeDecodeError as exc:
                raise CommandError(f"{path} is not UTF-8 text (byte {exc.start}). Save it as UTF-8.") from exc
            stream: TextIO = io.StringIO(text)
        else:
            stream = stdin or _utf8_stdin()
        for number, raw in enumerate(stream, start=1):
            line = raw.lstrip("\ufeff") if number == 1 else raw
            line = line.rstrip("\r\n")
            if line.strip():
                yield number, line

    def _parse_tsv(self, lines: list[tuple[int, str]]) -> list[tuple[str | None, int, str]]:
        rows: list[tuple[str | None, int, str]] = []
        for index, (number, line) in enumerate(lines):
            label, sep, text = line.partition("\t")
            label = label.strip().lower()
            if index == 0 and label == "label":
                continue  # header
            if not sep or label not in LABELS:
                raise CommandError(
                    f"Line {number}: expected 'specific' or 'vague', a TAB, then the text; got {line[:60]!r}."
                )
            rows.append((label, number, text))
        return rows

    def _report(self, confusion: dict[tuple[str, str], int], misses: list[str]) -> None:
        tp, fn = confusion[(VAGUE, VAGUE)], confusion[(VAGUE, SPECIFIC)]
        fp, tn = confusion[(SPECIFIC, VAGUE)], confusion[(SPECIFIC, SPECIFIC)]
        total = tp + fn + fp + tn
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        accuracy = (tp + tn) / total if total else 0.0
        err = self.stderr
        err.write(f"items: {total}")
        err.write(f"accuracy: {accuracy:.3f}")
        err.write(f"precision (vague): {precision:.3f}")
        err.write(f"recall (vague): {recall:.3f}")
        err.write(f"confusion: vague→vague {tp}, vague→specific {fn}, specific→vague {fp}, specific→specific {tn}")
        if misses:
            err.write("misclassified:")
            for miss in misses:
                err.write(miss)


def _utf8_stdin() -> TextIO:
    """stdin decoded as UTF-8 whatever the locale (servers often run with LANG=C)."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:
        return sys.stdin
    return io.TextIOWrapper(buffer, encoding="utf-8-sig", errors="replace")
