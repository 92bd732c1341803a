"""The pure parts of the meetings app, without a database: the reporter rotation (property tests
of its fairness), the year plan and the member-report workflow."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from lamtheo.meetings import planning, rotation, workflow
from lamtheo.meetings.rotation import Month, Reason, Rules, choose, forecast, places

# --- strategies -----------------------------------------------------------------------------------

member_lists = st.lists(st.integers(min_value=1, max_value=60), min_size=1, max_size=25, unique=True)


@st.composite
def situations(draw):
    members = draw(member_lists)
    counts = {m: draw(st.integers(min_value=0, max_value=4)) for m in members}
    last = {m: draw(st.integers(min_value=0, max_value=400)) for m in members if counts[m] and draw(st.booleans())}
    volunteers = draw(st.lists(st.sampled_from([*members, 999]), max_size=4))
    unavailable = set(draw(st.lists(st.sampled_from(members), max_size=len(members))))
    exclude = set(draw(st.lists(st.sampled_from(members), max_size=2)))
    slots = draw(st.integers(min_value=0, max_value=2))
    return Case(members, counts, last, volunteers, unavailable, exclude, slots)


class Case(NamedTuple):
    members: list[int]
    counts: dict[int, int]
    last: dict[int, int]
    volunteers: list[int]
    unavailable: set[int]
    exclude: set[int]
    slots: int


def run(case: Case, **changes):
    c = case._replace(**changes)
    return choose(
        members=c.members,
        counts=c.counts,
        slots=c.slots,
        last=c.last,
        volunteers=c.volunteers,
        unavailable=c.unavailable,
        exclude=c.exclude,
    )


# --- choose: invariants ---------------------------------------------------------------------------


@given(situations())
@settings(max_examples=300, deadline=None)
def test_picks_are_distinct_available_members_and_fill_the_places(case):
    result = run(case)
    ids = result.person_ids
    assert len(ids) == len(set(ids))
    assert set(ids) <= set(case.members)
    assert not set(ids) & (case.unavailable | case.exclude)
    available = [m for m in case.members if m not in case.unavailable and m not in case.exclude]
    assert len(ids) == min(case.slots, len(available))


@given(situations())
@settings(max_examples=300, deadline=None)
def test_nobody_chosen_by_rotation_has_more_reports_than_someone_left_out(case):
    """Fairness: a member picked by the rotation (not by volunteering) never has more reports this
    year than an available member who was not picked."""
    result = run(case)
    picked = set(result.person_ids)
    left_out = [m for m in case.members if m not in picked and m not in case.unavailable and m not in case.exclude]
    for pick in result.picks:
        if pick.reason == Reason.VOLUNTEER:
            continue
        assert all(case.counts.get(pick.person_id, 0) <= case.counts.get(other, 0) for other in left_out)
        assert pick.count == case.counts.get(pick.person_id, 0)


@given(situations())
@settings(max_examples=300, deadline=None)
def test_volunteers_come_first_in_the_order_they_volunteered(case):
    result = run(case)
    eligible = [
        v
        for v in dict.fromkeys(case.volunteers)
        if v in case.members and v not in case.unavailable and v not in case.exclude
    ]
    expected = eligible[: case.slots]
    assert [p.person_id for p in result.picks if p.reason == Reason.VOLUNTEER] == expected
    assert result.person_ids[: len(expected)] == expected


@given(situations())
@settings(max_examples=200, deadline=None)
def test_the_same_situation_gives_the_same_reporters(case):
    first = run(case)
    again = run(case, counts=dict(reversed(list(case.counts.items()))))
    assert first == again


@given(situations())
@settings(max_examples=200, deadline=None)
def test_passed_over_lists_only_unavailable_members_next_in_line(case):
    result = run(case)
    assert set(result.passed_over) <= case.unavailable - case.exclude
    fillers = [p for p in result.picks if p.reason != Reason.VOLUNTEER]
    if fillers:
        worst = max(case.counts.get(p.person_id, 0) for p in fillers)
        assert all(case.counts.get(pid, 0) <= worst for pid in result.passed_over)


# --- over a year ----------------------------------------------------------------------------------


def simulate(members, months, rules, *, volunteers=None, away=None):
    plan = [
        Month(key=i, day=i, volunteers=(volunteers or {}).get(i, ()), unavailable=(away or {}).get(i, set()))
        for i in range(months)
    ]
    return forecast(members=members, counts={}, months=plan, rules=rules)


@given(member_lists, st.integers(min_value=1, max_value=12), st.sampled_from([1, 2]))
@settings(max_examples=200, deadline=None)
def test_nobody_reports_twice_before_everyone_once(members, months, per_month):
    """Without volunteers or absences, after every month the counts differ by at most one."""
    rules = Rules(reporters_per_month=per_month, small_cell_threshold=0)
    result = simulate(members, months, rules)
    tally = dict.fromkeys(members, 0)
    for i in range(months):
        for pid in result[i].person_ids:
            tally[pid] += 1
        assert max(tally.values()) - min(tally.values()) <= 1
        assert len(result[i].person_ids) == min(per_month, len(members))


@given(
    member_lists,
    st.integers(min_value=2, max_value=10),
    st.data(),
)
@settings(max_examples=200, deadline=None)
def test_a_member_passed_over_reports_as_soon_as_they_can(members, months, data):
    """An excused member keeps their place: the next month they are available, nobody with more
    reports is chosen before them."""
    away = {
        i: set(data.draw(st.lists(st.sampled_from(members), max_size=max(len(members) - 1, 0)))) for i in range(months)
    }
    rules = Rules(reporters_per_month=1, small_cell_threshold=0)
    result = simulate(members, months, rules, away=away)
    tally = dict.fromkeys(members, 0)
    for i in range(months):
        available = [m for m in members if m not in away[i]]
        for pid in result[i].person_ids:
            assert tally[pid] == min(tally[m] for m in available)
        for pid in result[i].person_ids:
            tally[pid] += 1


@given(st.integers(min_value=1, max_value=8))
@settings(max_examples=50, deadline=None)
def test_in_a_small_cell_every_member_reports_twice_a_year(size):
    """8 report months (12 minus 4 thematic) and at most 2 places: up to 8 members reach 2 reports."""
    members = list(range(1, size + 1))
    rules = Rules(reporters_per_month=1, small_cell_threshold=10, small_cell_reports_per_member=2)
    result = simulate(members, 8, rules)
    tally = dict.fromkeys(members, 0)
    for i in range(8):
        assert all(p.reason == Reason.SMALL_CELL for p in result[i].picks)
        for pid in result[i].person_ids:
            tally[pid] += 1
    assert min(tally.values()) >= 2
    assert max(tally.values()) - min(tally.values()) <= 1


def test_volunteering_is_a_choice_that_may_break_the_order():
    """A volunteer may report again before everyone has reported once (by choice)."""
    rules = Rules(reporters_per_month=1)
    result = simulate([1, 2, 3], 3, rules, volunteers={1: [1]})
    assert result[0].person_ids == [1]
    assert result[1].person_ids == [1]
    assert result[1].picks[0].reason == Reason.VOLUNTEER
    assert result[2].person_ids == [2]


def test_forecast_counts_members_already_assigned():
    rules = Rules(reporters_per_month=2)
    months = [Month(key=1, day=1, assigned=[1]), Month(key=2, day=2)]
    result = forecast(members=[1, 2, 3, 4], counts={}, months=months, rules=rules)
    assert result[1].person_ids == [2]  # one place left, 1 already reports
    assert result[2].person_ids == [3, 4]


@pytest.mark.parametrize(
    ("members", "so_far", "left", "expected"),
    [
        (3, 0, 8, 1),  # 6 reports over 8 months
        (8, 0, 8, 2),  # 16 reports over 8 months
        (12, 0, 8, 1),  # not a small cell (threshold 10): the cell's own number
        (5, 8, 2, 1),  # 2 more to reach 10
        (5, 0, 2, 2),  # behind: at most 2 a month
        (5, 12, 3, 1),  # already over the target: still one report a month
        (0, 0, 8, 0),
    ],
)
def test_places(members, so_far, left, expected):
    rules = Rules(reporters_per_month=1, small_cell_threshold=10, small_cell_reports_per_member=2)
    assert places(rules, members=members, reports_so_far=so_far, months_left=left) == expected


def test_places_never_exceed_two():
    assert places(Rules(reporters_per_month=5), members=30) == rotation.MAX_REPORTERS


def test_reasons_say_why():
    result = choose(members=[1, 2, 3], counts={1: 1, 2: 0, 3: 0}, slots=2, volunteers=[1], last={})
    assert [(p.person_id, p.reason, p.count) for p in result.picks] == [(1, Reason.VOLUNTEER, 1), (2, Reason.FEWEST, 0)]


def test_longest_ago_goes_first_on_equal_counts():
    result = choose(members=[1, 2, 3], counts={1: 1, 2: 1, 3: 1}, slots=1, last={1: 50, 2: 10, 3: 30})
    assert result.person_ids == [2]


# --- the year plan --------------------------------------------------------------------------------


def test_year_plan_has_a_regular_meeting_each_month_and_a_thematic_one_per_quarter():
    plan = planning.year_plan(2027, planning.PlanRules(meeting_day=31, thematic_day=20))
    regular = [m for m in plan if m.kind == planning.REGULAR]
    thematic = [m for m in plan if m.kind == planning.THEMATIC]
    assert [m.date.month for m in regular] == list(range(1, 13))
    assert regular[1].date == dt.date(2027, 2, 28)  # day 31 falls on the month's last day
    assert [m.date for m in thematic] == [dt.date(2027, m, 20) for m in (3, 6, 9, 12)]
    assert {m.quarter for m in thematic} == {1, 2, 3, 4}
    assert plan == sorted(plan, key=lambda m: (m.date, m.kind))


def test_year_plan_skips_existing_and_earlier_months():
    plan = planning.year_plan(2027, planning.PlanRules(), from_month=6, existing={("regular", 7), ("thematic", 6)})
    assert {(m.kind, m.date.month) for m in plan} == {
        *(("regular", m) for m in (6, 8, 9, 10, 11, 12)),
        ("thematic", 9),
        ("thematic", 12),
    }


def test_quarters_missing():
    assert planning.quarters_missing([3, 6, 9, 12]) == []
    assert planning.quarters_missing([1, 2, 12]) == [2, 3]


# --- the workflow ---------------------------------------------------------------------------------

R, C = workflow.Role.REPORTER, workflow.Role.COMMITTEE
S, A = workflow.State, workflow.Action


def test_the_full_cycle():
    steps = [
        (A.SAVE, R, S.DRAFT),
        (A.SUBMIT, R, S.SUBMITTED),
        (A.RETURN, C, S.RETURNED),
        (A.SAVE, R, S.RETURNED),
        (A.SUBMIT, R, S.SUBMITTED),
        (A.ACCEPT, C, S.ACCEPTED),
        (A.PRESENT, C, S.PRESENTED),
        (A.COMMENT, C, S.COMMENTED),
        (A.COMMENT, C, S.COMMENTED),
        (A.CONCLUDE, C, S.CONCLUDED),
        (A.SAVE, R, S.CONCLUDED),
        (A.FINALISE, R, S.FINALISED),
    ]
    state = S.ASSIGNED
    for action, role, expected in steps:
        state = workflow.transition(state, action, role)
        assert state == expected


@pytest.mark.parametrize(
    ("state", "action", "role", "code"),
    [
        (S.SUBMITTED, A.ACCEPT, R, "role"),  # a member cannot accept their own report
        (S.DRAFT, A.SUBMIT, C, "role"),
        (S.ASSIGNED, A.PRESENT, C, "state"),  # not accepted yet
        (S.ACCEPTED, A.CONCLUDE, C, "state"),  # not presented yet
        (S.PRESENTED, A.FINALISE, R, "state"),
        (S.FINALISED, A.SAVE, R, "state"),
        (S.PRESENTED, A.CANCEL, C, "state"),
        (S.CANCELLED, A.SUBMIT, R, "state"),
        ("nonsense", A.SAVE, R, "unknown"),
    ],
)
def test_refused_steps_say_why(state, action, role, code):
    with pytest.raises(workflow.TransitionError) as caught:
        workflow.transition(state, action, role)
    assert caught.value.code == code
    assert str(caught.value.message)


@given(st.sampled_from(list(S)), st.sampled_from(list(A)), st.sampled_from(list(workflow.Role)))
def test_transition_is_total_and_consistent(state, action, role):
    """Every (state, action, role) either moves to a state or raises; `is_allowed` agrees."""
    try:
        new = workflow.transition(state, action, role)
    except workflow.TransitionError:
        assert not workflow.is_allowed(state, action, role)
    else:
        assert workflow.is_allowed(state, action, role)
        assert new in set(S)
        assume(state != S.CANCELLED)
        assert state not in (S.FINALISED, S.CANCELLED)


def test_available_actions():
    assert workflow.available_actions(S.SUBMITTED, [R]) == {A.WITHDRAW}
    assert workflow.available_actions(S.SUBMITTED, [C]) == {A.RETURN, A.ACCEPT, A.CANCEL, A.MOVE}
    assert workflow.available_actions(S.FINALISED, [R, C]) == set()
    assert workflow.available_actions(S.CONCLUDED, [R]) == {A.SAVE, A.FINALISE}
