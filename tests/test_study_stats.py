"""The statistics page (charts, drill-down, bounded queries) and its Excel export read back."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from lamtheo.organizations import services as org_services
from lamtheo.organizations.models import Block, Membership, OrganizationKind, Person
from lamtheo.study.models import Attendance, Essay, PropagandaActivity, StudySession
from lamtheo.study.rates import Rate
from tests.study_fixtures import YEAR, media_fixture, st_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def url(org, **params):
    query = "&".join(f"{k}={v}" for k, v in {"year": YEAR, **params}.items())
    return reverse("study:stats", args=[org.pk]) + f"?{query}"


def test_commune_stats_page(world, st, client_for):
    Essay.objects.create(
        person=world.an, cell=world.cell_a, theme=st.theme, year=YEAR, title="a", state="assessed", grade="excellent"
    )
    PropagandaActivity.objects.create(
        organization=world.cell_a, kind="banners", year=YEAR, quantity=12, description="Băng rôn"
    )
    response = client_for(world.commune_officer).get(url(world.commune))
    assert response.status_code == 200
    chosen = response.context["chosen"]
    assert chosen.theme == st.theme and chosen.total.members == Rate(2, 4)
    html = response.content.decode()
    assert "2/4 đồng chí, đạt 50,0%" in html  # the commune
    assert "2/3 đồng chí, đạt 66,7%" in html  # Chi bộ thôn 1
    assert "0/1 đồng chí, đạt 0,0%" in html  # Chi bộ thôn 2
    assert 'class="st-bar' in html and 'width="66.7"' in html  # a server-side SVG bar
    assert "Băng rôn, khẩu hiệu" in html and ">12<" in html
    assert reverse("study:stats", args=[world.cell_a.pk]) in html  # drill down
    assert "<script" not in html.split("</head>")[1]  # charts need no JavaScript


def test_province_total_equals_sum_of_communes(world, st, client_for):
    province_class = StudySession.objects.create(
        organization=world.province,
        theme=st.theme,
        title="Hội nghị tỉnh",
        starts_on=dt.date(YEAR, 2, 1),
        ends_on=dt.date(YEAR, 2, 1),
    )
    Attendance.objects.create(session=province_class, person=world.dung)
    chosen = client_for(world.admin).get(url(world.province)).context["chosen"]
    rows = {u.unit.code: u.counts.members for u in chosen.by_unit}
    assert rows == {"C1": Rate(2, 4), "C2": Rate(1, 1)}
    assert chosen.total.members == Rate(3, 5) == rows["C1"] + rows["C2"]


def test_theme_choice_and_bad_parameters(world, st, client_for):
    client = client_for(world.commune_officer)
    other = client.get(url(world.commune, theme=st.other_theme.pk)).context["chosen"]
    assert other.theme == st.other_theme and other.total.members == Rate(0, 4)
    assert client.get(url(world.commune, theme=999999)).status_code == 404
    assert client.get(url(world.commune, theme="x")).status_code == 404
    assert client.get(reverse("study:stats", args=[world.commune.pk]) + "?year=0").status_code == 404
    empty = client.get(url(world.commune, year=2019))
    assert empty.status_code == 200 and empty.context["chosen"] is None


def test_stats_scope(world, st, client_for):
    assert client_for(world.outsider).get(url(world.commune)).status_code == 404
    assert client_for(world.member).get(url(world.cell_a)).status_code == 404  # a member has no role
    assert client_for(world.judge).get(url(world.commune2)).status_code == 404
    assert client_for(world.secretary).get(url(world.cell_a)).status_code == 200
    assert client_for(world.inspector).get(url(world.cell_b)).status_code == 200
    assert client_for(world.secretary).get(reverse("study:stats_export", args=[world.commune.pk])).status_code == 404


def test_excel_export_reads_back(world, st, client_for):
    Essay.objects.create(
        person=world.an, cell=world.cell_a, theme=st.theme, year=YEAR, title="a", state="assessed", grade="good"
    )
    PropagandaActivity.objects.create(
        organization=world.commune, kind="materials", year=YEAR, quantity=1246, description="Sách"
    )
    st.session.mass_count = 80
    st.session.save()
    response = client_for(world.commune_officer).get(
        reverse("study:stats_export", args=[world.commune.pk]) + f"?year={YEAR}"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert f"-{YEAR}.xlsx" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Tổng hợp",
        "Theo đơn vị",
        "Theo khối",
        "Xếp loại bài thu hoạch",
        "Lớp học tập",
        "Tuyên truyền",
    ]
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(values_only=True) if row and row[0]}
    assert summary["Đảng viên"] == 4 and summary["Số lớp học tập đã tổ chức"] == 2
    assert summary["Lượt người có danh sách"] == 3 and summary["Lượt người là quần chúng"] == 80

    units = book["Theo đơn vị"]
    header = [c.value for c in units[1]]
    assert header[:5] == ["Chuyên đề", "Đơn vị", "Đơn vị chỉ đạo điểm", "Đảng viên tham gia", "Đảng viên thuộc diện"]
    rows = [[c.value for c in row] for row in units.iter_rows(min_row=2)]
    theme_rows = {r[1]: r for r in rows if r[0] == str(st.theme)}
    assert theme_rows["Chi bộ thôn 1"][3:5] == [2, 3]
    assert theme_rows["Chi bộ thôn 2"][3:5] == [0, 1]
    assert theme_rows["Tổng cộng"][3:5] == [2, 4]
    assert theme_rows["Tổng cộng"][9] == 1  # essays sent
    # The rate is a value (as on the pages), not a formula without a cached value (issue 11).
    total_row = next(i for i, r in enumerate(rows, start=2) if r[0] == str(st.theme) and r[1] == "Tổng cộng")
    assert units.cell(row=total_row, column=6).value == 0.5
    assert units.cell(row=total_row, column=6).number_format == "0.0%"

    blocks = [[c.value for c in row] for row in book["Theo khối"].iter_rows(min_row=2)]
    with translation.override("vi"):
        commune_block = str(Block.COMMUNE.label)
    assert [r[1:4] for r in blocks if r[0] == str(st.theme)] == [[commune_block, 2, 4], ["Tổng cộng", 2, 4]]
    classes = [[c.value for c in row] for row in book["Lớp học tập"].iter_rows(min_row=2)]
    assert {r[3] for r in classes} == {st.session.title, st.cell_session.title}
    assert next(r for r in classes if r[3] == st.session.title)[8:10] == [2, 80]
    assert next(r for r in classes if r[3] == st.session.title)[0].date() == st.session.starts_on
    propaganda = [[c.value for c in row] for row in book["Tuyên truyền"].iter_rows(min_row=2, max_row=2)]
    assert propaganda[0][:2] == ["Sách, tài liệu cấp phát", 1246]
    grades = [[c.value for c in row] for row in book["Xếp loại bài thu hoạch"].iter_rows(min_row=2)]
    assert [str(st.theme), 0, 1, 0, 0] in grades


def _grow(world, theme, n_cells: int, people: int) -> None:
    for c in range(n_cells):
        parent = world.commune if c % 2 else world.commune2
        cell = org_services.create_organization(
            parent=parent, kind=OrganizationKind.CELL, code=f"S{n_cells}-{c}", name=f"Chi bộ {c}", block=Block.AGENCY
        )
        made = Person.objects.bulk_create([Person(full_name=f"P{c}-{i}", cell=cell) for i in range(people)])
        Membership.objects.bulk_create([Membership(person=p, cell=cell, started_on=dt.date(2020, 1, 1)) for p in made])
        session = StudySession.objects.create(
            organization=cell,
            theme=theme,
            title=f"Lớp {c}",
            starts_on=dt.date(YEAR, 4, 1),
            ends_on=dt.date(YEAR, 4, 1),
            mass_count=c,
        )
        Attendance.objects.bulk_create([Attendance(session=session, person=p) for p in made[::2]])
        PropagandaActivity.objects.create(organization=cell, kind="radio", year=YEAR, quantity=c + 1, description="Đài")


@pytest.mark.parametrize(("cells", "people"), [(3, 4), (24, 15)])
def test_stats_and_export_run_bounded_queries(world, st, client_for, django_assert_max_num_queries, cells, people):
    _grow(world, st.theme, cells, people)
    client = client_for(world.admin)
    with django_assert_max_num_queries(18):
        response = client.get(url(world.province))
    assert response.status_code == 200
    assert len(response.context["chosen"].by_unit) == 2  # the two communes, whatever the number of cells
    with django_assert_max_num_queries(18):
        assert client.get(reverse("study:stats_export", args=[world.province.pk]) + f"?year={YEAR}").status_code == 200
