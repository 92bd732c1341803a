"""Issue 11, entering the data a past year needs: the date a person joined the cell (forms and
import), the civil-servant attribute, classes counted by names or by counts, places, periods of
any year and deadlines in the past for a past period."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from lamtheo.organizations import services as org_services
from lamtheo.organizations.importers import import_workbook
from lamtheo.organizations.models import Membership, MemberStatus, Person, PersonKind, Place
from lamtheo.organizations.spreadsheet import ROSTER, ROSTER_COLUMNS
from lamtheo.reviews.forms import PeriodForm, RequestForm, period_choices

pytestmark = pytest.mark.django_db


def person_form(**changes):
    data = {
        "full_name": "Võ Thị Hoa",
        "gender": "",
        "birth_date": "",
        "kind": PersonKind.MEMBER,
        "member_status": MemberStatus.FULL,
        "admission_date": "",
        "full_membership_date": "",
        "card_number": "300001",
        "staff_code": "",
        "position": "",
        "job": "",
        "phone": "",
        "email": "",
        "started_on": "",
    }
    return {**data, **changes}


def test_a_member_added_without_a_date_joined_the_cell_on_admission(world, client_for):
    client = client_for(world.secretary)
    data = person_form(admission_date="12/05/2004", civil_servant="on")
    response = client.post(reverse("organizations:person_add", args=[world.cell_a.pk]), data)
    assert response.status_code == 302
    person = Person.objects.get(card_number="300001")
    assert Membership.objects.get(person=person).started_on == dt.date(2004, 5, 12)
    assert person.civil_servant is True


def test_the_edit_form_back_dates_the_membership_and_keeps_history_ordered(world, client_for):
    client = client_for(world.secretary)
    url = reverse("organizations:person_edit", args=[world.an.pk])
    page = client.get(url)
    assert page.context["form"].initial["started_on"] == dt.date(2020, 1, 1)
    data = person_form(full_name=world.an.full_name, card_number="100001", version=world.an.version)
    response = client.post(url, {**data, "started_on": "01/03/2006"})
    assert response.status_code == 302
    assert Membership.objects.get(person=world.an).started_on == dt.date(2006, 3, 1)
    # after a move, the current stay cannot start before the previous one ended
    org_services.transfer_person(world.an, to_cell=world.cell_b, on=dt.date(2024, 1, 1), reason="Chuyển")
    world.an.refresh_from_db()
    data = person_form(full_name=world.an.full_name, card_number="100001", version=world.an.version)
    response = client_for(world.admin).post(url, {**data, "started_on": "01/01/2023"})
    assert response.status_code == 200
    assert "01/01/2024" in " ".join(response.context["form"].errors["started_on"])
    assert Membership.objects.get(person=world.an, ended_on__isnull=True).started_on == dt.date(2024, 1, 1)


def workbook(rows):
    book = Workbook()
    book.active.append([str(c.title) for c in ROSTER_COLUMNS])
    for row in rows:
        book.active.append([row.get(c.key) for c in ROSTER_COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    return load_workbook(io.BytesIO(buffer.getvalue()), read_only=True, data_only=True)


def test_roster_import_reads_the_date_of_joining_and_the_civil_servant_column(world):
    rows = [
        {"card_number": "300002", "full_name": "Lý Văn Một", "cell_code": "C1-A", "admission_date": "02/09/2001"},
        {"card_number": "300003", "full_name": "Lý Văn Hai", "cell_code": "C1-A", "started_on": "15/06/2010"},
        {"staff_code": "GV-9", "full_name": "Lý Thị Ba", "cell_code": "C1-B", "kind": "Cán bộ", "civil_servant": "Có"},
    ]
    result = import_workbook(user=world.secretary, kind=ROSTER, workbook=workbook(rows[:2]))
    assert not result.errors
    starts = dict(
        Membership.objects.filter(person__card_number__in=["300002", "300003"]).values_list(
            "person__card_number", "started_on"
        )
    )
    assert starts == {"300002": dt.date(2001, 9, 2), "300003": dt.date(2010, 6, 15)}
    result = import_workbook(user=world.admin, kind=ROSTER, workbook=workbook(rows[2:]))
    assert not result.errors, [(e.column, e.message) for e in result.errors]
    assert Person.objects.get(staff_code="GV-9").civil_servant is True


def test_roster_import_refuses_a_future_date_of_joining(world):
    rows = [{"card_number": "300004", "full_name": "Lý Văn Bốn", "cell_code": "C1-A", "started_on": "01/01/2999"}]
    result = import_workbook(user=world.secretary, kind=ROSTER, workbook=workbook(rows))
    assert [e.message for e in result.errors] == ["Ngày bắt đầu sinh hoạt chi bộ không thể ở tương lai."]
    assert not Person.objects.filter(card_number="300004").exists()


def test_a_class_is_counted_by_names_or_by_counts_never_both(world):
    from lamtheo.campaigns.models import Theme
    from lamtheo.study import services as study_services
    from lamtheo.study.models import StudySession

    theme = Theme.objects.create(organization=world.commune, title="Chuyên đề", year_from=2025, year_to=2025)
    counted = StudySession.objects.create(
        organization=world.commune,
        theme=theme,
        title="Giấy",
        starts_on=dt.date(2025, 3, 1),
        ends_on=dt.date(2025, 3, 1),
        counted_members=12,
    )
    with pytest.raises(ValidationError):
        study_services.add_attendance(actor=world.commune_officer, session=counted, people=[world.an])
    named = StudySession.objects.create(
        organization=world.commune, theme=theme, title="Tên", starts_on=dt.date(2025, 4, 1), ends_on=dt.date(2025, 4, 1)
    )
    study_services.add_attendance(actor=world.commune_officer, session=named, people=[world.an])
    with pytest.raises(ValidationError) as error:
        study_services.save_session(
            actor=world.commune_officer,
            organization=world.commune,
            session=named,
            expected_version=named.version,
            theme=theme,
            title="Tên",
            starts_on=named.starts_on,
            counted_members=3,
        )
    assert "counted_members" in error.value.message_dict


def test_places_import_answers_bad_rows_and_saves_nothing(world):
    count, errors = org_services.import_places(
        [
            {"unit_code": "C1", "name": "Thôn 1"},
            {"unit_code": "NOPE", "name": "Thôn 2"},
            {"unit_code": "C1-A", "name": "Thôn 3"},
            {"unit_code": "C1", "name": "Thôn 4", "kind": "lâu đài"},
        ]
    )
    assert count == 0 and len(errors) == 3
    assert "NOPE" in errors[0] and "C1-A" in errors[1] and "lâu đài" in errors[2]
    assert not Place.objects.exists()


def test_any_year_can_be_chosen_and_a_past_period_takes_a_past_deadline(world):
    values = [value for value, _label in period_choices(dt.date(2026, 12, 4))]
    assert "year:2007" in values and "years:2006:2010" in values
    form = PeriodForm({"kind": "interim", "period": "half:2007:2"})  # not listed, but well formed
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["start"], form.cleaned_data["end"]) == (dt.date(2007, 7, 1), dt.date(2007, 12, 31))
    past = RequestForm({"kind": "interim", "period": "year:2007", "deadline": "15/01/2008"})
    assert past.is_valid(), past.errors
    this_year = timezone.localdate().year
    current = RequestForm({"kind": "interim", "period": f"year:{this_year}", "deadline": "15/01/2008"})
    assert not current.is_valid() and "deadline" in current.errors
