"""How a child's chronology behaves for a child with 10,000 contacts.

Not part of `make test`: run with `make benchmark`. It prints timings for the record and fails
only if the number of queries grows with the data.
"""

import statistics
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts.models import CollectionCheck, ContactType, Outcome
from records.models import ContactEntry, Direction

from ..factories import (
    ContactArrangementFactory,
    ContactPlanFactory,
    RelationshipFactory,
    RestrictionFactory,
)

pytestmark = pytest.mark.benchmark

ENTRIES = 10_000
ROUNDS = 5


def _populate(child, people, mother, numbers: range):
    """Contacts with the child's mother, one every seven hours back in time, every tenth one
    entered in error, and a door check of her for every hundred."""
    now = timezone.now()
    entries = ContactEntry.objects.bulk_create(
        ContactEntry(
            child=child,
            contact_type=ContactType.PHONE,
            direction=Direction.INCOMING,
            started_at=now - timedelta(hours=7 * n + 1),
            summary=f"Call {n}.",
            result=Outcome.ALLOWED,
            entered_in_error=n % 10 == 0,
            error_reason="Wrong child" if n % 10 == 0 else "",
            recorded_by=people.staff,
        )
        for n in numbers
    )
    ContactEntry.participants.through.objects.bulk_create(
        ContactEntry.participants.through(contactentry_id=entry.pk, person_id=mother.pk)
        for entry in entries
    )
    CollectionCheck.objects.bulk_create(
        CollectionCheck(
            child=child,
            person=mother,
            handover=ContactType.COLLECTION,
            checked_by=people.staff,
            checked_at=now - timedelta(hours=7 * n + 3),
            result=Outcome.ALLOWED,
        )
        for n in numbers[::100]
    )


def _measure(client, url):
    timings = []
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    return statistics.median(timings), len(queries)


def test_chronology_of_a_child_with_10000_contacts(client, people, child):
    plan = ContactPlanFactory(child=child)
    for _ in range(5):
        ContactArrangementFactory(plan=plan)
        RestrictionFactory(child=child)
    mother = RelationshipFactory(child=child, person__full_name="Karen Hughes").person
    _populate(child, people, mother, range(10))
    client.force_login(people.manager)
    url = reverse("monitoring:child-chronology", args=[child.pk])
    printed = reverse("monitoring:child-chronology-print", args=[child.pk])
    client.get(url)
    small = _measure(client, url)

    _populate(child, people, mother, range(10, ENTRIES))
    pages = {
        "first page": url,
        "page 100": f"{url}?page=100",
        "last page": f"{url}?page=9999",
        "contacts with one person": f"{url}?person={mother.pk}&kinds=contact",
        "a month": f"{url}?since={(timezone.localdate() - timedelta(days=30)).isoformat()}",
        "print view (500 a sheet)": printed,
    }
    results = {name: _measure(client, address) for name, address in pages.items()}
    client.force_login(people.staff)
    results["first page, as staff"] = _measure(client, url)

    print(
        f"\nA child with {ENTRIES:,} contacts (with 10: {small[0] * 1000:.0f} ms, "
        f"{small[1]} queries):"
    )
    for name, (median, queries) in results.items():
        print(f"  {name}: median {median * 1000:.0f} ms, {queries} queries")
    for name, (_, queries) in results.items():
        assert queries <= small[1], name
