"""The contests' demo data, seeded through the services on the test world."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lamtheo.contests.demo import seed_contests
from lamtheo.contests.models import Entry, Phase, Score, SpecialPrize
from lamtheo.organizations.models import Role
from tests.conftest import make_user
from tests.contests_fixtures import media_fixture, set_birth  # noqa: F401

pytestmark = pytest.mark.django_db


def test_demo_contest_has_entries_judges_scores_prizes_and_a_winner_sent_on(world):
    make_user("giupviec", role=Role.ASSISTANT, org=world.commune)
    for person, year in ((world.an, 1950), (world.binh, 1980), (world.cuong, 1975)):
        set_birth(person, year)
    year = timezone.localdate().year
    contest = seed_contests(
        commune=world.commune, committee=world.commune_officer, province_actor=world.superuser, year=year
    )
    assert contest is not None and contest.phase == Phase.RESULTS
    entries = list(Entry.objects.filter(contest=contest))
    assert {e.unit for e in entries} == {world.cell_a, world.cell_b}
    assert sorted(j.user.username for j in contest.judges.all()) == ["giamkhao", "giupviec"]
    assert contest.judges.get(is_chair=True).user.username == "giamkhao"
    assert Score.objects.filter(entry__contest=contest).count() == 2 * len(entries)
    assert sorted(e.rank for e in entries) == list(range(1, len(entries) + 1))
    assert Entry.objects.filter(contest=contest, tier__level="first").count() == 1
    specials = {s.rule: s for s in SpecialPrize.objects.filter(contest=contest).select_related("author")}
    assert specials["oldest"].author.birth_year == year - 88  # the veteran named as an outsider
    assert specials["youngest"].author.birth_year == year - 11  # the pupil
    sent_on = Entry.objects.get(contest=contest.next_round)
    assert sent_on.forwarded_from.rank == 1 and sent_on.unit == world.commune


def test_demo_needs_the_judges_accounts(world):
    year = timezone.localdate().year
    assert seed_contests(commune=world.commune, committee=world.commune_officer, province_actor=None, year=year) is None
