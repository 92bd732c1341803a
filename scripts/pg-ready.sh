#!/usr/bin/env bash
# Exit 0 when PostgreSQL answers on 127.0.0.1:5432; start the local cluster if it is installed but stopped.
set -u
ready() { command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432 -t 3; }
ready && exit 0
if command -v pg_lsclusters >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  pg_lsclusters --no-header 2>/dev/null | while read -r ver name _; do
    pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start >/dev/null 2>&1 || true
  done
  for _ in 1 2 3 4 5 6 7 8 9 10; do ready && exit 0; sleep 1; done
fi
exit 1
