"""Test data of the year end on the shared `world` (tests/conftest.py).

`ye` (year 2026): for each of the cells a (An), b (Cường) and d (Dũng) an ethics session with
the person under review and a comment round on them, each with one comment received through the
link (pending). An also has an approved registration of 2026. The grading rules and the mass
organisations of the data migration are put back when a flush removed them.
"""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import dataclass, field

import pytest

YEAR = 2026
FIRST, LAST = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)


def ensure_rows() -> None:
    from django.apps import apps

    from lamtheo.yearend.models import GradingRule

    if not GradingRule.objects.exists():
        importlib.import_module("lamtheo.yearend.migrations.0002_rules_and_organizations").add_rows(apps, None)


@dataclass
class YE:
    sessions: dict = field(default_factory=dict)
    reviews: dict = field(default_factory=dict)
    rounds: dict = field(default_factory=dict)
    subjects: dict = field(default_factory=dict)
    comments: dict = field(default_factory=dict)
    registration: object = None


def make_session(cell, people, *, title="Kiểm điểm đạo đức năm 2026"):
    from lamtheo.yearend.models import EthicsReview, EthicsSession

    session = EthicsSession.objects.create(organization=cell, title=title, date_from=FIRST, date_to=LAST)
    reviews = [EthicsReview.objects.create(session=session, person=p) for p in people]
    return session, reviews


def make_round(cell, people, *, title="Hội nghị lấy ý kiến quần chúng 2026", is_open=True):
    from lamtheo.yearend.models import CommentRound, RoundSubject
    from lamtheo.yearend.services import new_token

    round_ = CommentRound.objects.create(
        organization=cell, title=title, date_from=FIRST, date_to=LAST, token=new_token(), is_open=is_open
    )
    subjects = [RoundSubject.objects.create(round=round_, person=p, position=i) for i, p in enumerate(people, 1)]
    return round_, subjects


def make_comment(subject, text="Đồng chí cần gần dân hơn, lắng nghe ý kiến bà con.", **extra):
    from lamtheo.yearend.models import CommentChannel, MassComment

    return MassComment.objects.create(
        subject=subject, text=text, channel=extra.pop("channel", CommentChannel.LINK), **extra
    )


def build_ye(world) -> YE:
    from tests.notebook_res_fixtures import approved_registration

    ensure_rows()
    ye = YE()
    ye.registration, _ = approved_registration(world.an, year=YEAR, texts=("Giúp 3 hộ nghèo làm hồ sơ vay vốn",))
    for key, person in {"a": world.an, "b": world.cuong, "d": world.dung}.items():
        session, (review,) = make_session(person.cell, [person])
        round_, (subject,) = make_round(person.cell, [person])
        ye.sessions[key], ye.reviews[key] = session, review
        ye.rounds[key], ye.subjects[key] = round_, subject
        ye.comments[key] = make_comment(subject)
    return ye


@pytest.fixture(name="ye")
def ye_fixture(world) -> YE:
    return build_ye(world)
