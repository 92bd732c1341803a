"""The pure ranking and special-prize functions, on numbers worked out by hand."""

from __future__ import annotations

from fractions import Fraction as F

from lamtheo.contests.ranking import (
    Candidate,
    Entrant,
    Ranked,
    Rubric,
    Sheet,
    assign_tiers,
    entry_score,
    most_entries,
    oldest,
    rank,
    sheet_total,
    youngest,
)

# Nội dung weight 4 out of 10, Trình bày weight 3 out of 10, Lan tỏa weight 3 out of 20.
RUBRIC = [Rubric(1, 4, 10), Rubric(2, 3, 10), Rubric(3, 3, 20)]


def sheet(a, b, c, abstained=False):
    return Sheet({1: F(a), 2: F(b), 3: F(c)}, abstained)


def test_sheet_total_is_the_weighted_mean_on_100_points():
    # 4·(8/10) + 3·(6/10) + 3·(10/20) = 3.2 + 1.8 + 1.5 = 6.5; ×100/10 = 65
    assert sheet_total(sheet(8, 6, 10), RUBRIC) == 65
    # all maximal: 100; all zero: 0
    assert sheet_total(sheet(10, 10, 20), RUBRIC) == 100
    assert sheet_total(sheet(0, 0, 0), RUBRIC) == 0
    # decimals stay exact: 4·0.95 + 3·0.5 + 3·0.25 = 3.8 + 1.5 + 0.75 = 6.05 → 60.5
    assert sheet_total(sheet(F("9.5"), 5, 5), RUBRIC) == F("60.5")


def test_entry_score_is_the_mean_of_counted_sheets():
    # 65 and 100 → 82.5; the abstention counts for nothing
    c = Candidate(1, 0, [sheet(8, 6, 10), sheet(10, 10, 20), sheet(0, 0, 0, abstained=True)])
    assert entry_score(c, RUBRIC) == F("82.5")
    assert entry_score(Candidate(2, 0, [sheet(1, 1, 1, abstained=True)]), RUBRIC) is None


def test_rank_orders_by_score_then_heaviest_criterion_then_sent_first():
    # Entry 10: totals 70 (7,7,14). Entry 11: 4·0.6+3·0.8+3·0.8=2.4+2.4+2.4=7.2 → 72.
    # Entry 12: 4·0.9+3·0.5+3·0.6=3.6+1.5+1.8=6.9 → 69. Entry 13: 4·0.6+3·0.9+3·0.6=2.4+2.7+1.8=6.9 → 69
    # (tie with 12: 12 has 9 on the heaviest criterion, 13 has 6 → 12 first).
    # Entry 14: same sheet as 10 (70) but sent later → after 10. Entry 15: not scored → not ranked.
    cands = [
        Candidate(10, 1, [sheet(7, 7, 14)]),
        Candidate(11, 2, [sheet(6, 8, 16)]),
        Candidate(12, 3, [sheet(9, 5, 12)]),
        Candidate(13, 0, [sheet(6, 9, 12)]),
        Candidate(14, 5, [sheet(7, 7, 14)]),
        Candidate(15, 6, []),
    ]
    ranked = rank(cands, RUBRIC)
    assert [(r.entry_id, r.rank, r.score) for r in ranked] == [
        (11, 1, 72),
        (10, 2, 70),
        (14, 3, 70),
        (12, 4, 69),
        (13, 5, 69),
    ]


def test_assign_tiers_fills_in_rank_order():
    ranked = [Ranked(e, i, F(90 - i), 2) for i, e in enumerate([5, 6, 7, 8, 9], 1)]
    # tier 100: 1 prize, tier 200: 2 prizes, tier 300: 1 → entry 9 gets none
    assert assign_tiers(ranked, [(100, 1), (200, 2), (300, 1)]) == {5: 100, 6: 200, 7: 200, 8: 300}
    assert assign_tiers(ranked[:1], [(100, 1), (200, 2)]) == {5: 100}
    assert assign_tiers(ranked, []) == {}


def test_oldest_and_youngest_with_ties_to_the_better_ranked_entry():
    entrants = [
        Entrant(1, 10, 1950),
        Entrant(2, 11, 1950),  # same year as author 1; entry 11 ranks 1st, entry 10 ranks 3rd
        Entrant(3, 12, 2012),
        Entrant(4, 13, 2012),  # entry 13 unranked: 12 wins the tie
        Entrant(5, 14, None),  # no birth year: never a candidate
    ]
    ranks = {11: 1, 12: 2, 10: 3}
    assert oldest(entrants, ranks) == Entrant(2, 11, 1950)
    assert youngest(entrants, ranks) == Entrant(3, 12, 2012)
    assert oldest([Entrant(5, 14, None)], ranks) is None


def test_unit_with_most_entries_and_its_tie_break():
    # unit 7: entries 1, 2, 3; unit 8: 4, 5, 6; unit 9: one entry. 7 and 8 tie at 3;
    # unit 8's best entry ranks 1st (entry 5), unit 7's best is 2nd → unit 8.
    entry_units = {1: 7, 2: 7, 3: 7, 4: 8, 5: 8, 6: 8, 10: 9}
    assert most_entries(entry_units, {5: 1, 1: 2, 10: 3}) == (8, 3)
    # no ranks at all: the lower unit id
    assert most_entries(entry_units, {}) == (7, 3)
    assert most_entries({}, {}) is None
