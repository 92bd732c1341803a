"""Writes on nominations, decisions and calls (yearbooks: services_yearbook). Each function is atomic, checks the
actor's reach (MANAGE_CAMPAIGN on the proposing unit or on the deciding level) and the workflow,
keeps the history (NominationEvent) and leaves the audit trail to auditlog. Versioned rows are
saved with `save_versioned`, so two people deciding the same nomination at once cannot both win.
"""

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
from lamtheo.notebook.models import Registration, SelfReport
from lamtheo.organizations.models import Organization, Person
from lamtheo.organizations.scoping import Capability
from lamtheo.organizations.selectors import parent_of, reaches

from . import workflow
from .models import (
    Category,
    Commendation,
    DecisionKind,
    Evidence,
    Nomination,
    NominationCall,
    NominationEvent,
    NominationState,
    NomineeKind,
    Outcome,
    OutcomeKind,
    RewardForm,
)

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

MAX_TEXT = 5000
MAX_EVIDENCE = 10
MIN_DATE, MAX_DATE = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
MANAGE = Capability.MANAGE_CAMPAIGN


# --- helpers --------------------------------------------------------------------------------------


def roles_on(user: User, nomination: Nomination) -> set[str]:
    """The workflow roles `user` holds on `nomination` (no query: the roles are cached)."""
    roles: set[str] = set()
    if reaches(user, nomination.proposer, MANAGE):
        roles.add(workflow.Role.PROPOSER)
    if reaches(user, nomination.level, MANAGE):
        roles.add(workflow.Role.DECIDER)
    return roles


def _require(user: User, nomination: Nomination, role: workflow.Role) -> None:
    if role not in roles_on(user, nomination):
        raise ValidationError(str(workflow.ROLE_REASONS[frozenset({role})]), code="role")


def _step(nomination: Nomination, action: workflow.Action, role: workflow.Role) -> str:
    try:
        return workflow.transition(nomination.state, action, role)
    except workflow.TransitionError as exc:
        raise ValidationError(str(exc.message), code=exc.code) from exc


def _log(nomination: Nomination, *, action: str, actor: User, from_state: str, comment: str = "") -> None:
    NominationEvent.objects.create(
        nomination=nomination,
        action=action,
        from_state=from_state,
        to_state=nomination.state,
        level=nomination.level,
        comment=comment,
        actor=actor,
    )


def _text(value: str, field: str, *, required: bool, message: str) -> str:
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: message})
    if len(text) > MAX_TEXT:
        raise ValidationError({field: _("Keep it under %(max)s characters.") % {"max": MAX_TEXT}})
    return text


def _period(date_from: dt.date | None, date_to: dt.date | None) -> None:
    if date_from is None or date_to is None:
        raise ValidationError({"date_from": _("Enter the period: from and to.")})
    if date_to < date_from:
        raise ValidationError({"date_to": _("The end of the period is before its start.")})
    if date_from < MIN_DATE or date_to > MAX_DATE:
        raise ValidationError({"date_from": _("The period must fall between 2000 and 2100.")})


def _check_call(call: NominationCall | None, proposer: Organization) -> None:
    if call is None:
        return
    if not proposer.path.startswith(call.organization.path):
        raise ValidationError({"call": _("This call was not sent to this unit.")})
    if timezone.localdate() > call.deadline:
        raise ValidationError(
            {"call": _("The deadline of this call was %(day)s; nominations are closed.") % {"day": _d(call.deadline)}}
        )


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


# --- nominations ----------------------------------------------------------------------------------


def _check_nominee(
    proposer: Organization, person: Person | None, unit: Organization | None, category: Category
) -> None:
    if (person is None) == (unit is None):
        raise ValidationError({"person": _("Choose either a person or a collective.")})
    kind = NomineeKind.PERSON if person is not None else NomineeKind.COLLECTIVE
    if person is not None and not person.cell.path.startswith(proposer.path):
        raise ValidationError({"person": _("Choose a person of this unit.")})
    if unit is not None and not unit.path.startswith(proposer.path):
        raise ValidationError({"unit": _("Choose this unit or one of its subordinate units.")})
    if not category.active:
        raise ValidationError({"category": _("This category is no longer in use.")})
    if not category.fits(kind):
        message = (
            _("This category is for collectives only.")
            if kind == NomineeKind.PERSON
            else _("This category is for individuals only.")
        )
        raise ValidationError({"category": message})


