"""A contact is judged by the plan in force when it happened: a call logged after the plan
changed, and a revision saved today that starts next week."""

from datetime import timedelta

import pytest
from django.utils import timezone

from contacts.models import ContactArrangement, ContactPlan, ContactType, Outcome, Supervision
from contacts.rules import contact_check

from ..factories import (
    AuthorisedCollectorFactory,
    ContactArrangementFactory,
    ContactPlanFactory,
    RelationshipFactory,
)

pytestmark = pytest.mark.django_db

NOW = timezone.now()
YESTERDAY = NOW - timedelta(days=1)
LAST_WEEK = NOW - timedelta(days=7)


def saved_at(record, when):
    """Date the record's history as if it had been saved `when`."""
    type(record).history.filter(id=record.pk).update(history_date=when)


def revise(record, when, **changes):
    for field, value in changes.items():
        setattr(record, field, value)
    record._history_date = when
    record.save()


@pytest.fixture
def father(child):
    """Here, a father under no order."""
    return RelationshipFactory(child=child, person__full_name="Mark Hughes").person


@pytest.fixture
def plan(child):
    plan = ContactPlanFactory(child=child, effective_date=(LAST_WEEK - timedelta(days=30)).date())
    saved_at(plan, LAST_WEEK)
    return plan


@pytest.fixture
def calls(plan, father):
    calls = ContactArrangementFactory(plan=plan, person=father, contact_type=ContactType.PHONE)
    saved_at(calls, LAST_WEEK)
    return calls


def phone(child, father, at=None):
    return contact_check(child=child, person=father, contact_type=ContactType.PHONE, at=at)


def test_a_call_yesterday_logged_after_this_mornings_change_is_judged_by_yesterdays_plan(
    child, father, calls
):
    revise(calls, NOW - timedelta(hours=1), supervision=Supervision.NOT_PERMITTED)
    assert phone(child, father, at=YESTERDAY).outcome == Outcome.ALLOWED
    assert phone(child, father).outcome == Outcome.NOT_ALLOWED


def test_an_arrangement_removed_today_still_counted_for_yesterday(child, father, calls):
    calls._history_date = NOW - timedelta(hours=1)
    calls.delete()
    assert phone(child, father, at=YESTERDAY).outcome == Outcome.ALLOWED
    assert phone(child, father).outcome == Outcome.NOT_ALLOWED


def test_an_arrangement_added_today_does_not_reach_back(child, father, plan):
    added = ContactArrangementFactory(plan=plan, person=father, contact_type=ContactType.PHONE)
    saved_at(added, NOW - timedelta(hours=1))
    assert phone(child, father, at=YESTERDAY).outcome == Outcome.NOT_ALLOWED
    assert phone(child, father).outcome == Outcome.ALLOWED


def test_a_revision_saved_today_for_next_week_leaves_this_weeks_plan_in_force(
    child, father, plan, calls
):
    next_week = timezone.localdate() + timedelta(days=7)
    revise(plan, NOW - timedelta(minutes=10), effective_date=next_week)
    revise(calls, NOW - timedelta(minutes=5), supervision=Supervision.NOT_PERMITTED)

    today = phone(child, father)
    assert today.outcome == Outcome.ALLOWED, today.reasons
    later = phone(child, father, at=NOW + timedelta(days=7))
    assert later.outcome == Outcome.NOT_ALLOWED
    assert later.reasons == (f"The plan does not permit phone call with {father}.",)


def test_at_the_door_a_revision_to_come_that_refuses_visits_already_holds(child, father, plan):
    visits = ContactArrangementFactory(plan=plan, person=father, contact_type=ContactType.VISIT)
    saved_at(visits, LAST_WEEK)
    AuthorisedCollectorFactory(child=child, person=father)
    revise(plan, NOW - timedelta(minutes=10), effective_date=timezone.localdate() + timedelta(7))
    revise(visits, NOW - timedelta(minutes=5), supervision=Supervision.NOT_PERMITTED)

    door = contact_check(child=child, person=father, contact_type=ContactType.COLLECTION)
    assert door.outcome == Outcome.NOT_ALLOWED
    assert "does not permit visits" in door.reasons[0]


def test_a_plan_recorded_today_from_an_earlier_date_counts_for_a_call_last_week(child, father):
    plan = ContactPlanFactory(child=child, effective_date=(LAST_WEEK - timedelta(days=3)).date())
    ContactArrangementFactory(plan=plan, person=father, contact_type=ContactType.PHONE)
    assert phone(child, father, at=LAST_WEEK).outcome == Outcome.ALLOWED


def test_a_first_plan_not_yet_in_force_lets_nobody_in(child, father):
    starts = timezone.localdate() + timedelta(days=2)
    plan = ContactPlanFactory(child=child, effective_date=starts)
    ContactArrangementFactory(plan=plan, person=father, contact_type=ContactType.PHONE)
    assert phone(child, father).outcome == Outcome.NOT_ALLOWED
    assert phone(child, father, at=NOW + timedelta(days=2)).outcome == Outcome.ALLOWED


def test_history_is_read_in_few_queries_for_a_past_moment(
    child, father, calls, django_assert_max_num_queries
):
    revise(calls, NOW - timedelta(hours=1), supervision=Supervision.NOT_PERMITTED)
    with django_assert_max_num_queries(9):
        phone(child, father, at=YESTERDAY)
    assert ContactArrangement.history.count() == 2 and ContactPlan.history.count() == 1
