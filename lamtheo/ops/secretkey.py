"""The secret key: from SECRET_KEY, else generated once into var/secret_key (mode 0600).

Imported by settings.py before Django is set up, so it uses nothing but the standard library
and Django's exception class.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

# Keys that were ever public (in this repository or its docs): never accepted with DEBUG off.
KNOWN_KEYS = frozenset(
    {
        "dev-only-insecure-key-change-me-in-production-0123456789",
        "change-me",
        "secret",
    }
)
MIN_LENGTH = 50


def _read_or_create(path: Path) -> str:
    """Read the key file, creating it with a fresh random key (owner-only) when missing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_urlsafe(64))
    os.chmod(path, 0o600)  # whatever the umask was
    return path.read_text(encoding="ascii").strip()


def is_known_or_weak(key: str) -> bool:
    return key in KNOWN_KEYS or key.startswith("django-insecure-") or len(key) < MIN_LENGTH


def load_secret_key(*, var_dir: Path, debug: bool) -> str:
    key = os.environ.get("SECRET_KEY", "").strip()
    if not key:
        key = _read_or_create(Path(os.environ.get("SECRET_KEY_FILE", "") or var_dir / "secret_key"))
    if not debug and is_known_or_weak(key):
        raise ImproperlyConfigured(
            "SECRET_KEY is a published or weak key (under 50 characters) and DEBUG is off: refusing to start. "
            "Unset SECRET_KEY to use the key generated in var/secret_key, or set a long random one."
        )
    return key
