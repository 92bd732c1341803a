"""Writes on what happens around a meeting: posted documents, attendance (which moves absent
reporters on), the minutes, and the volunteers for the next meeting.

Same conventions as `services`: atomic, keyword-only, the actor's capability checked on the cell,
ValidationError with translated messages at the field.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.core.versioning import save_versioned
from lamtheo.organizations.models import Person, PersonKind

from . import selectors, services_reports
from .models import Attendance, AttendanceStatus, Meeting, MeetingDocument, MeetingState, Volunteer
from .services import clean_text, raise_errors, require_manage

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from lamtheo.accounts.models import User

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
MAX_DOCUMENTS = 10
# extension → the first bytes a real file of that kind starts with (none for plain text)
DOCUMENT_TYPES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".txt": (),
}


# --- documents ------------------------------------------------------------------------------------


def check_upload(upload: UploadedFile) -> str:
    """The file's extension if it is an allowed document of at most 10 MB whose content matches it."""
    name = os.path.basename(str(upload.name or ""))
    ext = os.path.splitext(name)[1].lower()
    size = int(getattr(upload, "size", 0) or 0)
    if ext not in DOCUMENT_TYPES:
        raise ValidationError(
            {
                "file": _("“%(name)s” is not an allowed document (PDF, Word, Excel, PowerPoint, ODT, JPG, PNG, TXT).")
                % {"name": name}
            }
        )
    if size == 0:
        raise ValidationError({"file": _("“%(name)s” is empty.") % {"name": name}})
    if size > MAX_DOCUMENT_BYTES:
        raise ValidationError({"file": _("“%(name)s” is larger than 10 MB.") % {"name": name}})
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    signatures = DOCUMENT_TYPES[ext]
    if signatures and not any(head.startswith(sig) for sig in signatures):
        raise ValidationError({"file": _("“%(name)s” does not look like a %(ext)s file.") % {"name": name, "ext": ext}})
    if not signatures:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            # the 2048-byte cut may split a character: allow an incomplete one at the end
            try:
                head[:-3].decode("utf-8")
            except UnicodeDecodeError as exc:
                raise ValidationError({"file": _("“%(name)s” is not a plain text file.") % {"name": name}}) from exc
    return ext


@transaction.atomic
def add_document(*, actor: User, meeting: Meeting, upload: UploadedFile, title: str = "") -> MeetingDocument:
    require_manage(actor, meeting.cell)
    if meeting.state == MeetingState.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."), code="state")
    check_upload(upload)
    if meeting.documents.count() >= MAX_DOCUMENTS:
        raise ValidationError({"file": _("A meeting has at most %(n)s documents.") % {"n": MAX_DOCUMENTS}})
    title = str(title or "").strip() or os.path.basename(str(upload.name))
    if len(title) > 200:
        raise ValidationError({"title": _("Please keep this under %(n)s characters.") % {"n": 200}})
    document = MeetingDocument(meeting=meeting, title=title, size=int(upload.size or 0), uploaded_by=actor)
    document.file.save(os.path.basename(str(upload.name)), upload, save=False)
    document.save()
    return document


@transaction.atomic
def delete_document(*, actor: User, document: MeetingDocument) -> None:
    require_manage(actor, document.meeting.cell)
    document.file.delete(save=False)
    document.delete()


# --- attendance and minutes -----------------------------------------------------------------------


@transaction.atomic
def record_attendance(
    *, actor: User, meeting: Meeting, rows: Sequence[Mapping[str, Any]], expected_version: int | None
) -> list[Attendance]:
    """Set each member's attendance (`rows`: person, status, reason; an empty status clears it).

    Reporters recorded as excused, absent or exempt before they presented are moved on to the
    next planned regular meeting (see services_reports.move_report).
    """
    require_manage(actor, meeting.cell)
    if meeting.state == MeetingState.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."), code="state")
    errors: list[str] = []
    cleaned: list[tuple[Person, str, str]] = []
    for given in rows:
        person = given.get("person")
        status, reason = str(given.get("status") or ""), str(given.get("reason") or "").strip()
        if not isinstance(person, Person) or person.cell_id != meeting.cell_id:
            errors.append(_("Choose members of this cell."))
            continue
        if status and status not in AttendanceStatus.values:
            errors.append(_("%(name)s: choose how they attended.") % {"name": person.full_name})
        elif status == AttendanceStatus.EXCUSED and not reason:
            errors.append(_("%(name)s: give the reason for the excuse.") % {"name": person.full_name})
        elif len(reason) > 300:
            errors.append(_("%(name)s: keep the reason under 300 characters.") % {"name": person.full_name})
        cleaned.append((person, status, reason))
    if errors:
        raise ValidationError(errors, code="invalid")
    save_versioned(meeting, expected_version=expected_version)  # one writer at a time on this meeting
    existing = {a.person_id: a for a in meeting.attendance.all()}
    saved: list[Attendance] = []
    for person, status, reason in cleaned:
        record = existing.get(person.pk)
        if not status:
            if record is not None:
                record.delete()
            continue
        if record is None:
            record = Attendance(meeting=meeting, person=person)
        if (record.status, record.reason) != (status, reason) or record.pk is None:
            record.status, record.reason = status, reason
            record.save()
        saved.append(record)
    away = {a.person_id: a for a in saved if a.status != AttendanceStatus.PRESENT}
    for report in meeting.reports.filter(person_id__in=list(away)).select_related("person"):
        if report.state in services_reports.MOVABLE:
            services_reports.move_on(actor=actor, report=report, attendance=away[report.person_id])
    return saved


