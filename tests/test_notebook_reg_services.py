"""Registration services: the workflow with roles, items, history, versions, proxy entry, locking."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from lamtheo.core.exceptions import ConcurrentEditError
from lamtheo.notebook import services
from lamtheo.notebook.models import (
    Pledge,
    Registration,
    Shortcoming,
    ShortcomingSource,
    ShortcomingStatus,
)
from lamtheo.organizations.models import Role
from tests.conftest import make_user
from tests.notebook_reg_fixtures import SPECIFIC, SPECIFIC_2, VAGUE, item, register, year

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Messages are checked in English (the msgids); the pages' Vietnamese is checked elsewhere."""
    with translation.override("en"):
        yield


def actions(registration):
    return list(registration.events.order_by("pk").values_list("action", "from_state", "to_state", "on_behalf"))


def test_member_registers_submits_and_committee_approves(world):
    reg = register(world.member, person=world.an, texts=[SPECIFIC, SPECIFIC_2])
    assert (reg.state, reg.number, reg.is_current, reg.organization) == ("draft", 1, True, world.cell_a)
    assert list(reg.pledges.values_list("position", "text")) == [(1, SPECIFIC), (2, SPECIFIC_2)]
    assert reg.entered_by is None
    services.submit_registration(actor=world.member, registration=reg, expected_version=reg.version)
    reg.refresh_from_db()
    assert reg.state == "submitted" and reg.submitted_at is not None
    services.review_registration(
        actor=world.secretary, registration=reg, approve=True, comment="", expected_version=reg.version
    )
    reg.refresh_from_db()
    assert reg.state == "approved" and reg.reviewed_by == world.secretary
    assert actions(reg) == [
        ("create", "", "draft", False),
        ("submit", "draft", "submitted", False),
        ("approve", "submitted", "approved", False),
    ]


def test_return_needs_comments_and_the_member_fixes_it(world):
    reg = register(world.member, person=world.an, texts=[VAGUE], submit=True)
    with pytest.raises(ValidationError) as caught:
        services.review_registration(
            actor=world.secretary, registration=reg, approve=False, comment="  ", expected_version=reg.version
        )
    assert "comment" in caught.value.message_dict
    reg.refresh_from_db()
    assert reg.state == "submitted"
    services.review_registration(
        actor=world.secretary,
        registration=reg,
        approve=False,
        comment="Mục 1 còn chung chung, ghi rõ việc gì",
        expected_version=reg.version,
    )
    reg.refresh_from_db()
    assert reg.state == "returned" and reg.review_comment.startswith("Mục 1")
    register(world.member, person=world.an, texts=[SPECIFIC], submit=True)
    reg.refresh_from_db()
    assert reg.state == "submitted" and [p.text for p in reg.pledges.all()] == [SPECIFIC]
    assert [a[0] for a in actions(reg)] == ["create", "submit", "return", "save", "submit"]
    assert reg.events.get(action="return").comment == "Mục 1 còn chung chung, ghi rõ việc gì"


def test_a_member_cannot_approve_and_an_approved_registration_is_not_edited(world):
    reg = register(world.member, person=world.an, submit=True)
    with pytest.raises(ValidationError, match="cell committee"):
        services.review_registration(
            actor=world.member, registration=reg, approve=True, comment="", expected_version=reg.version
        )
    services.review_registration(
        actor=world.secretary, registration=reg, approve=True, comment="", expected_version=reg.version
    )
    with pytest.raises(ValidationError, match="new version"):
        register(world.member, person=world.an, texts=[SPECIFIC_2])
    assert list(Registration.objects.get(pk=reg.pk).pledges.values_list("text", flat=True)) == [SPECIFIC]


def test_people_without_a_role_on_the_cell_cannot_write(world):
    for user in (world.commune_officer, world.outsider, world.inspector, world.admin):
        with pytest.raises(ValidationError):
            register(user, person=world.binh)
    assert not Registration.objects.exists()
    reg = register(world.member, person=world.an, submit=True)
    for user in (world.commune_officer, world.outsider, world.admin):
        with pytest.raises(ValidationError):
            services.review_registration(
                actor=user, registration=reg, approve=True, comment="", expected_version=reg.version
            )


