"""Registration pages: the notebook, the item formset, advice while typing, review, versions,
proxy entry, shortcomings, the cell's list; bad input never saves half-way nor answers 500."""

from __future__ import annotations

import datetime as dt

import pytest

from lamtheo.campaigns.models import Theme
from lamtheo.notebook import services
from lamtheo.notebook.models import Pledge, Registration, Shortcoming
from lamtheo.organizations.models import Role
from tests.conftest import make_user
from tests.notebook_reg_fixtures import SPECIFIC, SPECIFIC_2, VAGUE, client_as, formset_data, register, url, year

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def body(response) -> str:
    return response.content.decode()


def save(client, person, rows, *, version=None, initial=0, button="save", the_year=None):
    return client.post(
        url("edit", person.pk, the_year or year()),
        formset_data(rows, version=version, initial=initial, **{button: "1"}),
    )


# --- the member's notebook ---------------------------------------------------------------------------


def test_mine_invites_to_register_and_then_shows_the_registration(world):
    client = client_as(world.member)
    page = body(client.get(url("mine")))
    assert "Đồng chí chưa đăng ký làm theo cho năm này." in page
    assert url("edit", world.an.pk, year()) in page
    response = save(client, world.an, [{"text": SPECIFIC}, {"text": VAGUE}])
    assert response.status_code == 302 and response["Location"] == f"{url('mine')}?year={year()}"
    page = body(client.get(response["Location"]))
    assert SPECIFIC in page and VAGUE in page
    assert "Bản nháp" in page or "Nháp" in page
    assert "Góp ý: mục này còn chung chung." in page  # the stored verdict of the vague item
    assert "Đã cụ thể: chi bộ theo dõi được việc này." in page
    assert "Bắt đầu đăng ký" in page  # history
    assert url("submit", Registration.objects.get().pk) in page


def test_users_without_a_person_have_no_notebook(world):
    assert client_as(world.commune_officer).get(url("mine")).status_code == 404


def test_year_parameter_is_forgiving(world):
    client = client_as(world.member)
    for value in ("abc", "1900", "", "99999999999999999999"):
        response = client.get(url("mine"), {"year": value})
        assert response.status_code == 200 and response.context["year"] == year()
    assert client.get(url("mine"), {"year": year() - 1}).context["year"] == year() - 1
    assert client.get(url("edit", world.an.pk, 1990)).status_code == 404


# --- the item formset --------------------------------------------------------------------------------


def test_edit_page_checks_while_typing_with_htmx(world):
    page = body(client_as(world.member).get(url("edit", world.an.pk, year())))
    assert 'hx-trigger="input changed delay:1500ms, change"' in page  # a longer pause, or leaving the field
    assert f'hx-post="{url("check", world.an.pk, year())}"' in page
    assert 'name="items-0-text"' in page and 'name="items-TOTAL_FORMS"' in page


def test_save_stores_verdict_and_reasons_and_submit_sends(world):
    client = client_as(world.member)
    response = save(client, world.an, [{"text": SPECIFIC}, {"text": VAGUE}], button="submit")
    assert response.status_code == 302
    reg = Registration.objects.get()
    assert reg.state == "submitted"
    vague = reg.pledges.get(text=VAGUE)
    assert vague.verdict == "vague" and [r["code"] for r in vague.reasons] == ["generic", "not_measurable"]
    assert reg.pledges.get(text=SPECIFIC).verdict == "specific"
    shown = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert "Bản đăng ký đã được gửi chi ủy." in shown
    assert any("còn chung chung hoặc khó đo đếm" in m for m in shown)  # advice, not a refusal


def test_add_and_remove_rows_without_saving(world):
    client = client_as(world.member)
    response = save(client, world.an, [{"text": SPECIFIC}], button="add_row")
    assert response.status_code == 200 and not Registration.objects.exists()
    formset = response.context["formset"]
    assert formset.total_form_count() == 2 and formset.forms[0]["text"].value() == SPECIFIC
    response = client.post(
        url("edit", world.an.pk, year()),
        formset_data([{"text": SPECIFIC}, {"text": SPECIFIC_2}], initial=1, remove_row="0"),
    )
    assert [f["text"].value() for f in response.context["formset"].forms] == [SPECIFIC_2]
    assert not Registration.objects.exists()


