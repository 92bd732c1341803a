"""`manage.py seed_demo`: counts, a consistent tree, rosters, logins and scoping (cell and commune scales only)."""

from __future__ import annotations

import datetime as dt
import io
import random
import re

import pytest
from django.core.management import CommandError, call_command

from lamtheo.accounts.models import User
from lamtheo.core.text import fold
from lamtheo.organizations import selectors, services
from lamtheo.organizations.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from lamtheo.organizations.demo.builder import path_step
from lamtheo.organizations.demo.rosters import PROFILES, Serials, draft_people
from lamtheo.organizations.demo.units import plan_tree
from lamtheo.organizations.models import (
    CELL_KINDS,
    Membership,
    MemberStatus,
    Organization,
    OrganizationKind,
    Person,
    PersonKind,
    RoleAssignment,
)
from lamtheo.organizations.scoping import Capability, visible_to

pytestmark = pytest.mark.django_db
USERNAMES = [a.username for a in DEMO_ACCOUNTS]


def seed(scale: str, *extra: str) -> str:
    """The tree, people and accounts only: tests/test_demo_campaign.py covers the campaign year."""
    out = io.StringIO()
    call_command("seed_demo", "--scale", scale, "--no-campaign", *extra, stdout=out)
    return out.getvalue()


def user(username: str) -> User:
    return User.objects.get(username=username)


def test_cell_scale_is_one_province_one_commune_one_cell_of_five():
    seed("cell")
    kinds = sorted(Organization.objects.values_list("kind", flat=True))
    assert kinds == sorted([OrganizationKind.PROVINCE, OrganizationKind.BASE, OrganizationKind.CELL])
    cell = Organization.objects.get(kind=OrganizationKind.CELL)
    assert cell.name.startswith("Chi bộ thôn ")
    assert Person.objects.count() == 5 and Person.objects.filter(cell=cell).count() == 5
    assert sorted(User.objects.values_list("username", flat=True)) == sorted(USERNAMES)
    assert RoleAssignment.objects.count() == 9  # every demo account but dangvien and admin holds one role
    linked = Person.objects.filter(user__username__in=["bithu", "phobithu", "chiuy", "dangvien"])
    assert linked.count() == 4
    assert all(p.cell_id == cell.pk and p.member_status == MemberStatus.FULL for p in linked)


def test_commune_scale_has_a_commune_of_about_30_cells_and_700_people_and_a_second_commune():
    out = seed("commune")
    main, second = Organization.objects.filter(kind=OrganizationKind.BASE).order_by("path")
    assert main.name == "Đảng ủy xã Hòa An" and second.name.startswith("Đảng ủy xã ")
    main_cells = Organization.objects.filter(path__startswith=main.path, kind__in=CELL_KINDS)
    assert main_cells.count() == 30
    assert 650 <= Person.objects.filter(cell__path__startswith=main.path).count() <= 750
    assert 2 <= Person.objects.filter(cell__path__startswith=second.path).count() <= 80
    names = set(main_cells.values_list("name", flat=True))
    assert {"Chi bộ Trạm Y tế xã Hòa An", "Chi bộ Trường THCS Hòa An", "Chi bộ Quân sự xã"} <= names
    assert sum(n.startswith("Chi bộ thôn ") for n in names) >= 20
    assert "Seeded the commune demo" in out and "demo-2026" in out


def test_people_look_real_members_and_officials():
    seed("commune")
    people = list(Person.objects.all())
    members = [p for p in people if p.kind == PersonKind.MEMBER]
    officials = [p for p in people if p.kind == PersonKind.OFFICIAL]
    probationary = [p for p in members if p.member_status == MemberStatus.PROBATIONARY]
    assert 0.02 <= len(officials) / len(people) <= 0.09
    assert 0.02 <= len(probationary) / len(members) <= 0.09
    assert all(o.staff_code and not o.card_number and not o.member_status for o in officials)
    assert all(p.card_number and p.full_membership_date and p.admission_date for p in members if p not in probationary)
    assert all(p.admission_date and not p.full_membership_date for p in probationary)
    assert all(re.fullmatch(r"09\d{8}", p.phone) for p in people)
    assert all(len(p.full_name.split()) >= 3 and p.gender and p.birth_date for p in people)
    for p in members:
        assert p.birth_date < p.admission_date, p  # type: ignore[operator]
        years = (p.admission_date - p.birth_date).days / 365.25  # type: ignore[operator]
        assert years >= 18, p
    today = dt.date.today()
    starts = Membership.objects.values_list("person__birth_date", "person__admission_date", "started_on")
    assert all(born < start <= today and (admitted is None or admitted <= start) for born, admitted, start in starts)
    assert sum(p.full_name.startswith("Nguyễn ") for p in people) > len(people) * 0.2
    assert {"Trưởng thôn", "Chủ tịch Ủy ban nhân dân xã", "Hiệu trưởng"} <= {p.position for p in people}
    assert {"Nông dân", "Cán bộ hưu trí", "Giáo viên", "Công chức"} <= {p.job for p in people}


