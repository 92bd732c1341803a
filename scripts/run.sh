#!/usr/bin/env bash
# `make run`: lamtheo as it runs in production — gunicorn, DEBUG off, static files by WhiteNoise,
# uploaded files only through the scoped views. HOST=0.0.0.0 opens it to the local network.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
SCALE="${SCALE:-commune}"
VENV_STAMP=.venv/.installed
export DEBUG=0
mkdir -p var

if [ -z "${ALLOWED_HOSTS:-}" ]; then
  hosts="127.0.0.1,localhost"
  origins="http://127.0.0.1:$PORT,http://localhost:$PORT"
  if [ "$HOST" = "0.0.0.0" ]; then
    # Members' phones reach the server by this machine's addresses on the local network.
    for addr in $(hostname -I 2>/dev/null) "$(hostname)"; do
      case "$addr" in *:*) continue ;; esac  # IPv6: not offered here
      hosts="$hosts,$addr"
      origins="$origins,http://$addr:$PORT"
    done
  elif [ "$HOST" != "127.0.0.1" ] && [ "$HOST" != "localhost" ]; then
    hosts="$hosts,$HOST"
    origins="$origins,http://$HOST:$PORT"
  fi
  export ALLOWED_HOSTS="$hosts"
  export CSRF_TRUSTED_ORIGINS="${CSRF_TRUSTED_ORIGINS:-$origins}"
fi

$BIN/python manage.py migrate --noinput
manifest=var/static/staticfiles.json
if [ ! -f "$manifest" ] || [ "$VENV_STAMP" -nt "$manifest" ] \
   || [ -n "$(find static lamtheo -path '*/static/*' -newer "$manifest" -print -quit)" ]; then
  $BIN/python manage.py collectstatic --noinput --verbosity 0  # hashed, compressed copies for WhiteNoise
fi
if [ "$SCALE" = "none" ]; then
  $BIN/python manage.py bootstrap --check
else
  $BIN/python manage.py seed_demo --scale "$SCALE" --if-empty
fi

echo "lamtheo: http://$HOST:$PORT/ (production mode; ALLOWED_HOSTS=$ALLOWED_HOSTS)"
if [ "$HOST" = "0.0.0.0" ]; then
  for addr in $(hostname -I 2>/dev/null); do
    case "$addr" in *:*) ;; *) echo "  on the local network: http://$addr:$PORT/" ;; esac
  done
fi
exec $BIN/gunicorn lamtheo.wsgi --bind "$HOST:$PORT" --workers "${WORKERS:-2}" --timeout 120 \
  --access-logfile - --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}"