def test_more_than_five_items_warns_but_saves(world):
    client = client_as(world.member)
    rows = [{"text": f"Mỗi tháng trồng {n} cây xanh ở đường thôn {n}"} for n in range(1, 8)]
    preview = save(client, world.an, rows, button="add_row")
    assert "Đã đăng ký 7 việc" in body(preview)
    response = save(client, world.an, rows)
    assert response.status_code == 302 and Pledge.objects.count() == 7
    page = client.get(response["Location"])
    assert any("Đã đăng ký 7 việc" in str(m) for m in page.context["messages"])
    assert "nên giữ nhiều nhất năm việc" in body(page)


@pytest.mark.parametrize(
    ("rows", "extra", "message"),
    [
        ([{"text": ""}], {}, "Hãy đăng ký ít nhất một việc."),
        ([{"text": SPECIFIC, "deadline": "31/02/2026"}], {}, "Enter the date|ngày/tháng/năm"),
        ([{"text": SPECIFIC, "deadline": f"01/01/{year() + 3}"}], {}, "Thời hạn phải nằm trong năm"),
        ([{"text": SPECIFIC, "theme": "999999"}], {}, "Hãy chọn chuyên đề trong danh sách."),
        ([{"text": SPECIFIC, "rule": "bogus"}], {}, "Hãy chọn quy định trong danh sách."),
        ([{"text": "x" * 1001}], {}, "Hãy viết ngắn hơn 1000 ký tự."),
        ([{"text": SPECIFIC}] * 21, {}, "Chỉ đăng ký tối đa 20 việc."),
        ([{"text": SPECIFIC}], {"items-TOTAL_FORMS": "100000"}, "tối đa"),
        ([{"text": SPECIFIC}], {"items-TOTAL_FORMS": "abc"}, "Biểu mẫu chưa đầy đủ"),
        ([{"text": SPECIFIC}], {"version": "x"}, "Biểu mẫu chưa đầy đủ"),
    ],
)
def test_bad_input_is_answered_at_the_field_and_saves_nothing(world, rows, extra, message):
    Theme.objects.create(organization=world.province, title="Chuyên đề", year_from=year(), year_to=year())
    data = formset_data(rows, save="1")
    data.update(extra)
    response = client_as(world.member).post(url("edit", world.an.pk, year()), data)
    assert response.status_code == 200
    page = body(response)
    assert any(part in page for part in message.split("|")), page[page.find("errors") :][:600]
    assert not Registration.objects.exists() and not Pledge.objects.exists()


def test_missing_management_form_is_not_a_500(world):
    response = client_as(world.member).post(url("edit", world.an.pk, year()), {"save": "1"})
    assert response.status_code == 200 and not Registration.objects.exists()


def test_stale_form_shows_the_conflict_in_vietnamese(world):
    reg = register(world.member, person=world.an)
    opened = reg.version
    register(world.secretary, person=world.an, texts=[SPECIFIC_2])
    pledge = Pledge.objects.get()
    response = save(client_as(world.member), world.an, [{"text": VAGUE, "id": pledge.pk}], version=opened, initial=1)
    assert response.status_code == 200
    assert "Người khác đã sửa hồ sơ này sau khi bạn mở nó" in body(response)
    assert list(Pledge.objects.values_list("text", flat=True)) == [SPECIFIC_2]


def test_an_approved_registration_is_not_edited_in_place(world):
    reg = register(world.member, person=world.an, submit=True)
    services.review_registration(
        actor=world.secretary, registration=reg, approve=True, comment="", expected_version=reg.version
    )
    client = client_as(world.member)
    response = client.get(url("edit", world.an.pk, year()))
    assert response.status_code == 302
    response = save(client, world.an, [{"text": VAGUE}], version=reg.version + 1)
    assert response.status_code == 302 and list(Pledge.objects.values_list("text", flat=True)) == [SPECIFIC]
    shown = [str(m) for m in client.get(response["Location"]).context["messages"]]
    assert any("lập phiên bản mới" in m for m in shown)


