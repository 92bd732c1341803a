"""The member-report workflow as a pure function: (state, action, role) → new state, or an error.

    assigned ─save─▶ draft ─submit─▶ submitted ─accept─▶ accepted ─present─▶ presented
                       ▲ ◀─withdraw──    │                                    │ comment
                       │                 └─return─▶ returned ─submit─┘        ▼
                                                    (save)                 commented (comment)
                                                                              │ conclude (also from presented)
                                                                              ▼
                                                          concluded ─save─▶ concluded ─finalise─▶ finalised
    cancel (committee): from assigned, draft, submitted, returned, accepted → cancelled
    move (committee, to another meeting): same states, the state stays

The member who reports (REPORTER) drafts, sends, takes back, revises after the meeting and
finalises; the cell committee (COMMITTEE: secretary, deputy, committee members) returns or
accepts, records the presentation and the members' comments, concludes as chair, cancels or
moves a report. No database here, so the tests run without one.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lamtheo.core.workflow import StateMachine
from lamtheo.core.workflow import TransitionError as TransitionError  # re-exported for the services


class State(enum.StrEnum):
    ASSIGNED = "assigned"
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"
    PRESENTED = "presented"
    COMMENTED = "commented"
    CONCLUDED = "concluded"
    FINALISED = "finalised"
    CANCELLED = "cancelled"


class Action(enum.StrEnum):
    SAVE = "save"
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    RETURN = "return"
    ACCEPT = "accept"
    PRESENT = "present"
    COMMENT = "comment"
    CONCLUDE = "conclude"
    FINALISE = "finalise"
    CANCEL = "cancel"
    MOVE = "move"


class Role(enum.StrEnum):
    REPORTER = "reporter"
    COMMITTEE = "committee"


REPORTER = frozenset({Role.REPORTER})
COMMITTEE = frozenset({Role.COMMITTEE})

BEFORE_MEETING = (State.ASSIGNED, State.DRAFT, State.SUBMITTED, State.RETURNED, State.ACCEPTED)
EDITABLE = frozenset({State.ASSIGNED, State.DRAFT, State.RETURNED, State.CONCLUDED})
COMMITTEE_ACTIONS = frozenset(
    {Action.RETURN, Action.ACCEPT, Action.PRESENT, Action.COMMENT, Action.CONCLUDE, Action.CANCEL, Action.MOVE}
)

TRANSITIONS: dict[tuple[State, Action], tuple[State, frozenset[Role]]] = {
    (State.ASSIGNED, Action.SAVE): (State.DRAFT, REPORTER),
    (State.DRAFT, Action.SAVE): (State.DRAFT, REPORTER),
    (State.RETURNED, Action.SAVE): (State.RETURNED, REPORTER),
    (State.ASSIGNED, Action.SUBMIT): (State.SUBMITTED, REPORTER),
    (State.DRAFT, Action.SUBMIT): (State.SUBMITTED, REPORTER),
    (State.RETURNED, Action.SUBMIT): (State.SUBMITTED, REPORTER),
    (State.SUBMITTED, Action.WITHDRAW): (State.DRAFT, REPORTER),
    (State.SUBMITTED, Action.RETURN): (State.RETURNED, COMMITTEE),
    (State.SUBMITTED, Action.ACCEPT): (State.ACCEPTED, COMMITTEE),
    (State.ACCEPTED, Action.PRESENT): (State.PRESENTED, COMMITTEE),
    (State.PRESENTED, Action.COMMENT): (State.COMMENTED, COMMITTEE),
    (State.COMMENTED, Action.COMMENT): (State.COMMENTED, COMMITTEE),
    (State.PRESENTED, Action.CONCLUDE): (State.CONCLUDED, COMMITTEE),
    (State.COMMENTED, Action.CONCLUDE): (State.CONCLUDED, COMMITTEE),
    (State.CONCLUDED, Action.SAVE): (State.CONCLUDED, REPORTER),
    (State.CONCLUDED, Action.FINALISE): (State.FINALISED, REPORTER),
    **{(state, Action.CANCEL): (State.CANCELLED, COMMITTEE) for state in BEFORE_MEETING},
    **{(state, Action.MOVE): (state, COMMITTEE) for state in BEFORE_MEETING},
}

_STATE_REASONS: dict[Action, Promise] = {
    Action.SAVE: _("This report cannot be changed now."),
    Action.SUBMIT: _("Only a draft or a returned report can be sent to the cell committee."),
    Action.WITHDRAW: _("Only a report waiting for the cell committee can be taken back."),
    Action.RETURN: _("Only a report sent to the cell committee can be returned."),
    Action.ACCEPT: _("Only a report sent to the cell committee can be accepted."),
    Action.PRESENT: _("Only a report accepted by the cell committee can be presented."),
    Action.COMMENT: _("Members' comments are recorded after the report is presented."),
    Action.CONCLUDE: _("The chair concludes after the report is presented."),
    Action.FINALISE: _("The report is finalised after the chair's conclusion."),
    Action.CANCEL: _("A report already presented cannot be cancelled."),
    Action.MOVE: _("A report already presented cannot be moved to another meeting."),
}

ROLE_REASONS: dict[frozenset[Role], Promise] = {
    REPORTER: _("Only the member who reports can do this."),
    COMMITTEE: _("Only the cell committee can do this."),
}


MACHINE = StateMachine(
    states=State,
    actions=Action,
    roles=Role,
    transitions=TRANSITIONS,
    state_reason=lambda state, action: _STATE_REASONS[action],
    role_reasons=ROLE_REASONS,
)
transition = MACHINE.transition
is_allowed = MACHINE.is_allowed


def pick_role(action: str, roles: Iterable[str]) -> Role | None:
    """The role a user acts in for `action`, from the roles they hold on the report."""
    held = {Role(r) for r in roles}
    wanted = Role.COMMITTEE if Action(action) in COMMITTEE_ACTIONS else Role.REPORTER
    return wanted if wanted in held else None


def available_actions(state: str, roles: Iterable[str]) -> set[Action]:
    """Every action a user holding `roles` may take on a report in `state`."""
    held = list(roles)
    found: set[Action] = set()
    for action in Action:
        role = pick_role(action, held)
        if role is not None and is_allowed(state, action, role):
            found.add(action)
    return found
