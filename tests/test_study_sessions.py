"""Study classes and attendance: pages, validation at the field, scope, the rate on the class page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from lamtheo.organizations import services as org_services
from lamtheo.organizations.models import OrganizationKind
from lamtheo.study.models import Attendance, StudySession
from tests.study_fixtures import YEAR, make_theme, media_fixture, st_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def session_data(theme, /, **extra):
    data = {
        "title": "Hội nghị học tập chuyên đề",
        "theme": theme.pk,
        "directive": "",
        "starts_on": f"12/03/{YEAR}",
        "ends_on": "",
        "place": "Hội trường xã",
        "audience_block": "commune",
        "reporters": "Đ/c Nguyễn Văn Báo cáo, Trưởng Ban Tuyên giáo\nĐ/c Trần Thị Viên",
        "mass_count": "35",
        "notes": "",
    }
    data.update(extra)
    return data


def present(session):
    return sorted(Attendance.objects.filter(session=session).values_list("person__full_name", flat=True))


def test_commune_officer_creates_a_class(world, st, client_for):
    client = client_for(world.commune_officer)
    url = reverse("study:session_new", args=[world.commune.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, session_data(st.theme, directive=st.directive.pk))
    session = StudySession.objects.exclude(pk__in=[st.session.pk, st.cell_session.pk]).get()
    assert response.status_code == 302 and response.url == reverse("study:session", args=[session.pk])
    assert session.organization == world.commune and session.ends_on == session.starts_on == dt.date(YEAR, 3, 12)
    assert (
        session.mass_count == 35 and session.directive == st.directive and session.created_by == world.commune_officer
    )
    html = client.get(response.url).content.decode()
    assert "Đ/c Trần Thị Viên" in html and "Hội trường xã" in html and "12/03/2025" in html


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"title": ""}, "title", "Hãy nhập tên lớp học."),
        ({"starts_on": "31/02/2025"}, "starts_on", "nhập ngày theo dạng ngày/tháng/năm"),
        ({"ends_on": "01/03/2025"}, "ends_on", "Ngày kết thúc không thể trước ngày bắt đầu."),
        ({"starts_on": "12/03/2027"}, "theme", "Chuyên đề này không áp dụng cho năm 2027."),
        ({"mass_count": "-4"}, "mass_count", ""),
        ({"mass_count": "abc"}, "mass_count", ""),
        ({"theme": "999999"}, "theme", ""),
        ({"audience_block": "space"}, "audience_block", ""),
    ],
)
def test_bad_input_answers_at_the_field_and_saves_nothing(world, st, client_for, change, field, message):
    client = client_for(world.commune_officer)
    before = StudySession.objects.count()
    response = client.post(reverse("study:session_new", args=[world.commune.pk]), session_data(st.theme, **change))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors, errors
    if message:
        assert message in response.content.decode()
    assert StudySession.objects.count() == before


def test_theme_of_another_branch_is_refused(world, st, client_for):
    foreign = make_theme(world.commune2, title="Chuyên đề riêng của xã Bình Minh")
    response = client_for(world.commune_officer).post(
        reverse("study:session_new", args=[world.commune.pk]), session_data(foreign)
    )
    assert response.status_code == 200 and "theme" in response.context["form"].errors


def test_edit_with_a_stale_version_is_refused(world, st, client_for):
    client = client_for(world.commune_officer)
    url = reverse("study:session_edit", args=[st.session.pk])
    stale = st.session.version
    StudySession.objects.filter(pk=st.session.pk).update(version=stale + 1)
    response = client.post(url, {**session_data(st.theme, title="Đổi tên"), "version": stale})
    assert response.status_code == 200
    assert "Người khác đã sửa" in response.content.decode()
    assert StudySession.objects.get(pk=st.session.pk).title != "Đổi tên"
    ok = client.post(url, {**session_data(st.theme, title="Đổi tên"), "version": stale + 1})
    assert ok.status_code == 302 and StudySession.objects.get(pk=st.session.pk).title == "Đổi tên"


def test_cell_roll_sets_exactly_the_ticked_people(world, st, client_for):
    client = client_for(world.commune_officer)
    url = reverse("study:attendance", args=[st.session.pk])
    page = client.get(url)
    assert [c.code for c in page.context["cells"]] == ["C1-A", "C1-B"]
    roll = client.get(f"{url}?cell={world.cell_a.pk}")
    assert sorted(roll.context["roll_form"].fields["present"].initial) == sorted([world.an.pk, world.binh.pk])
    response = client.post(url, {"action": "roll", "cell": world.cell_a.pk, "present": [world.binh.pk]})
    assert response.status_code == 302
    assert present(st.session) == ["Trần Thị Bình"]
    client.post(url, {"action": "roll", "cell": world.cell_b.pk, "present": [world.cuong.pk]})
    assert present(st.session) == ["Phạm Quốc Cường", "Trần Thị Bình"]


def test_cell_roll_refuses_a_person_of_another_cell(world, st, client_for):
    client = client_for(world.commune_officer)
    url = reverse("study:attendance", args=[st.session.pk])
    response = client.post(url, {"action": "roll", "cell": world.cell_a.pk, "present": [world.dung.pk]})
    assert response.status_code == 200
    assert "Chỉ đánh dấu người của chi bộ này." in response.content.decode()
    assert present(st.session) == ["Nguyễn Văn An", "Trần Thị Bình"]


def test_cell_outside_the_organiser_is_404(world, st, client_for):
    url = reverse("study:attendance", args=[st.session.pk])
    assert client_for(world.commune_officer).get(f"{url}?cell={world.cell_d.pk}").status_code == 404
    assert client_for(world.commune_officer).get(f"{url}?cell=abc").status_code == 404


def test_codes_add_people_and_a_person_outside_is_a_clear_error(world, st, client_for):
    client = client_for(world.commune_officer)
    url = reverse("study:attendance", args=[st.session.pk])
    response = client.post(url, {"action": "codes", "codes": "100004\n100005, 999999"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Không có ai có mã: 999999." in html
    assert "Đỗ Văn Dũng: không thuộc Đảng ủy xã Hòa An" in html
    assert present(st.session) == ["Nguyễn Văn An", "Trần Thị Bình"]  # nothing saved half-way
    ok = client.post(url, {"action": "codes", "codes": "100004 100001"})
    assert ok.status_code == 302
    assert present(st.session) == ["Nguyễn Văn An", "Phạm Quốc Cường", "Trần Thị Bình"]


def test_search_and_add_by_name(world, st, client_for):
    client = client_for(world.commune_officer)
    url = reverse("study:attendance", args=[st.session.pk])
    found = client.get(f"{url}?q=cuong").context["found"]
    assert [p.full_name for p in found] == ["Phạm Quốc Cường"]
    assert client.get(f"{url}?q=dung").context["found"] == []  # Dũng is not of the commune
    client.post(url, {"action": "add", "person": [world.cuong.pk], "q": "cuong"})
    assert "Phạm Quốc Cường" in present(st.session)
    response = client.post(url, {"action": "add", "person": [world.dung.pk]})
    assert response.status_code == 200
    assert "Đỗ Văn Dũng: không thuộc Đảng ủy xã Hòa An" in response.content.decode()
    assert "Đỗ Văn Dũng" not in present(st.session)


def test_a_cells_own_class_lists_its_people_directly(world, st, client_for):
    page = client_for(world.secretary).get(reverse("study:attendance", args=[st.cell_session.pk]))
    assert page.status_code == 200
    assert page.context["cell"] == world.cell_a and page.context["cells"] == []
    names = [p.full_name for p in page.context["roll_form"].people]
    assert names == ["Lê Văn Thư", "Nguyễn Văn An", "Trần Thị Bình"]


def test_remove_attendance(world, st, client_for):
    client = client_for(world.commune_officer)
    url = reverse("study:attendance_remove", args=[st.session.pk, world.an.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert present(st.session) == ["Trần Thị Bình"]


def test_class_page_shows_the_rate_of_the_organiser(world, st, client_for):
    response = client_for(world.commune_officer).get(reverse("study:session", args=[st.session.pk]))
    html = response.content.decode()
    assert "2/4 đồng chí, đạt 50,0%" in html
    assert response.context["page"].paginator.count == 2


def test_a_cell_sees_the_class_of_the_commune_with_only_its_own_people(world, st, client_for):
    st.session.attendances.create(person=world.cuong)
    secretary = client_for(world.secretary).get(reverse("study:session", args=[st.session.pk]))
    assert secretary.status_code == 200
    assert [a.person.full_name for a in secretary.context["page"]] == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert secretary.context["rate"] is None  # no role on the commune: no commune figures
    assert not secretary.context["can_manage"]
    member = client_for(world.member).get(reverse("study:session", args=[st.session.pk]))
    assert [a.person.full_name for a in member.context["page"]] == ["Nguyễn Văn An"]
    assert client_for(world.outsider).get(reverse("study:session", args=[st.session.pk])).status_code == 404


def test_delete_class(world, st, client_for):
    client = client_for(world.commune_officer)
    url = reverse("study:session_delete", args=[st.session.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not StudySession.objects.filter(pk=st.session.pk).exists()
    assert (
        client_for(world.secretary).post(reverse("study:session_delete", args=[st.cell_session.pk])).status_code == 302
    )


def test_unit_page_lists_the_subtrees_classes(world, st, client_for):
    response = client_for(world.commune_officer).get(reverse("study:unit", args=[world.commune.pk]) + f"?year={YEAR}")
    assert response.status_code == 200
    page = response.context["page"]
    assert {s.title for s in page} == {st.session.title, st.cell_session.title}
    assert {s.title: s.named for s in page}[st.session.title] == 2
    assert (
        client_for(world.commune_officer).get(reverse("study:unit", args=[world.commune.pk]) + "?year=x").status_code
        == 404
    )


def _more_classes(world, theme, n: int) -> None:
    for i in range(n):
        cell = org_services.create_organization(
            parent=world.commune, kind=OrganizationKind.CELL, code=f"Q{n}-{i}", name=f"Chi bộ {i}"
        )
        person = org_services.create_person(cell=cell, full_name=f"Người {i}", card_number=f"Q{n}{i}")
        session = StudySession.objects.create(
            organization=cell, theme=theme, title=f"Lớp {i}", starts_on=dt.date(YEAR, 5, 1), ends_on=dt.date(YEAR, 5, 1)
        )
        session.attendances.create(person=person)


@pytest.mark.parametrize("extra", [3, 30])
def test_list_pages_run_bounded_queries(world, st, client_for, django_assert_max_num_queries, extra):
    _more_classes(world, st.theme, extra)
    client = client_for(world.commune_officer)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("study:unit", args=[world.commune.pk]) + f"?year={YEAR}").status_code == 200
    with django_assert_max_num_queries(14):
        assert client.get(reverse("study:session", args=[st.session.pk])).status_code == 200
    with django_assert_max_num_queries(14):
        assert (
            client.get(reverse("study:attendance", args=[st.session.pk]) + f"?cell={world.cell_a.pk}").status_code
            == 200
        )


def test_attendance_garbage_never_500(world, st, client_for):
    client = client_for(world.commune_officer)
    url = reverse("study:attendance", args=[st.session.pk])
    response = client.post(url, {"action": "roll", "cell": world.cell_a.pk, "present": ["abc", "12x"]})
    assert response.status_code == 200 and response.context["roll_form"].errors
    assert client.post(url, {"action": "roll", "cell": "abc"}).status_code == 404
    assert client.post(url, {"action": "add", "person": ["x", ""]}).status_code == 302  # nothing to add
    assert client.post(url, {"action": "codes", "codes": " ,; "}).status_code == 200
    assert client.post(url, {"action": "nonsense"}).status_code == 200
    assert present(st.session) == ["Nguyễn Văn An", "Trần Thị Bình"]