def test_theme_of_a_level_above_can_be_linked(world):
    theme = Theme.objects.create(
        organization=world.province, title="Chuyên đề năm nay", year_from=year(), year_to=year()
    )
    Theme.objects.create(organization=world.commune2, title="Chuyên đề xã khác", year_from=year(), year_to=year())
    client = client_as(world.member)
    page = body(client.get(url("edit", world.an.pk, year())))
    assert "Chuyên đề năm nay" in page and "Chuyên đề xã khác" not in page
    save(client, world.an, [{"text": SPECIFIC, "theme": theme.pk, "rule": "example"}])
    pledge = Pledge.objects.get()
    assert pledge.theme == theme and pledge.rule == "example"
    assert "Chuyên đề năm nay" in body(client.get(url("mine")))


def test_a_shortcoming_can_be_linked_only_by_its_owner(world):
    own = services.record_shortcoming(actor=world.member, person=world.an, year=year(), text="Hay nóng nảy khi họp")
    theirs = Shortcoming.objects.create(person=world.binh, year=year(), text="Đi họp muộn")
    client = client_as(world.member)
    response = save(client, world.an, [{"text": SPECIFIC, "shortcoming": theirs.pk}])
    assert response.status_code == 200 and "Hãy chọn một hạn chế trong danh sách." in body(response)
    save(client, world.an, [{"text": SPECIFIC, "shortcoming": own.pk}])
    assert Pledge.objects.get().shortcoming == own


# --- advice while typing (htmx) ------------------------------------------------------------------


def check(client, person, text, *, name="items-0-text", others=None):
    data = {**(others or {}), name: text}
    return client.post(url("check", person.pk, year()), data, HTTP_HX_TRIGGER_NAME=name, **HTMX)


def test_check_returns_advice_for_the_row_being_typed(world):
    client = client_as(world.member)
    response = check(client, world.an, VAGUE)
    page = body(response)
    assert response.status_code == 200 and "<html" not in page
    assert "Góp ý: mục này còn chung chung." in page and "Còn chung chung" in page
    # htmx posts the whole form; the field that fired the request names the row to check
    row_two = body(check(client, world.an, SPECIFIC, name="items-1-text", others={"items-0-text": VAGUE}))
    assert "Đã cụ thể: chi bộ theo dõi được việc này." in row_two and "chung chung" not in row_two
    assert body(check(client, world.an, "   ")).strip() == ""
    assert client.get(url("check", world.an.pk, year())).status_code == 405


def test_duty_is_the_person_position_and_job(world):
    world.an.position = "Giáo viên"
    world.an.job = "Dạy Toán trường THCS Hòa An"
    world.an.save()
    page = body(check(client_as(world.member), world.an, "Mỗi tuần chạy bộ 3 buổi quanh hồ làng"))
    assert "Chưa gắn với nhiệm vụ" in page
    assert "Chưa gắn với nhiệm vụ" not in body(
        check(client_as(world.member), world.an, "Mỗi tuần kèm 2 học sinh yếu môn Toán lớp 8 trường THCS")
    )


def test_near_copy_names_the_owner_to_the_committee_only(world):
    register(world.secretary, person=world.binh, texts=[SPECIFIC])  # Bình's item, entered by the secretary
    copied = SPECIFIC.replace("2 mẩu", "3 mẩu")
    member_view = body(check(client_as(world.member), world.an, copied))
    assert "Giống một mục đăng ký khác trong chi bộ." in member_view
    assert "Trần Thị Bình" not in member_view
    register(world.member, person=world.an, texts=[copied])
    stored = Pledge.objects.get(registration__person=world.an)
    assert [r["code"] for r in stored.reasons] == ["near_copy"]
    assert stored.reasons[0]["data"]["owner"] == "Trần Thị Bình"
    member_page = body(client_as(world.member).get(url("mine")))
    assert "Giống một mục đăng ký khác trong chi bộ." in member_page and "Trần Thị Bình" not in member_page
    secretary = client_as(world.secretary)
    committee_page = body(secretary.get(url("person", world.an.pk)))
    assert "Giống mục đăng ký của Trần Thị Bình" in committee_page
    assert "Giống mục đăng ký của Trần Thị Bình" in body(check(secretary, world.an, copied))
    officer_page = body(client_as(world.commune_officer).get(url("person", world.an.pk)))  # VIEW only
    assert "Giống một mục đăng ký khác trong chi bộ." in officer_page and "Trần Thị Bình" not in officer_page