def create_nomination(
    *,
    actor: User,
    proposer: Organization,
    category: Category,
    date_from: dt.date,
    date_to: dt.date,
    achievements: str,
    person: Person | None = None,
    unit: Organization | None = None,
    call: NominationCall | None = None,
    own_level: bool = False,
) -> Nomination:
    """A unit's new nomination: a draft for the level above, or (`own_level`, and always at the top
    of the tree) one the unit adds to its own list of decisions."""
    if not reaches(actor, proposer, MANAGE):
        raise PermissionDenied
    _check_nominee(proposer, person, unit, category)
    _period(date_from, date_to)
    text = _text(achievements, "achievements", required=True, message=_("Write what they did."))
    _check_call(call, proposer)
    parent = None if own_level else parent_of(proposer)
    duplicate = Nomination.objects.filter(
        person=person,
        unit=unit,
        category=category,
        date_from=date_from,
        date_to=date_to,
        state__in=[NominationState.DRAFT, NominationState.PENDING],
    )
    if duplicate.exists():
        raise ValidationError(_("This nominee is already proposed in this category for this period."), code="dup")
    now = timezone.now()
    with transaction.atomic():
        nomination = Nomination.objects.create(
            proposer=proposer,
            level=parent or proposer,
            person=person,
            unit=unit,
            category=category,
            call=call,
            date_from=date_from,
            date_to=date_to,
            achievements=text,
            state=NominationState.DRAFT if parent else NominationState.PENDING,
            submitted_at=None if parent else now,
            proposed_by=actor,
        )
        _log(nomination, action="create", actor=actor, from_state="")
    return nomination


def update_nomination(
    *,
    actor: User,
    nomination: Nomination,
    expected_version: int | None,
    category: Category,
    date_from: dt.date,
    date_to: dt.date,
    achievements: str,
) -> Nomination:
    """Change a draft (the nominee stays: a different nominee is a new nomination)."""
    _require(actor, nomination, workflow.Role.PROPOSER)
    _step(nomination, workflow.Action.SAVE, workflow.Role.PROPOSER)
    _check_nominee(nomination.proposer, nomination.person, nomination.unit, category)
    _period(date_from, date_to)
    nomination.category = category
    nomination.date_from, nomination.date_to = date_from, date_to
    nomination.achievements = _text(achievements, "achievements", required=True, message=_("Write what they did."))
    with transaction.atomic():
        save_versioned(nomination, expected_version=expected_version)
        _log(nomination, action="save", actor=actor, from_state=nomination.state)
    return nomination


def submit_nomination(*, actor: User, nomination: Nomination, expected_version: int | None) -> Nomination:
    """Send a draft to the level above the proposer."""
    _require(actor, nomination, workflow.Role.PROPOSER)
    from_state = nomination.state
    nomination.state = _step(nomination, workflow.Action.SUBMIT, workflow.Role.PROPOSER)
    _check_call(nomination.call, nomination.proposer)
    nomination.submitted_at = timezone.now()
    with transaction.atomic():
        save_versioned(nomination, expected_version=expected_version)
        _log(nomination, action="submit", actor=actor, from_state=from_state)
    return nomination


def _commendation(
    *, actor: User, level: Organization, kind: str, number: str, decided_on: dt.date
) -> Commendation | None:
    """The level's decision with this number (created on first use); its kind and date must match."""
    if not number:
        return None
    found = Commendation.objects.select_for_update().filter(organization=level, number=number).first()
    if found is None:
        return Commendation.objects.create(
            organization=level, kind=kind, number=number, decided_on=decided_on, created_by=actor
        )
    if found.kind != kind or found.decided_on != decided_on:
        raise ValidationError(
            {
                "number": _(
                    "Decision %(number)s of this level is a %(kind)s dated %(day)s; use another number or the same "
                    "kind and date."
                )
                % {"number": number, "kind": found.get_kind_display().lower(), "day": _d(found.decided_on)}
            }
        )
    return found


