"""Writes of the year end: ethics sessions and reviews, comment rounds and comments, moderation,
quarterly grades. Each function is atomic and checks the actor's rights; corrections and upheld
comments become notebook Shortcomings through `lamtheo.notebook.services.record_shortcoming`.

The unit's committee (capability REVIEW on the unit: secretary, deputy, cell committee) runs
sessions and rounds; the person under review writes their own self-review; anyone with the
round's link may comment while the round is open (see `submit_public_comment` for the limits).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.core.versioning import save_versioned
from lamtheo.notebook import services as notebook_services
from lamtheo.notebook.models import EvaluationLevel, Registration, ShortcomingSource
from lamtheo.organizations.models import Organization, Person
from lamtheo.organizations.scoping import Capability
from lamtheo.organizations.selectors import reaches

from .models import (
    CommentChannel,
    CommentRound,
    CommentStatus,
    EthicsComment,
    EthicsCorrection,
    EthicsReview,
    EthicsSession,
    MassComment,
    MassOrganization,
    QuarterGrade,
    ReviewState,
    RoundSubject,
)

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

TITLE_LIMIT = 200
TEXT_LIMIT = 4000
COMMENT_MIN, COMMENT_LIMIT = 10, 1000  # a comment of the masses
MAX_PEOPLE = 60
MAX_ROWS = 20
MAX_CORRECTIONS = 10
# Flooding: comments through the link from one device, and from one address, in a window.
FLOOD_WINDOW = dt.timedelta(minutes=10)
FLOOD_PER_DEVICE = 10
FLOOD_PER_ADDRESS = 40
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

WRITABLE = frozenset({ReviewState.NAMED, ReviewState.WRITTEN})
OPEN_FOR_CELL = frozenset({ReviewState.WRITTEN, ReviewState.DISCUSSED})


# --- helpers --------------------------------------------------------------------------------------


def can_run(user: Any, organization: Organization) -> bool:
    """The unit's committee runs its ethics sessions and comment rounds."""
    return reaches(user, organization, Capability.REVIEW)


def require_run(user: Any, organization: Organization) -> None:
    if not can_run(user, organization):
        raise PermissionDenied


def _text(value: Any, field: str, *, required: str = "", limit: int = TEXT_LIMIT) -> str:
    text = _CONTROL.sub("", str(value or "")).strip()
    if required and not text:
        raise ValidationError({field: required})
    if len(text) > limit:
        raise ValidationError({field: _("Please keep this under %(n)s characters.") % {"n": limit}})
    return text


def _period(date_from: Any, date_to: Any) -> None:
    errors = {}
    if not isinstance(date_from, dt.date):
        errors["date_from"] = _("Enter the first day of the period (dd/mm/yyyy).")
    if not isinstance(date_to, dt.date):
        errors["date_to"] = _("Enter the last day of the period (dd/mm/yyyy).")
    if not errors and date_to < date_from:
        errors["date_to"] = _("The period ends after it starts.")
    elif not errors and (date_to - date_from).days > 2 * 366:
        errors["date_to"] = _("A period covers at most two years.")
    if errors:
        raise ValidationError(errors)


def _people(organization: Organization, people: Sequence[Person]) -> list[Person]:
    chosen = list(dict.fromkeys(people))
    if not chosen:
        raise ValidationError({"people": _("Name at least one person under review.")})
    if len(chosen) > MAX_PEOPLE:
        raise ValidationError({"people": _("Name at most %(n)s people at a time.") % {"n": MAX_PEOPLE}})
    outside = [p.full_name for p in chosen if not p.cell.path.startswith(organization.path)]
    if outside:
        raise ValidationError(
            {"people": _("Not in this unit: %(names)s.") % {"names": ", ".join(outside)}}, code="outside"
        )
    return chosen


def _hash(round_pk: int, value: str) -> str:
    if not value:
        return ""
    return hashlib.sha256(f"{settings.SECRET_KEY}:yearend:{round_pk}:{value}".encode()).hexdigest()


# --- ethics self-review ---------------------------------------------------------------------------


@transaction.atomic
def create_session(
    *,
    actor: User,
    organization: Organization,
    title: str,
    date_from: dt.date,
    date_to: dt.date,
    held_on: dt.date | None = None,
    people: Sequence[Person],
) -> EthicsSession:
    """Name the people under review for a period; each gets a review linked to their registration."""
    require_run(actor, organization)
    title = _text(title, "title", required=_("Give the review a title."), limit=TITLE_LIMIT)
    _period(date_from, date_to)
    chosen = _people(organization, people)
    session = EthicsSession.objects.create(
        organization=organization,
        title=title,
        date_from=date_from,
        date_to=date_to,
        held_on=held_on,
        created_by=actor,
    )
    registrations = dict(
        Registration.objects.filter(person__in=chosen, year=date_to.year, is_current=True).values_list(
            "person_id", "pk"
        )
    )
    EthicsReview.objects.bulk_create(
        [EthicsReview(session=session, person=p, registration_id=registrations.get(p.pk)) for p in chosen]
    )
    return session