def test_near_copy_ignores_other_cells_and_own_items(world):
    register(world.outsider, person=world.dung, texts=[SPECIFIC])  # cell_d
    register(world.member, person=world.an, texts=[SPECIFIC, SPECIFIC])
    assert all(not p.reasons for p in Pledge.objects.filter(registration__person=world.an))


# --- review, return, fix, approve ------------------------------------------------------------------


def review(client, reg, decision, comment=""):
    reg.refresh_from_db()
    return client.post(url("review", reg.pk), {"decision": decision, "comment": comment, "version": reg.version})


def test_return_with_comments_then_fix_then_approve(world):
    reg = register(world.member, person=world.an, texts=[VAGUE], submit=True)
    secretary = client_as(world.secretary)
    page = body(secretary.get(url("review", reg.pk)))
    assert "Quyết định của chi ủy" in page and VAGUE in page
    response = review(secretary, reg, "return")
    assert response.status_code == 200
    assert "Hãy ghi rõ cần sửa gì để đồng chí biết cách sửa." in body(response)
    response = review(secretary, reg, "return", "Mục 1 còn chung chung, đề nghị ghi rõ số lượng")
    assert response.status_code == 302
    member = client_as(world.member)
    page = body(member.get(url("mine")))
    assert "Mục 1 còn chung chung, đề nghị ghi rõ số lượng" in page and "Ý kiến của chi ủy" in page
    pledge = Pledge.objects.get()
    save(
        member,
        world.an,
        [{"text": SPECIFIC, "id": pledge.pk}],
        version=Registration.objects.get().version,
        initial=1,
        button="submit",
    )
    reg.refresh_from_db()
    assert reg.state == "submitted"
    assert review(secretary, reg, "approve").status_code == 302
    reg.refresh_from_db()
    assert reg.state == "approved"
    page = body(member.get(url("mine")))
    assert "Đã duyệt" in page and "Sửa bằng phiên bản mới" in page


def test_review_bad_input(world):
    reg = register(world.member, person=world.an, submit=True)
    secretary = client_as(world.secretary)
    assert "Hãy chọn duyệt hoặc trả lại." in body(
        secretary.post(url("review", reg.pk), {"decision": "maybe", "version": reg.version})
    )
    assert "Biểu mẫu chưa đầy đủ" in body(
        secretary.post(url("review", reg.pk), {"decision": "approve", "version": "x"})
    )
    stale = secretary.post(url("review", reg.pk), {"decision": "approve", "version": reg.version + 5})
    assert "Người khác đã sửa hồ sơ này" in body(stale)
    assert Registration.objects.get().state == "submitted"


def test_new_version_keeps_the_approved_one_readable(world):
    reg = register(world.member, person=world.an, texts=[SPECIFIC], submit=True)
    services.review_registration(
        actor=world.secretary, registration=reg, approve=True, comment="", expected_version=reg.version
    )
    reg.refresh_from_db()
    member = client_as(world.member)
    response = member.post(url("new_version", reg.pk), {"version": reg.version})
    assert response.status_code == 302
    fresh = Registration.objects.get(is_current=True)
    assert fresh.number == 2 and fresh.state == "draft"
    old_page = body(member.get(url("registration", reg.pk)))
    assert "Đây là phiên bản trước" in old_page and SPECIFIC in old_page and url("registration", fresh.pk) in old_page
    assert "Phiên bản 1" in body(member.get(url("mine")))
    assert member.post(url("new_version", reg.pk), {"version": reg.version}).status_code == 302  # refused, no 500
    assert Registration.objects.count() == 2


