"""The audit trail page: who changed what, only for objects of the reader's subtree."""

from __future__ import annotations

import datetime as dt

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from lamtheo.accounts import audit, services
from lamtheo.accounts.models import User
from lamtheo.organizations import services as org_services
from lamtheo.organizations.models import Person, Role, RoleAssignment
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

AUDIT = reverse("organizations:audit")


@pytest.fixture
def c1_admin(world):
    return make_user("quantri_c1", role=Role.ADMIN, org=world.commune)


def reprs(response):
    return [e.object_repr for e in response.context["page"].object_list]


def entries_for(obj):
    ct = ContentType.objects.get_for_model(obj)
    return LogEntry.objects.filter(content_type=ct, object_id=obj.pk)


def test_service_change_is_logged_with_actor_and_values(world, c1_admin):
    with set_actor(c1_admin):
        org_services.update_person(world.an, expected_version=world.an.version, full_name="Nguyễn Văn Ân")
    entry = entries_for(world.an).latest()
    assert entry.actor == c1_admin
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.changes["full_name"] == ["Nguyễn Văn An", "Nguyễn Văn Ân"]


def test_web_change_records_the_actor_and_shows_on_the_page(world, c1_admin, client_for):
    client = client_for(c1_admin)
    data = {"role": Role.INSPECTOR, "organization": world.cell_b.pk, "started_on": "02/03/2026"}
    client.post(reverse("organizations:account_role_add", args=[world.member.pk]), data)
    client.post(reverse("organizations:account_reset", args=[world.member.pk]))
    role = RoleAssignment.objects.get(user=world.member)
    assert entries_for(role).get().actor == c1_admin
    reset = entries_for(world.member).latest()
    assert reset.actor == c1_admin and "password" not in reset.changes
    assert reset.changes["must_change_password"] == ["False", "True"]

    page = client.get(AUDIT)
    assert page.status_code == 200
    html = page.content.decode()
    first = page.context["page"].object_list[0]
    assert first.object_repr == "dangvien_an" and first.actor.username == "quantri_c1"
    with translation.override("vi"):
        assert [(r.old, r.new) for r in first.rows] == [(translation.gettext("no"), translation.gettext("yes"))]
    with translation.override("vi"):
        assert str(role) in reprs(page)  # "Inspector – Chi bộ thôn 2", as named when saved
    assert "02/03/2026" in html and "quantri_c1" in html


def test_related_names_and_dates_are_readable(world, c1_admin, client_for):
    with set_actor(c1_admin):
        org_services.transfer_person(world.cuong, to_cell=world.cell_a, on=dt.date(2026, 5, 4))
    html = client_for(c1_admin).get(AUDIT, {"model": "person"}).content.decode()
    assert 'Chi bộ thôn 2</span> → <span class="new">Chi bộ thôn 1' in html
    html = client_for(c1_admin).get(AUDIT, {"model": "membership"}).content.decode()
    assert "04/05/2026" in html


def test_entries_outside_the_subtree_are_hidden(world, c1_admin, client_for):
    with set_actor(world.admin):
        org_services.update_person(world.dung, expected_version=world.dung.version, full_name="Đỗ Văn Dũng Mới")
        org_services.update_organization(world.cell_d, expected_version=world.cell_d.version, name="Chi bộ thôn 3B")
        services.reset_password(user=world.outsider)
        services.assign_role(user=world.judge, organization=world.commune2, role=Role.INSPECTOR)
        org_services.update_person(world.an, expected_version=world.an.version, full_name="Nguyễn Văn Ân")
    visible = set(reprs(client_for(c1_admin).get(AUDIT, {"page": 1})))
    all_pages = set()
    for entry in audit.audit_entries(User.objects.get(pk=c1_admin.pk)):
        all_pages.add(entry.object_repr)
    assert "Nguyễn Văn Ân" in visible
    hidden = {"Đỗ Văn Dũng Mới", "Đỗ Văn Dũng", "Chi bộ thôn 3B", "Chi bộ thôn 3", "bithu_d", "Tỉnh ủy Demo"}
    assert not all_pages & hidden
    assert not any("Đảng ủy xã Bình Minh" in r for r in all_pages)
    # The province administrator sees them.
    province = set(reprs(client_for(world.admin).get(AUDIT)))
    assert {"Đỗ Văn Dũng Mới", "Chi bộ thôn 3B", "bithu_d"} <= province


def test_filter_by_model(world, c1_admin, client_for):
    response = client_for(c1_admin).get(AUDIT, {"model": "person"})
    names = set(reprs(response))
    assert names == {"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Thư", "Phạm Quốc Cường"}
    # An unknown model is ignored, not an error.
    assert client_for(c1_admin).get(AUDIT, {"model": "secret"}).status_code == 200


def test_committee_member_reads_the_trail_of_the_commune(world, client_for):
    response = client_for(world.commune_officer).get(AUDIT, {"model": "person"})
    assert response.status_code == 200
    assert "Phạm Quốc Cường" in reprs(response) and "Đỗ Văn Dũng" not in reprs(response)
    assert all(e.url.startswith("/org/people/") for e in response.context["page"].object_list)
    # Without MANAGE_ACCOUNTS, accounts are not linked (their page would answer 404).
    users = client_for(world.commune_officer).get(AUDIT, {"model": "user"}).context["page"].object_list
    assert users and not any(e.url for e in users)


@pytest.mark.parametrize("who", ["member", "secretary", "inspector", "judge"])
def test_audit_needs_view_audit(world, client_for, who):
    assert client_for(getattr(world, who)).get(AUDIT).status_code == 404


def test_anonymous_is_sent_to_login(client):
    assert client.get(AUDIT).status_code == 302


def test_superuser_sees_everything(world, client_for):
    response = client_for(world.superuser).get(AUDIT, {"model": "person"})
    assert "Đỗ Văn Dũng" in reprs(response)


@pytest.mark.parametrize("n", [3, 30])
def test_audit_page_queries_are_bounded(world, c1_admin, client_for, django_assert_max_num_queries, n):
    LogEntry.objects.all().delete()
    person = Person.objects.get(pk=world.an.pk)
    with set_actor(c1_admin):
        for i in range(n):
            person = org_services.update_person(person, expected_version=person.version, job=f"Việc {i}")
        org_services.transfer_person(world.cuong, to_cell=world.cell_a)
        services.assign_role(user=world.member, organization=world.cell_a, role=Role.CELL_COMMITTEE)
    client = client_for(c1_admin)
    with django_assert_max_num_queries(10):
        response = client.get(AUDIT)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == min(n + 3, 30)
    assert "Việc 0" in response.content.decode() or n + 3 > 30
