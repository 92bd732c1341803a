"""Writes on registrations and shortcomings. Each function is atomic, checks the workflow and the
actor's role, keeps the history (RegistrationEvent) and leaves the audit trail to auditlog.

Items carry the quality check's verdict and reasons, refreshed at every save and submit; the
advice never blocks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.core.exceptions import ConcurrentEditError
from lamtheo.core.versioning import save_versioned
from lamtheo.organizations.models import Organization, Person

from . import selectors, workflow
from .models import (
    EventAction,
    Pledge,
    PledgeRule,
    Registration,
    RegistrationEvent,
    RegistrationState,
    Shortcoming,
    ShortcomingSource,
    ShortcomingStatus,
)
from .quality import NearCopyIndex, check_pledge

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

ITEM_FIELDS = ("text", "measure", "deadline", "theme", "standard", "rule", "shortcoming")
TEXT_LIMIT = 1000
MEASURE_LIMIT = 300
COMMENT_LIMIT = 4000


# --- helpers --------------------------------------------------------------------------------------


def _role_for(actor: User, action: workflow.Action, registration: Registration) -> workflow.Role:
    roles = selectors.roles_on(actor, person=registration.person, organization=registration.organization)
    role = workflow.pick_role(action, roles)
    if role is None:
        wanted = workflow.REVIEWERS if action in (workflow.Action.APPROVE, workflow.Action.RETURN) else workflow.WRITERS
        raise ValidationError(str(workflow.ROLE_REASONS[wanted]), code="role")
    return role


def _step(registration: Registration, action: workflow.Action, role: workflow.Role) -> workflow.State:
    try:
        return workflow.transition(registration.state, action, role)
    except workflow.TransitionError as exc:
        raise ValidationError(str(exc.message), code=exc.code) from exc


def _log(
    registration: Registration,
    *,
    action: str,
    actor: User,
    from_state: str,
    role: workflow.Role,
    comment: str = "",
) -> RegistrationEvent:
    return RegistrationEvent.objects.create(
        registration=registration,
        action=action,
        from_state=from_state,
        to_state=registration.state,
        comment=comment,
        actor=actor,
        on_behalf=role == workflow.Role.PROXY,
    )


def _pool(
    registration: Registration | None, *, organization: Organization, year: int, person: Person | None
) -> NearCopyIndex:
    return selectors.near_copy_pool(organization=organization, year=year, exclude=registration, person=person)


def _judge(pledge: Pledge, *, duty: str, pool: NearCopyIndex) -> None:
    verdict = check_pledge(pledge.text, duty=duty, others=pool)
    pledge.verdict = verdict.verdict
    pledge.reasons = selectors.stored_reasons(verdict.reasons)


def _clean_items(items: Sequence[Mapping[str, Any]], *, person: Person | None, year: int) -> list[dict[str, Any]]:
    """Check the items as a whole and one by one; errors name the item ("Item 2: …")."""
    cleaned: list[dict[str, Any]] = []
    errors: list[str] = []
    first, last = selectors.deadline_bounds(year)
    for number, raw in enumerate(items, start=1):
        item = {key: raw.get(key) for key in ITEM_FIELDS}
        item["id"] = raw.get("id")
        text = item["text"] = str(item["text"] or "").strip()
        measure = item["measure"] = str(item["measure"] or "").strip()
        item["rule"] = str(item["rule"] or "")
        if not text:
            errors.append(_("Item %(n)s: write what you will do.") % {"n": number})
        elif len(text) > TEXT_LIMIT:
            errors.append(_("Item %(n)s: keep it under %(max)s characters.") % {"n": number, "max": TEXT_LIMIT})
        if len(measure) > MEASURE_LIMIT:
            errors.append(_("Item %(n)s: the measure is too long.") % {"n": number})
        deadline = item["deadline"]
        if deadline is not None and (not isinstance(deadline, dt.date) or not first <= deadline <= last):
            errors.append(_("Item %(n)s: the deadline must fall within %(year)s.") % {"n": number, "year": year})
        if item["rule"] and item["rule"] not in PledgeRule.values:
            errors.append(_("Item %(n)s: choose a rule from the list.") % {"n": number})
        shortcoming = item["shortcoming"]
        if shortcoming is not None and (person is None or shortcoming.person_id != person.pk):
            errors.append(_("Item %(n)s: choose one of this person's own shortcomings.") % {"n": number})
        cleaned.append(item)
    if not cleaned:
        errors.insert(0, _("Register at least one item."))
    if len(cleaned) > selectors.MAX_ITEMS:
        errors.insert(0, _("Register at most %(max)s items.") % {"max": selectors.MAX_ITEMS})
    if errors:
        raise ValidationError(errors, code="invalid")
    return cleaned


def _sync_items(registration: Registration, items: list[dict[str, Any]], *, duty: str, pool: NearCopyIndex) -> None:
    existing = {p.pk: p for p in registration.pledges.all()}
    kept: set[int] = set()
    for position, item in enumerate(items, start=1):
        pledge = existing.get(item["id"]) if isinstance(item["id"], int) else None
        if pledge is None or pledge.pk in kept:
            pledge = Pledge(registration=registration)
        for key in ITEM_FIELDS:
            setattr(pledge, key, item[key])
        pledge.position = position
        _judge(pledge, duty=duty, pool=pool)
        pledge.save()
        kept.add(pledge.pk)
    for pk, pledge in existing.items():
        if pk not in kept:
            pledge.delete()


def refresh_quality(registration: Registration) -> list[Pledge]:
    """Check every item again (the cell's other items may have changed since the last save)."""
    pool = _pool(
        registration, organization=registration.organization, year=registration.year, person=registration.person
    )
    duty = selectors.duty_of(registration.person)
    pledges = list(registration.pledges.order_by("position", "pk"))
    for pledge in pledges:
        _judge(pledge, duty=duty, pool=pool)
        pledge.save(update_fields=["verdict", "reasons"])
    return pledges


# --- registrations --------------------------------------------------------------------------------


@transaction.atomic
def save_registration(
    *,
    actor: User,
    year: int,
    items: Sequence[Mapping[str, Any]],
    expected_version: int | None,
    person: Person | None = None,
    unit: Organization | None = None,
    submit: bool = False,
) -> Registration:
    """Create or change the current registration of `person` (or the collective one of `unit`) for `year`.

    `items` are dicts with text, measure, deadline, theme, standard, rule, shortcoming and the id of
    an existing item to keep. Items left out are removed. The registration must be a draft or
    returned; the form's `expected_version` guards against a concurrent change. With `submit`, it
    is also sent to the cell committee in the same transaction.
    """
    if (person is None) == (unit is None):
        raise ValueError("Give either person or unit.")
    if not selectors.valid_year(year):
        raise ValidationError(
            {
                "year": _("Choose a year between %(first)s and %(last)s.")
                % {"first": selectors.FIRST_YEAR, "last": selectors.this_year() + 1}
            }
        )
    organization = person.cell if person is not None else unit
    assert organization is not None
    cleaned = _clean_items(items, person=person, year=year)
    registration = selectors.current_registration(person=person, organization=unit, year=year)
    if registration is None:
        if expected_version is not None:
            raise ConcurrentEditError()
        probe = Registration(person=person, organization=organization, year=year)
        role = _role_for(actor, workflow.Action.SAVE, probe)
        _step(probe, workflow.Action.SAVE, role)
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    person=person,
                    organization=organization,
                    year=year,
                    state=RegistrationState.DRAFT,
                    entered_by=actor if role == workflow.Role.PROXY else None,
                )
        except IntegrityError as exc:  # someone started it between our read and our write
            raise ConcurrentEditError() from exc
        action = EventAction.CREATE
    else:
        role = _role_for(actor, workflow.Action.SAVE, registration)
        _step(registration, workflow.Action.SAVE, role)
        if role == workflow.Role.PROXY:
            registration.entered_by = actor
        save_versioned(registration, expected_version=expected_version)
        action = EventAction.SAVE
    pool = _pool(registration, organization=registration.organization, year=year, person=person)
    _sync_items(registration, cleaned, duty=selectors.duty_of(person), pool=pool)
    before = "" if action == EventAction.CREATE else registration.state
    _log(registration, action=action, actor=actor, from_state=before, role=role)
    if submit:
        return submit_registration(actor=actor, registration=registration, expected_version=registration.version)
    return registration


