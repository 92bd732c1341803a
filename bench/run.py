"""`make bench`: the project's benchmarks, one after the other.

    .venv/bin/python bench/run.py            # print the results
    .venv/bin/python bench/run.py --write    # also record them in docs/benchmarks.md, docs/pledge-check.md

The province seed runs on SQLite (var/bench-province.sqlite3) and, when PostgreSQL answers on
127.0.0.1:5432, on BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/lamtheo_bench). Both
benchmark databases are dropped and created again.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/lamtheo_bench")


def run(script: str, *args: str, database_url: str | None = None) -> None:
    env = dict(os.environ)
    if database_url:
        env["DATABASE_URL"] = database_url
    where = f" on {database_url}" if database_url else ""
    print(f"\n== {' '.join([script, *args])}{where}", flush=True)
    subprocess.run([sys.executable, str(ROOT / "bench" / script), *args], cwd=ROOT, env=env, check=True)


def main() -> None:
    extra = [a for a in sys.argv[1:] if a == "--write"]
    run("seed_province.py", *extra, database_url=f"sqlite:///{ROOT / 'var' / 'bench-province.sqlite3'}")
    if subprocess.run(["bash", str(ROOT / "scripts" / "pg-ready.sh")], check=False).returncode == 0:
        run("seed_province.py", *extra, database_url=PG_URL)
        run("review_bench.py", *extra)
    else:
        print("\n== PostgreSQL is not reachable on 127.0.0.1:5432: skipped the PostgreSQL run")
    run("pledge_check_bench.py", *extra)
    run("page_weight.py", *extra)


if __name__ == "__main__":
    main()
