"""The demo year end (lamtheo/yearend/demo.py, run by `seed_demo` through the campaign seeding):
the leaders' ethics self-reviews, a round of the masses' comments moderated, quarter grades —
and the demo logins' pages showing them."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lamtheo.accounts.models import User
from lamtheo.notebook.models import Shortcoming
from lamtheo.yearend.models import CommentStatus, EthicsReview, MassComment, QuarterGrade, ReviewState
from tests.yearend_fixtures import ensure_rows

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_demo_cell_has_its_year_end():
    ensure_rows()
    call_command("seed_demo", "--scale", "cell", stdout=io.StringIO())
    bithu = User.objects.select_related("person__cell").get(username="bithu")
    reviews = EthicsReview.objects.filter(session__organization=bithu.person.cell)
    assert reviews.count() == 2 and set(reviews.values_list("state", flat=True)) == {ReviewState.CONCLUDED}
    assert Shortcoming.objects.filter(source_note__startswith="Kiểm điểm tu dưỡng").count() == 2
    statuses = sorted(MassComment.objects.values_list("status", flat=True))
    assert statuses == sorted(
        [
            CommentStatus.PENDING,
            CommentStatus.PENDING,
            CommentStatus.UPHELD,
            CommentStatus.MERGED,
            CommentStatus.DISMISSED,
        ]
    )
    assert MassComment.objects.filter(mass_organization__name="Hội Cựu chiến binh").exists()
    assert QuarterGrade.objects.filter(year=YEAR, quarter=3).count() == bithu.person.cell.people.count()

    client = Client()
    client.force_login(bithu)
    round_ = MassComment.objects.first().subject.round
    page = client.get(reverse("yearend:round", args=[round_.pk])).content.decode()
    assert "Chi hội Phụ nữ đề nghị" in page and "Tiếp thu" in page
    grades = client.get(reverse("yearend:grades", args=[bithu.person.cell_id, YEAR]) + "?quarter=3").content.decode()
    assert "366-QĐ/TW" in grades
    deputy = User.objects.get(username="phobithu")
    client.force_login(deputy)
    home = client.get(reverse("yearend:home")).content.decode()
    upheld = MassComment.objects.get(status=CommentStatus.UPHELD)
    assert upheld.text in home and "Chi hội Phụ nữ" not in home