def test_submit_and_withdraw_buttons(world):
    reg = register(world.member, person=world.an)
    member = client_as(world.member)
    assert member.post(url("submit", reg.pk), {"version": reg.version}).status_code == 302
    reg.refresh_from_db()
    assert reg.state == "submitted"
    assert member.post(url("withdraw", reg.pk), {"version": reg.version}).status_code == 302
    reg.refresh_from_db()
    assert reg.state == "draft"
    assert member.post(url("submit", reg.pk), {"version": "nope"}).status_code == 302  # message, not 500
    assert member.get(url("submit", reg.pk)).status_code == 405


# --- proxy entry ------------------------------------------------------------------------------------


def test_secretary_enters_for_a_member_and_the_notebook_shows_it(world):
    secretary = client_as(world.secretary)
    page = body(secretary.get(url("edit", world.binh.pk, year())))
    assert "Đồng chí đang nhập thay cho Trần Thị Bình" in page
    response = save(secretary, world.binh, [{"text": SPECIFIC_2}], button="submit")
    assert response.status_code == 302 and response["Location"] == f"{url('person', world.binh.pk)}?year={year()}"
    reg = Registration.objects.get(person=world.binh)
    assert reg.entered_by == world.secretary and all(e.on_behalf for e in reg.events.all())
    page = body(secretary.get(response["Location"]))
    assert "Bí thư Lê Văn Thư nhập thay." in page
    binh_user = make_user("dangvien_binh", person=world.binh)
    own_page = body(client_as(binh_user).get(url("mine")))
    assert "Bí thư Lê Văn Thư nhập thay." in own_page and "nhập thay" in own_page


def test_a_member_cannot_write_for_a_colleague(world):
    member = client_as(world.member)
    assert member.get(url("edit", world.binh.pk, year())).status_code == 404
    assert save(member, world.binh, [{"text": SPECIFIC}]).status_code == 404
    assert check(member, world.binh, SPECIFIC).status_code == 404
    assert not Registration.objects.exists()


def test_collective_registration_pages(world):
    secretary = client_as(world.secretary)
    response = secretary.post(
        url("unit_edit", world.cell_a.pk, year()),
        formset_data([{"text": "Mỗi quý tổ chức 1 buổi dọn vệ sinh đường thôn 1"}], submit="1"),
    )
    assert response.status_code == 302
    reg = Registration.objects.get(person__isnull=True)
    assert response["Location"] == url("registration", reg.pk) and reg.state == "submitted"
    assert "Đăng ký tập thể của Chi bộ thôn 1" in body(secretary.get(response["Location"]))
    assert client_as(world.member).get(url("unit_edit", world.cell_a.pk, year())).status_code == 404
    cell_page = body(secretary.get(url("cell", world.cell_a.pk)))
    assert url("registration", reg.pk) in cell_page


# --- the cell's list --------------------------------------------------------------------------------


def test_cell_list_shows_state_and_flags(world):
    register(world.member, person=world.an, texts=[SPECIFIC, VAGUE], submit=True)
    register(world.secretary, person=world.binh, texts=[SPECIFIC.replace("2 mẩu", "4 mẩu")])
    secretary = client_as(world.secretary)
    response = secretary.get(url("cell", world.cell_a.pk))
    rows = {r.person.full_name: r for r in response.context["data"].rows}
    assert rows["Nguyễn Văn An"].registration.state == "submitted" and rows["Nguyễn Văn An"].vague == 1
    assert rows["Trần Thị Bình"].copied == 1 and rows["Trần Thị Bình"].registration.entered_by_id
    assert rows["Lê Văn Thư"].registration is None
    page = body(response)
    assert url("review", rows["Nguyễn Văn An"].registration.pk) in page
    assert "1 việc chung chung" in page and "1 việc giống của người khác" in page
    filtered = secretary.get(url("cell", world.cell_a.pk), {"state": "submitted"}).context["data"].rows
    assert [r.person.full_name for r in filtered] == ["Nguyễn Văn An"]
    none = secretary.get(url("cell", world.cell_a.pk), {"state": "none"}).context["data"].rows
    assert [r.person.full_name for r in none] == ["Lê Văn Thư"]
    assert secretary.get(url("cell", world.cell_a.pk), {"state": "<script>", "year": "x"}).status_code == 200