MINUTES_FIELDS = (
    "chair",
    "recorder",
    "started_at",
    "ended_at",
    "news",
    "review_text",
    "follow_text",
    "tasks_text",
    "conclusions",
)


def minutes_length(meeting: Meeting) -> int | None:
    if meeting.started_at is None or meeting.ended_at is None:
        return None
    start = dt.datetime.combine(meeting.date, meeting.started_at)
    end = dt.datetime.combine(meeting.date, meeting.ended_at)
    return int((end - start).total_seconds() // 60)


@transaction.atomic
def save_minutes(
    *, actor: User, meeting: Meeting, data: Mapping[str, Any], held: bool, expected_version: int | None
) -> Meeting:
    """Keep the minutes (biên bản); with `held`, the meeting is recorded as held."""
    require_manage(actor, meeting.cell)
    if meeting.state == MeetingState.CANCELLED:
        raise ValidationError(_("This meeting was cancelled."), code="state")
    errors: dict[str, str] = {}
    cleaned = {key: data.get(key) for key in MINUTES_FIELDS}
    for key in ("chair", "recorder"):
        cleaned[key] = clean_text(cleaned[key], key, errors, 150)
    for key in ("news", "review_text", "follow_text", "tasks_text", "conclusions"):
        cleaned[key] = clean_text(cleaned[key], key, errors)
    for key in ("started_at", "ended_at"):
        if cleaned[key] is not None and not isinstance(cleaned[key], dt.time):
            errors[key] = _("Enter the time as hours:minutes, e.g. 19:30.")
    if not errors and cleaned["started_at"] and cleaned["ended_at"] and cleaned["ended_at"] <= cleaned["started_at"]:
        errors["ended_at"] = _("The meeting ends after it begins.")
    if held:
        if meeting.date > timezone.localdate():
            errors["held"] = _("A meeting is recorded as held on or after its date.")
        if not cleaned["chair"]:
            errors["chair"] = _("Say who chaired the meeting.")
        if not cleaned["started_at"]:
            errors["started_at"] = _("Say when the meeting began.")
        if not cleaned["ended_at"]:
            errors["ended_at"] = _("Say when the meeting ended.")
        if not meeting.attendance.exists():
            errors["held"] = _("Record the attendance first.")
    raise_errors(errors)
    for key, value in cleaned.items():
        setattr(meeting, key, value)
    if held:
        meeting.state = MeetingState.HELD
    save_versioned(meeting, expected_version=expected_version)
    return meeting


# --- volunteers -----------------------------------------------------------------------------------


@transaction.atomic
def record_volunteers(*, actor: User, meeting: Meeting, people: Sequence[Person]) -> list[Volunteer]:
    """Members who volunteered at `meeting` to report at the next planned regular meeting."""
    require_manage(actor, meeting.cell)
    target = selectors.next_regular(meeting)
    if target is None:
        raise ValidationError(_("There is no planned regular meeting after this one. Plan it first."), code="no_next")
    errors = [
        _("%(name)s is not a member of this cell.") % {"name": p.full_name}
        for p in people
        if p.cell_id != meeting.cell_id or p.kind != PersonKind.MEMBER
    ]
    if errors:
        raise ValidationError(errors, code="invalid")
    Volunteer.objects.filter(meeting=target, named_at=meeting).exclude(person__in=list(people)).delete()
    have = set(Volunteer.objects.filter(meeting=target).values_list("person_id", flat=True))
    created = [
        Volunteer.objects.create(meeting=target, person=p, named_at=meeting, recorded_by=actor)
        for p in people
        if p.pk not in have
    ]
    return created
