"""Uploaded documents (essays, plans): size-limited and type-checked by their content, not their name."""

from __future__ import annotations

import io
import mimetypes
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
ACCEPT = ".pdf,.docx,.doc,.odt,.jpg,.jpeg,.png"
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "odt": "application/vnd.oasis.opendocument.text",
    "jpg": "image/jpeg",
    "png": "image/png",
}


def max_bytes() -> int:
    return int(getattr(settings, "STUDY_MAX_DOCUMENT_BYTES", MAX_DOCUMENT_BYTES))


@dataclass
class CheckedDocument:
    content: ContentFile[bytes]
    original_name: str
    extension: str

    @property
    def storage_name(self) -> str:
        return f"{uuid.uuid4().hex}.{self.extension}"


def _zip_kind(raw: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            names = set(archive.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names and archive.read("mimetype").strip() == b"application/vnd.oasis.opendocument.text":
                return "odt"
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, RuntimeError):
        return None
    return None


def sniff(raw: bytes) -> str | None:
    """The document type from the first bytes (and, for zip files, their contents)."""
    if raw.startswith(b"%PDF-"):
        return "pdf"
    if raw.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if raw.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "doc"
    if raw.startswith(b"PK\x03\x04"):
        return _zip_kind(raw)
    return None


def check_document(upload: Any) -> CheckedDocument:
    """Read and check one upload, or raise a Vietnamese ValidationError."""
    name = PurePath(str(getattr(upload, "name", "") or "")).name[:200] or _("the file")
    size = int(getattr(upload, "size", 0) or 0)
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            _("“%(name)s” is too large: at most %(max)s MB.") % {"name": name, "max": limit // (1024 * 1024)},
            code="too_big",
        )
    upload.seek(0)
    raw = upload.read(limit + 1)
    if len(raw) > limit:
        raise ValidationError(
            _("“%(name)s” is too large: at most %(max)s MB.") % {"name": name, "max": limit // (1024 * 1024)},
            code="too_big",
        )
    if not raw:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    kind = sniff(raw)
    if kind is None:
        raise ValidationError(
            _("“%(name)s” is not a document we accept. Choose a PDF, Word (DOCX, DOC), ODT, JPEG or PNG file.")
            % {"name": name},
            code="type",
        )
    return CheckedDocument(ContentFile(raw), name, kind)


def content_type(stored_name: str) -> str:
    extension = PurePath(stored_name).suffix.lstrip(".").lower()
    return CONTENT_TYPES.get(extension) or mimetypes.guess_type(stored_name)[0] or "application/octet-stream"


def attach(instance: Any, *, document: CheckedDocument | None, remove: bool = False) -> None:
    """Put `document` in `instance.file` (or clear it when `remove`); the replaced file is deleted
    only once the transaction commits, so a failed save keeps the old one."""
    old = instance.file.name if instance.file else ""
    if document is not None:
        instance.file.save(document.storage_name, document.content, save=False)
        instance.file_name = document.original_name
    elif remove and old:
        instance.file = ""
        instance.file_name = ""
    if old and old != (instance.file.name or ""):
        storage = instance.file.storage
        transaction.on_commit(lambda: storage.delete(old))
