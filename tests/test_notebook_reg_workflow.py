"""The registration workflow as a pure function: no database needed."""

from __future__ import annotations

import itertools

import pytest
from django.utils import translation

from lamtheo.notebook.workflow import (
    TRANSITIONS,
    Action,
    Role,
    State,
    TransitionError,
    available_actions,
    is_allowed,
    pick_role,
    transition,
)

OWNER, PROXY, REVIEWER = Role.OWNER, Role.PROXY, Role.REVIEWER


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English (the msgids); the pages' Vietnamese is checked elsewhere."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("state", "action", "role", "expected"),
    [
        ("draft", "save", OWNER, State.DRAFT),
        ("draft", "save", PROXY, State.DRAFT),
        ("returned", "save", OWNER, State.RETURNED),
        ("draft", "submit", OWNER, State.SUBMITTED),
        ("draft", "submit", PROXY, State.SUBMITTED),
        ("returned", "submit", OWNER, State.SUBMITTED),
        ("submitted", "withdraw", OWNER, State.DRAFT),
        ("submitted", "approve", REVIEWER, State.APPROVED),
        ("submitted", "return", REVIEWER, State.RETURNED),
        ("approved", "new_version", OWNER, State.DRAFT),
        ("approved", "new_version", PROXY, State.DRAFT),
    ],
)
def test_allowed_transitions(state, action, role, expected):
    assert transition(state, action, role) == expected


@pytest.mark.parametrize(
    ("state", "action", "role", "code"),
    [
        ("approved", "save", OWNER, "state"),  # approved items change only through a new version
        ("approved", "save", PROXY, "state"),
        ("submitted", "save", OWNER, "state"),
        ("draft", "approve", REVIEWER, "state"),
        ("returned", "approve", REVIEWER, "state"),
        ("approved", "return", REVIEWER, "state"),
        ("draft", "new_version", OWNER, "state"),
        ("submitted", "submit", OWNER, "state"),
        ("submitted", "approve", OWNER, "role"),  # a member cannot approve their own
        ("submitted", "approve", PROXY, "role"),
        ("submitted", "return", OWNER, "role"),
        ("draft", "save", REVIEWER, "role"),  # reviewing is not writing for the member
        ("draft", "submit", REVIEWER, "role"),
        ("approved", "new_version", REVIEWER, "role"),
        ("nonsense", "save", OWNER, "unknown"),
        ("draft", "delete", OWNER, "unknown"),
        ("draft", "save", "stranger", "unknown"),
    ],
)
def test_refused_transitions_say_why(state, action, role, code):
    with pytest.raises(TransitionError) as caught:
        transition(state, action, role)
    assert caught.value.code == code
    assert str(caught.value.message)


def test_every_combination_is_either_a_listed_transition_or_refused():
    for state, action, role in itertools.product(State, Action, Role):
        rule = TRANSITIONS.get((state, action))
        expected = rule is not None and role in rule[1]
        assert is_allowed(state, action, role) == expected, (state, action, role)


def test_approved_is_final_except_for_a_new_version():
    assert {a for a in Action if any(is_allowed(State.APPROVED, a, r) for r in Role)} == {Action.NEW_VERSION}


def test_messages_are_specific():
    with pytest.raises(TransitionError) as caught:
        transition("approved", "save", OWNER)
    assert "new version" in str(caught.value.message)
    with pytest.raises(TransitionError) as caught:
        transition("submitted", "approve", OWNER)
    assert "cell committee" in str(caught.value.message)


def test_pick_role_prefers_owner_for_writing_and_reviewer_for_reviewing():
    assert pick_role("save", {OWNER, REVIEWER}) == OWNER  # a secretary writing their own
    assert pick_role("save", {PROXY, REVIEWER}) == PROXY
    assert pick_role("approve", {OWNER, REVIEWER}) == REVIEWER
    assert pick_role("approve", {OWNER}) is None
    assert pick_role("submit", {REVIEWER}) is None
    assert pick_role("save", set()) is None


def test_available_actions_by_state_and_roles():
    assert available_actions("draft", {OWNER}) == {Action.SAVE, Action.SUBMIT}
    assert available_actions("submitted", {OWNER}) == {Action.WITHDRAW}
    assert available_actions("submitted", {PROXY, REVIEWER}) == {Action.WITHDRAW, Action.APPROVE, Action.RETURN}
    assert available_actions("submitted", {REVIEWER}) == {Action.APPROVE, Action.RETURN}
    assert available_actions("approved", {OWNER}) == {Action.NEW_VERSION}
    assert available_actions("approved", {REVIEWER}) == set()
    assert available_actions("returned", {OWNER}) == {Action.SAVE, Action.SUBMIT}
    assert available_actions("draft", set()) == set()