def test_new_version_copies_items_and_keeps_the_approved_one(world):
    reg = register(world.member, person=world.an, texts=[SPECIFIC, SPECIFIC_2], submit=True)
    services.review_registration(
        actor=world.secretary, registration=reg, approve=True, comment="Tốt", expected_version=reg.version
    )
    reg.refresh_from_db()
    fresh = services.start_new_version(actor=world.member, registration=reg, expected_version=reg.version)
    reg.refresh_from_db()
    assert (fresh.number, fresh.state, fresh.is_current, fresh.previous) == (2, "draft", True, reg)
    assert (reg.state, reg.is_current) == ("approved", False)
    assert list(fresh.pledges.values_list("text", flat=True)) == [SPECIFIC, SPECIFIC_2]
    register(world.member, person=world.an, texts=[SPECIFIC_2])
    assert list(reg.pledges.values_list("text", flat=True)) == [SPECIFIC, SPECIFIC_2]  # the old one unchanged
    assert list(fresh.pledges.values_list("text", flat=True)) == [SPECIFIC_2]
    assert actions(fresh)[0] == ("new_version", "approved", "draft", False)
    with pytest.raises(ValidationError, match="newer version"):
        services.start_new_version(actor=world.member, registration=reg, expected_version=reg.version)
    assert Registration.objects.filter(person=world.an, year=year()).count() == 2


def test_proxy_entry_is_logged_and_marked(world):
    reg = register(world.secretary, person=world.binh, texts=[SPECIFIC], submit=True)
    assert reg.entered_by == world.secretary
    assert actions(reg) == [("create", "", "draft", True), ("submit", "draft", "submitted", True)]
    services.review_registration(
        actor=world.secretary, registration=reg, approve=True, comment="", expected_version=reg.version
    )
    assert actions(reg)[-1] == ("approve", "submitted", "approved", False)  # reviewing is not entering


def test_the_secretary_writing_their_own_is_not_a_proxy(world):
    me = world.secretary.person
    reg = register(world.secretary, person=me)
    assert reg.entered_by is None and not reg.events.get().on_behalf


def test_deputy_can_enter_on_behalf_cell_committee_member_cannot(world):
    deputy = make_user("phobithu", role=Role.DEPUTY_SECRETARY, org=world.cell_a)
    committee = make_user("chiuy", role=Role.CELL_COMMITTEE, org=world.cell_a)
    with pytest.raises(ValidationError):
        register(committee, person=world.binh)
    reg = register(deputy, person=world.binh, submit=True)
    assert reg.entered_by == deputy
    services.review_registration(  # the cell committee member does review
        actor=committee, registration=reg, approve=False, comment="Bổ sung số lượng", expected_version=reg.version
    )
    assert Registration.objects.get(pk=reg.pk).state == "returned"


def test_collective_registration_by_the_cell_committee(world):
    reg = register(world.secretary, unit=world.cell_a, texts=["Mỗi quý tổ chức 1 buổi dọn vệ sinh đường thôn 1"])
    assert reg.person is None and reg.is_collective and reg.organization == world.cell_a
    assert not reg.events.get().on_behalf
    with pytest.raises(ValidationError):
        register(world.member, unit=world.cell_a)
    with pytest.raises(ValidationError):
        register(world.outsider, unit=world.cell_a)
    services.submit_registration(actor=world.secretary, registration=reg, expected_version=reg.version)
    reg.refresh_from_db()
    services.review_registration(
        actor=world.secretary, registration=reg, approve=True, comment="", expected_version=reg.version
    )
    assert Registration.objects.get(pk=reg.pk).state == "approved"


def test_items_are_updated_in_place_added_and_removed(world):
    reg = register(world.member, person=world.an, texts=[SPECIFIC, SPECIFIC_2])
    first, second = reg.pledges.order_by("position")
    services.save_registration(
        actor=world.member,
        year=year(),
        person=world.an,
        items=[item(SPECIFIC_2 + " (sửa)", id=second.pk), item("Mỗi tuần 1 buổi dạy chữ cho 3 cháu")],
        expected_version=reg.version,
    )
    kept = list(reg.pledges.order_by("position"))
    assert [p.text for p in kept] == [SPECIFIC_2 + " (sửa)", "Mỗi tuần 1 buổi dạy chữ cho 3 cháu"]
    assert kept[0].pk == second.pk and not Pledge.objects.filter(pk=first.pk).exists()


