"""Rows written by data migrations are there in every test, also after a test flushed the tables."""

import pytest

from lamtheo.meetings.models import MeetingRule


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_sees_the_rule_and_flushes_it_at_teardown():
    assert MeetingRule.objects.filter(source="42-HD/BTCTW", min_minutes=90).exists()


@pytest.mark.django_db(transaction=True)
def test_the_next_transactional_test_still_sees_the_rule():
    assert MeetingRule.objects.filter(source="42-HD/BTCTW", min_minutes_combined=120).exists()
