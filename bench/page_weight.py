"""Page-weight budget of the member's pages (issue 18): bytes on the wire, cold and after the first visit.

    .venv/bin/python bench/page_weight.py            # print the table
    .venv/bin/python bench/page_weight.py --write    # also record it in docs/benchmarks.md

Seeds the `cell` demo (var/bench-pages.sqlite3, recreated; the member "dangvien" with an approved
registration) and requests each page of the member through Django's test client with
`Accept-Encoding: gzip`, so the HTML is measured as GZipMiddleware sends it. The static files a
page links (stylesheets, scripts, the icon sprite, the manifest) are measured gzipped as WhiteNoise
serves them (its pre-compressed files; brotli would be smaller still).

- cold: the HTML plus every linked file (first visit, empty cache);
- warm: after the first visit the static files come from the browser's cache (hashed names, cached
  for a year) and the service worker's shell cache, so only the HTML travels.

Budget: warm under 20 KB for every page of the member.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
DB = ROOT / "var" / "bench-pages.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamtheo.settings")
os.environ["PLAIN_STATIC"] = "1"
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- bench:pages:start -->", "<!-- bench:pages:end -->"
BUDGET = 20 * 1024

from seed_province import machine  # noqa: E402


def linked_assets(html: str) -> list[str]:
    """Same-origin files the page loads by itself (not images shown later, not links)."""
    found = re.findall(r'<(?:script[^>]*\bsrc|link[^>]*\bhref)="(/[^"]+)"', html)
    icons = re.findall(r'<use href="(/static/[^"#]+)#', html)
    return list(dict.fromkeys([*found, *icons[:1]]))


def asset_bytes(client, url: str) -> int:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return len(gzip.compress(body, 6)) if response.status_code == 200 else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help=f"record the results in {DOC.relative_to(ROOT)}")
    args = parser.parse_args()
    DB.parent.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{DB}{suffix}").unlink(missing_ok=True)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--scale", "cell", verbosity=0)

    from lamtheo.accounts.models import User
    from lamtheo.notebook.models import Registration

    member = User.objects.get(username="dangvien")
    year = timezone.localdate().year
    client = Client(HTTP_ACCEPT_ENCODING="gzip")
    client.force_login(member)
    pages = [
        ("home", reverse("core:home")),
        ("my notebook", f"{reverse('notebook:mine')}?year={year}"),
        ("registration form", reverse("notebook:edit", args=[member.person_id, year + 1])),
        ("my meetings", reverse("meetings:mine")),
        ("my study", reverse("study:mine")),
    ]
    reg = Registration.objects.filter(person_id=member.person_id, year=year, state="approved").first()
    if reg is not None:
        pages.append(("self-report form", reverse("notebook:self_report", args=[reg.pk, "mid_year"])))
    pages.append(("login (logged out)", reverse("accounts:login")))

    rows, over = [], []
    for name, url in pages:
        if name.startswith("login"):
            client.logout()
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        compressed = len(response.content)
        html = gzip.decompress(response.content).decode() if response.get("Content-Encoding") == "gzip" else ""
        raw = len(html.encode())
        assets = linked_assets(html)
        cold = compressed + sum(asset_bytes(client, a) for a in assets)
        rows.append((name, raw, compressed, 1 + len(assets), cold, compressed))
        if compressed >= BUDGET:
            over.append(name)

    lines = [
        f"Measured {timezone.localdate():%Y-%m-%d} by `bench/page_weight.py` on {machine()}; "
        "`cell` demo, member `dangvien`.",
        "",
        "| page | HTML | HTML gzipped | requests (cold) | cold, KB | **warm, KB** (budget 20) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, raw, compressed, requests, cold, warm in rows:
        saved = 100 * (1 - compressed / raw) if raw else 0
        lines.append(
            f"| {name} | {raw / 1024:.1f} KB | {compressed / 1024:.1f} KB (−{saved:.0f} %) | {requests} "
            f"| {cold / 1024:.1f} | **{warm / 1024:.1f}** |"
        )
    lines.append("")
    lines.append("All pages within the budget." if not over else f"Over the budget: {', '.join(over)}.")
    block = "\n".join(lines)
    print(block)
    if args.write:
        text = DOC.read_text(encoding="utf-8")
        if START in text:
            head, rest = text.split(START, 1)
            text = head + START + "\n" + block + "\n" + END + rest.split(END, 1)[1]
        else:
            text += f"\n{START}\n{block}\n{END}\n"
        DOC.write_text(text, encoding="utf-8")
    if over:
        sys.exit(1)


if __name__ == "__main__":
    main()
