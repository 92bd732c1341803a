"""People pages: search, a person's page and history, edit / transfer / add; scoped and validated."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lamtheo.organizations import services
from lamtheo.organizations.models import Membership, MemberStatus, Person, PersonKind, Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def url(name, *args):
    return reverse(f"organizations:{name}", args=args)


def found(response) -> list[str]:
    return [p.full_name for p in response.context["page"].object_list]


def day(offset: int = 0) -> str:
    return (timezone.localdate() + dt.timedelta(days=offset)).strftime("%d/%m/%Y")


@pytest.fixture
def c1_admin(world):
    return make_user("quantri_c1", role=Role.ADMIN, org=world.commune)


# --- search ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen van an", ["Nguyễn Văn An"]),
        ("NGUYỄN VĂN AN", ["Nguyễn Văn An"]),
        ("DUNG", ["Đỗ Văn Dũng"]),
        ("đỗ", ["Đỗ Văn Dũng"]),
        ("100004", ["Phạm Quốc Cường"]),
        ("van", ["Đỗ Văn Dũng", "Lê Văn Thư", "Nguyễn Văn An"]),
    ],
)
def test_search_ignores_case_and_diacritics(world, client_for, query, expected):
    response = client_for(world.admin).get(url("people"), {"q": query})
    assert response.status_code == 200
    assert found(response) == expected


def test_search_stays_in_scope_and_filters_within_a_node(world, client_for):
    client = client_for(world.commune_officer)
    assert found(client.get(url("people"), {"q": "dung"})) == []
    assert found(client.get(url("people"), {"org": world.cell_b.pk})) == ["Phạm Quốc Cường"]
    assert client.get(url("people"), {"org": world.cell_d.pk}).status_code == 404
    assert client.get(url("people"), {"org": "abc"}).status_code == 404
    secretary = client_for(world.secretary)
    assert found(secretary.get(url("people"))) == ["Lê Văn Thư", "Nguyễn Văn An", "Trần Thị Bình"]


def test_search_answers_htmx_with_the_results_only(world, client_for):
    response = client_for(world.admin).get(url("people"), {"q": "nguyen van an"}, **HTMX)
    body = response.content.decode()
    assert "<html" not in body and "Nguyễn Văn An" in body
    assert url("person", world.an.pk) in body
    full = client_for(world.admin).get(url("people"), {"q": "nguyen"})
    body = full.content.decode()
    assert "<html" in body and 'hx-trigger="keyup changed delay:300ms' in body and 'method="get"' in body
    assert "HX-Request" in full.headers["Vary"]


def test_search_paginates_by_25(world, client_for):
    for i in range(30):
        services.create_person(cell=world.cell_b, full_name=f"Vũ Thị Thêm {i:02d}")
    client = client_for(world.commune_officer)
    first = client.get(url("people"), {"q": "vu thi"})
    assert len(found(first)) == 25 and first.context["page"].paginator.count == 30
    assert "q=vu+thi&amp;page=2" in first.content.decode()
    second = client.get(url("people"), {"q": "vu thi", "page": 2})
    assert len(found(second)) == 5


@pytest.mark.parametrize("count", [3, 30])
def test_search_queries_are_bounded(world, client_for, django_assert_max_num_queries, count):
    for i in range(count):
        services.create_person(cell=world.cell_b, full_name=f"Vũ Thị Thêm {i:02d}")
    client = client_for(world.admin)
    with django_assert_max_num_queries(6):
        response = client.get(url("people"), {"q": "vu"})
    assert len(found(response)) == min(count, 25)


# --- a person's page -----------------------------------------------------------------------------


def test_person_page_inside_scope_and_404_outside(world, client_for):
    secretary = client_for(world.secretary)
    response = secretary.get(url("person", world.an.pk))
    assert response.status_code == 200
    assert url("person_edit", world.an.pk) in response.content.decode()
    assert secretary.get(url("person", world.cuong.pk)).status_code == 404
    officer = client_for(world.commune_officer)
    page = officer.get(url("person", world.cuong.pk))
    assert page.status_code == 200 and url("person_edit", world.cuong.pk) not in page.content.decode()
    assert officer.get(url("person_edit", world.cuong.pk)).status_code == 404
    assert officer.get(url("person_transfer", world.cuong.pk)).status_code == 404


def test_member_views_own_page_only(world, client_for):
    client = client_for(world.member)
    response = client.get(url("person", world.an.pk))
    assert response.status_code == 200
    assert url("person_edit", world.an.pk) not in response.content.decode()
    assert client.get(url("person", world.binh.pk)).status_code == 404
    assert client.get(url("person_edit", world.an.pk)).status_code == 404


def test_person_page_shows_details_and_history_with_dates(world, client_for):
    services.update_person(
        world.an,
        expected_version=None,
        member_status=MemberStatus.FULL,
        admission_date=dt.date(2010, 5, 19),
        full_membership_date=dt.date(2011, 5, 19),
        position="Trưởng thôn",
    )
    services.transfer_person(world.an, to_cell=world.cell_b, on=dt.date(2024, 3, 2), reason="Chuyển nơi ở")
    body = client_for(world.commune_officer).get(url("person", world.an.pk)).content.decode()
    for text in ("19/05/2010", "19/05/2011", "100001", "Trưởng thôn", "02/03/2024", "01/01/2020", "Chuyển nơi ở"):
        assert text in body
    assert url("detail", world.cell_a.pk) in body and url("detail", world.cell_b.pk) in body


# --- edit --------------------------------------------------------------------------------------------


def person_data(person, **changes):
    data = {
        "full_name": person.full_name,
        "gender": "",
        "birth_date": "",
        "kind": PersonKind.MEMBER,
        "member_status": MemberStatus.FULL,
        "admission_date": "",
        "full_membership_date": "",
        "card_number": person.card_number or "",
        "staff_code": "",
        "position": "",
        "job": "",
        "phone": "",
        "email": "",
        "version": person.version,
    }
    return {**data, **changes}


def test_secretary_edits_a_member(world, client_for):
    client = client_for(world.secretary)
    assert client.get(url("person_edit", world.an.pk)).status_code == 200
    data = person_data(
        world.an, member_status=MemberStatus.PROBATIONARY, admission_date="02/09/2025", phone="0912 345 678"
    )
    response = client.post(url("person_edit", world.an.pk), data)
    assert response.status_code == 302
    an = Person.objects.get(pk=world.an.pk)
    assert (an.member_status, an.admission_date, an.phone, an.version) == (
        MemberStatus.PROBATIONARY,
        dt.date(2025, 9, 2),
        "0912 345 678",
        2,
    )


def test_edit_with_a_stale_version_is_refused(world, client_for):
    client = client_for(world.secretary)
    stale = person_data(world.an, job="Nông dân")
    services.update_person(world.an, expected_version=1, job="Giáo viên")
    response = client.post(url("person_edit", world.an.pk), stale)
    assert response.status_code == 200
    [error] = response.context["form"].errors.as_data()["__all__"]
    assert error.code == "stale"
    assert Person.objects.get(pk=world.an.pk).job == "Giáo viên"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"member_status": ""}, "member_status"),
        (
            {"member_status": "probationary", "admission_date": "02/09/2025", "full_membership_date": "01/09/2025"},
            "full_membership_date",
        ),
        ({"full_membership_date": "01/09/2025"}, "admission_date"),
        ({"card_number": "100004"}, "card_number"),  # Cường's, in another cell
        ({"birth_date": day(1)}, "birth_date"),
        ({"admission_date": day(30)}, "admission_date"),
        ({"birth_date": "31/02/1980"}, "birth_date"),
        ({"birth_date": "02/09/1990", "admission_date": "01/01/1985"}, "admission_date"),
        ({"kind": PersonKind.OFFICIAL}, "card_number"),
        ({"phone": "call me"}, "phone"),
        ({"email": "not-an-email"}, "email"),
        ({"full_name": "   "}, "full_name"),
        ({"version": ""}, "version"),
    ],
)
def test_edit_bad_input_gives_field_errors(world, client_for, changes, field):
    response = client_for(world.secretary).post(url("person_edit", world.an.pk), person_data(world.an, **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Person.objects.get(pk=world.an.pk).version == 1


def test_probationary_member_may_have_no_full_membership_date(world, client_for):
    data = person_data(world.an, member_status="probationary", admission_date="02/09/2025")
    assert client_for(world.secretary).post(url("person_edit", world.an.pk), data).status_code == 302


# --- transfer --------------------------------------------------------------------------------------


def test_transfer_to_another_cell_records_history(world, client_for):
    client = client_for(world.admin)
    page = client.get(url("person_transfer", world.cuong.pk))
    offered = {pk for pk, _ in page.context["form"].fields["to_cell"].widget.choices if pk}
    assert offered == {world.cell_a.pk, world.cell_d.pk}
    data = {"to_cell": world.cell_a.pk, "on": "15/03/2025", "reason": "Chuyển nơi cư trú"}
    response = client.post(url("person_transfer", world.cuong.pk), data)
    assert response.status_code == 302
    rows = list(Membership.objects.filter(person=world.cuong).order_by("started_on"))
    assert [(r.cell_id, r.ended_on, r.reason) for r in rows] == [
        (world.cell_b.pk, dt.date(2025, 3, 15), ""),
        (world.cell_a.pk, None, "Chuyển nơi cư trú"),
    ]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"to_cell": "cell_d", "on": "15/03/2025", "reason": "x"}, "to_cell"),  # outside the C1 admin
        ({"to_cell": "commune", "on": "15/03/2025", "reason": "x"}, "to_cell"),  # not a cell
        ({"to_cell": "cell_b", "on": "15/03/2025", "reason": "x"}, "to_cell"),  # the current cell
        ({"to_cell": "cell_a", "on": "15/03/2019", "reason": "x"}, "on"),  # before joining cell B
        ({"to_cell": "cell_a", "on": day(2), "reason": "x"}, "on"),
        ({"to_cell": "cell_a", "on": "15/03/2025", "reason": " "}, "reason"),
    ],
)
def test_transfer_bad_input_is_a_form_error(world, c1_admin, client_for, data, field):
    data = {k: getattr(world, v).pk if k == "to_cell" else v for k, v in data.items()}
    response = client_for(c1_admin).post(url("person_transfer", world.cuong.pk), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Person.objects.get(pk=world.cuong.pk).cell_id == world.cell_b.pk


def test_secretary_has_no_other_cell_to_transfer_to(world, client_for):
    response = client_for(world.secretary).get(url("person_transfer", world.an.pk))
    assert response.status_code == 200 and response.context["shown"] == 0
    assert 'class="card notice"' in response.content.decode()


# --- add ---------------------------------------------------------------------------------------------


def test_secretary_adds_a_person_to_own_cell_only(world, client_for):
    client = client_for(world.secretary)
    data = person_data(world.an, full_name="Võ Thị Hoa", card_number="100010", started_on="01/03/2025")
    data.pop("version")
    response = client.post(url("person_add", world.cell_a.pk), data)
    person = Person.objects.get(card_number="100010")
    assert response.status_code == 302 and response.url == url("person", person.pk)
    assert person.cell_id == world.cell_a.pk
    assert Membership.objects.get(person=person).started_on == dt.date(2025, 3, 1)
    assert client.post(url("person_add", world.cell_b.pk), {**data, "card_number": "100011"}).status_code == 404
    assert not Person.objects.filter(card_number="100011").exists()


def test_add_bad_input_saves_nothing(world, client_for):
    client = client_for(world.secretary)
    data = person_data(world.an, full_name="Võ Thị Hoa", started_on=day(5))
    data.pop("version")
    response = client.post(url("person_add", world.cell_a.pk), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "card_number" in errors and "started_on" in errors
    assert not Person.objects.filter(full_name="Võ Thị Hoa").exists()


def test_add_on_a_unit_that_is_not_a_cell_explains(world, client_for):
    response = client_for(world.admin).get(url("person_add", world.commune.pk), follow=True)
    assert response.redirect_chain[-1][0] == url("detail", world.commune.pk)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
