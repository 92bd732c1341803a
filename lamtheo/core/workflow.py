"""A small engine for the apps' state machines: (state, action, role) → new state, or an error.

Each workflow (a registration in the notebook, a member's report in meetings) declares its
states, actions, roles and a transition table; this module applies it and says why an action is
refused, in words the user understands. No database here, so the workflows test without one.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

S = TypeVar("S", bound=enum.StrEnum)
A = TypeVar("A", bound=enum.StrEnum)
R = TypeVar("R", bound=enum.StrEnum)


class TransitionError(Exception):
    """The action does not fit the state or the role; `message` says why (translated lazily)."""

    def __init__(self, message: Promise | str, code: str) -> None:
        super().__init__(str(message))
        self.message = message
        self.code = code


@dataclass(frozen=True)
class StateMachine(Generic[S, A, R]):
    states: type[S]
    actions: type[A]
    roles: type[R]
    # (state, action) → (new state, roles allowed)
    transitions: Mapping[tuple[S, A], tuple[S, frozenset[R]]]
    # why `action` does not fit `state` (None: a generic message)
    state_reason: Callable[[S, A], Promise | str | None]
    role_reasons: Mapping[frozenset[R], Promise | str]

    def transition(self, state: str, action: str, role: str) -> S:
        """The state after `role` does `action` in `state`; TransitionError if not allowed."""
        try:
            current, act, who = self.states(state), self.actions(action), self.roles(role)
        except ValueError as exc:
            raise TransitionError(_("This action is not possible."), "unknown") from exc
        rule = self.transitions.get((current, act))
        if rule is None:
            raise TransitionError(self.state_reason(current, act) or _("This action is not possible now."), "state")
        new_state, allowed = rule
        if who not in allowed:
            raise TransitionError(self.role_reasons[allowed], "role")
        return new_state

    def is_allowed(self, state: str, action: str, role: str) -> bool:
        try:
            self.transition(state, action, role)
        except TransitionError:
            return False
        return True