@transaction.atomic
def submit_registration(*, actor: User, registration: Registration, expected_version: int | None) -> Registration:
    """Send to the cell committee. The items are checked again; vague ones are only advised about."""
    role = _role_for(actor, workflow.Action.SUBMIT, registration)
    before = registration.state
    new_state = _step(registration, workflow.Action.SUBMIT, role)
    if not registration.pledges.exists():
        raise ValidationError(_("Register at least one item before sending."), code="empty")
    registration.state = new_state
    registration.submitted_at = timezone.now()
    if role == workflow.Role.PROXY:
        registration.entered_by = actor
    save_versioned(registration, expected_version=expected_version)
    refresh_quality(registration)
    _log(registration, action=EventAction.SUBMIT, actor=actor, from_state=before, role=role)
    return registration


@transaction.atomic
def withdraw_registration(*, actor: User, registration: Registration, expected_version: int | None) -> Registration:
    """Take a sent registration back to change it before the committee decides."""
    role = _role_for(actor, workflow.Action.WITHDRAW, registration)
    before = registration.state
    registration.state = _step(registration, workflow.Action.WITHDRAW, role)
    save_versioned(registration, expected_version=expected_version)
    _log(registration, action=EventAction.WITHDRAW, actor=actor, from_state=before, role=role)
    return registration


