"""Writes on members' reports: assignment from the rotation, the workflow steps, the chair's
conclusion (each correction becomes a notebook Shortcoming to remedy) and moving a report on.

Every step checks the workflow (`workflow.transition`) and the actor's role, keeps the history
(MemberReportEvent) and runs in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lamtheo.core.versioning import save_versioned
from lamtheo.notebook.models import Shortcoming, ShortcomingSource
from lamtheo.organizations.models import Person, PersonKind

from . import rotation, selectors, workflow
from .models import (
    Attendance,
    Meeting,
    MeetingState,
    MemberReport,
    MemberReportEvent,
    ReportAction,
    ReportComment,
    ReportCorrection,
    ReportReason,
)
from .services import TEXT_LIMIT, require_manage

if TYPE_CHECKING:
    from lamtheo.accounts.models import User

REPORT_FIELDS = ("done", "remedied", "weaknesses", "direction")
MOVABLE = frozenset(workflow.BEFORE_MEETING)
MAX_CORRECTIONS = 10
MAX_COMMENTS = 20
COMMENT_LIMIT = 2000


def _role(actor: User, report: MemberReport, action: workflow.Action) -> workflow.Role:
    roles = selectors.roles_on(actor, report, report.meeting.cell)
    role = workflow.pick_role(action, roles)
    if role is None:
        wanted = workflow.COMMITTEE if action in workflow.COMMITTEE_ACTIONS else workflow.REPORTER
        raise ValidationError(str(workflow.ROLE_REASONS[wanted]), code="role")
    return role


def _step(report: MemberReport | str, action: workflow.Action, role: workflow.Role) -> workflow.State:
    state = report if isinstance(report, str) else report.state
    try:
        return workflow.transition(state, action, role)
    except workflow.TransitionError as exc:
        raise ValidationError(str(exc.message), code=exc.code) from exc


def _log(report: MemberReport, *, action: str, actor: User, from_state: str, comment: str = "") -> None:
    MemberReportEvent.objects.create(
        report=report, action=action, from_state=from_state, to_state=report.state, comment=comment, actor=actor
    )


def _comment(value: Any, *, required: bool, message: str = "") -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError({"comment": message or _("Write your comments for the member.")})
    if len(text) > COMMENT_LIMIT:
        raise ValidationError({"comment": _("Please keep this under %(n)s characters.") % {"n": COMMENT_LIMIT}})
    return text


def _meeting_held(report: MemberReport) -> None:
    """A report is presented, discussed and concluded at its meeting: not before that day."""
    meeting = report.meeting
    if meeting.date > timezone.localdate():
        raise ValidationError(
            _("The meeting of %(date)s has not taken place yet: record this on or after the day of the meeting.")
            % {"date": meeting.date.strftime("%d/%m/%Y")},
            code="not_held",
        )


def draft_due(meeting: Meeting) -> dt.date:
    settings = selectors.settings_for(meeting.cell)
    return meeting.date - dt.timedelta(days=settings.draft_days_before)


# --- assignment -----------------------------------------------------------------------------------


@transaction.atomic
def assign_reporters(*, actor: User, meeting: Meeting, people: Sequence[Person]) -> list[MemberReport]:
    """Assign `people` to report at `meeting`; each keeps why it was chosen.

    The reason comes from the rotation's proposal when the person is in it (volunteer, fewest
    reports, small cell); anyone else was chosen by the committee.
    """
    require_manage(actor, meeting.cell)
    if meeting.state != MeetingState.PLANNED:
        raise ValidationError(_("Reporters are assigned to a planned meeting."), code="state")
    if not people:
        raise ValidationError({"people": _("Choose at least one member.")})
    errors = [
        _("%(name)s is not a member of this cell.") % {"name": p.full_name}
        for p in people
        if p.cell_id != meeting.cell_id or p.kind != PersonKind.MEMBER
    ]
    if errors:
        raise ValidationError({"people": errors})
    proposal = selectors.proposal(actor, meeting)
    already = {r.person_id for r in proposal.assigned}
    fresh = [p for p in dict.fromkeys(people) if p.pk not in already]
    limit = max(proposal.places, rotation.MAX_REPORTERS)
    if len(already) + len(fresh) > limit:
        raise ValidationError(
            {"people": _("At most %(n)s members report at one meeting.") % {"n": limit}}, code="too_many"
        )
    picks = {p.person_id: p for p in proposal.rotation.picks}
    due = draft_due(meeting)
    created = []
    for person in fresh:
        pick = picks.get(person.pk)
        report = MemberReport.objects.create(
            meeting=meeting,
            person=person,
            reason=str(pick.reason) if pick else ReportReason.CHOSEN,
            reason_count=proposal.counts.get(person.pk, 0),
            draft_due=due,
        )
        _log(report, action=ReportAction.ASSIGN, actor=actor, from_state="")
        created.append(report)
    return created


# --- the reporter's writing -----------------------------------------------------------------------


def _clean_fields(fields: Mapping[str, Any], *, complete: bool) -> dict[str, str]:
    errors: dict[str, str] = {}
    cleaned: dict[str, str] = {}
    for key in REPORT_FIELDS:
        text = str(fields.get(key) or "").strip()
        if len(text) > TEXT_LIMIT:
            errors[key] = _("Please keep this under %(n)s characters.") % {"n": TEXT_LIMIT}
        cleaned[key] = text
    if complete:
        if not cleaned["done"]:
            errors.setdefault("done", _("Write how far your registered items are done."))
        if not cleaned["direction"]:
            errors.setdefault("direction", _("Write how you will continue."))
    if errors:
        raise ValidationError(errors, code="invalid")
    return cleaned


@transaction.atomic
def save_report(
    *,
    actor: User,
    report: MemberReport,
    fields: Mapping[str, Any],
    expected_version: int | None,
    submit: bool = False,
    finalise: bool = False,
) -> MemberReport:
    """Save the reporter's text; with `submit` send it to the cell committee, with `finalise`
    (after the chair's conclusion) keep it as final."""
    role = _role(actor, report, workflow.Action.SAVE)
    before = report.state
    new_state = _step(report, workflow.Action.SAVE, role)
    final = workflow.Action.SUBMIT if submit else workflow.Action.FINALISE if finalise else None
    if final is not None:
        new_state = _step(new_state, final, role)
    cleaned = _clean_fields(fields, complete=final is not None)
    for key, value in cleaned.items():
        setattr(report, key, value)
    report.state = new_state
    if final == workflow.Action.SUBMIT:
        report.submitted_at = timezone.now()
    elif final == workflow.Action.FINALISE:
        report.finalised_at = timezone.now()
    save_versioned(report, expected_version=expected_version)
    action = ReportAction.SAVE
    if final == workflow.Action.SUBMIT:
        action = ReportAction.SUBMIT
    elif final == workflow.Action.FINALISE:
        action = ReportAction.FINALISE
    _log(report, action=action, actor=actor, from_state=before)
    return report


# --- simple steps ---------------------------------------------------------------------------------

_SIMPLE = {
    workflow.Action.SUBMIT: ReportAction.SUBMIT,
    workflow.Action.WITHDRAW: ReportAction.WITHDRAW,
    workflow.Action.RETURN: ReportAction.RETURN,
    workflow.Action.ACCEPT: ReportAction.ACCEPT,
    workflow.Action.PRESENT: ReportAction.PRESENT,
    workflow.Action.CANCEL: ReportAction.CANCEL,
}


@transaction.atomic
def act(
    *, actor: User, report: MemberReport, action: str, comment: str = "", expected_version: int | None
) -> MemberReport:
    """One workflow step without text of the member: submit, take back, return (with comments),
    accept (comments optional), record the presentation, cancel (with the reason)."""
    try:
        step = workflow.Action(action)
    except ValueError as exc:
        raise ValidationError(_("This action is not possible."), code="unknown") from exc
    if step not in _SIMPLE:
        raise ValidationError(_("This action is not possible."), code="unknown")
    role = _role(actor, report, step)
    new_state = _step(report, step, role)
    if step == workflow.Action.SUBMIT:
        _clean_fields({k: getattr(report, k) for k in REPORT_FIELDS}, complete=True)
    if step == workflow.Action.PRESENT:
        _meeting_held(report)
    text = _comment(
        comment,
        required=step in (workflow.Action.RETURN, workflow.Action.CANCEL),
        message=_("Say why the report is cancelled.") if step == workflow.Action.CANCEL else "",
    )
    before = report.state
    report.state = new_state
    now = timezone.now()
    if step == workflow.Action.SUBMIT:
        report.submitted_at = now
    elif step in (workflow.Action.RETURN, workflow.Action.ACCEPT) and text:
        report.committee_comment = text
    elif step == workflow.Action.PRESENT:
        report.presented_at = now
    save_versioned(report, expected_version=expected_version)
    _log(report, action=_SIMPLE[step], actor=actor, from_state=before, comment=text)
    return report


@transaction.atomic
def record_comments(
    *,
    actor: User,
    report: MemberReport,
    comments: Sequence[Mapping[str, Any]],
    expected_version: int | None,
) -> list[ReportComment]:
    """Record what members said on the report at the meeting (`comments`: speaker, text)."""
    role = _role(actor, report, workflow.Action.COMMENT)
    new_state = _step(report, workflow.Action.COMMENT, role)
    _meeting_held(report)
    rows = [c for c in comments if str(c.get("text") or "").strip()]
    errors = []
    if not rows:
        errors.append(_("Write at least one comment."))
    if len(rows) > MAX_COMMENTS:
        errors.append(_("Record at most %(n)s comments at a time.") % {"n": MAX_COMMENTS})
    for number, row in enumerate(rows, start=1):
        speaker = row.get("speaker")
        if speaker is not None and (not isinstance(speaker, Person) or speaker.cell_id != report.meeting.cell_id):
            errors.append(_("Comment %(n)s: choose a member of this cell.") % {"n": number})
        if len(str(row["text"]).strip()) > COMMENT_LIMIT:
            errors.append(_("Comment %(n)s: keep it under %(max)s characters.") % {"n": number, "max": COMMENT_LIMIT})
    if errors:
        raise ValidationError(errors, code="invalid")
    before = report.state
    report.state = new_state
    save_versioned(report, expected_version=expected_version)
    created = [
        ReportComment.objects.create(
            report=report, speaker=row.get("speaker"), text=str(row["text"]).strip(), recorded_by=actor
        )
        for row in rows
    ]
    _log(
        report, action=ReportAction.COMMENT, actor=actor, from_state=before, comment="\n".join(c.text for c in created)
    )
    return created


@transaction.atomic
def conclude(
    *,
    actor: User,
    report: MemberReport,
    good_points: str,
    corrections: Sequence[str],
    expected_version: int | None,
) -> MemberReport:
    """The chair's conclusion: good deeds for others to follow and what to correct. Each
    correction becomes a shortcoming in the member's notebook (source: cell meeting)."""
    role = _role(actor, report, workflow.Action.CONCLUDE)
    new_state = _step(report, workflow.Action.CONCLUDE, role)
    _meeting_held(report)
    good = str(good_points or "").strip()
    items = [str(c).strip() for c in corrections if str(c or "").strip()]
    errors: dict[str, str] = {}
    if len(good) > TEXT_LIMIT:
        errors["good_points"] = _("Please keep this under %(n)s characters.") % {"n": TEXT_LIMIT}
    if not good and not items:
        errors["good_points"] = _("Write the good deeds to follow, what to correct, or both.")
    if len(items) > MAX_CORRECTIONS:
        errors["corrections"] = _("Name at most %(n)s things to correct.") % {"n": MAX_CORRECTIONS}
    elif any(len(item) > 1000 for item in items):
        errors["corrections"] = _("Keep each thing to correct under 1000 characters.")
    if errors:
        raise ValidationError(errors, code="invalid")
    before = report.state
    report.state = new_state
    report.good_points = good
    report.concluded_at = timezone.now()
    save_versioned(report, expected_version=expected_version)
    meeting = report.meeting
    for position, text in enumerate(items, start=1):
        shortcoming = Shortcoming.objects.create(
            person_id=report.person_id,
            year=meeting.year,
            text=text,
            source=ShortcomingSource.MEETING,
            source_note=meeting.date.strftime("%d/%m/%Y"),
            recorded_by=actor,
        )
        ReportCorrection.objects.create(report=report, position=position, text=text, shortcoming=shortcoming)
    summary = "\n".join([good, *(f"- {item}" for item in items)]).strip()
    _log(report, action=ReportAction.CONCLUDE, actor=actor, from_state=before, comment=summary)
    return report


# --- moving a report on ---------------------------------------------------------------------------


@transaction.atomic
def move_report(
    *, actor: User, report: MemberReport, to: Meeting, comment: str = "", expected_version: int | None
) -> MemberReport:
    """Move a report not yet presented to another planned meeting of the same cell."""
    role = _role(actor, report, workflow.Action.MOVE)
    _step(report, workflow.Action.MOVE, role)
    if to.cell_id != report.meeting.cell_id or to.state != MeetingState.PLANNED or to.pk == report.meeting_id:
        raise ValidationError({"to": _("Choose another planned meeting of this cell.")})
    if MemberReport.objects.filter(meeting=to, person_id=report.person_id).exclude(state="cancelled").exists():
        raise ValidationError({"to": _("This member already reports at that meeting.")})
    text = _comment(comment, required=False)
    return _move(report, to=to, actor=actor, comment=text, expected_version=expected_version)


def _move(
    report: MemberReport, *, to: Meeting, actor: User, comment: str, expected_version: int | None
) -> MemberReport:
    old = report.meeting
    report.meeting = to
    report.reason = ReportReason.MOVED
    report.draft_due = draft_due(to)
    save_versioned(report, expected_version=expected_version)
    note = _("From the meeting of %(old)s to the meeting of %(new)s.") % {
        "old": old.date.strftime("%d/%m/%Y"),
        "new": to.date.strftime("%d/%m/%Y"),
    }
    _log(report, action=ReportAction.MOVE, actor=actor, from_state=report.state, comment=f"{note} {comment}".strip())
    return report


def move_on(*, actor: User, report: MemberReport, attendance: Attendance) -> MemberReport | None:
    """A reporter who is excused, absent or exempt is moved on to the next planned regular meeting
    (if there is one and they do not already report there). Called inside record_attendance."""
    require_manage(actor, report.meeting.cell)
    target = selectors.next_regular(report.meeting)
    if (
        target is None
        or MemberReport.objects.filter(meeting=target, person_id=report.person_id).exclude(state="cancelled").exists()
    ):
        return None
    reason = str(attendance.get_status_display())
    if attendance.reason:
        reason = f"{reason}: {attendance.reason}"
    return _move(report, to=target, actor=actor, comment=reason, expected_version=report.version)
