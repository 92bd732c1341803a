"""Writes on contest entries: a unit's managers send entries for their unit, a member sends their
own (from their cell); both edit or withdraw them until the entries close. Same conventions as
`services`: keyword-only, atomic, ValidationError by field, PermissionDenied → 404."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.core.versioning import save_versioned
from lamtheo.organizations.models import Organization, Person
from lamtheo.organizations.scoping import Capability
from lamtheo.organizations.selectors import reaches
from lamtheo.study.uploads import CheckedDocument, attach

from .models import Contest, Entry, EntryAuthor, EntryState, EntryType, Phase
from .services import MAX_TEXT, dmy

if TYPE_CHECKING:
    from lamtheo.accounts.models import User


@dataclass
class AuthorRow:
    full_name: str
    birth_year: int | None
    person: Person | None = None


AUTHOR_LINE = re.compile(r"^(?P<name>.+?)[\s,;|-]+(?P<year>\d{4})$")


def parse_outsiders(text: str, *, today: dt.date | None = None) -> list[AuthorRow]:
    """Lines "full name, year of birth" for authors from outside the roster."""
    this_year = (today or timezone.localdate()).year
    rows: list[AuthorRow] = []
    for number, raw in enumerate((text or "").splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        match = AUTHOR_LINE.match(line)
        if not match:
            raise ValidationError(
                _("Line %(n)s: write the full name and the year of birth, e.g. “Nguyễn Thị Hoa, 1958”.") % {"n": number}
            )
        year = int(match["year"])
        if not this_year - 110 <= year <= this_year - 3:
            raise ValidationError(
                _("Line %(n)s: %(year)s is not a believable year of birth.") % {"n": number, "year": year}
            )
        rows.append(AuthorRow(match["name"].strip()[:150], year))
    return rows


def sending_units(actor: User, contest: Contest) -> list[Organization]:
    """Units the actor may send entries for: those they manage in the contest's subtree, and
    their own cell (for their own entries)."""
    from .selectors import managed_units

    units = list(managed_units(actor, contest))
    person = actor.person if actor.person_id else None
    if person is not None and person.cell.path.startswith(contest.organization.path) and person.cell not in units:
        units.append(person.cell)
    return units


def _check_open(contest: Contest, today: dt.date) -> None:
    if contest.phase != Phase.ENTRIES:
        raise ValidationError(_("The entries are closed: the contest is judging or has its results."), code="closed")
    if today < contest.entries_open:
        raise ValidationError(
            _("The entries open on %(day)s; nothing was saved.") % {"day": dmy(contest.entries_open)}, code="closed"
        )
    if today > contest.entries_close:
        raise ValidationError(
            _("The entries closed on %(day)s; nothing was saved.") % {"day": dmy(contest.entries_close)},
            code="closed",
        )


def may_edit(actor: User, entry: Entry) -> bool:
    if actor.person_id and entry.person_id == actor.person_id:
        return True
    return reaches(actor, entry.unit, Capability.MANAGE_CAMPAIGN)


@transaction.atomic
def save_entry(
    *,
    actor: User,
    contest: Contest,
    entry: Entry | None = None,
    unit: Organization | None = None,
    collective: bool = False,
    entry_type: str,
    title: str,
    summary: str = "",
    video_url: str = "",
    members: list[Person] | None = None,
    outsiders: list[AuthorRow] | None = None,
    document: CheckedDocument | None = None,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Entry:
    """Send (or change) an entry. A manager of the unit sends for it; a member without that role
    sends their own entry (they are its first author)."""
    today = today or timezone.localdate()
    members = list(members or [])
    outsiders = list(outsiders or [])
    if entry is None:
        if unit is None or unit not in sending_units(actor, contest):
            raise PermissionDenied
        entry = Entry(contest=contest, unit=unit, sent_by=actor)
    elif not may_edit(actor, entry) or entry.is_withdrawn:
        raise PermissionDenied
    _check_open(contest, today)
    manager = reaches(actor, entry.unit, Capability.MANAGE_CAMPAIGN)
    own_person = actor.person if actor.person_id else None
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if not title:
        errors.setdefault("title", []).append(_("Give the entry a title."))
    if entry_type not in contest.entry_types:
        errors.setdefault("entry_type", []).append(_("This contest does not take entries of this type."))
    if entry_type == EntryType.VIDEO and not (video_url or "").strip():
        errors.setdefault("video_url", []).append(_("Give the link to the video."))
    has_file = bool(entry.file) or document is not None
    if entry_type in (EntryType.FILE, EntryType.WRITTEN) and not has_file and not (summary or "").strip():
        errors.setdefault("file", []).append(_("Attach the file of the entry (or write it in the summary)."))
    outside = [p for p in members if not p.cell.path.startswith(entry.unit.path)]
    if outside:
        errors.setdefault("members", []).append(_("Choose people of the sending unit."))
    if not manager:  # a member's own entry: they are among its authors
        collective = False
        if own_person is None:
            raise PermissionDenied
        if own_person not in members:
            members.insert(0, own_person)
    if not members and not outsiders:
        errors.setdefault("members", []).append(_("Name at least one author or performer."))
    if contest.entry_limit and entry.pk is None:
        sent = Entry.objects.filter(contest=contest, unit=entry.unit, state=EntryState.SENT).count()
        if sent >= contest.entry_limit:
            errors.setdefault("__all__", []).append(
                _("%(unit)s has already sent %(n)s entries, the most this contest takes from a unit.")
                % {"unit": entry.unit.name, "n": sent}
            )
    if errors:
        raise ValidationError(errors)
    entry.entry_type = entry_type
    entry.title = title[:300]
    entry.summary = (summary or "").strip()[:MAX_TEXT]
    entry.video_url = (video_url or "").strip()
    entry.person = None if collective else (own_person if not manager else (members[0] if members else None))
    attach(entry, document=document)
    if entry.pk is None:
        entry.save()
    else:
        save_versioned(entry, expected_version=expected_version)
    entry.authors.all().delete()
    rows = [AuthorRow(p.full_name, p.birth_date.year if p.birth_date else None, p) for p in members] + outsiders
    EntryAuthor.objects.bulk_create(
        [
            EntryAuthor(entry=entry, person=r.person, full_name=r.full_name, birth_year=r.birth_year, order=i)
            for i, r in enumerate(rows, 1)
        ]
    )
    return entry


@transaction.atomic
def withdraw_entry(*, actor: User, entry: Entry, today: dt.date | None = None) -> Entry:
    if not may_edit(actor, entry) or entry.is_withdrawn:
        raise PermissionDenied
    _check_open(entry.contest, today or timezone.localdate())
    entry.state = EntryState.WITHDRAWN
    save_versioned(entry, expected_version=None)
    return entry
