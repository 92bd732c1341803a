"""Writes on yearbooks: create one, choose its exemplars, edit a page with the subject's consent,
and queue the PDF. Atomic, checked against the actor's reach (MANAGE_CAMPAIGN on the yearbook's
node; reading it is enough to print it), audited by auditlog."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.core.versioning import save_versioned
from lamtheo.organizations.models import Organization
from lamtheo.organizations.scoping import Capability
from lamtheo.organizations.selectors import parent_of, reaches

from .models import ExportStatus, Nomination, NominationState, Yearbook, YearbookEntry, YearbookExport
from .services import MANAGE, _period, _text

if TYPE_CHECKING:
    from lamtheo.accounts.models import User


def create_yearbook(
    *, actor: User, organization: Organization, title: str, date_from: dt.date, date_to: dt.date, foreword: str = ""
) -> Yearbook:
    if not reaches(actor, organization, MANAGE):
        raise PermissionDenied
    title = _text(title, "title", required=True, message=_("Enter the title."))[:300]
    _period(date_from, date_to)
    return Yearbook.objects.create(
        organization=organization,
        title=title,
        date_from=date_from,
        date_to=date_to,
        foreword=_text(foreword, "foreword", required=False, message=""),
        created_by=actor,
    )


def add_entries(*, actor: User, yearbook: Yearbook, nominations: Iterable[Nomination]) -> list[YearbookEntry]:
    """Put commended or rewarded nominations of the yearbook's subtree in it, story and photo prefilled."""
    if not reaches(actor, yearbook.organization, MANAGE):
        raise PermissionDenied
    chosen = list(nominations)
    if not chosen:
        raise ValidationError({"nominations": _("Choose at least one exemplar.")})
    decided = {NominationState.COMMENDED, NominationState.REWARDED}
    for nomination in chosen:
        if nomination.state not in decided and not nomination.outcomes.filter(kind__in=["commend", "reward"]).exists():
            raise ValidationError({"nominations": _("Only commended or rewarded exemplars go into a yearbook.")})
        if not nomination.proposer.path.startswith(yearbook.organization.path):
            raise ValidationError({"nominations": _("Choose exemplars of this unit.")})
    created: list[YearbookEntry] = []
    with transaction.atomic():
        last = yearbook.entries.order_by("-position").values_list("position", flat=True).first() or 0
        taken = set(yearbook.entries.values_list("nomination_id", flat=True))
        for nomination in chosen:
            if nomination.pk in taken:
                continue
            last += 1
            unit_name = (
                nomination.person.cell.name  # type: ignore[union-attr]
                if nomination.person_id
                else (parent_of(nomination.unit) or nomination.unit).name  # type: ignore[union-attr, arg-type]
            )
            entry = YearbookEntry(
                yearbook=yearbook,
                nomination=nomination,
                position=last,
                name=nomination.nominee_name,
                unit_name=unit_name,
                story=nomination.achievements,
            )
            photo = nomination.evidence.filter(is_photo=True).order_by("pk").first()
            if photo is not None:
                with photo.file.open("rb") as handle:
                    entry.photo.save(
                        f"{uuid.uuid4().hex}.{photo.file.name.rsplit('.', 1)[-1]}",
                        ContentFile(handle.read()),
                        save=False,
                    )
            entry.save()
            created.append(entry)
    return created


def save_entry(
    *,
    actor: User,
    entry: YearbookEntry,
    expected_version: int | None,
    story: str,
    position: int,
    consent: bool,
    consent_note: str = "",
    photo: Any = None,
    remove_photo: bool = False,
) -> YearbookEntry:
    """Edit an exemplar's page; consent is recorded with who recorded it and when."""
    from lamtheo.notebook.services_results import prepare_photo

    if not reaches(actor, entry.yearbook.organization, MANAGE):
        raise PermissionDenied
    entry.story = _text(story, "story", required=True, message=_("Write the exemplar's story."))
    if not 1 <= int(position or 0) <= 999:
        raise ValidationError({"position": _("Enter a number from 1 to 999.")})
    entry.position = int(position)
    note = (consent_note or "").strip()[:300]
    if consent and not note:
        raise ValidationError({"consent_note": _("Say how the person or unit gave consent (e.g. signed form, date).")})
    if consent and not entry.consent:
        entry.consent_by, entry.consent_at = actor, timezone.now()
    if not consent:
        entry.consent_by, entry.consent_at, note = None, None, ""
    entry.consent, entry.consent_note = consent, note
    prepared = None
    if photo is not None:
        try:
            prepared = prepare_photo(photo)
        except ValidationError as exc:
            raise ValidationError({"photo": exc.messages}) from exc
    with transaction.atomic():
        if prepared is not None:
            entry.photo.save(f"{uuid.uuid4().hex}.{prepared.extension}", ContentFile(prepared.data), save=False)
        elif remove_photo:
            entry.photo = ""  # type: ignore[assignment]
        save_versioned(entry, expected_version=expected_version)
    return entry


def start_yearbook_export(*, actor: User, yearbook: Yearbook) -> YearbookExport:
    """Queue the yearbook's PDF; the task runs after the commit (inline without a broker)."""
    if not reaches(actor, yearbook.organization, Capability.VIEW):
        raise PermissionDenied
    if not yearbook.entries.filter(consent=True).exists():
        raise ValidationError(_("No exemplar has given consent yet: record consent before printing."))
    export = YearbookExport.objects.create(yearbook=yearbook, requested_by=actor, status=ExportStatus.QUEUED)

    def enqueue() -> None:
        from .tasks import build_yearbook_pdf

        build_yearbook_pdf.delay(export.pk, actor.pk)

    transaction.on_commit(enqueue)
    return export