def test_cell_list_is_for_roles_not_for_members(world):
    assert client_as(world.member).get(url("cell", world.cell_a.pk)).status_code == 404
    assert client_as(world.commune_officer).get(url("cell", world.cell_a.pk)).status_code == 200
    assert client_as(world.secretary).get(url("cell", world.cell_b.pk)).status_code == 404


def _fill_cell(world, n_people: int, items: int):
    from lamtheo.organizations import services as org_services

    for i in range(n_people):
        person = org_services.create_person(
            cell=world.cell_a, full_name=f"Đảng viên {i:03d}", started_on=dt.date(2020, 1, 1)
        )
        texts = [f"Mỗi tháng trồng {k + 2} cây xanh ở xóm {i} đường số {k}" for k in range(items)]
        reg = register(world.secretary, person=person, texts=texts, submit=i % 2 == 0)
        if i % 4 == 0:
            services.review_registration(
                actor=world.secretary, registration=reg, approve=True, comment="", expected_version=reg.version
            )


@pytest.mark.parametrize("size", [(2, 1), (30, 4)])
def test_cell_list_query_count_is_bounded(world, django_assert_max_num_queries, size):
    _fill_cell(world, *size)
    client = client_as(world.secretary)
    with django_assert_max_num_queries(10):
        response = client.get(url("cell", world.cell_a.pk))
    assert len(response.context["data"].rows) == size[0] + 3


@pytest.mark.parametrize("items", [1, 12])
def test_notebook_query_count_is_bounded(world, django_assert_max_num_queries, items):
    texts = [f"Mỗi tháng trồng {k + 2} cây xanh ở đường số {k}" for k in range(items)]
    reg = register(world.secretary, person=world.an, texts=texts, submit=True)
    for _ in range(items):
        services.withdraw_registration(actor=world.member, registration=reg, expected_version=reg.version)
        reg.refresh_from_db()
        services.submit_registration(actor=world.member, registration=reg, expected_version=reg.version)
        reg.refresh_from_db()
    for k in range(items):
        services.record_shortcoming(
            actor=world.secretary, person=world.an, year=year(), text=f"Hạn chế {k}", source="meeting"
        )
    for client in (client_as(world.member), client_as(world.secretary)):
        with django_assert_max_num_queries(16):
            response = client.get(url("person", world.an.pk))
        assert response.status_code == 200 and len(response.context["view"].pledges) == items


# --- shortcomings -----------------------------------------------------------------------------------