@pytest.mark.parametrize("scale", ["cell", "commune"])
def test_tree_is_consistent_for_treebeard(scale):
    seed(scale)
    assert Organization.objects.find_problems() == ([], [], [], [], [])
    # Sorted inserts still work on the bulk-built tree: the new cell lands among its siblings by code.
    commune = Organization.objects.get(code="BS-01")
    new = services.create_organization(parent=commune, kind=OrganizationKind.CELL, code="BS-01-00", name="Chi bộ mới")
    assert Organization.objects.find_problems() == ([], [], [], [], [])
    assert new.get_parent() == commune
    assert commune.get_children().first() == new


def test_every_person_has_exactly_one_open_membership_matching_their_cell():
    seed("commune")
    open_memberships = list(Membership.objects.filter(ended_on__isnull=True).values_list("person_id", "cell_id"))
    assert len(open_memberships) == Person.objects.count() == Membership.objects.count()
    assert sorted(open_memberships) == sorted(Person.objects.values_list("pk", "cell_id"))
    assert not Person.objects.exclude(cell__kind__in=CELL_KINDS).exists()


def test_demo_logins_authenticate(client):
    seed("cell")
    for username in USERNAMES:
        assert client.login(username=username, password=DEMO_PASSWORD), username
        client.logout()
    assert user("admin").is_superuser
    assert not User.objects.filter(must_change_password=True).exists()


def test_member_account_sees_only_its_own_cell_and_roles_reach_their_subtree():
    seed("commune")
    member = user("dangvien")
    cell = member.person.cell
    assert list(visible_to(Organization.objects.all(), member)) == [cell]
    assert list(visible_to(Person.objects.all(), member)) == [member.person]
    secretary = user("bithu")
    assert secretary.person.cell == cell
    in_cell = visible_to(Person.objects.all(), secretary, Capability.MANAGE_PEOPLE)
    assert in_cell.count() == Person.objects.filter(cell=cell).count() > 5
    committee = user("capuy")
    main, second = Organization.objects.filter(kind=OrganizationKind.BASE).order_by("path")
    seen = visible_to(Person.objects.all(), committee)
    assert seen.count() == Person.objects.filter(cell__path__startswith=main.path).count()
    assert not seen.filter(cell__path__startswith=second.path).exists()
    assert visible_to(Person.objects.all(), user("quantri")).count() == Person.objects.count()
    assert not visible_to(Person.objects.all(), user("giamkhao")).exists()


def test_if_empty_is_idempotent_and_prints_the_logins():
    seed("commune")
    before = (Organization.objects.count(), Person.objects.count(), User.objects.count(), Membership.objects.count())
    out = seed("province", "--if-empty")  # a different scale: still nothing happens
    after = (Organization.objects.count(), Person.objects.count(), User.objects.count(), Membership.objects.count())
    assert before == after
    assert "nothing seeded" in out
    assert all(username in out for username in USERNAMES) and DEMO_PASSWORD in out
    with pytest.raises(CommandError, match="already holds organisations"):
        seed("cell")


def test_existing_superuser_is_left_alone():
    User.objects.create_user(username="admin", password="someone-else-1")
    out = seed("cell")
    assert "left unchanged: admin" in out
    assert user("admin").check_password("someone-else-1") and not user("admin").is_superuser


def test_search_names_are_folded_and_search_finds_people():
    seed("commune")
    assert all(p.search_name == fold(p.full_name) for p in Person.objects.all())
    assert all(o.search_name == fold(f"{o.name} {o.code}") for o in Organization.objects.all())
    someone = Person.objects.filter(full_name__startswith="Nguyễn").first()
    found = selectors.search_people(user("admin"), fold(someone.full_name))
    assert someone in found
    assert found.count() == Person.objects.filter(search_name__contains=fold(someone.full_name)).count()


def test_same_seed_same_data_other_seed_other_data():
    def names(seed: int) -> list[tuple[str, str, int]]:
        plan = plan_tree("commune", random.Random(seed))
        return [(n.code, n.name, n.size) for n in plan.root.walk()]

    assert names(5) == names(5) and names(5) != names(6)

    def people(seed: int, today: dt.date = dt.date(2026, 1, 1)) -> list[dict]:
        rng = random.Random(seed)
        return draft_people(rng, PROFILES["village"], 40, today=today, serials=Serials(rng))

    assert people(1) == people(1) and people(1) != people(2)
    # Dates count back from today; the names and numbers stay the same on another day.
    later = people(1, dt.date(2027, 3, 15))
    fixed = ("full_name", "gender", "card_number", "staff_code", "position", "job", "phone")
    assert [[p.get(k) for k in fixed] for p in later] == [[p.get(k) for k in fixed] for p in people(1)]
    assert [p["birth_date"] for p in later] != [p["birth_date"] for p in people(1)]


def test_path_steps_follow_treebeard():
    assert [path_step(i) for i in (1, 9, 10, 35, 36, 37)] == ["0001", "0009", "000A", "000Z", "0010", "0011"]


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_every_profile_gives_consistent_dates(profile):
    today = dt.date(2026, 3, 1)
    rng = random.Random(profile)
    for p in draft_people(rng, PROFILES[profile], 400, today=today, serials=Serials(rng)):
        assert p["birth_date"] < p["started_on"] <= today, p
        if p.get("admission_date"):
            years = (p["admission_date"] - p["birth_date"]).days / 365.25
            assert years >= 18 and p["admission_date"] <= p["started_on"], p
        if p["member_status"] == MemberStatus.PROBATIONARY:
            assert (today - p["admission_date"]).days < 365 and not p.get("card_number"), p
