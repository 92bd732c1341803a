"""Checks and names for the files of guiding documents (PDF, DOC, DOCX, ODT up to 10 MB).

The type is checked from the content, not only from the name: a PDF starts with "%PDF-", a
DOC is an OLE2 compound file, a DOCX is a zip holding word/document.xml and an ODT a zip whose
"mimetype" entry names an OpenDocument text.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".doc": "application/msword",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".odt": "application/vnd.oasis.opendocument.text",
}
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def extension(name: str) -> str:
    return PurePath(name or "").suffix.lower()


def _zip_names(upload: UploadedFile) -> tuple[zipfile.ZipFile | None, set[str]]:
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError):
        return None, set()
    return archive, set(archive.namelist())


def _content_matches(upload: UploadedFile, ext: str) -> bool:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if ext == ".pdf":
        return head.startswith(b"%PDF-")
    if ext == ".doc":
        return head == OLE2
    if not head.startswith(b"PK"):
        return False
    archive, names = _zip_names(upload)
    try:
        if archive is None:
            return False
        if ext == ".docx":
            return "word/document.xml" in names and "[Content_Types].xml" in names
        if "mimetype" not in names:
            return False
        with archive.open("mimetype") as entry:
            return entry.read(len(ODT_MIMETYPE) + 1).strip() == ODT_MIMETYPE
    finally:
        if archive is not None:
            archive.close()
        upload.seek(0)


def check_document(upload: UploadedFile) -> None:
    """Raise a ValidationError (Vietnamese) unless `upload` is a PDF/DOC/DOCX/ODT of at most 10 MB."""
    ext = extension(upload.name or "")
    if ext not in CONTENT_TYPES:
        raise ValidationError(_("Attach a PDF, DOC, DOCX or ODT file."), code="file_type")
    size = upload.size or 0
    if size == 0:
        raise ValidationError(_("The attached file is empty."), code="file_empty")
    if size > MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is 10 MB.") % {"size": f"{size / 1024 / 1024:.1f}"},
            code="file_size",
        )
    if not _content_matches(upload, ext):
        raise ValidationError(
            _("The file is not a valid %(type)s document. Save it again in that format and attach it.")
            % {"type": ext[1:].upper()},
            code="file_content",
        )


def _ascii(text: str) -> str:
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if unicodedata.category(ch) != "Mn")
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-")


def download_name(number: str, stored: str) -> str:
    """A readable name for a download: the document's number without diacritics, e.g. 05-CT-TW.pdf."""
    return f"{(_ascii(number) or 'van-ban')[:80]}{extension(stored)}"


def stored_name(number: str, original: str) -> str:
    """The name to store an upload under: from the number, with a random part so it cannot be guessed."""
    return f"{(_ascii(number) or 'van-ban')[:40]}-{secrets.token_hex(6)}{extension(original)}"
