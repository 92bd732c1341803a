"""Two people acting on the same record at once (issue 9, item 8): one wins, the other is told,
nothing is lost.

On PostgreSQL the two run in two threads with their own connections, truly at once: the first
holds its row lock for a moment before committing, and the second, started meanwhile, must wait
for it (SELECT … FOR UPDATE) and then be refused. On SQLite (the embedded default, where IMMEDIATE
transactions serialise writers) the same two calls run one after the other with the same
opened-at version, which is what the serialisation amounts to.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction

from lamtheo.core.exceptions import ConcurrentEditError
from lamtheo.notebook import services as notebook_services
from lamtheo.notebook.models import Evaluation, Registration, RegistrationEvent
from lamtheo.notebook.services_results import save_evaluation
from lamtheo.organizations import services as org_services
from lamtheo.organizations.models import Person, Role
from tests.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=True)
HOLD = 0.6  # seconds the first writer keeps its transaction open


def race(first: Callable[[], Any], second: Callable[[], Any]) -> list[tuple[str, Any, float]]:
    """Run `first` then, while its transaction is still open, `second`; (outcome, value, seconds) each."""
    if connection.vendor != "postgresql":
        return [_attempt(first), _attempt(second)]
    results: list[Any] = [None, None]
    first_inside = threading.Event()

    def run_first() -> None:
        try:
            with transaction.atomic():
                results[0] = _attempt(first)
                first_inside.set()
                time.sleep(HOLD)  # the row stays locked until this commit
        finally:
            first_inside.set()
            connection.close()

    def run_second() -> None:
        try:
            first_inside.wait(10)
            results[1] = _attempt(second)
        finally:
            connection.close()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def _attempt(call: Callable[[], Any]) -> tuple[str, Any, float]:
    started = time.monotonic()
    try:
        return "ok", call(), time.monotonic() - started
    except ConcurrentEditError as exc:
        return "refused", exc, time.monotonic() - started


def assert_one_wins(results: list[tuple[str, Any, float]]) -> None:
    assert [r[0] for r in results] == ["ok", "refused"], results
    message = " ".join(results[1][1].messages)
    assert "Reload the page" in message or "Tải lại trang" in message or "tải lại trang" in message
    if connection.vendor == "postgresql":
        assert results[1][2] >= HOLD * 0.8  # it really waited for the first one's lock


@pytest.fixture
def deputy(world_tx):
    return make_user("phobithu_a", person=world_tx.binh, role=Role.DEPUTY_SECRETARY, org=world_tx.cell_a)


def submitted_registration(world) -> Registration:
    from tests.notebook_res_fixtures import approved_registration

    registration, _pledges = approved_registration(world.an, year=2026, texts=("Giúp 5 hộ nghèo làm hồ sơ vay vốn",))
    Registration.objects.filter(pk=registration.pk).update(state="submitted", reviewed_at=None)
    registration.refresh_from_db()
    return registration


def test_approving_and_returning_the_same_registration_at_once(world_tx, deputy):
    registration = submitted_registration(world_tx)
    version = registration.version
    # Both opened the review page at the same moment.
    seen_by_secretary = Registration.objects.get(pk=registration.pk)
    seen_by_deputy = Registration.objects.get(pk=registration.pk)

    def approve():
        return notebook_services.review_registration(
            actor=world_tx.secretary,
            registration=seen_by_secretary,
            approve=True,
            comment="",
            expected_version=version,
        )

    def send_back():
        return notebook_services.review_registration(
            actor=deputy, registration=seen_by_deputy, approve=False, comment="Ghi rõ số hộ", expected_version=version
        )

    assert_one_wins(race(approve, send_back))
    registration.refresh_from_db()
    assert registration.state == "approved" and registration.reviewed_by == world_tx.secretary
    assert registration.version == version + 1
    assert list(RegistrationEvent.objects.filter(registration=registration).values_list("action", flat=True)) == [
        "approve"
    ]


def test_two_evaluations_of_the_same_member_at_once(world_tx, deputy):
    def write(actor, text, level):
        return lambda: save_evaluation(actor=actor, person=world_tx.an, year=2026, text=text, level=level)

    results = race(
        write(world_tx.secretary, "Hoàn thành tốt nhiệm vụ", "good"),
        write(deputy, "Hoàn thành nhiệm vụ", "fulfilled"),
    )
    assert_one_wins(results)
    evaluation = Evaluation.objects.get(person=world_tx.an, year=2026)
    assert (evaluation.text, evaluation.level, evaluation.written_by) == (
        "Hoàn thành tốt nhiệm vụ",
        "good",
        world_tx.secretary,
    )
    version = evaluation.version

    # Revising: both opened the evaluation at the same version.
    def revise(actor, text):
        return lambda: save_evaluation(
            actor=actor, person=world_tx.an, year=2026, text=text, level="excellent", expected_version=version
        )

    assert_one_wins(race(revise(deputy, "Xuất sắc: vận động 12 hộ"), revise(world_tx.secretary, "Ghi đè")))
    evaluation.refresh_from_db()
    assert evaluation.text == "Xuất sắc: vận động 12 hộ" and evaluation.version == version + 1


def test_two_administrators_edit_the_same_person_at_once(world_tx):
    person = Person.objects.get(pk=world_tx.cuong.pk)
    version = person.version
    other_admin = make_user("quantri_xa", role=Role.ADMIN, org=world_tx.commune)
    assert other_admin

    def edit(**fields):
        return lambda: org_services.update_person(Person.objects.get(pk=person.pk), expected_version=version, **fields)

    assert_one_wins(race(edit(phone="0912345678"), edit(position="Trưởng thôn")))
    person.refresh_from_db()
    assert person.phone == "0912345678" and person.position != "Trưởng thôn"  # the loser's change is not half-saved
    assert person.version == version + 1
