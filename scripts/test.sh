#!/usr/bin/env bash
# The full check: lint, migrations, pytest on SQLite, then on PostgreSQL when reachable.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export PLAIN_STATIC=1 DJANGO_ALLOW_ASYNC_UNSAFE=true
unset DATABASE_URL_SQLITE || true

echo "== ruff"; $BIN/ruff check . && $BIN/ruff format --check .
echo "== mypy"; $BIN/mypy lamtheo
echo "== makemigrations --check"
DATABASE_URL=sqlite:///:memory: $BIN/python manage.py makemigrations --check --dry-run >/dev/null
[ -x /usr/bin/chromium ] || { echo "Chromium is missing: browser tests cannot run" >&2; exit 1; }

PYTEST_ARGS=(-n "${PYTEST_WORKERS:-2}" -q "$@")

echo "== pytest on SQLite"
DATABASE_URL="sqlite:///$(pwd)/var/test.sqlite3" $BIN/pytest "${PYTEST_ARGS[@]}"

PG_URL="${LAMTHEO_PG_URL:-postgres://postgres@127.0.0.1:5432/lamtheo}"
if bash scripts/pg-ready.sh; then
  echo "== pytest on PostgreSQL"
  DATABASE_URL="$PG_URL" $BIN/pytest "${PYTEST_ARGS[@]}"
elif [ "${LAMTHEO_REQUIRE_POSTGRES:-0}" = 1 ]; then
  echo "PostgreSQL is required (LAMTHEO_REQUIRE_POSTGRES=1) but not reachable on 127.0.0.1:5432" >&2
  exit 1
else
  echo "== PostgreSQL not reachable: skipped the PostgreSQL run (set LAMTHEO_REQUIRE_POSTGRES=1 to fail instead)"
fi
