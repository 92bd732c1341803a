"""Writes on essays: a member writes or uploads their own; the cell committee assesses it.

States: draft → sent to the cell (the author may still change it or take it back) → assessed
(locked for the author; the committee may change its assessment). Same conventions as
`services`: keyword-only, atomic, Vietnamese ValidationErrors by field, PermissionDenied for
what the actor may not do (the views answer 404), `save_versioned` for edits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.campaigns.models import Theme
from lamtheo.core.versioning import save_versioned
from lamtheo.organizations.scoping import Capability, can

from .models import Attendance, Essay, EssayGrade, EssayState, StudySession
from .services import MAX_YEAR, MIN_YEAR
from .uploads import CheckedDocument, attach

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

MAX_BODY = 50_000
MAX_TITLE = 300
MAX_COMMENT = 4_000


@transaction.atomic
def save_essay(
    *,
    actor: User,
    essay: Essay | None = None,
    theme: Theme | None,
    year: int,
    title: str,
    body: str = "",
    session: StudySession | None = None,
    document: CheckedDocument | None = None,
    remove_file: bool = False,
    submit: bool = False,
    expected_version: int | None = None,
) -> Essay:
    """Write (or change) the actor's own essay; `submit` sends it to the cell committee."""
    person = actor.person if actor.person_id else None
    if person is None:
        raise PermissionDenied
    if essay is None:
        essay = Essay(person=person, cell=person.cell)
    elif essay.person_id != person.pk:
        raise PermissionDenied
    if essay.state == EssayState.ASSESSED:
        raise ValidationError(_("This essay has been assessed; it can no longer be changed."), code="locked")
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    body = (body or "").strip()
    if not title:
        errors.setdefault("title", []).append(_("Give the essay a title."))
    elif len(title) > MAX_TITLE:
        errors.setdefault("title", []).append(_("Keep the title under %(max)s characters.") % {"max": MAX_TITLE})
    if len(body) > MAX_BODY:
        errors.setdefault("body", []).append(_("Keep the text under %(max)s characters.") % {"max": MAX_BODY})
    if not MIN_YEAR <= year <= MAX_YEAR:
        errors.setdefault("year", []).append(_("Enter a year between %(min)s and %(max)s.") % _years())
    if theme is None:
        errors.setdefault("theme", []).append(_("Choose the theme you studied."))
    elif not essay.cell.path.startswith(theme.organization.path):
        errors.setdefault("theme", []).append(_("Choose a theme set for your cell or a level above it."))
    elif not theme.covers(year):
        errors.setdefault("theme", []).append(_("This theme does not cover %(year)s.") % {"year": year})
    if session is not None:
        attended = Attendance.objects.filter(session=session, person=person).exists()
        if not attended:
            errors.setdefault("session", []).append(_("Choose a class you attended."))
        elif theme is not None and session.theme_id != theme.pk:
            errors.setdefault("session", []).append(_("This class was on another theme."))
        elif session.starts_on.year != year:
            errors.setdefault("session", []).append(_("This class was held in another year."))
    has_file = (bool(essay.file) and not remove_file) or document is not None
    if submit and not body and not has_file:
        errors.setdefault("body", []).append(_("Write the essay or attach its file before sending it."))
    if theme is not None and not errors:
        clash = Essay.objects.filter(person=person, theme=theme, year=year).exclude(pk=essay.pk)
        if clash.exists():
            errors.setdefault("theme", []).append(
                _("You already have an essay on this theme for %(year)s; open it to continue.") % {"year": year}
            )
    if errors:
        raise ValidationError(errors)
    essay.theme = theme  # type: ignore[assignment]
    essay.year = year
    essay.session = session
    essay.title = title
    essay.body = body
    attach(essay, document=document, remove=remove_file)
    if submit:
        essay.state = EssayState.SUBMITTED
        essay.submitted_at = timezone.now()
    else:
        essay.state = EssayState.DRAFT
        essay.submitted_at = None
    if essay.pk is None:
        essay.save()
    else:
        save_versioned(essay, expected_version=expected_version)
    return essay


def _years() -> dict[str, int]:
    return {"min": MIN_YEAR, "max": MAX_YEAR}


@transaction.atomic
def assess_essay(
    *, actor: User, essay: Essay, grade: str, comment: str = "", expected_version: int | None = None
) -> Essay:
    """The cell committee's grade and comment on an essay sent to it."""
    if not can(actor, Capability.REVIEW, essay):
        raise PermissionDenied
    if essay.state == EssayState.DRAFT:
        raise ValidationError(_("The author has not sent this essay yet."), code="draft")
    if actor.person_id and actor.person_id == essay.person_id:
        raise ValidationError(
            _("You cannot assess your own essay; another member of the cell committee does."), code="own"
        )
    comment = (comment or "").strip()
    errors: dict[str, list[str]] = {}
    if grade not in EssayGrade.values:
        errors["grade"] = [_("Choose a grade.")]
    if len(comment) > MAX_COMMENT:
        errors["comment"] = [_("Keep the comment under %(max)s characters.") % {"max": MAX_COMMENT}]
    if errors:
        raise ValidationError(errors)
    essay.grade = grade
    essay.comment = comment
    essay.state = EssayState.ASSESSED
    essay.assessed_by = actor
    essay.assessed_at = timezone.now()
    save_versioned(essay, expected_version=expected_version)
    return essay
