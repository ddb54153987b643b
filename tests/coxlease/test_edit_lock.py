"""Two people editing one record: the second save, from an out-of-date form, is refused with
what changed; nothing is silently overwritten; a second, knowing save goes through."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts import services
from contacts.models import AuthorisedCollector, Child, ContactPlan, Restriction

from ..factories import (
    AuthorisedCollectorFactory,
    ContactPlanFactory,
    RelationshipFactory,
    RestrictionFactory,
)

CONFLICT = "Someone else changed this while you were editing it"


def stale_post(client, url, data):
    """Post `data` with the edit version the form showed when it was opened."""
    page = client.get(url).content.decode()
    version = page.split('name="edit_version" value="', 1)[1].split('"', 1)[0]
    return lambda: client.post(url, {**data, "edit_version": version})


def test_a_stale_restriction_edit_is_refused_and_says_what_changed(client, people, child):
    father = RelationshipFactory(child=child, person__full_name="Mark Hughes").person
    restriction = RestrictionFactory(child=child, person=father, details="No contact.")
    client.force_login(people.manager)
    url = reverse("contacts:restriction-edit", args=[restriction.pk])
    data = {
        "legal_basis": "non_molestation_order",
        "effect": "no_contact",
        "person": father.pk,
        "details": "No contact, and no letters.",
        "starts_on": "2025-01-01",
        "reason": "Mine",
    }
    send = stale_post(client, url, data)

    # Meanwhile a colleague ends it.
    colleague_copy = Restriction.objects.get(pk=restriction.pk)
    services.restriction_end(
        restriction=colleague_copy,
        ends_on=timezone.localdate() + timedelta(days=3),
        changed_by=people.admin,
        reason="Order varied",
    )

    page = send().content.decode()

    assert CONFLICT in page
    assert "Chris Tester at" in page and "Last day it applies: — →" in page
    assert "No contact, and no letters." in page  # what was typed is kept
    restriction.refresh_from_db()
    assert restriction.details == "No contact."  # nothing overwritten
    assert restriction.ends_on is not None

    # Having seen it, saving again goes through, on top of the colleague's change.
    again = page.split('name="edit_version" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        url, {**data, "ends_on": str(restriction.ends_on), "edit_version": again}
    )
    assert response.status_code == 302
    restriction.refresh_from_db()
    assert restriction.details == "No contact, and no letters."


@pytest.mark.parametrize("kind", ["child", "plan", "collector", "ending", "leaving"])
def test_every_kind_of_edit_is_protected(client, people, child, kind):
    today = timezone.localdate()
    if kind == "child":
        record, url = child, reverse("contacts:child-edit", args=[child.pk])
        data = {
            "legal_first_name": "Dan",
            "legal_last_name": "Hughes",
            "date_of_birth": "2012-05-17",
            "admission_date": "2023-09-04",
            "legal_status": "care_order",
            "reason": "Name",
        }
    elif kind == "plan":
        record = ContactPlanFactory(child=child, approved_by=people.manager)
        url = reverse("contacts:plan-edit", args=[child.pk])
        data = {
            "effective_date": "2025-09-01",
            "review_date": "2031-01-01",
            "approved_by": people.manager.pk,
            "reason": "Review moved",
        }
    elif kind == "collector":
        record = AuthorisedCollectorFactory(
            child=child, person=RelationshipFactory(child=child).person
        )
        url = reverse("contacts:collector-edit", args=[record.pk])
        data = {
            "person": record.person_id,
            "may_collect": "on",
            "valid_from": "2025-01-01",
            "password_word": "owl",
            "reason": "New word",
        }
    elif kind == "ending":
        record = RestrictionFactory(child=child)
        url = reverse("contacts:restriction-end", args=[record.pk])
        data = {"ends_on": today.isoformat(), "reason": "Discharged"}
    else:
        record, url = child, reverse("contacts:child-mark-left", args=[child.pk])
        data = {"leaving_date": today.isoformat(), "reason": "Moved to foster care"}
    client.force_login(people.manager)
    send = stale_post(client, url, data)

    fresh = type(record).objects.get(pk=record.pk)
    from coxlease.history import save_with_history

    save_with_history(fresh, user=people.admin, reason="A colleague's change")

    response = send()
    assert response.status_code == 200
    assert CONFLICT in response.content.decode()
    stored = type(record).objects.get(pk=record.pk)
    assert stored.edit_version == fresh.edit_version


def test_forms_on_new_records_carry_no_lock(client, people, child):
    client.force_login(people.manager)
    page = client.get(reverse("contacts:restriction-add", args=[child.pk])).content.decode()
    assert 'name="edit_version"' not in page


def test_the_counter_goes_up_at_each_save(people, child):
    plan = ContactPlanFactory(child=child, approved_by=people.manager, review_date=date(2030, 1, 1))
    assert plan.edit_version == 1
    services.plan_save(
        plan=ContactPlan.objects.get(pk=plan.pk), changed_by=people.manager, reason="x"
    )
    assert ContactPlan.objects.get(pk=plan.pk).edit_version == 2
    assert Child.objects.get(pk=child.pk).edit_version == 1
    assert not AuthorisedCollector.objects.exists()
