"""Issue 11 scenario: a district puts two past years (2007, 2009) on record and every figure of its
live and compiled reviews matches numbers written out by hand.

The tree: district D (Huyện ủy) with communes X (cells X1, X2) and Y (cells Y1, Y2); Y2 merges
into Y1 on 01/07/2008. The people come in through the roster import with "Ngày vào chi bộ":

| person | cell (since)                      | kind, admission → full        | CBCCVC |
| a1     | X1 (01/03/2000 = admission)       | member 01/03/2000 → 01/03/2001 | yes    |
| a2     | X1 (01/05/2008 = admission)       | member 01/05/2008 → 01/05/2009 |        |
| a3     | X1 (01/01/2005)                   | official                      | yes    |
| b1     | X2 (01/06/2006 = admission)       | member 01/06/2006 → 01/06/2007 |        |
| b2     | X2 (01/03/2007 = admission)       | member 01/03/2007 → 01/03/2008 | yes    |
| b3     | Y1 (01/01/2000), X2 from 01/01/2009 (re-imported) | member 1995, full        |        |
| c1     | Y1 (01/01/2000)                   | member 1990, full             |        |
| c2     | Y1 (01/02/2008)                   | official                      |        |
| d1     | Y2 (01/01/2000), Y1 from 01/07/2008 (merge) | member 1985, full     |        |

Population on 31/12/2007: X1 a1, a3 · X2 b1, b2 (probationary) · Y1 c1, b3 · Y2 d1
  → members 6 (full 5, probationary 1), officials 1, people 7, CBCCVC 3 (of whom members 2), cells 4.
Population on 31/12/2009: X1 a1, a2, a3 · X2 b1, b2, b3 · Y1 c1, c2, d1
  → members 7 (full 7), officials 2, people 9, CBCCVC 3 (members 2), cells 3 (Y2 ended).

Classes 2007: S1 by D (10/03) named a1, b1, c1, a3 + 100 masses; S2 by X (05/04) named a1, b2 + 20
masses; S3 by Y2, a unit reporting on paper: 1 member counted, 5 masses.
  → members attended a1, b1, b2, c1 + 1 counted = 5 of 6; officials a3 = 1 of 1; CBCCVC a1, a3,
    b2 = 3 of 3; people 6 of 7; classes 3; attendances 104 + 22 + 6 = 132.
Classes 2009: S4 by D (01/03) named a2, b3, c2 + 50 masses; S5 by X2 (01/06) named b2, b3.
  → members a2, b3, b2 = 3 of 7; officials c2 = 1 of 2; CBCCVC b2 = 1 of 3; people 4 of 9;
    classes 2; attendances 53 + 2 = 55.
Places (imported): X has thôn A, B, C; Y has bản D, tổ dân phố E. S1 is held in thôn A and bản D,
S2 in thôn A and B, S5 in thôn C → 2007: 3 of 5 places held study; 2009: 1 of 5.
Notebook 2009: a1 approved, b1 approved (members), a3 sent (official) → members 2 of 7, officials
1 of 2; nothing in 2007. No meetings in either year.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from lamtheo.organizations import services as org_services
from lamtheo.organizations.importers import import_workbook
from lamtheo.organizations.models import Block, Membership, Person, Place, PlaceKind, Role
from lamtheo.organizations.models import OrganizationKind as K
from lamtheo.organizations.spreadsheet import ROSTER, ROSTER_COLUMNS
from lamtheo.reviews import display, figures, narrative, selectors, services
from lamtheo.reviews.figures import indicator_index
from lamtheo.reviews.models import FigureSource, ReviewKind
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

Y2007 = (dt.date(2007, 1, 1), dt.date(2007, 12, 31))
Y2009 = (dt.date(2009, 1, 1), dt.date(2009, 12, 31))
PROVIDERS = ("organizations", "study", "notebook", "meetings")

EXPECTED_2007 = {
    "organizations.cells": 4,
    "organizations.people": 7,
    "organizations.members": 6,
    "organizations.full": 5,
    "organizations.probationary": 1,
    "organizations.officials": 1,
    "organizations.civil_servants": 3,
    "organizations.civil_servant_members": 2,
    "study.members_eligible": 6,
    "study.members_attended": 5,
    "study.officials_eligible": 1,
    "study.officials_attended": 1,
    "study.civil_servants_eligible": 3,
    "study.civil_servants_attended": 3,
    "study.people_eligible": 7,
    "study.people_attended": 6,
    "study.counted_members": 1,
    "study.sessions": 3,
    "study.attendances": 132,
    "study.places": 5,
    "study.places_studied": 3,
    "notebook.expected": 7,
    "notebook.members_expected": 6,
    "notebook.officials_expected": 1,
    "notebook.not_registered": 7,
    "notebook.eval_expected": 7,
}
EXPECTED_2009 = {
    "organizations.cells": 3,
    "organizations.people": 9,
    "organizations.members": 7,
    "organizations.full": 7,
    "organizations.officials": 2,
    "organizations.civil_servants": 3,
    "organizations.civil_servant_members": 2,
    "study.members_eligible": 7,
    "study.members_attended": 3,
    "study.officials_eligible": 2,
    "study.officials_attended": 1,
    "study.civil_servants_eligible": 3,
    "study.civil_servants_attended": 1,
    "study.people_eligible": 9,
    "study.people_attended": 4,
    "study.sessions": 2,
    "study.attendances": 55,
    "study.places": 5,
    "study.places_studied": 1,
    "notebook.expected": 9,
    "notebook.members_expected": 7,
    "notebook.officials_expected": 2,
    "notebook.registered": 3,
    "notebook.members_registered": 2,
    "notebook.officials_registered": 1,
    "notebook.not_registered": 6,  # X1 3−2, X2 3−1, Y1 3−0
    "notebook.approved": 2,
    "notebook.pending": 1,
    "notebook.mid_expected": 2,
    "notebook.end_expected": 2,
    "notebook.eval_expected": 9,
}
# By child unit (X, Y, and D itself for the classes it organised), 2007.
BY_UNIT_2007 = {
    "X": {"organizations.members": 3, "study.members_attended": 3, "study.sessions": 1, "study.attendances": 22},
    "Y": {"organizations.members": 3, "study.members_attended": 2, "study.sessions": 1, "study.attendances": 6},
    "D": {"organizations.members": 0, "study.members_attended": 0, "study.sessions": 1, "study.attendances": 104},
}


def every_figure(expected: dict[str, int]) -> dict[str, int]:
    """Every indicator of the four providers, 0 unless written out above."""
    keys = [k for k in indicator_index() if k.split(".")[0] in PROVIDERS]
    unknown = set(expected) - set(keys)
    assert not unknown, unknown
    return {k: expected.get(k, 0) for k in keys}


def roster(rows: list[dict]) -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.append([str(c.title) for c in ROSTER_COLUMNS])
    for row in rows:
        sheet.append([row.get(c.key) for c in ROSTER_COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue()), read_only=True, data_only=True)


def member(card, name, cell, admitted, full=None, **extra):
    status = "Chính thức" if full else "Dự bị"
    return {
        "card_number": card,
        "full_name": name,
        "kind": "Đảng viên",
        "member_status": status,
        "admission_date": admitted,
        "full_membership_date": full,
        "cell_code": cell,
        **extra,
    }


@pytest.fixture
def district(db, tmp_path):
    from lamtheo.campaigns.models import Theme
    from lamtheo.notebook.models import Registration
    from lamtheo.study.models import Attendance, StudySession

    province = org_services.create_organization(parent=None, kind=K.PROVINCE, code="T", name="Tỉnh ủy Mẫu")
    d = org_services.create_organization(parent=province, kind=K.DISTRICT, code="D", name="Huyện ủy Mẫu")
    x = org_services.create_organization(parent=d, kind=K.BASE, code="X", name="Đảng ủy xã X", block=Block.COMMUNE)
    y = org_services.create_organization(parent=d, kind=K.BASE, code="Y", name="Đảng ủy xã Y", block=Block.COMMUNE)
    cells = {
        code: org_services.create_organization(
            parent=parent, kind=K.CELL, code=code, name=f"Chi bộ {code}", block=block
        )
        for code, parent, block in (
            ("X1", x, Block.EDUCATION),
            ("X2", x, Block.EDUCATION),
            ("Y1", y, Block.COMMUNE),
            ("Y2", y, Block.COMMUNE),
        )
    }
    officer = make_user("vanphong_huyen", role=Role.ASSISTANT, org=d)
    day = dt.date
    rows = [
        member("A1", "Nguyễn Văn A Một", "X1", day(2000, 3, 1), day(2001, 3, 1), civil_servant="Có"),
        member("A2", "Nguyễn Văn A Hai", "X1", day(2008, 5, 1), day(2009, 5, 1)),
        {"staff_code": "NV-A3", "full_name": "Nguyễn Thị A Ba", "cell_code": "X1", "civil_servant": "Có"}
        | {"started_on": day(2005, 1, 1)},
        member("B1", "Trần Văn B Một", "X2", day(2006, 6, 1), day(2007, 6, 1)),
        member("B2", "Trần Thị B Hai", "X2", day(2007, 3, 1), day(2008, 3, 1), civil_servant="Có"),
        member("B3", "Trần Văn B Ba", "Y1", day(1995, 1, 1), day(1996, 1, 1), started_on=day(2000, 1, 1)),
        member("C1", "Lê Văn C Một", "Y1", day(1990, 1, 1), day(1991, 1, 1), started_on=day(2000, 1, 1)),
        {"staff_code": "NV-C2", "full_name": "Lê Thị C Hai", "cell_code": "Y1", "started_on": day(2008, 2, 1)},
        member("D1", "Phạm Văn D Một", "Y2", day(1985, 1, 1), day(1986, 1, 1), started_on=day(2000, 1, 1)),
    ]
    result = import_workbook(user=officer, kind=ROSTER, workbook=roster(rows))
    assert not result.errors, [(e.row, e.column, e.message) for e in result.errors]
    # b3 moves to X2 on 01/01/2009: the same file again with the new cell and the date of joining it.
    moved = [member("B3", "Trần Văn B Ba", "X2", day(1995, 1, 1), day(1996, 1, 1), started_on=day(2009, 1, 1))]
    assert not import_workbook(user=officer, kind=ROSTER, workbook=roster(moved)).errors
    org_services.end_organization(cells["Y2"], on=day(2008, 7, 1), successor=cells["Y1"])

    people = {p.card_number or p.staff_code: p for p in Person.objects.all()}
    theme = Theme.objects.create(organization=d, title="Chuyên đề", year_from=2007, year_to=2009)

    def session(org, starts, named=(), **counts):
        s = StudySession.objects.create(
            organization=org, theme=theme, title="Lớp", starts_on=starts, ends_on=starts, **counts
        )
        for code in named:
            Attendance.objects.create(session=s, person=people[code])
        return s

    places_file = tmp_path / "thon.xlsx"
    book = Workbook()
    book.active.append(["Mã đơn vị", "Tên thôn, bản, tổ dân phố", "Loại"])
    for row in (("X", "Thôn A", ""), ("X", "Thôn B", "Thôn"), ("X", "Thôn C", None), ("Y", "Bản D", "Bản")):
        book.active.append(row)
    book.active.append(["Y", "Tổ dân phố E", "Tổ dân phố"])
    book.save(places_file)
    call_command("import_places", str(places_file), stdout=io.StringIO())
    place = {p.name[-1]: p for p in Place.objects.all()}

    s1 = session(d, day(2007, 3, 10), ["A1", "B1", "C1", "NV-A3"], mass_count=100)
    s2 = session(x, day(2007, 4, 5), ["A1", "B2"], mass_count=20)
    session(cells["Y2"], day(2007, 5, 1), counted_members=1, mass_count=5)
    session(d, day(2009, 3, 1), ["A2", "B3", "NV-C2"], mass_count=50)
    s5 = session(cells["X2"], day(2009, 6, 1), ["B2", "B3"])
    s1.places.set([place["A"], place["D"]])
    s2.places.set([place["A"], place["B"]])
    s5.places.set([place["C"]])
    for code, state in (("A1", "approved"), ("B1", "approved"), ("NV-A3", "submitted")):
        person = people[code]
        Registration.objects.create(person=person, organization=person.cell, year=2009, state=state)
    commune_x = make_user("vanphong_x", role=Role.ASSISTANT, org=x)
    commune_y = make_user("vanphong_y", role=Role.ASSISTANT, org=y)
    return {"D": d, "X": x, "Y": y, **cells, "officer": officer, "x_officer": commune_x, "y_officer": commune_y}


def test_the_import_keeps_the_dates_of_joining(district):
    b3 = Person.objects.get(card_number="B3")
    history = list(
        Membership.objects.filter(person=b3).order_by("started_on").values_list("cell__code", "started_on", "ended_on")
    )
    assert history == [("Y1", dt.date(2000, 1, 1), dt.date(2009, 1, 1)), ("X2", dt.date(2009, 1, 1), None)]
    a2 = Membership.objects.get(person__card_number="A2")
    assert a2.started_on == dt.date(2008, 5, 1)  # default: the date of admission
    assert Person.objects.get(staff_code="NV-A3").civil_servant is True
    assert Person.objects.get(card_number="A1").civil_servant is True
    assert Person.objects.get(card_number="B1").civil_servant is False


def test_places_are_imported_with_their_kind(district):
    kinds = dict(Place.objects.values_list("name", "kind"))
    assert kinds == {
        "Thôn A": PlaceKind.VILLAGE,
        "Thôn B": PlaceKind.VILLAGE,
        "Thôn C": PlaceKind.VILLAGE,
        "Bản D": PlaceKind.HAMLET,
        "Tổ dân phố E": PlaceKind.HOUSING,
    }


@pytest.mark.parametrize(("period", "expected"), [(Y2007, EXPECTED_2007), (Y2009, EXPECTED_2009)])
def test_live_figures_of_a_past_year(district, period, expected):
    fs = figures.compute(district["D"], *period)
    totals = fs.totals()
    assert {k: totals.get(k, 0) for k in every_figure(expected)} == every_figure(expected)
    # One population everywhere: the general part and the study part count the same members.
    assert totals["organizations.members"] == totals["study.members_eligible"]
    assert totals["organizations.people"] == totals["notebook.expected"]


def test_rates_name_and_divide_by_their_population(district):
    fs = figures.compute(district["D"], *Y2009)
    totals, rates = fs.totals(), figures.rate_index()
    shown = {key: display.rate_row(rates[key], totals).value for key in rates if key.split(".")[0] in PROVIDERS}
    assert shown["notebook.registered_rate"] == "2/7 (28,6%)"  # members over members
    assert shown["notebook.officials_registered_rate"] == "1/2 (50,0%)"
    assert shown["notebook.people_registered_rate"] == "3/9 (33,3%)"
    assert shown["study.members_rate"] == "3/7 (42,9%)"
    assert shown["study.officials_rate"] == "1/2 (50,0%)"
    assert shown["study.civil_servants_rate"] == "1/3 (33,3%)"  # members and non-members who are CBCCVC
    assert shown["study.people_rate"] == "4/9 (44,4%)"
    assert str(rates["notebook.registered_rate"].label) == "Tỷ lệ đảng viên đăng ký (trên số đảng viên)"
    # combined rates per block: X1 and X2 are schools (a2, b2, b3 of 6), Y1 a commune cell (c2 of 3)
    table = display.block_table(fs, ["study.people_rate", "study.members_rate"])
    rows = {row.label: [cell.value for cell in row.cells] for row in table.rows}
    assert rows["Khối giáo dục"] == ["3/6 (50,0%)", "3/5 (60,0%)"]
    assert rows["Khối xã, phường (nông thôn)"] == ["1/3 (33,3%)", "0/2 (0,0%)"]


def test_by_unit_keeps_the_district_s_own_classes(district):
    fs = figures.compute(district["D"], *Y2007)
    paths = {district[code].path: code for code in ("D", "X", "Y")}
    by_unit = {paths[path]: counts for path, counts in fs.by_unit().items()}
    for code, expected in BY_UNIT_2007.items():
        assert {k: by_unit.get(code, {}).get(k, 0) for k in expected} == expected, code
    assert fs.units[0].path == district["D"].path  # the district's own row comes first


def submit(actor, node, period, source=FigureSource.LIVE):
    review = services.create_review(
        actor=actor, organization=node, kind=ReviewKind.INTERIM, date_from=period[0], date_to=period[1], source=source
    )
    return services.submit_review(actor=actor, review=review, expected_version=review.version)


@pytest.mark.parametrize(("period", "expected"), [(Y2007, EXPECTED_2007), (Y2009, EXPECTED_2009)])
def test_compiled_review_equals_the_live_one_and_keeps_the_own_row(district, period, expected):
    submit(district["x_officer"], district["X"], period)
    submit(district["y_officer"], district["Y"], period)
    officer, d = district["officer"], district["D"]
    live = services.create_review(
        actor=officer, organization=d, kind=ReviewKind.INTERIM, date_from=period[0], date_to=period[1]
    )
    compiled = services.create_review(
        actor=officer,
        organization=d,
        kind=ReviewKind.INTERIM,
        date_from=period[0],
        date_to=period[1],
        source=FigureSource.CHILDREN,
    )  # a live and a compiled review of the same period coexist
    assert live.pk != compiled.pk
    assert live.issued_on == period[1]  # a past period: dated at its end by default
    compiled_fs = selectors.live_figures(compiled)
    live_fs = selectors.live_figures(live)
    assert compiled_fs.source == "children" and live_fs.source == "live"
    wanted = every_figure(expected)
    assert {k: compiled_fs.totals().get(k, 0) for k in wanted} == wanted
    assert {k: live_fs.totals().get(k, 0) for k in wanted} == wanted
    own = compiled_fs.by_unit()[d.path]  # the district's own classes, as their own row
    assert own["study.sessions"] == 1
    assert own["study.attendances"] == (104 if period == Y2007 else 53)
    labels = [row.label for row in display.unit_table(compiled_fs).rows]
    assert labels[0] == "Huyện ủy Mẫu (trực tiếp)"
    check = selectors.reconcile(d, *period)
    assert check.problems == 0, [(r.unit.code, r.differences) for r in check.rows] + [check.totals]


def test_reconcile_reports_a_difference_of_the_node_s_own_activity(district):
    from lamtheo.study.models import StudySession

    submit(district["x_officer"], district["X"], Y2007)
    submit(district["y_officer"], district["Y"], Y2007)
    # a class of the district entered after the communes submitted: live and compiled both see it
    theme = StudySession.objects.first().theme
    StudySession.objects.create(
        organization=district["D"],
        theme=theme,
        title="Bổ sung",
        starts_on=dt.date(2007, 9, 1),
        ends_on=dt.date(2007, 9, 1),
        mass_count=7,
    )
    assert selectors.reconcile(district["D"], *Y2007).problems == 0
    # a class of commune X entered after X submitted: the compiled figures lack it, and it shows
    StudySession.objects.create(
        organization=district["X"],
        theme=theme,
        title="Muộn",
        starts_on=dt.date(2007, 10, 1),
        ends_on=dt.date(2007, 10, 1),
        mass_count=3,
    )
    check = selectors.reconcile(district["D"], *Y2007)
    totals = {d.key: (d.live, d.submitted) for d in check.totals}
    assert totals["study.sessions"] == ("5", "4")
    assert totals["study.attendances"] == ("142", "139")


def test_narrative_says_not_started_instead_of_zero_over_zero(district):
    fs = figures.compute(district["D"], *Y2007)
    text = narrative.render("Báo cáo viên: {{ meetings.presented_rate }}; học tập: {{ study.members_rate }}.", fs)
    assert text == "Báo cáo viên: chưa triển khai; học tập: 5/6 (83,3%)."


def test_back_entry_of_a_request_for_a_past_year(district):
    request = services.create_request(
        actor=district["officer"],
        organization=district["D"],
        kind=ReviewKind.INTERIM,
        date_from=Y2007[0],
        date_to=Y2007[1],
        deadline=dt.date(2008, 1, 15),
    )
    assert request.deadline < timezone.localdate()


# Commune Y reports 2009 on paper: its counts replace its names (never both).
COUNTED_2009 = {
    **EXPECTED_2009,
    "organizations.people": 56,  # X 6 named + Y 50 counted
    "organizations.members": 45,
    "organizations.full": 43,
    "organizations.probationary": 2,
    "organizations.officials": 11,
    "organizations.civil_servants": 15,
    "organizations.civil_servant_members": 2,
    "organizations.counted_units": 1,
    "study.members_eligible": 45,
    "study.members_attended": 41,  # a2, b2, b3 + 38
    "study.officials_eligible": 11,
    "study.officials_attended": 9,  # c2 (named in Y) no longer counts: Y is counted by counts
    "study.civil_servants_eligible": 15,
    "study.civil_servants_attended": 12,
    "study.people_eligible": 56,
    "study.people_attended": 50,
    "notebook.expected": 56,
    "notebook.members_expected": 45,
    "notebook.officials_expected": 11,
    "notebook.registered": 46,
    "notebook.members_registered": 37,
    "notebook.officials_registered": 9,
    "notebook.not_registered": 10,  # X1 1, X2 2, Y 50 − 43
    "notebook.eval_expected": 56,
}


def test_a_unit_counted_by_counts_replaces_its_names(district):
    from lamtheo.reviews.models import UnitCount

    count = UnitCount(
        organization=district["Y"],
        date_from=Y2009[0],
        date_to=Y2009[1],
        members=40,
        probationary=2,
        officials=10,
        civil_servants=12,
        members_attended=38,
        officials_attended=9,
        civil_servants_attended=11,
        members_registered=35,
        officials_registered=8,
        notes="Báo cáo giấy số 12-BC/ĐU",
    )
    count.full_clean()
    count.save()
    totals = figures.compute(district["D"], *Y2009).totals()
    assert {k: totals.get(k, 0) for k in every_figure(COUNTED_2009)} == every_figure(COUNTED_2009)
    # another period is still counted by names
    assert figures.compute(district["D"], *Y2007).totals()["organizations.members"] == 6
    bad = UnitCount(organization=district["X"], date_from=Y2009[0], date_to=Y2009[1], members=3, members_attended=4)
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert "members_attended" in error.value.message_dict
