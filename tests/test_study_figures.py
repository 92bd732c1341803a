"""`study_figures`: eligible people, attendance once per theme, blocks, child units, moves, bounded queries."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from lamtheo.organizations import services as org_services
from lamtheo.organizations.models import Block, Membership, OrganizationKind, Person, PersonKind
from lamtheo.study.figures import study_figures, year_figures
from lamtheo.study.models import Attendance, Essay, EssayState, PilotUnit, PropagandaActivity
from lamtheo.study.rates import Rate
from tests.study_fixtures import YEAR, attend, make_session, make_theme, media_fixture, st_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

START, END = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)


def test_person_counts_once_per_theme(world, st):
    figures = study_figures(world.commune, START, END)
    theme = figures.theme(st.theme.pk)
    # An attended two classes on the theme, Bình one: 2 of the commune's 4 members.
    assert theme.total.members == Rate(2, 4)
    units = {u.unit.code: u.counts.members for u in theme.by_unit}
    assert units == {"C1-A": Rate(2, 3), "C1-B": Rate(0, 1)}
    assert figures.sessions.sessions == 2 and figures.sessions.named == 3  # lượt người: 3 attendances


def test_a_province_class_counts_for_the_communes_people(world, st):
    province_class = make_session(world.province, st.theme, title="Hội nghị tỉnh")
    attend(province_class, world.cuong, world.dung)
    commune = study_figures(world.commune, START, END).theme(st.theme.pk)
    assert commune.total.members == Rate(3, 4)
    province = study_figures(world.province, START, END).theme(st.theme.pk)
    assert {u.unit.code: u.counts.members for u in province.by_unit} == {"C1": Rate(3, 4), "C2": Rate(1, 1)}
    assert province.total.members == Rate(4, 5)


def test_other_years_and_themes_do_not_count(world, st):
    make_session(world.commune, st.other_theme, day=dt.date(2024, 5, 1))
    attend(make_session(world.commune, st.theme, day=dt.date(YEAR + 1, 1, 2)), world.cuong)
    figures = study_figures(world.commune, START, END)
    assert figures.theme(st.theme.pk).total.members == Rate(2, 4)
    assert figures.theme(st.other_theme.pk) is None  # nothing studied on it in 2025
    asked = study_figures(world.commune, START, END, themes=[st.other_theme]).theme(st.other_theme.pk)
    assert asked.total.members == Rate(0, 4)


def test_members_and_officials_and_blocks_are_apart(world, st):
    school = org_services.create_organization(
        parent=world.commune, kind=OrganizationKind.CELL, code="C1-T", name="Chi bộ Trường THCS", block=Block.EDUCATION
    )
    teachers = [
        org_services.create_person(
            cell=school, full_name=f"Giáo viên {i}", card_number=f"GV{i}", started_on=dt.date(2020, 1, 1)
        )
        for i in range(3)
    ]
    official = org_services.create_person(
        cell=school, full_name="Viên chức", kind=PersonKind.OFFICIAL, staff_code="VC1", started_on=dt.date(2020, 1, 1)
    )
    attend(make_session(school, st.theme, title="Lớp trường"), teachers[0], official)
    theme = study_figures(world.commune, START, END).theme(st.theme.pk)
    blocks = {b.block: b.counts for b in theme.by_block}
    assert blocks[Block.COMMUNE].members == Rate(2, 4)
    assert blocks[Block.EDUCATION].members == Rate(1, 3)
    assert blocks[Block.EDUCATION].officials == Rate(1, 1)
    assert theme.total.members == Rate(3, 7) and theme.total.officials == Rate(1, 1)
    assert sum((b.counts for b in theme.by_block), type(theme.total)()) == theme.total


def test_eligible_as_of_the_end_of_the_period_and_moves(world, st):
    # Bình moved to cell_b on 1 July 2025: at the end of 2025 she counts (with her attendance) in cell_b.
    org_services.transfer_person(world.binh, to_cell=world.cell_b, on=dt.date(YEAR, 7, 1), reason="Chuyển")
    theme = study_figures(world.commune, START, END).theme(st.theme.pk)
    assert {u.unit.code: u.counts.members for u in theme.by_unit} == {"C1-A": Rate(1, 2), "C1-B": Rate(1, 2)}
    # Six months before, she was still in cell_a.
    early = study_figures(world.commune, START, dt.date(YEAR, 6, 30)).theme(st.theme.pk)
    assert {u.unit.code: u.counts.members for u in early.by_unit} == {"C1-A": Rate(2, 3), "C1-B": Rate(0, 1)}
    # Someone who left the rolls before the end is neither eligible nor counted.
    Membership.objects.filter(person=world.an).update(ended_on=dt.date(YEAR, 9, 1))
    late = study_figures(world.commune, START, END).theme(st.theme.pk)
    assert late.total.members == Rate(1, 3)


def test_essays_propaganda_pilots_and_mass_counts(world, st):
    st.session.mass_count = 120
    st.session.audience_block = Block.COMMUNE
    st.session.save()
    Essay.objects.create(
        person=world.an,
        cell=world.cell_a,
        theme=st.theme,
        year=YEAR,
        title="a",
        state=EssayState.ASSESSED,
        grade="good",
    )
    Essay.objects.create(
        person=world.binh, cell=world.cell_a, theme=st.theme, year=YEAR, title="b", state=EssayState.SUBMITTED
    )
    Essay.objects.create(person=world.cuong, cell=world.cell_b, theme=st.theme, year=YEAR, title="c")  # a draft
    PropagandaActivity.objects.create(
        organization=world.commune, kind="materials", year=YEAR, quantity=1246, description="Sách"
    )
    PropagandaActivity.objects.create(
        organization=world.cell_a, kind="materials", year=YEAR, quantity=4, description="Sách"
    )
    PropagandaActivity.objects.create(organization=world.cell_d, kind="radio", year=YEAR, quantity=9, description="Đài")
    PilotUnit.objects.create(organization=world.cell_b, designated_by=world.commune, year=YEAR, topic="Sổ tay")
    figures = study_figures(world.commune, START, END)
    theme = figures.theme(st.theme.pk)
    assert theme.total.essays == 2 and theme.total.assessed == 1
    assert theme.grades["good"] == 1 and theme.grades["excellent"] == 0
    by_unit = {u.unit.code: u for u in theme.by_unit}
    assert by_unit["C1-A"].counts.essays == 2 and not by_unit["C1-A"].pilot
    assert by_unit["C1-B"].pilot
    assert [(p.kind, p.quantity, p.records) for p in figures.propaganda] == [("materials", 1250, 2)]
    assert figures.sessions.mass == 120 and figures.sessions.attendances == 123
    blocks = {b: t for b, _label, t in figures.sessions_by_block}
    assert blocks[Block.COMMUNE].mass == 120 and blocks[""].named == 1
    assert [p.organization.code for p in figures.pilots] == ["C1-B"]


def test_a_cell_has_no_child_rows_but_its_own_total(world, st):
    theme = study_figures(world.cell_a, START, END).theme(st.theme.pk)
    assert [u.unit for u in theme.by_unit] == [None]
    assert theme.total.members == Rate(2, 3)


def _grow(world, theme, n_cells: int, people: int, seed: int) -> None:
    rng = random.Random(seed)
    start = dt.date(2020, 1, 1)
    blocks = [Block.COMMUNE, Block.EDUCATION, Block.AGENCY]
    for c in range(n_cells):
        parent = world.commune if c % 2 else world.commune2
        cell = org_services.create_organization(
            parent=parent, kind=OrganizationKind.CELL, code=f"G{seed}-{c}", name=f"Chi bộ {c}", block=blocks[c % 3]
        )
        made = Person.objects.bulk_create(
            [
                Person(
                    full_name=f"P{seed}-{c}-{i}",
                    cell=cell,
                    kind=PersonKind.OFFICIAL if i % 5 == 0 else PersonKind.MEMBER,
                )
                for i in range(people)
            ]
        )
        Membership.objects.bulk_create([Membership(person=p, cell=cell, started_on=start) for p in made])
        session = make_session(cell, theme, title=f"Lớp {c}")
        second = make_session(parent, theme, title=f"Lớp xã {c}", day=dt.date(YEAR, 6, 1))
        chosen = [p for p in made if rng.random() < 0.7]
        Attendance.objects.bulk_create([Attendance(session=session, person=p) for p in chosen])
        Attendance.objects.bulk_create([Attendance(session=second, person=p) for p in chosen[::2]])


def _brute_force(node, theme):
    """The same figure computed person by person in Python."""
    members = [p for p in Person.objects.filter(cell__path__startswith=node.path) if p.kind == PersonKind.MEMBER]
    attended = set(
        Attendance.objects.filter(session__theme=theme, session__starts_on__year=YEAR).values_list(
            "person_id", flat=True
        )
    )
    return Rate(sum(1 for p in members if p.pk in attended), len(members))


@pytest.mark.parametrize(("cells", "people"), [(4, 6), (16, 12)])
def test_matches_brute_force_in_bounded_queries(world, st, django_assert_max_num_queries, cells, people):
    _grow(world, st.theme, cells, people, seed=cells)
    with django_assert_max_num_queries(10):
        figures = year_figures(world.province, YEAR)
    theme = figures.theme(st.theme.pk)
    assert theme.total.members == _brute_force(world.province, st.theme)
    for row in theme.by_unit:
        assert row.counts.members == _brute_force(row.unit, st.theme)
    assert theme.total == sum((u.counts for u in theme.by_unit), type(theme.total)())
