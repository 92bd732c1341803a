"""Excel import of the tree and rosters, the templates, and the export of a subtree."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from lamtheo.organizations import services
from lamtheo.organizations.models import (
    Block,
    Gender,
    Membership,
    MemberStatus,
    Organization,
    OrganizationKind,
    Person,
    PersonKind,
    Role,
    RoleAssignment,
)
from lamtheo.organizations.spreadsheet import ROSTER, ROSTER_COLUMNS, TREE, TREE_COLUMNS, guide_title, sheet_title

pytestmark = pytest.mark.django_db
IMPORT = reverse("organizations:import")


def titles(columns):
    return [str(c.title) for c in columns]


def xlsx(columns, rows, *, title="Sheet") -> bytes:
    """A workbook with the template's header and `rows` given as {column key: value}."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(titles(columns))
    for row in rows:
        sheet.append([row.get(c.key) for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(client, kind, data: bytes, name="danh-sach.xlsx"):
    return client.post(IMPORT, {"kind": kind, "file": SimpleUploadedFile(name, data)})


def person_row(**values):
    row = {"card_number": "200001", "full_name": "Hoàng Thị Mai", "cell_code": "C1-A"}
    row.update(values)
    return row


def result_of(response):
    assert response.status_code == 200
    result = response.context["result"]
    assert result is not None, response.context["form"].errors
    return result


def error_cells(result):
    return [(e.row, e.column) for e in result.errors]


# Templates ---------------------------------------------------------------------------------------


def read(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))


def test_tree_template_has_header_example_and_instructions(world, client_for):
    workbook = read(client_for(world.admin).get(reverse("organizations:import_template", args=["tree"])))
    assert workbook.sheetnames == [sheet_title(TREE), guide_title()]
    sheet = workbook[sheet_title(TREE)]
    rows = list(sheet.iter_rows(min_row=1, max_row=2, values_only=True))
    assert list(rows[0]) == titles(TREE_COLUMNS)
    example = dict(zip([c.key for c in TREE_COLUMNS], rows[1], strict=True))
    assert example["kind"] == str(OrganizationKind.CELL.label)
    assert example["block"] == str(Block.COMMUNE.label)
    assert example["valid_from"] == dt.datetime(2025, 7, 1)
    guide = [v for row in workbook[guide_title()].iter_rows(values_only=True) for v in row if v]
    for label in [*OrganizationKind.labels, *Block.labels]:
        assert str(label) in guide
    assert any(str(TREE_COLUMNS[4].title) in str(v) for v in guide)  # each column explained
    assert sheet.data_validations.dataValidation, "kind and block offer a drop-down list"


def test_roster_template_lists_statuses_and_kinds(world, client_for):
    workbook = read(client_for(world.secretary).get(reverse("organizations:import_template", args=["roster"])))
    header = next(workbook[sheet_title(ROSTER)].iter_rows(max_row=1, values_only=True))
    assert list(header) == titles(ROSTER_COLUMNS)
    assert header[-1] == _("Cell code")
    guide = {v for row in workbook[guide_title()].iter_rows(values_only=True) for v in row if v}
    for label in [*MemberStatus.labels, *PersonKind.labels, *Gender.labels]:
        assert str(label) in guide


def test_template_round_trip(world, client_for):
    client = client_for(world.admin)
    template = read(client.get(reverse("organizations:import_template", args=["roster"])))
    sheet = template[sheet_title(ROSTER)]
    keys = [c.key for c in ROSTER_COLUMNS]
    first = {"card_number": "300001", "full_name": "Vũ Thị Hoa", "gender": "nu", "birth_date": "05/06/1990",
             "kind": "DANG VIEN", "member_status": "du bi", "admission_date": dt.datetime(2020, 3, 2),
             "phone": 912345678, "cell_code": "C1-B"}  # fmt: skip
    second = {"staff_code": "CB-07", "full_name": "Ngô Văn Tư", "kind": "official", "cell_code": "C1-A"}
    sheet.delete_rows(3, 2000)
    for row in (first, second):
        sheet.append([row.get(k) for k in keys])
    buffer = io.BytesIO()
    template.save(buffer)
    result = result_of(upload(client, ROSTER, buffer.getvalue()))
    assert result.ok, result.errors
    assert (result.created, result.updated, result.rows) == (2, 0, 2)  # the example row is skipped
    hoa = Person.objects.get(card_number="300001")
    assert (hoa.gender, hoa.member_status, hoa.cell, hoa.phone) == (
        "female",
        "probationary",
        world.cell_b,
        "0912345678",
    )
    assert (hoa.birth_date, hoa.admission_date) == (dt.date(1990, 6, 5), dt.date(2020, 3, 2))
    tu = Person.objects.get(staff_code="CB-07")
    assert tu.kind == PersonKind.OFFICIAL and tu.card_number is None
    assert Membership.objects.filter(person=tu, cell=world.cell_a, ended_on__isnull=True).exists()


def test_tree_template_round_trip(world, client_for):
    client = client_for(world.admin)
    template = read(client.get(reverse("organizations:import_template", args=["tree"])))
    sheet = template[sheet_title(TREE)]
    row = {"code": "C2-E", "name": "Chi bộ Trường học", "kind": "Subordinate party cell", "block": "education",
           "parent_code": "C2", "valid_from": 45839}  # fmt: skip
    sheet.append([row.get(c.key) for c in TREE_COLUMNS])
    buffer = io.BytesIO()
    template.save(buffer)
    result = result_of(upload(client, TREE, buffer.getvalue()))
    assert result.ok, result.errors
    assert (result.rows, result.created) == (1, 1)  # the example row is skipped
    school = Organization.objects.get(code="C2-E")
    assert (school.kind, school.block, school.valid_from) == ("cell", "education", dt.date(2025, 7, 1))
    assert school.get_parent() == world.commune2


# Roster import -----------------------------------------------------------------------------------


def test_one_bad_row_saves_nothing_and_names_row_and_column(world, client_for):
    rows = [person_row(card_number=f"20000{i}", full_name=f"Người {i}") for i in range(1, 5)]
    rows[2]["cell_code"] = "KHONG-CO"  # Excel row 4
    before = Person.objects.count()
    response = upload(client_for(world.admin), ROSTER, xlsx(ROSTER_COLUMNS, rows))
    result = result_of(response)
    assert error_cells(result) == [(4, _("Cell code"))]
    assert "KHONG-CO" in result.errors[0].message
    assert Person.objects.count() == before
    html = response.content.decode()
    assert "import-error-table" in html and "<td>4</td>" in html and _("Cell code") in html


def test_errors_of_every_row_are_listed_together(world, client_for):
    rows = [
        person_row(card_number="", full_name="Không Thẻ"),  # row 2: a member needs a card
        person_row(card_number="200002", gender="khac"),  # row 3: unknown gender
        person_row(card_number="200003", birth_date="31/02/1990"),  # row 4: no such day
        person_row(card_number="200003", full_name="Trùng Thẻ"),  # row 5: same card as row 4
        person_row(card_number="200005", kind="official"),  # row 6: officials have a staff code, no card
        person_row(card_number="200006", email="khong-phai-email"),  # row 7
        person_row(card_number="200007", cell_code="C1"),  # row 8: a commune is not a cell
        person_row(card_number="", cell_code="KHONG-CO"),  # row 9: two mistakes in one row
    ]
    result = result_of(upload(client_for(world.admin), ROSTER, xlsx(ROSTER_COLUMNS, rows)))
    cells = error_cells(result)
    assert (2, _("Party card number")) in cells
    assert (3, _("Gender")) in cells
    assert (4, _("Date of birth")) in cells
    assert (5, _("Party card number")) in cells
    assert (6, _("Staff code")) in cells and (6, _("Party card number")) in cells
    assert (7, _("Email")) in cells
    assert (8, _("Cell code")) in cells
    assert (9, _("Party card number")) in cells and (9, _("Cell code")) in cells
    assert not Person.objects.filter(card_number__startswith="2000").exists()


def test_reimport_updates_instead_of_duplicating(world, client_for):
    client = client_for(world.secretary)
    rows = [person_row(), person_row(card_number="200002", full_name="Đinh Văn Lực")]
    assert result_of(upload(client, ROSTER, xlsx(ROSTER_COLUMNS, rows))).created == 2
    rows[0]["full_name"] = "Hoàng Thị Mai Anh"
    rows[0]["phone"] = "0987654321"
    result = result_of(upload(client, ROSTER, xlsx(ROSTER_COLUMNS, rows)))
    assert (result.created, result.updated, result.unchanged, result.moved) == (0, 1, 1, 0)
    assert Person.objects.filter(card_number="200001").get().full_name == "Hoàng Thị Mai Anh"
    assert Person.objects.filter(card_number__in=["200001", "200002"]).count() == 2


def test_move_by_reimport_keeps_the_cell_history(world, client_for):
    row = person_row(card_number="100001", full_name="Nguyễn Văn An", cell_code="C1-B")
    result = result_of(upload(client_for(world.admin), ROSTER, xlsx(ROSTER_COLUMNS, [row])))
    assert (result.moved, result.updated, result.created) == (1, 0, 0)
    world.an.refresh_from_db()
    assert world.an.cell == world.cell_b
    stays = list(Membership.objects.filter(person=world.an).order_by("started_on", "pk"))
    assert [s.cell for s in stays] == [world.cell_a, world.cell_b]
    assert stays[0].ended_on is not None and stays[1].ended_on is None


def test_roster_rows_outside_the_users_scope_are_errors(world, client_for):
    rows = [
        person_row(card_number="200001", cell_code="C1-B"),  # a cell of another secretary
        person_row(card_number="100005", full_name="Đỗ Văn Dũng", cell_code="C1-A"),  # Dũng is in C2-D
        person_row(card_number="200003", cell_code="C1-A"),
    ]
    result = result_of(upload(client_for(world.secretary), ROSTER, xlsx(ROSTER_COLUMNS, rows)))
    assert error_cells(result) == [(2, _("Cell code")), (3, _("Party card number"))]
    world.dung.refresh_from_db()
    assert world.dung.cell == world.cell_d and world.dung.full_name == "Đỗ Văn Dũng"
    assert not Person.objects.filter(card_number__in=["200001", "200003"]).exists()


def test_unchanged_reimport_costs_the_same_queries_for_3_or_30_rows(world, client_for, django_assert_max_num_queries):
    client = client_for(world.admin)
    for n in (3, 30):
        rows = [person_row(card_number=f"4{n:02d}{i:03d}", full_name=f"Người {i}") for i in range(n)]
        data = xlsx(ROSTER_COLUMNS, rows)
        assert result_of(upload(client, ROSTER, data)).created == n
        with django_assert_max_num_queries(14):
            assert result_of(upload(client, ROSTER, data)).unchanged == n


# Tree import -------------------------------------------------------------------------------------


def tree_row(code, name, kind="cell", parent="C1", **extra):
    return {"code": code, "name": name, "kind": kind, "parent_code": parent, **extra}


def test_tree_parents_may_come_later_in_the_file(world, client_for):
    rows = [
        tree_row("C3-A", "Chi bộ thôn Mới", parent="C3"),
        tree_row("C3", "Đảng ủy xã Mới", kind="Đảng bộ cơ sở", parent="P", block="khoi xa phuong nong thon"),
    ]
    result = result_of(upload(client_for(world.admin), TREE, xlsx(TREE_COLUMNS, rows)))
    assert result.ok, result.errors
    assert result.created == 2
    commune = Organization.objects.get(code="C3")
    assert (commune.kind, commune.block) == (OrganizationKind.BASE, Block.COMMUNE)
    assert commune.get_parent() == world.province
    assert Organization.objects.get(code="C3-A").get_parent() == commune
    assert Organization.objects.find_problems() == ([], [], [], [], [])


def test_tree_reimport_updates_and_moves(world, client_for):
    rows = [
        tree_row("C1-B", "Chi bộ thôn Hai", parent="C2", valid_from="01/07/2025"),  # renamed and moved
        tree_row("C1-A", "Chi bộ thôn 1"),  # unchanged
    ]
    result = result_of(upload(client_for(world.admin), TREE, xlsx(TREE_COLUMNS, rows)))
    assert result.ok, result.errors
    assert (result.moved, result.updated, result.unchanged, result.created) == (1, 0, 1, 0)
    moved = Organization.objects.get(code="C1-B")
    assert moved.name == "Chi bộ thôn Hai" and moved.valid_from == dt.date(2025, 7, 1)
    assert moved.get_parent() == world.commune2
    assert Person.objects.get(pk=world.cuong.pk).cell == moved  # the members moved with the cell
    assert Organization.objects.count() == 6
    assert Organization.objects.find_problems() == ([], [], [], [], [])


def test_tree_creates_and_moves_in_one_file_keep_the_tree_sound(world, client_for):
    rows = [
        tree_row("C1-A", "Chi bộ thôn 1", parent="C3"),  # moved under a unit created below
        tree_row("C3-X", "Chi bộ thôn 9", parent="C3"),
        tree_row("C3", "Đảng ủy phường Mới", kind="base", parent="P"),
        tree_row("C1-B", "Chi bộ thôn 2", parent="C3", block="commune"),
        tree_row("C0", "Đảng ủy xã Đầu Tiên", kind="base", parent="P"),  # sorts before C1 (shifts paths)
        tree_row("C1", "Đảng ủy xã Hòa An (cũ)", kind="base", parent="P", block="commune"),
    ]
    result = result_of(upload(client_for(world.admin), TREE, xlsx(TREE_COLUMNS, rows)))
    assert result.ok, result.errors
    assert (result.created, result.moved, result.updated) == (3, 2, 1)
    assert Organization.objects.find_problems() == ([], [], [], [], [])
    new = Organization.objects.get(code="C3")
    assert sorted(c.code for c in new.get_children()) == ["C1-A", "C1-B", "C3-X"]
    assert Organization.objects.get(code="C1").get_children_count() == 0
    assert Person.objects.get(pk=world.an.pk).cell.get_parent() == new


def test_tree_cycles_duplicates_and_cell_parents_are_row_errors(world, client_for):
    rows = [
        tree_row("X1", "Đảng bộ bộ phận 1", kind="partial", parent="X2"),  # row 2
        tree_row("X2", "Đảng bộ bộ phận 2", kind="partial", parent="X1"),  # row 3: X1 ↔ X2
        tree_row("X3", "Chi bộ", parent="C1-A"),  # row 4: under a cell
        tree_row("X3", "Chi bộ lặp", parent="C1"),  # row 5: same code again
        tree_row("C1", "Đảng ủy xã Hòa An", kind="base", parent="C1-A"),  # row 6: under its own cell
    ]
    result = result_of(upload(client_for(world.admin), TREE, xlsx(TREE_COLUMNS, rows)))
    cells = error_cells(result)
    parent = _("Parent unit code")
    assert (2, parent) in cells and (3, parent) in cells
    assert (4, parent) in cells
    assert (5, _("Unit code")) in cells
    assert (6, parent) in cells
    assert Organization.objects.count() == 6


def test_tree_rows_outside_the_users_scope_are_errors(world, client_for):
    RoleAssignment.objects.create(user=world.commune_officer, organization=world.commune, role=Role.ADMIN)
    rows = [
        tree_row("C1-E", "Chi bộ thôn 5", parent="C2"),  # the other commune
        tree_row("C2-D", "Chi bộ thôn 3 mới"),  # a unit of the other commune
        tree_row("C1-F", "Chi bộ thôn 6", parent=""),  # a new unit needs a parent
        tree_row("C1-G", "Chi bộ thôn 7"),  # fine
    ]
    result = result_of(upload(client_for(world.commune_officer), TREE, xlsx(TREE_COLUMNS, rows)))
    assert error_cells(result) == [(2, _("Parent unit code")), (3, _("Unit code")), (4, _("Parent unit code"))]
    assert "C2" in result.errors[0].message
    assert not Organization.objects.filter(code__in=["C1-E", "C1-F", "C1-G"]).exists()
    assert Organization.objects.get(code="C2-D").name == "Chi bộ thôn 3"


def test_a_cell_with_members_can_neither_change_kind_nor_end(world, client_for):
    services.create_organization(parent=world.commune2, kind="cell", code="C2-E", name="Chi bộ trống")
    rows = [
        tree_row("C1-A", "Chi bộ thôn 1", kind="partial"),
        tree_row("C1-B", "Chi bộ thôn 2", valid_to="30/06/2025"),
        tree_row("C2-E", "Chi bộ trống", parent="C2", valid_to="30/06/2025"),  # no members: may end
    ]
    result = result_of(upload(client_for(world.admin), TREE, xlsx(TREE_COLUMNS, rows)))
    assert error_cells(result) == [(2, _("Kind of unit")), (3, _("Valid to"))]
    rows = rows[2:]
    assert result_of(upload(client_for(world.admin), TREE, xlsx(TREE_COLUMNS, rows))).updated == 1
    assert Organization.objects.get(code="C2-E").valid_to == dt.date(2025, 6, 30)


# Bad files and permissions -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("danh-sach.xlsx", "Họ tên;Số thẻ\nAn;1".encode()),
        ("danh-sach.xls", b"\xd0\xcf\x11\xe0 old excel"),
        ("hong.xlsx", b"PK\x03\x04 not really a zip"),
        ("van-ban.xlsx", "docx"),
    ],
)
def test_a_file_that_is_not_a_real_xlsx_is_a_form_error(world, client_for, name, data):
    if data == "docx":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", "<w:document/>")
        data = buffer.getvalue()
    response = upload(client_for(world.admin), ROSTER, data, name=name)
    assert response.status_code == 200
    assert response.context["result"] is None
    assert response.context["form"].errors["file"]
    assert ".xlsx" in response.content.decode()