@transaction.atomic
def review_registration(
    *, actor: User, registration: Registration, approve: bool, comment: str, expected_version: int | None
) -> Registration:
    """The cell committee approves, or returns with comments (required) for the member to fix."""
    action = workflow.Action.APPROVE if approve else workflow.Action.RETURN
    role = _role_for(actor, action, registration)
    before = registration.state
    new_state = _step(registration, action, role)
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ValidationError({"comment": _("Write what the member should change, so they know how to fix it.")})
    if len(comment) > COMMENT_LIMIT:
        raise ValidationError({"comment": _("Keep the comments under %(max)s characters.") % {"max": COMMENT_LIMIT}})
    registration.state = new_state
    registration.review_comment = comment
    registration.reviewed_at = timezone.now()
    registration.reviewed_by = actor
    save_versioned(registration, expected_version=expected_version)
    _log(
        registration,
        action=EventAction.APPROVE if approve else EventAction.RETURN,
        actor=actor,
        from_state=before,
        role=role,
        comment=comment,
    )
    return registration


@transaction.atomic
def start_new_version(*, actor: User, registration: Registration, expected_version: int | None) -> Registration:
    """Copy an approved registration into a new draft version; the approved one stays as it was."""
    if not registration.is_current:
        raise ValidationError(_("A newer version of this registration already exists."), code="stale")
    role = _role_for(actor, workflow.Action.NEW_VERSION, registration)
    new_state = _step(registration, workflow.Action.NEW_VERSION, role)
    registration.is_current = False
    save_versioned(registration, expected_version=expected_version)
    fresh = Registration.objects.create(
        person=registration.person,
        organization=registration.organization,
        year=registration.year,
        state=new_state,
        number=registration.number + 1,
        previous=registration,
        entered_by=actor if role == workflow.Role.PROXY else registration.entered_by,
    )
    for pledge in registration.pledges.order_by("position", "pk"):
        Pledge.objects.create(
            registration=fresh,
            position=pledge.position,
            text=pledge.text,
            measure=pledge.measure,
            deadline=pledge.deadline,
            theme_id=pledge.theme_id,
            standard_id=pledge.standard_id,
            rule=pledge.rule,
            shortcoming_id=pledge.shortcoming_id,
            verdict=pledge.verdict,
            reasons=pledge.reasons,
        )
    _log(
        fresh,
        action=EventAction.NEW_VERSION,
        actor=actor,
        from_state=RegistrationState.APPROVED,
        role=role,
        comment=_("Copied from version %(n)s.") % {"n": registration.number},
    )
    return fresh


# --- shortcomings ---------------------------------------------------------------------------------


def _clean_shortcoming_text(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Describe the shortcoming.")})
    if len(text) > 2000:
        raise ValidationError({"text": _("Keep it under 2000 characters.")})
    return text


@transaction.atomic
def record_shortcoming(
    *,
    actor: User,
    person: Person,
    year: int,
    text: str,
    source: str = ShortcomingSource.SELF_CRITICISM,
    source_note: str = "",
) -> Shortcoming:
    """A member records their own shortcoming from self-criticism; the committee records any source."""
    committee = selectors.is_committee_for(actor, person)
    own = getattr(actor, "person_id", None) == person.pk
    if not committee and not own:
        raise ValidationError(_("Only the member or the cell committee can record this person's shortcomings."))
    if not committee:
        source = ShortcomingSource.SELF_CRITICISM
    if source not in ShortcomingSource.values:
        raise ValidationError({"source": _("Choose where the shortcoming was found.")})
    if not selectors.valid_year(year):
        raise ValidationError(
            {
                "year": _("Choose a year between %(first)s and %(last)s.")
                % {"first": selectors.FIRST_YEAR, "last": selectors.this_year() + 1}
            }
        )
    return Shortcoming.objects.create(
        person=person,
        year=year,
        text=_clean_shortcoming_text(text),
        source=source,
        source_note=(source_note or "").strip()[:300],
        recorded_by=actor,
    )


@transaction.atomic
def update_shortcoming(
    *,
    actor: User,
    shortcoming: Shortcoming,
    expected_version: int | None,
    status: str,
    remedy_note: str = "",
    text: str | None = None,
    source: str | None = None,
    source_note: str | None = None,
) -> Shortcoming:
    """Record how far the shortcoming is remedied; the wording changes only for its author or the committee."""
    may_status, may_wording = selectors.shortcoming_rights(actor, shortcoming)
    if not may_status:
        raise ValidationError(_("Only the member or the cell committee can update this shortcoming."))
    if status not in ShortcomingStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    shortcoming.status = status
    shortcoming.remedy_note = (remedy_note or "").strip()[:4000]
    if may_wording:
        if text is not None:
            shortcoming.text = _clean_shortcoming_text(text)
        if source is not None and selectors.is_committee_for(actor, shortcoming.person):
            if source not in ShortcomingSource.values:
                raise ValidationError({"source": _("Choose where the shortcoming was found.")})
            shortcoming.source = source
        if source_note is not None:
            shortcoming.source_note = source_note.strip()[:300]
    save_versioned(shortcoming, expected_version=expected_version)
    return shortcoming