@transaction.atomic
def write_self_review(
    *, actor: User, review: EthicsReview, self_review: str, example: str, expected_version: int | None
) -> EthicsReview:
    """The person writes their self-review (ethics, and following the example with their results)."""
    if getattr(actor, "person_id", None) != review.person_id:
        raise PermissionDenied
    if review.state not in WRITABLE:
        raise ValidationError(_("The cell has discussed this self-review; it cannot be changed now."), code="state")
    review.self_review = _text(self_review, "self_review", required=_("Write your self-review."))
    review.example = _text(example, "example", required=_("Write how you followed the example, with results."))
    if review.registration_id is None:
        review.registration = (
            Registration.objects.filter(person_id=review.person_id, year=review.session.date_to.year, is_current=True)
            .only("pk")
            .first()
        )
    review.state = ReviewState.WRITTEN
    review.written_at = timezone.now()
    save_versioned(review, expected_version=expected_version)
    return review


@transaction.atomic
def record_discussion(
    *, actor: User, review: EthicsReview, comments: Sequence[Mapping[str, Any]], expected_version: int | None
) -> list[EthicsComment]:
    """What the members said on the self-review (speaker, text), recorded by the committee."""
    require_run(actor, review.session.organization)
    if review.state not in OPEN_FOR_CELL:
        raise ValidationError(_("The cell discusses a self-review once it is written."), code="state")
    rows = [c for c in comments if str(c.get("text") or "").strip()]
    if not rows:
        raise ValidationError({"text": _("Write at least one comment.")})
    if len(rows) > MAX_ROWS:
        raise ValidationError({"text": _("Record at most %(n)s comments at a time.") % {"n": MAX_ROWS}})
    cleaned = [
        (_text(r.get("speaker"), "speaker", limit=150), _text(r.get("text"), "text", limit=TEXT_LIMIT)) for r in rows
    ]
    review.state = ReviewState.DISCUSSED
    save_versioned(review, expected_version=expected_version)
    return [
        EthicsComment.objects.create(review=review, speaker=speaker, text=text, recorded_by=actor)
        for speaker, text in cleaned
    ]


@transaction.atomic
def conclude_review(
    *,
    actor: User,
    review: EthicsReview,
    conclusion: str,
    corrections: Sequence[str],
    expected_version: int | None,
) -> EthicsReview:
    """The chair's conclusion; each thing to correct becomes a shortcoming in the person's notebook."""
    require_run(actor, review.session.organization)
    if review.state not in OPEN_FOR_CELL:
        raise ValidationError(_("The chair concludes a self-review once it is written."), code="state")
    text = _text(conclusion, "conclusion", required=_("Write the chair's conclusion."))
    items = [str(c).strip() for c in corrections if str(c or "").strip()]
    if len(items) > MAX_CORRECTIONS:
        raise ValidationError({"corrections": _("Name at most %(n)s things to correct.") % {"n": MAX_CORRECTIONS}})
    if any(len(item) > 1000 for item in items):
        raise ValidationError({"corrections": _("Keep each thing to correct under 1000 characters.")})
    review.state = ReviewState.CONCLUDED
    review.conclusion = text
    review.concluded_at = timezone.now()
    review.concluded_by = actor
    save_versioned(review, expected_version=expected_version)
    session = review.session
    for position, item in enumerate(items, start=1):
        shortcoming = notebook_services.record_shortcoming(
            actor=actor,
            person=review.person,
            year=session.date_to.year,
            text=item,
            source=ShortcomingSource.SELF_CRITICISM,
            source_note=session.title[:300],
        )
        EthicsCorrection.objects.create(review=review, position=position, text=item, shortcoming=shortcoming)
    return review


# --- comment rounds -------------------------------------------------------------------------------


def new_token() -> str:
    return secrets.token_urlsafe(24)


@transaction.atomic
def create_round(
    *,
    actor: User,
    organization: Organization,
    title: str,
    date_from: dt.date,
    date_to: dt.date,
    held_on: dt.date | None = None,
    people: Sequence[Person],
) -> CommentRound:
    """A round of the masses' comments on the people under review, open at once, with its link."""
    require_run(actor, organization)
    title = _text(title, "title", required=_("Give the round a title."), limit=TITLE_LIMIT)
    _period(date_from, date_to)
    chosen = _people(organization, people)
    round_ = CommentRound.objects.create(
        organization=organization,
        title=title,
        date_from=date_from,
        date_to=date_to,
        held_on=held_on,
        token=new_token(),
        created_by=actor,
    )
    RoundSubject.objects.bulk_create(
        [RoundSubject(round=round_, person=p, position=i) for i, p in enumerate(chosen, start=1)]
    )
    return round_


