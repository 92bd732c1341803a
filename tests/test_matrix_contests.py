"""Permission matrix of the contests URLs: every URL × role × a target inside and outside.

Targets: the contests of the communes C1 (giamkhao is its jury chair, bithu_a a judge) and C2
(root its chair); the nodes P, C1, a, b, C2, d for a new contest; the entries a (An's story, cell
a), b (cell b's collective skit) in C1's contest and d (Dũng's story) in C2's; the jury seats
C1 (giamkhao) and C2 (root); the jury's special prize of each contest. Each row puts the
contests in the phase the URL needs (entries, judging or results) inside the role's savepoint,
which is rolled back. Expected codes are written out: the allowed code where the role may, 404
elsewhere (never 403), 302 to the login page for anonymous visitors.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from lamtheo.contests.models import Contest, Entry, Phase, Score, SpecialPrize
from tests.contests_fixtures import build_ct, media_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "secretary", "commune_officer", "inspector", "judge", "admin", "outsider"]
NODES = ["P", "C1", "a", "b", "C2", "d"]
CONTESTS = ["C1", "C2"]
ENTRIES = ["a", "b", "d"]
NOBODY: dict[str, set[str]] = {role: set() for role in ROLES}
ANYONE = {role: {"-"} for role in ROLES}

# Contests a role reads: issued on their nodes or above them or their own cell; judges, theirs.
CONTEST_VIEW = {
    "member": {"C1"},
    "secretary": {"C1"},
    "commune_officer": {"C1"},
    "inspector": {"C1"},
    "judge": {"C1"},
    "admin": {"C1", "C2"},
    "outsider": {"C2"},
}
# The organiser's managers (MANAGE_CAMPAIGN on the organising node). The administrator runs the
# system, not the campaign; a cell's secretary does not run the commune's contest.
MANAGE = NOBODY | {"commune_officer": {"C1"}}
# Where a role may organise a new contest.
NEW_CONTEST = NOBODY | {"secretary": {"a"}, "commune_officer": {"C1", "a", "b"}, "outsider": {"d"}}
# Who may send an entry to a contest that takes entries: a unit's managers, a member for themself.
SEND = NOBODY | {"member": {"C1"}, "secretary": {"C1"}, "commune_officer": {"C1"}, "outsider": {"C2"}}
# Entries read through the tree (and one's own); in judging and after, the judges of the contest
# (bithu_a, a judge too, reads a through the tree and b as a judge; a, of his own cell, he never
# scores).
ENTRY_VIEW = {
    "member": {"a"},
    "secretary": {"a", "b"},  # a through the tree, b as a judge of C1's contest
    "commune_officer": {"a", "b"},
    "inspector": {"a", "b"},
    "judge": {"a", "b"},
    "admin": {"a", "b", "d"},
    "outsider": {"d"},
}
ENTRY_VIEW_ENTRIES = ENTRY_VIEW | {"judge": set(), "secretary": {"a"}}  # before judging, judges reach none
# Edit or withdraw while the entries are open: the sender person and the unit's managers.
ENTRY_EDIT = NOBODY | {"member": {"a"}, "secretary": {"a"}, "commune_officer": {"a", "b"}, "outsider": {"d"}}
# bithu_a scores b (another cell) in C1's contest; a is his own cell's: left out.
SCORE = NOBODY | {"judge": {"a", "b"}, "secretary": {"b"}}
JUDGING = NOBODY | {"judge": {"C1"}, "secretary": {"C1"}}
CHAIR = NOBODY | {"judge": {"C1"}}
CHAIR_ENTRIES = NOBODY | {"judge": {"a", "b"}}
SEAT = NOBODY | {"commune_officer": {"C1"}}

# url name -> (targets, allowed, code when allowed, method, phase of the contests)
KINDS: dict[str, tuple[list[str], dict[str, set[str]], int, str, str]] = {
    "index": (["-"], ANYONE, 200, "get", Phase.ENTRIES),
    "contest_new": (NODES, NEW_CONTEST, 200, "get", Phase.ENTRIES),
    "contest_new_post": (NODES, NEW_CONTEST, 200, "post", Phase.ENTRIES),
    "contest": (CONTESTS, CONTEST_VIEW, 200, "get", Phase.JUDGING),
    "contest_edit": (CONTESTS, MANAGE, 200, "get", Phase.ENTRIES),
    "contest_edit_post": (CONTESTS, MANAGE, 200, "post", Phase.ENTRIES),
    "contest_rules": (CONTESTS, CONTEST_VIEW, 200, "get", Phase.ENTRIES),
    "judges": (CONTESTS, MANAGE, 200, "get", Phase.ENTRIES),
    "judges_post": (CONTESTS, MANAGE, 200, "post", Phase.ENTRIES),
    "judge_remove": (CONTESTS, SEAT, 302, "post", Phase.ENTRIES),
    "start_judging": (CONTESTS, MANAGE, 302, "post", Phase.ENTRIES),
    "entry_new": (CONTESTS, SEND, 200, "get", Phase.ENTRIES),
    "entry": (ENTRIES, ENTRY_VIEW, 200, "get", Phase.JUDGING),
    "entry_edit": (ENTRIES, ENTRY_EDIT, 200, "get", Phase.ENTRIES),
    "entry_edit_post": (ENTRIES, ENTRY_EDIT, 200, "post", Phase.ENTRIES),
    "entry_withdraw": (ENTRIES, ENTRY_EDIT, 302, "post", Phase.ENTRIES),
    "entry_file": (ENTRIES, ENTRY_VIEW_ENTRIES, 200, "get", Phase.ENTRIES),
    "certificate": (ENTRIES, ENTRY_VIEW, 200, "get", Phase.RESULTS),
    "judging": (CONTESTS, JUDGING, 200, "get", Phase.JUDGING),
    "score": (ENTRIES, SCORE, 200, "get", Phase.JUDGING),
    "score_post": (ENTRIES, SCORE, 200, "post", Phase.JUDGING),
    "lock": (CONTESTS, CHAIR, 302, "post", Phase.JUDGING),
    "results": (CONTESTS, CONTEST_VIEW, 200, "get", Phase.RESULTS),
    "prize_edit": (ENTRIES, CHAIR_ENTRIES, 200, "get", Phase.RESULTS),
    "prize_edit_post": (ENTRIES, CHAIR_ENTRIES, 200, "post", Phase.RESULTS),
    "jury_prize": (CONTESTS, CHAIR, 200, "get", Phase.RESULTS),
    "document": (CONTESTS, MANAGE, 200, "get", Phase.RESULTS),
    "results_xlsx": (CONTESTS, MANAGE, 200, "get", Phase.RESULTS),
    "forward": (CONTESTS, MANAGE, 200, "get", Phase.RESULTS),
    "forward_post": (CONTESTS, MANAGE, 200, "post", Phase.RESULTS),
}
CASES = list(KINDS)  # one test per URL kind (all its targets): the world is built once per kind
# URL names this matrix requests (read by test_matrix_complete).
COVERED_URLS = {f"contests:{kind.removesuffix('_post')}" for kind in KINDS}

CONTEST_PAGES = {"contest", "contest_edit", "contest_rules", "judges", "start_judging", "entry_new", "judging"}
CONTEST_PAGES |= {"lock", "results", "results_xlsx", "forward"}
ENTRY_PAGES = {"entry", "entry_edit", "entry_withdraw", "entry_file", "certificate", "score", "prize_edit"}


@pytest.fixture
def objects(world):
    from lamtheo.contests import services
    from lamtheo.study.uploads import check_document
    from tests.contests_fixtures import pdf_upload

    ct = build_ct(world)
    for contest in (ct.contest, ct.other):
        services.save_contest(
            actor=world.superuser,
            contest=contest,
            kind=contest.kind,
            year=contest.year,
            title=contest.title,
            entries_open=contest.entries_open,
            entries_close=contest.entries_close,
            entry_types=contest.entry_types,
            criteria="\n".join(f"{c.name} | {c.weight} | {c.max_score}" for c in contest.criteria.all()),
            tiers="\n".join(f"{t.name} | {t.count} | {t.level}" for t in contest.tiers.all()),
            specials={s.rule: s.name for s in contest.special_prizes.all()},
            next_round=contest.next_round,
            document=check_document(pdf_upload("the-le.pdf")),
        )
    first = {c: c.tiers.get(level="first") for c in (ct.contest, ct.other)}
    for entry, contest in ((ct.story_a, ct.contest), (ct.skit_b, ct.contest), (ct.story_d, ct.other)):
        Entry.objects.filter(pk=entry.pk).update(rank=1, tier=first[contest])  # a winner once in results
    return {
        "nodes": world.nodes(),
        "contests": {"C1": ct.contest, "C2": ct.other},
        "entries": {"a": ct.story_a, "b": ct.skit_b, "d": ct.story_d},
        "seats": {"C1": ct.chair, "C2": ct.other.judges.get()},
        "jury": {
            c: SpecialPrize.objects.get(contest=obj, rule="jury") for c, obj in (("C1", ct.contest), ("C2", ct.other))
        },
    }


def request(client, kind, target, objects):
    name = kind.removesuffix("_post")
    method = KINDS[kind][3]
    Contest.objects.update(phase=KINDS[kind][4])
    if target == "-":
        path = reverse(f"contests:{name}")
    elif name == "contest_new":
        path = reverse("contests:contest_new", args=[objects["nodes"][target].pk])
    elif name == "document":
        path = reverse("contests:document", args=[objects["contests"][target].pk, "decision", "docx"])
    elif name == "judge_remove":
        path = reverse("contests:judge_remove", args=[objects["seats"][target].pk])
    elif name == "jury_prize":
        path = reverse("contests:jury_prize", args=[objects["jury"][target].pk])
    elif name in CONTEST_PAGES:
        path = reverse(f"contests:{name}", args=[objects["contests"][target].pk])
    else:
        assert name in ENTRY_PAGES, name
        path = reverse(f"contests:{name}", args=[objects["entries"][target].pk])
    if method == "post":
        # invalid where a form answers (empty fields, an unknown choice): nothing is saved
        return client.post(path, {"title": "", "entry_type": "", "user": "", "reason": "", "entries": ""})
    return client.get(path)


@pytest.mark.parametrize("kind", CASES)
def test_matrix(world, objects, client, kind):
    targets, allowed, code, _method, _phase = KINDS[kind]
    wrong = []
    for target, role in [(t, r) for t in targets for r in ROLES]:
        with transaction.atomic():
            client.logout()
            if role != "anonymous":
                client.force_login(getattr(world, role))
            response = request(client, kind, target, objects)
            if role == "anonymous":
                ok = response.status_code == 302 and "/accounts/login/" in response["Location"]
                expected: object = "302 to login"
            else:
                expected = code if target in allowed[role] else 404
                ok = response.status_code == expected
            if not ok:
                wrong.append(f"{kind} {target} as {role}: {response.status_code}, expected {expected}")
            transaction.set_rollback(True)
    assert not wrong, "\n".join(wrong)


def test_matrix_posts_that_should_save_nothing_saved_nothing(world, objects, client):
    """The invalid form POSTs of the matrix leave every record as it was."""
    before = (Contest.objects.count(), Entry.objects.count(), Score.objects.count())
    versions = sorted(Entry.objects.values_list("pk", "version", "title", "tier_id"))
    for role in ROLES[1:]:
        client.force_login(getattr(world, role))
        for kind in ("contest_new_post", "contest_edit_post", "entry_edit_post", "score_post", "prize_edit_post"):
            for target in KINDS[kind][0]:
                request(client, kind, target, objects)
    assert (Contest.objects.count(), Entry.objects.count(), Score.objects.count()) == before
    assert sorted(Entry.objects.values_list("pk", "version", "title", "tier_id")) == versions
