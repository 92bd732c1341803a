"""Steering bodies and their members, plans, propaganda and pilot units of a level."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lamtheo.study.models import ActionPlan, PilotUnit, PropagandaActivity, SteeringBody, SteeringMember
from tests.study_fixtures import YEAR, media_fixture, pdf_upload, st_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def body_data(**extra):
    data = {
        "kind": "steering",
        "name": "Ban Chỉ đạo thực hiện Chỉ thị 05 xã Hòa An",
        "decision": "12-QĐ/ĐU",
        "established_on": "02/01/2025",
        "dissolved_on": "",
        "directive": "",
        "duties": "Chỉ đạo, hướng dẫn, kiểm tra việc học tập và làm theo.",
    }
    data.update(extra)
    return data


def test_steering_committee_with_members(world, st, client_for):
    client = client_for(world.commune_officer)
    response = client.post(reverse("study:body_new", args=[world.commune.pk]), body_data(directive=st.directive.pk))
    assert response.status_code == 302
    body = SteeringBody.objects.get()
    assert body.organization == world.commune and body.directive == st.directive
    assert body.established_on == dt.date(2025, 1, 2)
    add = reverse("study:member_new", args=[body.pk])
    member = {"full_name": "", "position": "Bí thư Đảng ủy", "role": "head", "duties": "Phụ trách chung", "order": 1}
    assert client.post(add, {**member, "code": "100004"}).status_code == 302  # Cường, linked by card number
    assert (
        client.post(add, {**member, "full_name": "Hoàng Văn Mặt trận", "role": "member", "order": 2}).status_code == 302
    )
    bad = client.post(add, {**member, "code": "100005"})  # Dũng is not of the commune
    assert bad.status_code == 200 and "Không có ai thuộc Đảng ủy xã Hòa An có số thẻ" in bad.content.decode()
    nameless = client.post(add, {**member, "role": "member"})
    assert nameless.status_code == 200 and "full_name" in nameless.context["form"].errors
    seats = list(SteeringMember.objects.order_by("order"))
    assert [(m.full_name, m.person_id) for m in seats] == [
        ("Phạm Quốc Cường", world.cuong.pk),
        ("Hoàng Văn Mặt trận", None),
    ]
    page = client.get(reverse("study:steering", args=[world.commune.pk])).content.decode()
    assert "Phạm Quốc Cường" in page and "Trưởng ban" in page and "Phụ trách chung" in page and "12-QĐ/ĐU" in page
    # Members of the body and the cells below read it; the other commune does not.
    assert (
        "Phạm Quốc Cường"
        in client_for(world.inspector).get(reverse("study:steering", args=[world.commune.pk])).content.decode()
    )
    assert client_for(world.outsider).get(reverse("study:steering", args=[world.commune.pk])).status_code == 404
    # Edit with versions, remove.
    client = client_for(world.commune_officer)  # the test client is shared: log back in
    seat = seats[1]
    edit = reverse("study:member_edit", args=[seat.pk])
    assert (
        client.post(
            edit, {**member, "full_name": "Hoàng Văn M.", "role": "deputy", "version": seat.version}
        ).status_code
        == 302
    )
    stale = client.post(edit, {**member, "full_name": "X", "role": "deputy", "version": seat.version})
    assert stale.status_code == 200 and "Người khác đã sửa" in stale.content.decode()
    assert client.post(reverse("study:member_remove", args=[seat.pk])).status_code == 302
    assert SteeringMember.objects.count() == 1


def test_body_dates_and_rights(world, st, client_for):
    client = client_for(world.commune_officer)
    response = client.post(reverse("study:body_new", args=[world.commune.pk]), body_data(dissolved_on="01/01/2024"))
    assert response.status_code == 200 and "dissolved_on" in response.context["form"].errors
    assert not SteeringBody.objects.exists()
    # The inspector and the admin read, but do not manage the campaign.
    for user in (world.inspector, world.admin, world.member, world.outsider):
        assert client_for(user).get(reverse("study:body_new", args=[world.commune.pk])).status_code == 404
    # A cell's secretary sets up the cell's own body (4 members, seed 000).
    ok = client_for(world.secretary).post(
        reverse("study:body_new", args=[world.cell_a.pk]), body_data(name="BCĐ chi bộ")
    )
    assert ok.status_code == 302


def test_plan_with_file(world, st, client_for):
    client = client_for(world.commune_officer)
    data = {
        "kind": "plan",
        "year": YEAR,
        "number": "05-KH/ĐU",
        "title": "Kế hoạch học tập chuyên đề năm 2025",
        "issued_on": "10/01/2025",
        "directive": st.directive.pk,
        "theme": st.theme.pk,
        "body": "1. Mục đích, yêu cầu…",
        "upload": pdf_upload("ke-hoach.pdf"),
    }
    response = client.post(reverse("study:plan_new", args=[world.commune.pk]), data)
    assert response.status_code == 302
    plan = ActionPlan.objects.get()
    assert plan.file_name == "ke-hoach.pdf" and plan.theme == st.theme
    page = client.get(reverse("study:steering", args=[world.commune.pk]) + f"?year={YEAR}").content.decode()
    assert "05-KH/ĐU" in page and reverse("study:plan_file", args=[plan.pk]) in page
    # The plan of a level is read by its subtree (a cell's secretary downloads it).
    assert client_for(world.secretary).get(reverse("study:plan_file", args=[plan.pk])).status_code == 200
    assert client_for(world.outsider).get(reverse("study:plan_file", args=[plan.pk])).status_code == 404
    client = client_for(world.commune_officer)
    bad = client.post(
        reverse("study:plan_edit", args=[plan.pk]),
        {**data, "upload": SimpleUploadedFile("x.pdf", b"not a pdf"), "version": plan.version},
    )
    assert bad.status_code == 200 and "upload" in bad.context["form"].errors
    wrong_year = client.post(
        reverse("study:plan_edit", args=[plan.pk]), {**data, "upload": "", "year": 2030, "version": plan.version}
    )
    assert wrong_year.status_code == 200 and "theme" in wrong_year.context["form"].errors
    removed = client.post(
        reverse("study:plan_edit", args=[plan.pk]), {**data, "upload": "", "remove_file": "on", "version": plan.version}
    )
    assert removed.status_code == 302
    plan.refresh_from_db()
    assert not plan.file and plan.file_name == ""


def test_propaganda_counts(world, st, client_for):
    client = client_for(world.commune_officer)
    url = reverse("study:propaganda_new", args=[world.commune.pk]) + f"?year={YEAR}"
    data = {
        "kind": "materials",
        "year": YEAR,
        "held_on": "19/05/2025",
        "quantity": "1246",
        "unit_label": "cuốn",
        "description": "Cấp phát sách “Những câu chuyện về Bác”",
        "theme": st.theme.pk,
    }
    assert client.post(url, data).status_code == 302
    for bad, field in [
        ({"quantity": "0"}, "quantity"),
        ({"quantity": "nhiều"}, "quantity"),
        ({"held_on": "01/01/2024"}, "held_on"),
        ({"kind": "x"}, "kind"),
        ({"description": ""}, "description"),
    ]:
        response = client.post(url, {**data, **bad})
        assert response.status_code == 200 and field in response.context["form"].errors, (
            bad,
            response.context["form"].errors,
        )
    assert PropagandaActivity.objects.count() == 1
    page = client.get(reverse("study:propaganda", args=[world.commune.pk]) + f"?year={YEAR}").content.decode()
    assert "1.246" in page and "cuốn" in page
    activity = PropagandaActivity.objects.get()
    assert client_for(world.secretary).post(reverse("study:propaganda_delete", args=[activity.pk])).status_code == 404
    client = client_for(world.commune_officer)
    assert client.post(reverse("study:propaganda_delete", args=[activity.pk])).status_code == 302
    assert not PropagandaActivity.objects.exists()


def test_pilot_units(world, st, client_for):
    client = client_for(world.commune_officer)
    url = reverse("study:pilot_new", args=[world.commune.pk]) + f"?year={YEAR}"
    page = client.get(url)
    assert page.status_code == 200
    data = {"unit": world.cell_b.pk, "year": YEAR, "topic": "Sổ tay làm theo gương Bác", "lessons": ""}
    assert client.post(url, data).status_code == 302
    pilot = PilotUnit.objects.get()
    assert pilot.organization == world.cell_b and pilot.designated_by == world.commune
    again = client.post(url, data)
    assert again.status_code == 200 and "topic" in again.context["form"].errors
    outside = client.post(url, {**data, "unit": world.cell_d.pk, "topic": "Khác"})
    assert outside.status_code == 200 and "unit" in outside.context["form"].errors
    itself = client.post(url, {**data, "unit": world.commune.pk, "topic": "Khác"})
    assert itself.status_code == 200 and "unit" in itself.context["form"].errors
    listing = client.get(reverse("study:propaganda", args=[world.commune.pk]) + f"?year={YEAR}").content.decode()
    assert "Sổ tay làm theo gương Bác" in listing and "Điểm" in listing
    stats = client.get(reverse("study:stats", args=[world.commune.pk]) + f"?year={YEAR}")
    assert {u.unit.code: u.pilot for u in stats.context["chosen"].by_unit} == {"C1-A": False, "C1-B": True}
    # The pilot's own cell sees it; only the choosing level edits it.
    assert client_for(world.secretary).post(reverse("study:pilot_delete", args=[pilot.pk])).status_code == 404
    client = client_for(world.commune_officer)
    assert client.post(reverse("study:pilot_delete", args=[pilot.pk])).status_code == 302
    assert not PilotUnit.objects.exists()
