"""Writes of the reviews: create, edit, submit (freeze), request reviews from the children, exports.

Every function is keyword-only and atomic, checks the actor's capability on the node (a
`PermissionDenied` that views turn into 404) and raises `ValidationError` with Vietnamese
messages for bad input. Auditlog records the changes of reviews and requests.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.core.versioning import save_versioned
from lamtheo.organizations.models import Organization

from . import drafting, narrative, periods, selectors
from .figures import STEP
from .models import ExportFormat, ExportStatus, FigureSource, Review, ReviewExport, ReviewRequest, ReviewState

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

EDITABLE_FIELDS = (
    "title",
    "number",
    "place",
    "issued_on",
    "source",
    "intro",
    "part1",
    "part2",
    "part3",
    "signer_on_behalf",
    "signer_position",
    "signer_name",
    "recipients",
)


def _require_writer(actor: User, node: Organization) -> None:
    if not selectors.can_write(actor, node):
        raise PermissionDenied


def _check_period(date_from: dt.date, date_to: dt.date) -> None:
    try:
        periods.check_range(date_from, date_to)
    except ValueError as exc:
        raise ValidationError({"date_to": str(exc)}) from None


def check_tokens(data: dict[str, Any]) -> None:
    errors = {}
    for part in narrative.PARTS:
        unknown = narrative.unknown_tokens(str(data.get(part) or ""))
        if unknown:
            errors[part] = _("Unknown figure: %(tokens)s. Insert one of the figures listed.") % {
                "tokens": ", ".join(unknown)
            }
    if errors:
        raise ValidationError(errors)


def signer_name_of(actor: User) -> str:
    person = getattr(actor, "person", None) if getattr(actor, "person_id", None) else None
    return person.full_name if person is not None else (actor.get_full_name() or "")


@transaction.atomic
def create_review(
    *,
    actor: User,
    organization: Organization,
    kind: str,
    date_from: dt.date,
    date_to: dt.date,
    request: ReviewRequest | None = None,
    title: str = "",
    source: str = FigureSource.LIVE,
) -> Review:
    _require_writer(actor, organization)
    _check_period(date_from, date_to)
    if request is not None and request.organization.path != organization.path[:-STEP]:
        raise ValidationError(_("This request was not sent to this unit."))
    if organization.is_cell:
        source = FigureSource.LIVE
    same = Review.objects.filter(organization=organization, kind=kind, date_from=date_from, date_to=date_to)
    if same.filter(source=source).exists():
        raise ValidationError(
            {
                "period_kind": _("%(unit)s already has a review of this kind for this period.")
                % {"unit": organization.name}
            }
        )
    values = drafting.review_defaults(organization, kind, date_from, date_to, signer_name=signer_name_of(actor))
    if title:
        values["title"] = title
    review = Review(
        organization=organization,
        kind=kind,
        date_from=date_from,
        date_to=date_to,
        request=request,
        source=source,
        created_by=actor,
        **values,
    )
    try:
        with transaction.atomic():
            review.save()
    except IntegrityError:
        raise ValidationError(
            {
                "period_kind": _("%(unit)s already has a review of this kind for this period.")
                % {"unit": organization.name}
            }
        ) from None
    return review


@transaction.atomic
def update_review(*, actor: User, review: Review, data: dict[str, Any], expected_version: int | None) -> Review:
    """Save the writers' fields of a draft; a submitted review is frozen."""
    _require_writer(actor, review.organization)
    if review.state != ReviewState.DRAFT:
        raise ValidationError(_("This review has been submitted and can no longer be changed."))
    check_tokens(data)
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(review, name, data[name])
    if review.organization.is_cell:
        review.source = FigureSource.LIVE
    twin = Review.objects.filter(
        organization=review.organization,
        kind=review.kind,
        date_from=review.date_from,
        date_to=review.date_to,
        source=review.source,
    ).exclude(pk=review.pk)
    if twin.exists():
        raise ValidationError(
            {"source": _("A review of this period with these figures exists already; open that one instead.")}
        )
    review.full_clean(exclude=["organization", "request", "created_by", "submitted_by"])
    save_versioned(review, expected_version=expected_version)
    return review


@transaction.atomic
def submit_review(*, actor: User, review: Review, expected_version: int | None) -> Review:
    """Freeze the review: store its figures (counts) and its text with the figures filled in."""
    _require_writer(actor, review.organization)
    if review.state != ReviewState.DRAFT:
        raise ValidationError(_("This review has already been submitted."))
    check_tokens({part: getattr(review, part) for part in narrative.PARTS})
    if not review.title.strip():
        raise ValidationError({"title": _("Give the review a subject before submitting it.")})
    figure_set = selectors.live_figures(review)
    review.snapshot = figure_set.to_json()
    review.frozen_parts = {part: narrative.render(getattr(review, part), figure_set) for part in narrative.PARTS}
    review.state = ReviewState.SUBMITTED
    review.submitted_at = timezone.now()
    review.submitted_by = actor
    if review.issued_on is None:
        review.issued_on = periods.default_issued_on(review.date_to, timezone.localdate())
    save_versioned(review, expected_version=expected_version)
    return review


@transaction.atomic
def create_request(
    *,
    actor: User,
    organization: Organization,
    kind: str,
    date_from: dt.date,
    date_to: dt.date,
    deadline: dt.date,
    title: str = "",
    message: str = "",
) -> ReviewRequest:
    _require_writer(actor, organization)
    if organization.is_cell:
        raise ValidationError(_("A cell has no lower levels to ask for reviews."))
    _check_period(date_from, date_to)
    if not periods.deadline_allowed(deadline, date_to, timezone.localdate()):
        raise ValidationError({"deadline": _("The deadline has already passed.")})
    request = ReviewRequest.objects.create(
        organization=organization,
        kind=kind,
        period_kind=periods.classify(date_from, date_to),
        date_from=date_from,
        date_to=date_to,
        deadline=deadline,
        title=title.strip() or periods.default_title(kind, date_from, date_to),
        message=message,
        created_by=actor,
    )
    return request


@transaction.atomic
def start_export(*, actor: User, review: Review, fmt: str) -> ReviewExport:
    """Queue the build of a file; the task runs after the commit (inline without a broker)."""
    if fmt not in ExportFormat.values:
        raise ValidationError({"fmt": _("Choose Word, PDF or Excel.")})
    if not selectors.reviews_for(actor).filter(pk=review.pk).exists():
        raise PermissionDenied
    # One file per review and format: a build under way is reused, older files are replaced.
    same = ReviewExport.objects.select_for_update().filter(review=review, fmt=fmt)
    recent = timezone.now() - dt.timedelta(minutes=30)  # an older unfinished build is taken as lost
    pending = same.filter(status__in=[ExportStatus.QUEUED, ExportStatus.RUNNING], created_at__gte=recent).first()
    if pending is not None:
        return pending
    for old in same:
        if old.file:
            transaction.on_commit(partial(old.file.delete, save=False))
        old.delete()
    export = ReviewExport.objects.create(review=review, fmt=fmt, requested_by=actor, status=ExportStatus.QUEUED)

    def enqueue() -> None:
        from .tasks import build_review_export

        build_review_export.delay(export.pk, actor.pk)

    transaction.on_commit(enqueue)
    return export
