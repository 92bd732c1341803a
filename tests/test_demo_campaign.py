"""The demo campaign year of `manage.py seed_demo` (lamtheo.core.demo_campaign): coherent data made
through the services, and the demo logins' main pages showing it."""

from __future__ import annotations

import datetime as dt
import io
import random

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lamtheo.accounts.models import User
from lamtheo.campaigns.models import Directive, EthicalStandard, Theme, ThemeScope
from lamtheo.core import demo_campaign
from lamtheo.meetings.models import Attendance as MeetingAttendance
from lamtheo.meetings.models import Meeting, MeetingDocument, MeetingState, MemberReport, ReportState
from lamtheo.notebook.models import (
    Evaluation,
    Evidence,
    Pledge,
    QualityVerdict,
    Registration,
    RegistrationState,
    ReportPeriod,
    SelfReport,
    Shortcoming,
)
from lamtheo.notebook.quality import check_pledge
from lamtheo.notebook.quality.similarity import THRESHOLD, fingerprint, similarity
from lamtheo.organizations.models import CELL_KINDS, Organization, OrganizationKind, Person
from lamtheo.reviews.models import Review, ReviewKind, ReviewRequest, ReviewState
from lamtheo.study.models import Attendance as StudyAttendance
from lamtheo.study.models import Essay, EssayState, PropagandaActivity, SteeringBody, StudySession

YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def seed(scale: str, *extra: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", "--scale", scale, *extra, stdout=out)
    return out.getvalue()


def user(username: str) -> User:
    return User.objects.select_related("person__cell").get(username=username)


def page(username: str, url: str) -> str:
    client = Client()
    client.force_login(user(username))
    response = client.get(url)
    assert response.status_code == 200, (username, url, response.status_code)
    return response.content.decode()


def demo_cell() -> Organization:
    return user("bithu").person.cell


def demo_commune() -> Organization:
    return Organization.objects.get(path=demo_cell().path[:-4])


def check_campaign_year(*, many: bool) -> None:
    """What both scales must hold; `many`: the commune scale's larger cell and other cells."""
    cell = demo_cell()
    commune = demo_commune()
    root = Organization.objects.get(path=cell.path[:4])

    # Campaigns: the year theme at the top, a model set of standards adapted down to the cell.
    theme = Theme.objects.get(year_from=YEAR, year_to=YEAR, scope=ThemeScope.YEAR)
    assert theme.organization == root and theme.title.startswith(f"Chuyên đề năm {YEAR}")
    assert Directive.objects.filter(number="05-CT/TW", organization=root).exists()
    assert Directive.objects.filter(number="01-KL/TW", organization=root).exists()
    plan = Directive.objects.get(organization=commune, number="01-KH/ĐU")
    assert plan.file.name.endswith(".docx")
    model = EthicalStandard.objects.get(organization=root)
    assert model.is_model
    commune_set = EthicalStandard.objects.get(organization=commune, adapted_from=model)
    cell_set = EthicalStandard.objects.get(organization=cell, adapted_from=commune_set)
    assert commune_set.is_model and len(cell_set.items) == len(model.items) + 2
    assert cell_set.versions.count() == 2  # the copy, then the cell's own line

    # Notebook: registrations of the demo cell in several states, one flagged vague.
    current = Registration.objects.filter(organization=cell, year=YEAR, is_current=True, person__isnull=False)
    states = set(current.values_list("state", flat=True))
    assert {RegistrationState.APPROVED, RegistrationState.SUBMITTED, RegistrationState.RETURNED} <= states
    vague = current.filter(pledges__verdict=QualityVerdict.VAGUE).distinct()
    assert vague.count() == 1
    flagged = vague.get()
    assert flagged.state == RegistrationState.RETURNED and flagged.review_comment
    assert Pledge.objects.filter(registration=flagged, text="Học tập tốt, làm theo tốt").exists()
    approved = current.filter(state=RegistrationState.APPROVED)
    specific = Pledge.objects.filter(registration__in=approved)
    assert not specific.filter(verdict=QualityVerdict.VAGUE).exists()
    assert specific.filter(deadline__year=YEAR).exists() and specific.exclude(measure="").exists()
    collective = Registration.objects.filter(organization=cell, person__isnull=True, is_current=True)
    assert collective.get().state == RegistrationState.APPROVED
    assert current.get(person__user__username="chiuy").state == RegistrationState.SUBMITTED
    member = user("dangvien")
    own = current.get(person=member.person)
    assert own.state == RegistrationState.APPROVED and own.reviewed_by == user("bithu")
    assert own.submitted_at.date() <= own.reviewed_at.date() <= timezone.localdate()
    report = SelfReport.objects.get(registration=own, period=ReportPeriod.MID_YEAR)
    assert report.submitted_at and report.items.count() == own.pledges.count()
    assert Evidence.objects.filter(report=report).count() == 1
    assert Evaluation.objects.filter(person=member.person, year=YEAR).exists()
    assert Shortcoming.objects.filter(person=member.person, year=YEAR).exists()  # from the chair's conclusion
    entered = current.filter(entered_by=user("bithu"))
    assert entered.exists() and not entered.filter(person__user__isnull=False).exists()
    people = Person.objects.filter(cell=cell).count()
    if many:
        assert current.filter(state=RegistrationState.DRAFT).exists()
        assert current.count() == people - 1  # one member has not registered yet
        assert Shortcoming.objects.filter(person__cell=cell, pledges__isnull=False).exists()
        others = Registration.objects.filter(organization__path__startswith=commune.path).exclude(organization=cell)
        assert others.filter(state=RegistrationState.APPROVED).count() > 50
        assert SelfReport.objects.filter(registration__in=others).exists()
    else:
        assert current.count() == people

    # Meetings: the plan, past meetings held with attendance and minutes, reports by the rotation.
    meetings = Meeting.objects.filter(cell=cell, year=YEAR)
    assert meetings.count() >= 16  # 12 regular and 4 thematic
    held = meetings.filter(state=MeetingState.HELD)
    assert held.exists() and not held.filter(date__gt=timezone.localdate()).exists()
    assert all(m.chair and m.started_at and m.ended_at and m.conclusions for m in held)
    assert MeetingAttendance.objects.filter(meeting__in=held).count() >= held.count() * 4
    assert meetings.filter(kind="thematic", theme=theme).count() == 4
    finalised = MemberReport.objects.get(meeting__cell=cell, state=ReportState.FINALISED)
    assert finalised.person == member.person and finalised.meeting.state == MeetingState.HELD
    assert finalised.reason == "volunteer" and finalised.corrections.count() == 1
    assert finalised.events.count() >= 8 and finalised.finalised_at.date() <= timezone.localdate()
    draft = MemberReport.objects.get(meeting__cell=cell, state=ReportState.DRAFT)
    assert draft.person == user("phobithu").person and draft.meeting.state == MeetingState.PLANNED
    assert draft.reason == "volunteer"
    assert MeetingDocument.objects.filter(meeting=draft.meeting).exists()

    # Study: the commune's class with attendance, bodies, propaganda, essays.
    session = StudySession.objects.get(organization=commune, theme=theme)
    attended = StudyAttendance.objects.filter(session=session)
    in_commune = Person.objects.filter(cell__path__startswith=commune.path).count()
    assert 0 < attended.count() <= in_commune and attended.filter(person=member.person).exists()
    if many:
        assert attended.count() < in_commune  # part of its people
    assert StudySession.objects.filter(organization=cell).exists()
    steering = SteeringBody.objects.get(organization=commune, kind="steering")
    assert steering.members.count() >= 2 and steering.members.filter(person__isnull=False).exists()
    assert PropagandaActivity.objects.filter(organization=commune, year=YEAR).count() == 3
    essays = Essay.objects.filter(theme=theme, year=YEAR)
    assert set(essays.values_list("state", flat=True)) == {EssayState.ASSESSED, EssayState.SUBMITTED}
    assert essays.get(state=EssayState.ASSESSED).person == member.person

    # Reviews: a draft mid-year review of the commune, a request to its cells with a deadline.
    interim = Review.objects.get(organization=commune, kind=ReviewKind.INTERIM)
    assert interim.state == ReviewState.DRAFT
    assert (interim.date_from, interim.date_to) == (dt.date(YEAR, 1, 1), dt.date(YEAR, 6, 30))
    assert interim.part2 and interim.part1
    request = ReviewRequest.objects.get(organization=commune)
    assert request.kind == ReviewKind.FINAL and request.deadline >= timezone.localdate()
    assert Review.objects.get(organization=cell).state == ReviewState.SUBMITTED


def check_pages() -> None:
    cell = demo_cell()
    commune = demo_commune()
    member = user("dangvien")
    own = Registration.objects.get(person=member.person, year=YEAR, is_current=True)
    html = page("dangvien", reverse("notebook:mine"))
    for pledge in own.pledges.all():
        assert pledge.text in html
    assert "6 tháng đầu năm đã hoàn thành" in html  # the mid-year self-report
    html = page("bithu", reverse("meetings:home"))
    assert cell.name in html
    html = page("bithu", reverse("meetings:cell", args=[cell.pk]))
    assert member.person.full_name in html and "Sinh hoạt chuyên đề quý 1" in html
    html = page("bithu", reverse("notebook:overview", args=[cell.pk]))
    flagged = Registration.objects.get(organization=cell, year=YEAR, state=RegistrationState.RETURNED)
    assert flagged.person.full_name in html and "Học tập tốt, làm theo tốt" in html
    html = page("bithu", reverse("reviews:home"))
    assert ReviewRequest.objects.get(organization=commune).title in html
    html = page("capuy", reverse("reviews:home"))
    assert commune.name in html and Review.objects.get(organization=cell).title in html
    html = page("capuy", reverse("reviews:node", args=[commune.pk]))
    assert Review.objects.get(organization=commune).title in html
    html = page("capuy", reverse("study:index"))
    assert commune.name in html
    html = page("capuy", reverse("study:unit", args=[commune.pk]))
    assert f"Hội nghị học tập, quán triệt chuyên đề năm {YEAR}" in html
    html = page("capuy", reverse("notebook:overview", args=[commune.pk]))
    assert cell.name in html


@pytest.mark.django_db
def test_cell_scale_seeds_a_coherent_campaign_year_and_the_pages_show_it():
    out = seed("cell")
    assert f"Seeded the {YEAR} campaign:" in out
    assert Organization.objects.filter(kind__in=CELL_KINDS).count() == 1
    check_campaign_year(many=False)
    check_pages()


@pytest.mark.django_db
def test_commune_scale_seeds_the_demo_cell_fully_and_the_other_cells_lightly():
    out = seed("commune")
    line = next(line for line in out.splitlines() if line.startswith(f"Seeded the {YEAR} campaign:"))
    assert " s." in line and "registrations" in line
    check_campaign_year(many=True)
    check_pages()
    # The second commune is left empty, and the other cells' entries went through the services.
    second = Organization.objects.filter(kind=OrganizationKind.BASE).order_by("path")[1]
    assert not Registration.objects.filter(organization__path__startswith=second.path).exists()
    admin = user("admin")
    others = Registration.objects.filter(organization__path__startswith=demo_commune().path).exclude(
        organization=demo_cell()
    )
    assert not others.exclude(entered_by=admin).exists()
    assert others.filter(pledges__verdict=QualityVerdict.VAGUE).exists()


@pytest.mark.django_db
def test_no_campaign_flag_seeds_only_the_tree():
    out = seed("cell", "--no-campaign")
    assert "campaign" not in out
    assert not Theme.objects.exists() and not Registration.objects.exists() and not Meeting.objects.exists()
    # It can be added afterwards; a second time is refused.
    summary = demo_campaign.seed_campaign_year(year=YEAR)
    assert summary.themes == 1 and summary.registrations == 6 and summary.meetings_held >= 1
    with pytest.raises(RuntimeError, match="already has a theme"):
        demo_campaign.seed_campaign_year(year=YEAR)


@pytest.mark.django_db
def test_the_province_committee_member_issues_the_province_documents():
    User.objects.create_user(username="admin", password="someone-else-1")  # no superuser to fall back on
    out = seed("cell")
    assert "no province account" not in out
    theme = Theme.objects.get(year_from=YEAR)
    assert theme.organization.depth == 1  # issued by tinhuy at the top of the tree


@pytest.mark.django_db
def test_without_a_superuser_nor_province_account_the_commune_issues_the_documents():
    User.objects.create_user(username="admin", password="someone-else-1")
    User.objects.create_user(username="tinhuy", password="someone-else-2")  # no role: cannot issue
    out = seed("cell")
    assert "Campaign: no superuser" in out and "no province account" in out
    commune = demo_commune()
    theme = Theme.objects.get(year_from=YEAR)
    assert theme.organization_id == commune.pk
    cell_set = EthicalStandard.objects.get(organization=demo_cell())
    assert cell_set.adapted_from.organization_id == commune.pk


@pytest.mark.django_db
@pytest.mark.parametrize("day", [dt.date(YEAR, 1, 2), dt.date(YEAR, 12, 28)], ids=["2 January", "28 December"])
def test_any_day_of_the_year_gives_past_meetings_held_and_the_next_one_planned(day, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    seed("cell")
    finalised = MemberReport.objects.get(state=ReportState.FINALISED)
    assert finalised.meeting.state == MeetingState.HELD and finalised.meeting.date <= day
    draft = MemberReport.objects.get(state=ReportState.DRAFT)
    assert draft.meeting.state == MeetingState.PLANNED and draft.meeting.date > day
    assert not Meeting.objects.filter(state=MeetingState.HELD, date__gt=day).exists()
    assert not Meeting.objects.filter(state=MeetingState.PLANNED, date__lte=day).exists()
    assert ReviewRequest.objects.get().deadline > day
    assert Registration.objects.filter(state=RegistrationState.APPROVED, reviewed_at__date__lte=day).count() == 4


@pytest.mark.django_db
def test_the_campaign_needs_the_demo_tree():
    with pytest.raises(RuntimeError, match="run seed_demo first"):
        demo_campaign.seed_campaign_year(year=YEAR)
    with pytest.raises(ValueError, match="this year or an earlier one"):
        demo_campaign.seed_campaign_year(year=YEAR + 1)


def test_every_pool_item_is_specific_and_none_is_a_near_copy_of_another():
    texts = []
    for row in demo_campaign.POOL:
        text = row.text.format(n=row.numbers[0] if row.numbers else 0)
        assert check_pledge(text).verdict == "specific", text
        if row.deadline:
            day, month = (int(part) for part in row.deadline.split("/"))
            dt.date(YEAR, month, day)
        texts.append(text)
    prints = [fingerprint(t) for t in texts]
    for i, a in enumerate(prints):
        for j in range(i + 1, len(prints)):
            assert similarity(a, prints[j]) < THRESHOLD, (texts[i], texts[j])
    assert all(check_pledge(text).verdict == "vague" for text in demo_campaign.VAGUE_ITEMS)
    for text, _measure, _deadline in demo_campaign.COLLECTIVE_ITEMS:
        assert check_pledge(text).verdict == "specific", text
    assert check_pledge(demo_campaign.SHORTCOMING_ITEM).verdict == "specific"


def test_items_are_picked_the_same_way_for_the_same_seed_and_not_twice_in_a_cell():
    def picks(seed: int) -> list[str]:
        picker = demo_campaign.ItemPicker(random.Random(seed), YEAR)
        return [item["text"] for _ in range(20) for item in picker.pick(["farming", "village", "general"], 3)]

    first = picks(1)
    assert first == picks(1) and first != picks(2)
    assert len(set(first[:60])) == 60  # the pool lasts for 20 people of 3 items each