@transaction.atomic
def set_round_open(*, actor: User, round_: CommentRound, is_open: bool) -> CommentRound:
    require_run(actor, round_.organization)
    round_.is_open = is_open
    save_versioned(round_, expected_version=None)
    return round_


@transaction.atomic
def renew_link(*, actor: User, round_: CommentRound) -> CommentRound:
    """A new link and QR code; the old ones stop working at once (e.g. a link passed around)."""
    require_run(actor, round_.organization)
    round_.token = new_token()
    save_versioned(round_, expected_version=None)
    return round_


def _comment_text(value: Any) -> str:
    text = _CONTROL.sub("", str(value or "")).strip()
    if len(text) < COMMENT_MIN:
        raise ValidationError({"text": _("Write at least %(n)s characters.") % {"n": COMMENT_MIN}})
    if len(text) > COMMENT_LIMIT:
        raise ValidationError({"text": _("Please keep this under %(n)s characters.") % {"n": COMMENT_LIMIT}})
    return text


@transaction.atomic
def submit_public_comment(
    *, round_: CommentRound, subject_id: Any, text: str, device: str, address: str
) -> MassComment:
    """A comment from someone without an account, through the round's link.

    Refused when the round is closed, when the person is not under review in this round, when
    this device already commented on this person, and when the device or the address sent too
    many comments lately (flooding). The text is kept as plain text (escaped in every page).
    """
    if not round_.is_open:
        raise ValidationError(_("This round of comments is closed."), code="closed")
    if not device:
        raise ValidationError(_("Your browser did not keep our cookie; allow cookies and try again."), code="device")
    try:
        subject = round_.subjects.get(pk=int(subject_id))
    except (RoundSubject.DoesNotExist, TypeError, ValueError):
        raise ValidationError({"subject": _("Choose a person from the list.")}, code="subject") from None
    cleaned = _comment_text(text)
    device_hash, ip_hash = _hash(round_.pk, device), _hash(round_.pk, address)
    since = timezone.now() - FLOOD_WINDOW
    recent = MassComment.objects.filter(subject__round=round_, channel=CommentChannel.LINK, created_at__gte=since)
    if recent.filter(device_hash=device_hash).count() >= FLOOD_PER_DEVICE or (
        ip_hash and recent.filter(ip_hash=ip_hash).count() >= FLOOD_PER_ADDRESS
    ):
        raise ValidationError(_("Too many comments in a short time. Please wait a few minutes."), code="flood")
    if MassComment.objects.filter(subject=subject, device_hash=device_hash).exists():
        raise ValidationError(_("You have already commented on this person."), code="duplicate")
    try:
        with transaction.atomic():
            return MassComment.objects.create(
                subject=subject,
                text=cleaned,
                channel=CommentChannel.LINK,
                device_hash=device_hash,
                ip_hash=ip_hash,
            )
    except IntegrityError as exc:  # two submissions at once from the same device
        raise ValidationError(_("You have already commented on this person."), code="duplicate") from exc


@transaction.atomic
def enter_comments(*, actor: User, round_: CommentRound, rows: Sequence[Mapping[str, Any]]) -> list[MassComment]:
    """The secretary enters the comments said at the conference (subject, text, organisation)."""
    require_run(actor, round_.organization)
    if not round_.is_open:
        raise ValidationError(_("This round of comments is closed."), code="closed")
    filled = [r for r in rows if str(r.get("text") or "").strip()]
    if not filled:
        raise ValidationError(_("Write at least one comment."), code="empty")
    if len(filled) > MAX_ROWS:
        raise ValidationError(_("Record at most %(n)s comments at a time.") % {"n": MAX_ROWS})
    subjects = {s.pk: s for s in round_.subjects.all()}
    errors: list[str] = []
    made: list[MassComment] = []
    for number, row in enumerate(filled, start=1):
        subject = row.get("subject")
        subject = subjects.get(getattr(subject, "pk", subject))  # type: ignore[arg-type]
        organization = row.get("mass_organization")
        if subject is None:
            errors.append(_("Comment %(n)s: choose a person under review.") % {"n": number})
            continue
        if organization is not None and not isinstance(organization, MassOrganization):
            errors.append(_("Comment %(n)s: choose an organisation from the list.") % {"n": number})
            continue
        try:
            text = _comment_text(row.get("text"))
        except ValidationError as exc:
            errors.append(_("Comment %(n)s: %(error)s") % {"n": number, "error": exc.message_dict["text"][0]})
            continue
        made.append(
            MassComment(
                subject=subject,
                text=text,
                channel=CommentChannel.CONFERENCE,
                mass_organization=organization,
                entered_by=actor,
            )
        )
    if errors:
        raise ValidationError(errors, code="invalid")
    for comment in made:
        comment.save()
    return made


