"""The registration workflow as a pure function: (state, action, role) → new state, or an error.

    draft ──submit──▶ submitted ──approve──▶ approved ──new_version──▶ (a new version in draft)
      ▲  ◀─withdraw──     │
      │                   └──return──▶ returned ──submit──▶ submitted
    save                                  save

The member (OWNER) or the secretary entering for them (PROXY) writes, submits, takes back and
starts new versions; the cell committee (REVIEWER) approves or returns. An approved registration
is never edited: its items change only through a new version, so the approved one stays readable.
For a collective registration the unit's committee holds OWNER.

No database and no Django models here, so the tests run without a database.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lamtheo.core.workflow import StateMachine
from lamtheo.core.workflow import TransitionError as TransitionError  # re-exported for the services


class State(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    APPROVED = "approved"


class Action(enum.StrEnum):
    SAVE = "save"
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    APPROVE = "approve"
    RETURN = "return"
    NEW_VERSION = "new_version"


class Role(enum.StrEnum):
    OWNER = "owner"
    PROXY = "proxy"
    REVIEWER = "reviewer"


WRITERS = frozenset({Role.OWNER, Role.PROXY})
REVIEWERS = frozenset({Role.REVIEWER})

# (state, action) → (new state, roles allowed). NEW_VERSION gives the state of the new version.
TRANSITIONS: dict[tuple[State, Action], tuple[State, frozenset[Role]]] = {
    (State.DRAFT, Action.SAVE): (State.DRAFT, WRITERS),
    (State.RETURNED, Action.SAVE): (State.RETURNED, WRITERS),
    (State.DRAFT, Action.SUBMIT): (State.SUBMITTED, WRITERS),
    (State.RETURNED, Action.SUBMIT): (State.SUBMITTED, WRITERS),
    (State.SUBMITTED, Action.WITHDRAW): (State.DRAFT, WRITERS),
    (State.SUBMITTED, Action.APPROVE): (State.APPROVED, REVIEWERS),
    (State.SUBMITTED, Action.RETURN): (State.RETURNED, REVIEWERS),
    (State.APPROVED, Action.NEW_VERSION): (State.DRAFT, WRITERS),
}

# Why an action does not fit a state, in words a member understands.
_STATE_REASONS: dict[tuple[State, Action], Promise] = {
    (State.APPROVED, Action.SAVE): _(
        "This registration is approved. Its items change only through a new version; start one to make changes."
    ),
    (State.SUBMITTED, Action.SAVE): _(
        "This registration is waiting for the cell committee. Take it back first to change it."
    ),
    (State.SUBMITTED, Action.SUBMIT): _("This registration has already been sent to the cell committee."),
    (State.APPROVED, Action.SUBMIT): _("This registration is already approved."),
    (State.APPROVED, Action.APPROVE): _("This registration is already approved."),
    (State.APPROVED, Action.RETURN): _("This registration is already approved. Changes now go through a new version."),
    (State.DRAFT, Action.APPROVE): _("Only a registration sent to the cell committee can be approved."),
    (State.RETURNED, Action.APPROVE): _("Only a registration sent to the cell committee can be approved."),
    (State.DRAFT, Action.RETURN): _("Only a registration sent to the cell committee can be returned."),
    (State.RETURNED, Action.RETURN): _("Only a registration sent to the cell committee can be returned."),
    (State.DRAFT, Action.WITHDRAW): _("This registration has not been sent, so there is nothing to take back."),
    (State.RETURNED, Action.WITHDRAW): _("This registration has not been sent, so there is nothing to take back."),
    (State.APPROVED, Action.WITHDRAW): _("This registration is already approved. Start a new version to change it."),
}
_NOT_APPROVED_YET = _("Only an approved registration gets a new version; change this one directly.")

ROLE_REASONS: dict[frozenset[Role], Promise] = {
    REVIEWERS: _("Only the cell committee approves or returns registrations."),
    WRITERS: _("Only the member, or the secretary entering on the member's behalf, can do this."),
}


def _state_reason(state: State, action: Action) -> Promise | None:
    return _NOT_APPROVED_YET if action == Action.NEW_VERSION else _STATE_REASONS.get((state, action))


MACHINE = StateMachine(
    states=State,
    actions=Action,
    roles=Role,
    transitions=TRANSITIONS,
    state_reason=lambda state, action: (
        _NOT_APPROVED_YET if action == Action.NEW_VERSION else _STATE_REASONS.get((state, action))
    ),
    role_reasons=ROLE_REASONS,
)
transition = MACHINE.transition
is_allowed = MACHINE.is_allowed


def pick_role(action: str, roles: Iterable[str]) -> Role | None:
    """The role a user acts in for `action`, from the roles they hold on the registration.

    Reviewing uses REVIEWER; writing uses OWNER before PROXY (a secretary writing their own
    registration is not entering on anyone's behalf).
    """
    held = {Role(r) for r in roles}
    wanted = (Role.REVIEWER,) if Action(action) in (Action.APPROVE, Action.RETURN) else (Role.OWNER, Role.PROXY)
    return next((r for r in wanted if r in held), None)


def available_actions(state: str, roles: Iterable[str]) -> set[Action]:
    """Every action a user holding `roles` may take on a registration in `state`."""
    held = list(roles)
    found: set[Action] = set()
    for action in Action:
        role = pick_role(action, held)
        if role is not None and is_allowed(state, action, role):
            found.add(action)
    return found