def decide(
    *,
    actor: User,
    nomination: Nomination,
    expected_version: int | None,
    kind: str,
    decided_on: dt.date | None = None,
    reward_form: RewardForm | None = None,
    number: str = "",
    reason: str = "",
) -> Outcome:
    """The deciding level's outcome: commend or reward here, decline with a reason, or forward up."""
    try:
        action = workflow.Action(kind)
    except ValueError:
        raise ValidationError({"kind": _("Choose a decision.")}) from None
    if action not in workflow.DECISIONS:
        raise ValidationError({"kind": _("Choose a decision.")})
    _require(actor, nomination, workflow.Role.DECIDER)
    from_state, level = nomination.state, nomination.level
    new_state = _step(nomination, action, workflow.Role.DECIDER)
    today = timezone.localdate()
    decided_on = decided_on or today
    if decided_on > today:
        raise ValidationError({"decided_on": _("The date cannot be in the future.")})
    if decided_on < MIN_DATE:
        raise ValidationError({"decided_on": _("The date must fall between 2000 and 2100.")})
    number = (number or "").strip()
    if len(number) > 40:
        raise ValidationError({"number": _("The decision number is too long.")})
    reason = _text(
        reason, "reason", required=action == workflow.Action.DECLINE, message=_("Say why the nomination is declined.")
    )
    parent = parent_of(level) if action == workflow.Action.FORWARD else None
    if action == workflow.Action.FORWARD and parent is None:
        raise ValidationError({"kind": _("This is the top level: there is no level above to propose to.")})
    if action == workflow.Action.REWARD:
        errors: dict[str, str] = {}
        if reward_form is None:
            errors["reward_form"] = _("Choose the form of reward.")
        elif not reward_form.active:
            errors["reward_form"] = _("This form of reward is no longer in use.")
        if not number:
            errors["number"] = _("Enter the number of the reward decision.")
        if errors:
            raise ValidationError(errors)
    with transaction.atomic():
        nomination.state = new_state
        if parent is not None:
            nomination.level = parent
        save_versioned(nomination, expected_version=expected_version)
        commendation = None
        if action in (workflow.Action.COMMEND, workflow.Action.REWARD):
            commendation = _commendation(
                actor=actor,
                level=level,
                kind=DecisionKind.COMMEND if action == workflow.Action.COMMEND else DecisionKind.REWARD,
                number=number,
                decided_on=decided_on,
            )
        outcome = Outcome.objects.create(
            nomination=nomination,
            level=level,
            kind=OutcomeKind(action.value),
            reward_form=reward_form if action == workflow.Action.REWARD else None,
            commendation=commendation,
            reason=reason,
            decided_on=decided_on,
            decided_by=actor,
        )
        _log(nomination, action=action.value, actor=actor, from_state=from_state, comment=reason)
    return outcome


def link_work(
    *,
    actor: User,
    nomination: Nomination,
    registrations: Iterable[Registration],
    self_reports: Iterable[SelfReport],
) -> None:
    """Tie the nominee's own registrations and reported results to the nomination."""
    if not roles_on(actor, nomination):
        raise PermissionDenied
    regs, reports = list(registrations), list(self_reports)

    def owned(reg: Registration) -> bool:
        if nomination.person_id:
            return reg.person_id == nomination.person_id
        return reg.person_id is None and reg.organization_id == nomination.unit_id

    if not all(owned(r) for r in regs) or not all(owned(s.registration) for s in reports):
        raise ValidationError(_("Choose only the nominee's own registrations and results."))
    with transaction.atomic():
        nomination.registrations.set(regs)
        nomination.self_reports.set(reports)
        _log(nomination, action="link", actor=actor, from_state=nomination.state)


def add_evidence(*, actor: User, nomination: Nomination, upload: Any, caption: str = "") -> Evidence:
    """A photo (checked and re-encoded) or a document (checked by its content) for the nomination."""
    from lamtheo.notebook.services_results import prepare_photo
    from lamtheo.study.uploads import check_document, sniff

    if not roles_on(actor, nomination):
        raise PermissionDenied
    if nomination.state == NominationState.DECLINED:
        raise ValidationError({"upload": _("This nomination was declined; no more evidence can be added.")})
    if nomination.evidence.count() >= MAX_EVIDENCE:
        raise ValidationError({"upload": _("At most %(n)s files per nomination.") % {"n": MAX_EVIDENCE}})
    if upload is None:
        raise ValidationError({"upload": _("Choose a photo or a document.")})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    name = str(getattr(upload, "name", "") or "")[-200:]
    if sniff(head) in ("jpg", "png") or head[8:12] == b"WEBP":
        try:
            photo = prepare_photo(upload, caption=caption)
        except ValidationError as exc:
            raise ValidationError({"upload": exc.messages}) from exc
        data, extension, is_photo = photo.data, photo.extension, True
    else:
        try:
            document = check_document(upload)
        except ValidationError as exc:
            raise ValidationError({"upload": exc.messages}) from exc
        data, extension, is_photo = document.content.read(), document.extension, False
    evidence = Evidence(
        nomination=nomination,
        file_name=name,
        caption=(caption or "").strip()[:200],
        is_photo=is_photo,
        size=len(data),
        uploaded_by=actor,
    )
    with transaction.atomic():
        evidence.file.save(f"{uuid.uuid4().hex}.{extension}", ContentFile(data), save=False)
        evidence.save()
    return evidence


# --- calls ----------------------------------------------------------------------------------------


def create_call(
    *,
    actor: User,
    organization: Organization,
    title: str,
    date_from: dt.date,
    date_to: dt.date,
    deadline: dt.date,
    message: str = "",
) -> NominationCall:
    """A level asks its subtree for nominations of a period by a deadline."""
    if not reaches(actor, organization, MANAGE):
        raise PermissionDenied
    title = _text(title, "title", required=True, message=_("Enter the subject."))[:300]
    _period(date_from, date_to)
    if deadline is None or deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    return NominationCall.objects.create(
        organization=organization,
        title=title,
        date_from=date_from,
        date_to=date_to,
        deadline=deadline,
        message=_text(message, "message", required=False, message=""),
        created_by=actor,
    )