# --- moderation -----------------------------------------------------------------------------------


class Decision:
    UPHOLD = "uphold"
    MERGE = "merge"
    DISMISS = "dismiss"
    ALL = (UPHOLD, MERGE, DISMISS)


@transaction.atomic
def moderate(
    *,
    actor: User,
    comment: MassComment,
    decision: str,
    reason: str = "",
    merge_into: MassComment | None = None,
    expected_version: int | None,
) -> MassComment:
    """Uphold (→ a shortcoming in the person's notebook), merge into another comment on the same
    person, or dismiss with a reason. A comment is decided once."""
    round_ = comment.subject.round
    require_run(actor, round_.organization)
    if decision not in Decision.ALL:
        raise ValidationError(_("This action is not possible."), code="unknown")
    if comment.status != CommentStatus.PENDING:
        raise ValidationError(_("This comment has already been decided."), code="state")
    reason = _text(reason, "reason", limit=300)
    if decision == Decision.UPHOLD:
        comment.shortcoming = notebook_services.record_shortcoming(
            actor=actor,
            person=comment.subject.person,
            year=round_.date_to.year,
            text=comment.text,
            source=ShortcomingSource.OTHER,
            source_note=(_("Comments of the masses: %(title)s") % {"title": round_.title})[:300],
        )
        comment.status = CommentStatus.UPHELD
    elif decision == Decision.MERGE:
        if (
            merge_into is None
            or merge_into.pk == comment.pk
            or merge_into.subject_id != comment.subject_id
            or merge_into.status == CommentStatus.MERGED
        ):
            raise ValidationError({"merge_into": _("Choose another comment on the same person.")})
        comment.merged_into = merge_into
        comment.status = CommentStatus.MERGED
    else:
        if not reason:
            raise ValidationError({"reason": _("Say why the comment is dismissed.")})
        comment.status = CommentStatus.DISMISSED
    comment.reason = reason
    comment.moderated_by = actor
    comment.moderated_at = timezone.now()
    save_versioned(comment, expected_version=expected_version)
    return comment


# --- quarterly grades -----------------------------------------------------------------------------


@transaction.atomic
def save_quarter_grades(
    *, actor: User, cell: Organization, year: int, quarter: int, grades: Mapping[int, tuple[str, int | None]]
) -> int:
    """Record the members' grades for a quarter (person id → (grade, score)); empty grade clears."""
    if not reaches(actor, cell, Capability.EVALUATE):
        raise PermissionDenied
    if quarter not in (1, 2, 3, 4):
        raise ValidationError({"quarter": _("Choose a quarter from 1 to 4.")})
    members = set(Person.objects.filter(cell=cell, pk__in=list(grades)).values_list("pk", flat=True))
    errors = []
    for person_id, (grade, score) in grades.items():
        if person_id not in members:
            errors.append(_("Someone in the list is not a member of this cell."))
        elif grade and grade not in EvaluationLevel.values:
            errors.append(_("Choose a grade from the list."))
        elif score is not None and not 0 <= score <= 100:
            errors.append(_("A score is between 0 and 100."))
    if errors:
        raise ValidationError(sorted(set(errors)))
    changed = 0
    for person_id, (grade, score) in grades.items():
        if not grade:
            changed += QuarterGrade.objects.filter(person_id=person_id, year=year, quarter=quarter).delete()[0]
            continue
        row, created = QuarterGrade.objects.get_or_create(
            person_id=person_id,
            year=year,
            quarter=quarter,
            defaults={"organization": cell, "grade": grade, "score": score, "recorded_by": actor},
        )
        if not created and (row.grade, row.score) != (grade, score):
            row.grade, row.score, row.recorded_by, row.organization = grade, score, actor, cell
            save_versioned(row, expected_version=None)
        changed += 1 if created or (row.grade, row.score) == (grade, score) else 0
    return changed


# --- background builds ----------------------------------------------------------------------------


def start_sheet_export(*, actor: User, cell: Organization, year: int, quarter: int | None, fmt: str) -> Any:
    """Queue the build of a cell's evidence sheets (runs inline without a broker), after commit."""
    from .models import SheetExport
    from .tasks import build_sheet_export

    if not reaches(actor, cell, Capability.VIEW):
        raise PermissionDenied
    if fmt not in ("pdf", "docx"):
        raise ValidationError({"fmt": _("Choose PDF or DOCX.")})
    export = SheetExport.objects.create(organization=cell, year=year, quarter=quarter, fmt=fmt, requested_by=actor)
    transaction.on_commit(lambda: build_sheet_export.delay(export.pk, actor.pk))
    return export