def test_a_file_too_large_or_without_the_header_is_a_form_error(world, client_for, settings):
    client = client_for(world.admin)
    data = xlsx(TREE_COLUMNS, [tree_row("C1-H", "Chi bộ thôn 8")])
    response = upload(client, ROSTER, data)  # a tree file uploaded as a roster
    assert response.context["result"] is None and _("Cell code") in response.context["form"].errors["file"][0]
    settings.IMPORT_MAX_BYTES = 1000
    response = upload(client, TREE, data)
    assert response.context["result"] is None and response.context["form"].errors["file"]
    assert not Organization.objects.filter(code="C1-H").exists()


def test_a_title_above_the_header_is_allowed_and_rows_keep_their_excel_numbers(world, client_for):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH ĐẢNG VIÊN CHI BỘ THÔN 1"])
    sheet.append([])
    sheet.append(titles(ROSTER_COLUMNS))
    sheet.append([person_row().get(c.key) for c in ROSTER_COLUMNS])
    sheet.append([person_row(card_number="200002", cell_code="C2-D").get(c.key) for c in ROSTER_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = result_of(upload(client_for(world.secretary), ROSTER, buffer.getvalue()))
    assert error_cells(result) == [(5, _("Cell code"))]  # C2-D is not the secretary's cell


def test_too_many_rows_is_a_form_error(world, client_for, monkeypatch):
    monkeypatch.setattr("lamtheo.organizations.spreadsheet.MAX_ROWS", 3)
    rows = [person_row(card_number=f"20000{i}") for i in range(5)]
    response = upload(client_for(world.admin), ROSTER, xlsx(ROSTER_COLUMNS, rows))
    assert response.context["result"] is None and response.context["form"].errors["file"]
    assert not Person.objects.filter(card_number__startswith="20000").exists()


@pytest.mark.parametrize("who", ["member", "commune_officer", "judge", "inspector"])
def test_import_is_404_without_manage_rights(world, client_for, who):
    client = client_for(getattr(world, who))
    assert client.get(IMPORT).status_code == 404
    assert upload(client, ROSTER, xlsx(ROSTER_COLUMNS, [person_row()])).status_code == 404
    for kind in ("tree", "roster"):
        assert client.get(reverse("organizations:import_template", args=[kind])).status_code == 404
    assert not Person.objects.filter(card_number="200001").exists()


def test_secretary_imports_rosters_but_not_the_tree(world, client_for):
    client = client_for(world.secretary)
    page = client.get(IMPORT)
    assert page.status_code == 200
    assert [value for value, _label in page.context["form"].fields["kind"].choices] == ["roster"]
    assert client.get(reverse("organizations:import_template", args=["tree"])).status_code == 404
    assert client.get(reverse("organizations:import_template", args=["other"])).status_code == 404
    response = upload(client, TREE, xlsx(TREE_COLUMNS, [tree_row("C1-A2", "Chi bộ mới", parent="C1-A")]))
    assert response.context["result"] is None and response.context["form"].errors["kind"]


# Export ------------------------------------------------------------------------------------------


def export_url(node):
    return reverse("organizations:export", args=[node.pk])


def test_export_holds_units_and_people_in_the_template_columns(world, client_for):
    workbook = read(client_for(world.commune_officer).get(export_url(world.commune)))
    assert workbook.sheetnames == [sheet_title(TREE), sheet_title(ROSTER)]
    units = list(workbook[sheet_title(TREE)].iter_rows(values_only=True))
    assert list(units[0]) == titles(TREE_COLUMNS)
    by_code = {row[0]: dict(zip([c.key for c in TREE_COLUMNS], row, strict=True)) for row in units[1:]}
    assert set(by_code) == {"C1", "C1-A", "C1-B"}
    assert by_code["C1"]["parent_code"] is None  # the province is outside the officer's units
    assert by_code["C1-A"]["parent_code"] == "C1"
    assert by_code["C1-A"]["kind"] == str(OrganizationKind.CELL.label)
    people = list(workbook[sheet_title(ROSTER)].iter_rows(values_only=True))
    assert list(people[0]) == titles(ROSTER_COLUMNS)
    cards = {row[0]: row[-1] for row in people[1:]}
    assert cards == {"100001": "C1-A", "100002": "C1-A", "100003": "C1-A", "100004": "C1-B"}


def test_export_writes_text_that_looks_like_a_formula_as_text(world, client_for):
    Person.objects.filter(pk=world.an.pk).update(full_name='=HYPERLINK("http://x.invalid","An")', job="=1+1")
    response = client_for(world.admin).get(export_url(world.cell_a))
    sheet = read(response)[sheet_title(ROSTER)]
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row if str(c.value).startswith("=")]
    assert len(cells) == 2 and all(c.data_type == "s" for c in cells)


def test_export_imports_back_unchanged(world, client_for):
    Person.objects.filter(pk=world.an.pk).update(birth_date=dt.date(1970, 1, 2), gender="male", phone="0912000111")
    client = client_for(world.admin)
    response = client.get(export_url(world.commune))
    data = b"".join(response.streaming_content)
    tree = result_of(upload(client, TREE, data, name="xuat.xlsx"))
    assert tree.ok, tree.errors
    assert (tree.unchanged, tree.created, tree.updated, tree.moved) == (3, 0, 0, 0)
    roster = result_of(upload(client, ROSTER, data, name="xuat.xlsx"))
    assert roster.ok, roster.errors
    assert (roster.unchanged, roster.created, roster.updated) == (4, 0, 0)


def test_export_is_scoped(world, client_for):
    assert client_for(world.commune_officer).get(export_url(world.commune2)).status_code == 404
    assert client_for(world.member).get(export_url(world.cell_a)).status_code == 404  # own cell, no role
    assert client_for(world.judge).get(export_url(world.commune2)).status_code == 404
    assert client_for(world.outsider).get(export_url(world.cell_a)).status_code == 404
    assert client_for(world.outsider).get(export_url(world.cell_d)).status_code == 200


@pytest.mark.parametrize("people", [3, 30])
def test_export_queries_do_not_grow_with_people(world, client_for, django_assert_max_num_queries, people):
    for i in range(people):
        services.create_person(cell=world.cell_b, full_name=f"Thành viên {i}", card_number=f"5{i:05d}")
    client = client_for(world.admin)
    with django_assert_max_num_queries(8):
        response = client.get(export_url(world.province))
        workbook = read(response)
    assert workbook[sheet_title(ROSTER)].max_row == 1 + 5 + people
