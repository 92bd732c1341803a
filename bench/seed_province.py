"""Province-size benchmark: seed about 100,000 people into a fresh database, then time a few reads.

    .venv/bin/python bench/seed_province.py             # SQLite: var/bench-province.sqlite3, recreated
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lamtheo_bench .venv/bin/python bench/seed_province.py
    ... --write                                         # also record the results in docs/benchmarks.md

The database is dropped and created again (SQLite: the file is deleted) and migrated in a
subprocess, so the peak RSS reported is the seeding process's own. To protect real data the
database name must contain "bench". Reads are timed as the median of 5 runs after a first
(cold) run; PostgreSQL is ANALYZEd first, as autovacuum would do after a bulk load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lamtheo.settings")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench-province.sqlite3'}")
DOC = ROOT / "docs" / "benchmarks.md"

import dj_database_url  # noqa: E402


def recreate_database(url: str) -> str:
    """Drop and create the benchmark database; returns the engine ("sqlite" or "postgresql")."""
    config = dj_database_url.parse(url)
    name = str(config["NAME"])
    if "bench" not in Path(name).name:
        sys.exit(f'Refusing to recreate "{name}": the benchmark database name must contain "bench".')
    if "sqlite" in config["ENGINE"]:
        for suffix in ("", "-wal", "-shm"):
            Path(name + suffix).unlink(missing_ok=True)
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        return "sqlite"
    import psycopg
    from psycopg import sql

    params = {"host": config.get("HOST") or None, "port": config.get("PORT") or None}
    params |= {"user": config.get("USER") or None, "password": config.get("PASSWORD") or None}
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return "postgresql"


def timed(fn: Callable[[], Any], repeat: int = 5) -> tuple[float, float, Any]:
    """(first run ms, median of `repeat` further runs ms, result)."""
    start = time.perf_counter()
    result = fn()
    first = (time.perf_counter() - start) * 1000
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        runs.append((time.perf_counter() - start) * 1000)
    return first, statistics.median(runs), result


def machine() -> str:
    mem = 0.0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem = int(line.split()[1]) / 1024 / 1024
    return f"{os.cpu_count()} cores, {mem:.1f} GiB RAM, {platform.system()} {platform.machine()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", default="province", choices=["cell", "commune", "province"])
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--write", action="store_true", help=f"record the results in {DOC.relative_to(ROOT)}")
    args = parser.parse_args()

    url = os.environ["DATABASE_URL"]
    engine = recreate_database(url)
    start = time.perf_counter()
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, check=True)
    migrate_s = time.perf_counter() - start

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lamtheo.accounts.models import User
    from lamtheo.organizations import selectors
    from lamtheo.organizations.models import Membership, Organization, Person, RoleAssignment

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"Seeding the {args.scale} scale into {engine} ({connection.settings_dict['NAME']})…", flush=True)
    start = time.perf_counter()
    quiet = io.StringIO() if args.scale != "province" else None  # the province scale prints its progress
    call_command("seed_demo", scale=args.scale, seed=args.seed, stdout=quiet)
    seed_s = time.perf_counter() - start
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024

    with connection.cursor() as cursor:
        if engine == "sqlite":
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            size = Path(connection.settings_dict["NAME"]).stat().st_size
            cursor.execute("select sqlite_version()")
            version = f"SQLite {cursor.fetchone()[0]}"
        else:
            cursor.execute("ANALYZE")
            cursor.execute("select pg_database_size(current_database()), current_setting('server_version')")
            size, server = cursor.fetchone()
            version = f"PostgreSQL {server.split()[0]}"

    counts = {
        "units (organizations)": Organization.objects.count(),
        "cells": Organization.objects.filter(kind__in=["cell", "base_cell"]).count(),
        "base organisations": Organization.objects.filter(kind__in=["base", "base_cell"], depth=2).count(),
        "people": Person.objects.count(),
        "memberships": Membership.objects.count(),
        "accounts": User.objects.count(),
        "role assignments": RoleAssignment.objects.count(),
    }

    superuser = User.objects.get(username="admin")
    root = Organization.objects.get(depth=1)
    children = list(Organization.objects.filter(path__startswith=root.path, depth=2).order_by("path"))
    counts_first, counts_median, _ = timed(lambda: selectors.subtree_member_counts(children))
    search = selectors.search_people(superuser, "nguyen van an")
    page_first, page_median, page = timed(lambda: list(search[:50]))
    count_first, count_median, found = timed(search.count)
    capuy = User.objects.get(username="capuy")
    scoped = selectors.search_people(capuy, "nguyen")
    scoped_first, scoped_median, scoped_found = timed(scoped.count)

    today = dt.date.today().isoformat()
    lines = [
        f"Measured {today} by `bench/seed_province.py --scale {args.scale}` on {machine()}, "
        f"Python {platform.python_version()}, {version}.",
        "",
        "| measure | value |",
        "| --- | ---: |",
        f"| seed time (`seed_demo --scale {args.scale}`) | {seed_s:.1f} s |",
        f"| migrate (fresh database, separate process) | {migrate_s:.1f} s |",
        f"| peak RSS of the seeding process | {rss_peak} MiB (after Django setup: {rss_before} MiB) |",
        f"| database size | {size / 1024 / 1024:.0f} MiB |",
        *(f"| {name} | {value:,} |" for name, value in counts.items()),
        f"| `subtree_member_counts` of the root's {len(children)} children | "
        f"{counts_median:.0f} ms (first run {counts_first:.0f} ms) |",
        f'| `search_people(superuser, "nguyen van an")`: first 50 of {found:,} | '
        f"{page_median:.1f} ms (first run {page_first:.1f} ms) |",
        f"| the same search: `.count()` | {count_median:.1f} ms (first run {count_first:.1f} ms) |",
        f'| `search_people(commune committee member, "nguyen").count()` → {scoped_found:,} | '
        f"{scoped_median:.1f} ms (first run {scoped_first:.1f} ms) |",
    ]
    assert len(page) == min(50, found)
    block = "\n".join(lines)
    print(block)
    if args.write:
        start_marker = f"<!-- bench:{args.scale}:{engine}:start -->"
        end_marker = f"<!-- bench:{args.scale}:{engine}:end -->"
        doc = DOC.read_text(encoding="utf-8")
        if start_marker not in doc:
            sys.exit(f"{DOC.relative_to(ROOT)} has no {start_marker} block to update.")
        head, _, rest = doc.partition(start_marker)
        _, _, tail = rest.partition(end_marker)
        DOC.write_text(f"{head}{start_marker}\n{block}\n{end_marker}{tail}", encoding="utf-8")
        print(f"\nwritten to {DOC.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
