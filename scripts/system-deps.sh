#!/usr/bin/env bash
# Debian packages the tests and exports need: Chromium (browser tests), gettext (catalogue),
# fonts with Vietnamese glyphs, LibreOffice (the DOCX layout test converts with it). Installed only when missing and when we are root.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
[ -d /usr/share/fonts/truetype/liberation2 ] || missing+=(fonts-liberation2)
[ -d /usr/share/fonts/truetype/noto ] || missing+=(fonts-noto-core)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "Missing system packages: ${missing[*]} (run as root or: sudo apt-get install ${missing[*]})" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
echo "Installing ${missing[*]} with apt-get…"
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
