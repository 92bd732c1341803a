"""The nomination workflow as a pure function: (state, action, role) → new state, or an error.

    draft ──submit──▶ pending ──commend──▶ commended ──forward──▶ pending (at the level above)
                        │  ├───reward───▶ rewarded  ──forward──▶ pending (at the level above)
                        │  └──decline──▶ declined
                        └──forward──▶ pending (at the level above)

The proposing unit (PROPOSER) writes and submits; the level where the nomination sits (DECIDER)
commends, rewards, declines or forwards. Commended or rewarded nominations may still go up, so a
nominee collects several outcomes over time. No database here.
"""

from __future__ import annotations

import enum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from lamtheo.core.workflow import StateMachine
from lamtheo.core.workflow import TransitionError as TransitionError  # re-exported for the services


class State(enum.StrEnum):
    DRAFT = "draft"
    PENDING = "pending"
    COMMENDED = "commended"
    REWARDED = "rewarded"
    DECLINED = "declined"


class Action(enum.StrEnum):
    SAVE = "save"
    SUBMIT = "submit"
    COMMEND = "commend"
    REWARD = "reward"
    FORWARD = "forward"
    DECLINE = "decline"


class Role(enum.StrEnum):
    PROPOSER = "proposer"
    DECIDER = "decider"


PROPOSERS = frozenset({Role.PROPOSER})
DECIDERS = frozenset({Role.DECIDER})
DECISIONS = (Action.COMMEND, Action.REWARD, Action.FORWARD, Action.DECLINE)

TRANSITIONS: dict[tuple[State, Action], tuple[State, frozenset[Role]]] = {
    (State.DRAFT, Action.SAVE): (State.DRAFT, PROPOSERS),
    (State.DRAFT, Action.SUBMIT): (State.PENDING, PROPOSERS),
    (State.PENDING, Action.COMMEND): (State.COMMENDED, DECIDERS),
    (State.PENDING, Action.REWARD): (State.REWARDED, DECIDERS),
    (State.PENDING, Action.DECLINE): (State.DECLINED, DECIDERS),
    (State.PENDING, Action.FORWARD): (State.PENDING, DECIDERS),
    (State.COMMENDED, Action.FORWARD): (State.PENDING, DECIDERS),
    (State.REWARDED, Action.FORWARD): (State.PENDING, DECIDERS),
}

_DECIDED = _("This nomination has already been decided at this level.")
_STATE_REASONS: dict[tuple[State, Action], Promise] = {
    (State.PENDING, Action.SAVE): _("This nomination has been sent; it can no longer be changed."),
    (State.PENDING, Action.SUBMIT): _("This nomination has already been sent."),
    (State.DRAFT, Action.COMMEND): _("This nomination has not been sent yet."),
    (State.DRAFT, Action.REWARD): _("This nomination has not been sent yet."),
    (State.DRAFT, Action.DECLINE): _("This nomination has not been sent yet."),
    (State.DRAFT, Action.FORWARD): _("This nomination has not been sent yet."),
    (State.DECLINED, Action.FORWARD): _("A declined nomination cannot go further."),
}

ROLE_REASONS: dict[frozenset[Role], Promise] = {
    PROPOSERS: _("Only the proposing unit can change or send this nomination."),
    DECIDERS: _("Only the level the nomination was sent to can decide on it."),
}


def _state_reason(state: State, action: Action) -> Promise | None:
    if (state, action) in _STATE_REASONS:
        return _STATE_REASONS[(state, action)]
    if action in DECISIONS and state in (State.COMMENDED, State.REWARDED, State.DECLINED):
        return _DECIDED
    if action in (Action.SAVE, Action.SUBMIT) and state != State.DRAFT:
        return _("This nomination has been sent; it can no longer be changed.")
    return None


MACHINE = StateMachine(
    states=State,
    actions=Action,
    roles=Role,
    transitions=TRANSITIONS,
    state_reason=_state_reason,
    role_reasons=ROLE_REASONS,
)
transition = MACHINE.transition
is_allowed = MACHINE.is_allowed


def available(state: str, roles: set[str]) -> list[Action]:
    """The actions a user holding `roles` may take on a nomination in `state`, in display order."""
    return [a for a in Action if any(is_allowed(state, a, r) for r in roles)]
