"""Backup and restore of the database and the uploaded files in one archive (.tar.gz).

The archive holds `manifest.json` (engine, time, row count of every table, checksum of every
file), the database — an SQLite copy made with SQLite's online backup API, or a `pg_dump`
custom-format dump — and `media/`. The database is copied first, then the files: files are
only ever added or deleted, so every file the copied database names is in the archive.

Restore replaces the database and the uploaded files with the archive's, then checks the
row counts and checksums against the manifest. Stop the application (gunicorn, workers)
while restoring.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_NAME = "database.sqlite3"
PG_NAME = "database.pgdump"


class BackupError(Exception):
    """A backup or restore that cannot be done, with a message for the operator."""


@dataclass
class Manifest:
    engine: str
    created_at: str
    rows: dict[str, int]
    files: dict[str, str]  # path under media/ → sha256
    format: int = FORMAT
    extra: dict[str, Any] = field(default_factory=dict)


def engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def row_counts() -> dict[str, int]:
    """Rows of every concrete model's table (one COUNT per table)."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        counts[model._meta.db_table] = model._base_manager.count()
    return dict(sorted(counts.items()))


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root: Path) -> dict[str, str]:
    if not root.is_dir():
        return {}
    return {path.relative_to(root).as_posix(): sha256(path) for path in sorted(root.rglob("*")) if path.is_file()}


def _pg_env() -> tuple[list[str], dict[str, str]]:
    s = connection.settings_dict
    args = ["--dbname", s["NAME"]]
    if s.get("HOST"):
        args += ["--host", str(s["HOST"])]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", str(s["USER"])]
    env = {**os.environ}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    return args, env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    except FileNotFoundError as exc:
        raise BackupError(f"{command[0]} is not installed (apt-get install postgresql-client).") from exc
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()[:2000]}")


def _dump_database(kind: str, target: Path) -> None:
    if kind == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)  # a consistent copy while others may write
        finally:
            destination.close()
        return
    args, env = _pg_env()
    _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args], env)


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(dt.datetime.now().timestamp())
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(data))


def backup(out: Path) -> Manifest:
    """Write the archive to `out` (created with mode 0600: it holds every member's data)."""
    kind = engine()
    media_root = Path(settings.MEDIA_ROOT)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        dump = Path(tmp) / (SQLITE_NAME if kind == "sqlite" else PG_NAME)
        _dump_database(kind, dump)
        manifest = Manifest(
            engine=kind,
            created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            rows=row_counts(),
            files=media_files(media_root),
        )
        partial = out.with_name(out.name + ".part")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            _add_bytes(archive, MANIFEST, json.dumps(manifest.__dict__, indent=1, ensure_ascii=False).encode())
            archive.add(dump, arcname=dump.name)
            for name in manifest.files:
                archive.add(media_root / name, arcname=f"media/{name}")
        partial.replace(out)
    return manifest


def read_manifest(archive: tarfile.TarFile) -> Manifest:
    try:
        member = archive.extractfile(MANIFEST)
    except KeyError as exc:
        raise BackupError("This file is not a lamtheo backup (no manifest.json).") from exc
    if member is None:
        raise BackupError("This file is not a lamtheo backup (no manifest.json).")
    data = json.loads(member.read())
    if data.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {data.get('format')!r}.")
    return Manifest(**data)


def _restore_database(kind: str, dump: Path) -> None:
    if kind == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(dump)
        try:
            source.backup(connection.connection)  # replaces every page of the live database
        finally:
            source.close()
        return
    connection.close()
    args, env = _pg_env()
    options = ["--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction"]
    _run(["pg_restore", *options, *args, str(dump)], env)


def _replace_media(archive: tarfile.TarFile, media_root: Path, names: list[str]) -> None:
    media_root.mkdir(parents=True, exist_ok=True)
    for child in media_root.iterdir():
        shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
    members = [m for m in archive.getmembers() if m.name.startswith("media/") and m.isfile()]
    expected = {f"media/{name}" for name in names}
    for member in members:
        if member.name not in expected:
            raise BackupError(f"Unexpected file in the archive: {member.name}")
        member.name = member.name.removeprefix("media/")
        archive.extract(member, media_root, filter="data")  # refuses absolute paths and ..


@dataclass
class RestoreReport:
    manifest: Manifest
    row_differences: dict[str, tuple[int, int]]  # table → (in the backup, after restore)
    file_differences: list[str]

    @property
    def ok(self) -> bool:
        return not self.row_differences and not self.file_differences


def restore(path: Path) -> RestoreReport:
    kind = engine()
    if not path.is_file():
        raise BackupError(f"No such file: {path}")
    try:
        archive = tarfile.open(path, mode="r:gz")  # noqa: SIM115 - closed by the with below
    except (tarfile.TarError, OSError) as exc:
        raise BackupError("This file is not a lamtheo backup (.tar.gz).") from exc
    with archive, tempfile.TemporaryDirectory() as tmp:
        manifest = read_manifest(archive)
        if manifest.engine != kind:
            raise BackupError(
                f"This backup is of a {manifest.engine} database; the configured database is {kind}. "
                "Restore it with the same kind of database."
            )
        name = SQLITE_NAME if kind == "sqlite" else PG_NAME
        try:
            archive.extract(name, tmp, filter="data")
        except KeyError as exc:
            raise BackupError(f"The backup has no {name}.") from exc
        _restore_database(kind, Path(tmp) / name)
        media_root = Path(settings.MEDIA_ROOT)
        _replace_media(archive, media_root, list(manifest.files))
    after = row_counts()
    rows = {
        table: (count, after.get(table, -1)) for table, count in manifest.rows.items() if after.get(table, -1) != count
    }
    found = media_files(media_root)
    files = sorted(name for name in set(manifest.files) | set(found) if manifest.files.get(name) != found.get(name))
    return RestoreReport(manifest, rows, files)
