"""Pledge check: speed (ms/item) and accuracy on the labelled sets.

    .venv/bin/python bench/pledge_check_bench.py            # print the results table
    .venv/bin/python bench/pledge_check_bench.py --write    # also update docs/pledge-check.md

Speed: every item of the dev, held-out and fresh sets, repeated, timed without `others`, against
300 others given as a plain list, and against a prebuilt NearCopyIndex of 300 others.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamtheo.settings")

import django  # noqa: E402

django.setup()

from lamtheo.notebook.quality import NearCopyIndex, check_pledge  # noqa: E402
from lamtheo.notebook.quality.similarity import fingerprint  # noqa: E402

DEV = Path(os.environ.get("PLEDGES_DEV", "/work/shared/data/pledges-dev.tsv"))
SETS = {
    "dev (shared, 40)": DEV,
    "held-out (tests/data/pledges_heldout.tsv)": ROOT / "tests/data/pledges_heldout.tsv",
    "fresh (tests/data/pledges_fresh.tsv)": ROOT / "tests/data/pledges_fresh.tsv",
}
DOC = ROOT / "docs/pledge-check.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def load(path: Path) -> list[tuple[str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        label, _, text = line.partition("\t")
        if line.strip() and label != "label":
            rows.append((label, text))
    return rows


def scores(rows: list[tuple[str, str]]) -> dict[str, float | int]:
    tp = fn = fp = tn = 0
    for label, text in rows:
        got = check_pledge(text).verdict
        if label == "vague":
            tp, fn = (tp + 1, fn) if got == "vague" else (tp, fn + 1)
        else:
            fp, tn = (fp + 1, tn) if got == "vague" else (fp, tn + 1)
    return {
        "n": len(rows),
        "accuracy": (tp + tn) / len(rows),
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "tp": tp,
        "fn": fn,
        "fp": fp,
        "tn": tn,
    }


def per_item_ms(texts: list[str], repeat: int, **kwargs: object) -> float:
    """Median over `repeat` rounds of the mean time per item."""
    rounds = []
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            check_pledge(text, **kwargs)  # type: ignore[arg-type]
        rounds.append((time.perf_counter() - start) * 1000 / len(texts))
    return statistics.median(rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--write", action="store_true", help=f"update the results block in {DOC}")
    args = parser.parse_args()

    data = {name: load(path) for name, path in SETS.items() if path.exists()}
    texts = [text for rows in data.values() for _, text in rows]
    # 300 others: every item once, then lightly edited repeats ("... mỗi năm") to reach 300
    others = [(f"member {i}", texts[i % len(texts)] + (" mỗi năm" if i >= len(texts) else "")) for i in range(300)]

    plain = per_item_ms(texts, args.repeat)
    as_list = per_item_ms(texts, max(3, args.repeat // 5), others=others)
    fingerprint.cache_clear()
    start = time.perf_counter()
    index = NearCopyIndex(others)
    build_ms = (time.perf_counter() - start) * 1000
    with_index = per_item_ms(texts, args.repeat, others=index)

    lines = [
        f"Measured by `bench/pledge_check_bench.py` on {platform.python_implementation()} "
        f"{platform.python_version()}, {platform.machine()}; {len(texts)} items × {args.repeat} rounds.",
        "",
        "| set | items | accuracy | precision (vague) | recall (vague) | vague→vague | vague→specific "
        "| specific→vague | specific→specific |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, rows in data.items():
        s = scores(rows)
        lines.append(
            f"| {name} | {s['n']} | {s['accuracy']:.3f} | {s['precision']:.3f} | {s['recall']:.3f} "
            f"| {s['tp']} | {s['fn']} | {s['fp']} | {s['tn']} |"
        )
    lines += [
        "",
        "| speed | mean ms per item |",
        "| --- | ---: |",
        f"| check without `others` | {plain:.3f} |",
        f"| check against 300 others passed as a list | {as_list:.3f} |",
        f"| check against a prebuilt `NearCopyIndex` of 300 | {with_index:.3f} |",
        f"| building the index of 300 (once, cold) | {build_ms:.1f} ms in all |",
    ]
    block = "\n".join(lines)
    print(block)
    if args.write:
        doc = DOC.read_text(encoding="utf-8")
        head, _, rest = doc.partition(START)
        _, _, tail = rest.partition(END)
        DOC.write_text(f"{head}{START}\n{block}\n{END}{tail}", encoding="utf-8")
        print(f"\nwritten to {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