def test_stale_version_is_refused_with_a_clear_message(world):
    reg = register(world.member, person=world.an)
    opened_at = reg.version
    register(world.secretary, person=world.an, texts=[SPECIFIC_2])  # the secretary saves meanwhile
    with pytest.raises(ConcurrentEditError) as caught:
        services.save_registration(
            actor=world.member, year=year(), person=world.an, items=[item(VAGUE)], expected_version=opened_at
        )
    assert "Reload" in caught.value.messages[0]
    assert list(reg.pledges.values_list("text", flat=True)) == [SPECIFIC_2]
    with pytest.raises(ConcurrentEditError):  # a form opened before the registration existed
        services.save_registration(
            actor=world.member, year=year(), person=world.binh, items=[item(VAGUE)], expected_version=3
        )
    with pytest.raises(ConcurrentEditError):
        services.submit_registration(actor=world.member, registration=reg, expected_version=opened_at)


@pytest.mark.parametrize(
    ("items", "message"),
    [
        ([], "at least one"),
        ([item("  ")], "write what you will do"),
        ([item("x" * 1001)], "under 1000"),
        ([item(SPECIFIC, deadline=dt.date(2001, 1, 1))], "within"),
        ([item(SPECIFIC, rule="bogus")], "rule"),
        ([item(SPECIFIC)] * 21, "at most 20"),
    ],
)
def test_bad_items_save_nothing(world, items, message):
    with pytest.raises(ValidationError) as caught:
        services.save_registration(actor=world.member, year=year(), person=world.an, items=items, expected_version=None)
    assert message in " ".join(caught.value.messages)
    assert not Registration.objects.exists() and not Pledge.objects.exists()


def test_an_other_persons_shortcoming_cannot_be_linked(world):
    theirs = Shortcoming.objects.create(person=world.binh, year=year(), text="Hay đi họp muộn")
    with pytest.raises(ValidationError, match="shortcomings"):
        services.save_registration(
            actor=world.member,
            year=year(),
            person=world.an,
            items=[item(SPECIFIC, shortcoming=theirs)],
            expected_version=None,
        )


def test_year_out_of_range_is_refused(world):
    with pytest.raises(ValidationError):
        register(world.member, person=world.an, the_year=1990)


def test_shortcomings_member_records_own_committee_any_source(world):
    own = services.record_shortcoming(
        actor=world.member, person=world.an, year=year(), text="Chưa gương mẫu đóng góp", source="meeting"
    )
    assert own.source == ShortcomingSource.SELF_CRITICISM and own.recorded_by == world.member
    from_meeting = services.record_shortcoming(
        actor=world.secretary,
        person=world.an,
        year=year(),
        text="Vắng 2 buổi sinh hoạt",
        source="meeting",
        source_note="Họp chi bộ tháng 3",
    )
    assert from_meeting.source == ShortcomingSource.MEETING
    with pytest.raises(ValidationError):
        services.record_shortcoming(actor=world.member, person=world.binh, year=year(), text="x")
    with pytest.raises(ValidationError):
        services.record_shortcoming(actor=world.commune_officer, person=world.an, year=year(), text="x")
    with pytest.raises(ValidationError):
        services.record_shortcoming(actor=world.member, person=world.an, year=year(), text="   ")

    # The member updates the status of the meeting's finding but not its wording.
    services.update_shortcoming(
        actor=world.member,
        shortcoming=from_meeting,
        expected_version=from_meeting.version,
        status=ShortcomingStatus.REMEDIED,
        remedy_note="Đi họp đủ từ tháng 4",
        text="Sửa lời",
    )
    from_meeting.refresh_from_db()
    assert from_meeting.status == "remedied" and from_meeting.text == "Vắng 2 buổi sinh hoạt"
    with pytest.raises(ConcurrentEditError):
        services.update_shortcoming(actor=world.secretary, shortcoming=from_meeting, expected_version=1, status="open")
    with pytest.raises(ValidationError):
        services.update_shortcoming(actor=world.outsider, shortcoming=own, expected_version=own.version, status="open")