def test_member_records_own_shortcoming_and_updates_its_status(world):
    member = client_as(world.member)
    page = body(member.get(url("shortcomings", world.an.pk)))
    assert "Ghi hạn chế từ bản tự kiểm điểm của tôi" in page and 'name="source"' not in page
    response = member.post(
        url("shortcomings", world.an.pk),
        {"text": "Còn ngại phát biểu trong sinh hoạt", "year": year(), "source_note": "Kiểm điểm 2025"},
    )
    assert response.status_code == 302
    item = Shortcoming.objects.get()
    assert item.source == "self_criticism" and item.recorded_by == world.member
    assert "Còn ngại phát biểu" in body(member.get(url("mine")))
    response = member.post(
        url("shortcoming_edit", item.pk),
        {
            "text": "Còn ngại phát biểu",
            "source_note": "",
            "status": "in_progress",
            "remedy_note": "Đã phát biểu 2 buổi",
            "version": item.version,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "in_progress" and item.remedy_note == "Đã phát biểu 2 buổi"


def test_secretary_records_from_a_meeting_member_cannot_reword_it(world):
    secretary = client_as(world.secretary)
    response = secretary.post(
        url("shortcomings", world.an.pk),
        {
            "text": "Vắng sinh hoạt 2 buổi không lý do",
            "year": year(),
            "source": "meeting",
            "source_note": "Họp tháng 3",
        },
    )
    assert response.status_code == 302
    item = Shortcoming.objects.get()
    assert item.source == "meeting"
    member = client_as(world.member)
    form = member.get(url("shortcoming_edit", item.pk)).context["form"]
    assert "text" not in form.fields and "status" in form.fields
    member.post(
        url("shortcoming_edit", item.pk),
        {"text": "Đổi lời", "status": "remedied", "remedy_note": "", "version": item.version},
    )
    item.refresh_from_db()
    assert item.text == "Vắng sinh hoạt 2 buổi không lý do" and item.status == "remedied"


def test_shortcoming_bad_input_and_scope(world):
    member = client_as(world.member)
    bad = member.post(url("shortcomings", world.an.pk), {"text": "", "year": "abc"})
    assert (
        bad.status_code == 200
        and "Hãy ghi rõ hạn chế, khuyết điểm." in body(bad)
        and "Hãy nhập năm bằng số" in body(bad)
    )
    assert "Hãy chọn năm từ" in body(member.post(url("shortcomings", world.an.pk), {"text": "x", "year": "1800"}))
    assert not Shortcoming.objects.exists()
    assert member.post(url("shortcomings", world.binh.pk), {"text": "x", "year": year()}).status_code == 404
    theirs = Shortcoming.objects.create(person=world.binh, year=year(), text="Của Bình")
    assert member.get(url("shortcoming_edit", theirs.pk)).status_code == 404
    officer = client_as(world.commune_officer)  # reads, does not write
    assert officer.get(url("shortcomings", world.binh.pk)).status_code == 200
    assert officer.post(url("shortcomings", world.binh.pk), {"text": "x", "year": year()}).status_code == 404
    assert officer.get(url("shortcoming_edit", theirs.pk)).status_code == 404
    item = Shortcoming.objects.create(person=world.an, year=year(), text="Của An", recorded_by=world.member)
    stale = member.post(
        url("shortcoming_edit", item.pk), {"text": "y", "status": "open", "remedy_note": "", "version": 9}
    )
    assert "Người khác đã sửa hồ sơ này" in body(stale)
    bad_status = member.post(url("shortcoming_edit", item.pk), {"text": "y", "status": "gone", "version": 1})
    assert bad_status.status_code == 200 and Shortcoming.objects.get(pk=item.pk).text == "Của An"


def test_deputy_and_committee_member(world):
    committee = make_user("chiuy", role=Role.CELL_COMMITTEE, org=world.cell_a)
    reg = register(world.member, person=world.an, submit=True)
    client = client_as(committee)
    assert client.get(url("review", reg.pk)).status_code == 200
    assert client.get(url("edit", world.binh.pk, year())).status_code == 404  # reviews, does not enter for members


# --- admin ------------------------------------------------------------------------------------------


def test_admin_is_read_only_and_scoped(world):
    from django.contrib.auth.models import Permission
    from django.urls import reverse

    register(world.member, person=world.an, texts=[SPECIFIC])
    register(world.outsider, person=world.dung, texts=[SPECIFIC_2])
    staff = make_user("xem_c1", role=Role.COMMITTEE, org=world.commune, is_staff=True)
    staff.user_permissions.add(*Permission.objects.filter(content_type__app_label="notebook"))
    client = client_as(staff)
    listing = client.get(reverse("admin:notebook_registration_changelist"))
    assert listing.status_code == 200
    assert [str(r.person) for r in listing.context["cl"].result_list] == ["Nguyễn Văn An"]
    an_reg = Registration.objects.get(person=world.an)
    dung_reg = Registration.objects.get(person=world.dung)
    page = client.get(reverse("admin:notebook_registration_change", args=[an_reg.pk]))
    assert page.status_code == 200 and SPECIFIC in body(page)
    assert client.get(reverse("admin:notebook_registration_change", args=[dung_reg.pk])).status_code in (302, 404)
    assert client.get(reverse("admin:notebook_registration_add")).status_code == 403
    before = an_reg.version
    client.post(reverse("admin:notebook_registration_change", args=[an_reg.pk]), {"state": "approved"})
    assert Registration.objects.get(pk=an_reg.pk).state == "draft" and an_reg.version == before
    assert client.get(reverse("admin:notebook_shortcoming_changelist")).status_code == 200
