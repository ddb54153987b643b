"""How the restrictions dashboard and a child's page behave at group scale.

Not part of `make test`: run with `make benchmark`. It prints timings for the record and
fails only if the number of queries grows with the data.
"""

import statistics
import time
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.models import Child, LegalBasis, Restriction

from ..factories import ChildFactory, ContactPlanFactory, RelationshipFactory

pytestmark = pytest.mark.benchmark

CHILDREN = 600
ROUNDS = 5


def _populate(site, people):
    children = Child.objects.bulk_create(
        ChildFactory.build(site=site, legal_first_name=f"Child{n}") for n in range(CHILDREN)
    )
    restrictions = []
    for n, child in enumerate(children):
        if n % 10 == 0:
            ContactPlanFactory(child=child, review_date=date(2026, 1, 1))
        person = RelationshipFactory(child=child).person
        restrictions += [
            Restriction(
                child=child,
                person=person,
                legal_basis=LegalBasis.NON_MOLESTATION_ORDER,
                effect="no_contact",
                details="No contact.",
                starts_on=date(2025, 1, 1),
                recorded_by=people.manager,
            ),
            Restriction(
                child=child,
                contact_type="social_media",
                legal_basis=LegalBasis.EMERGENCY_ON_SITE,
                effect="no_contact",
                details="No social media.",
                starts_on=date(2025, 1, 1),
                recorded_by=people.manager,
            ),
        ]
    Restriction.objects.bulk_create(restrictions)
    return children


def _measure(client, url):
    timings = []
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    return statistics.median(timings), len(queries)


def test_dashboard_and_child_page_at_scale(client, people, site, child):
    client.force_login(people.manager)
    small_dashboard = _measure(client, reverse("contacts:restrictions-dashboard"))
    children = _populate(site, people)
    dashboard = _measure(client, reverse("contacts:restrictions-dashboard"))
    child_page = _measure(client, children[0].get_absolute_url())
    print(
        f"\n{CHILDREN} children, {Restriction.objects.count()} restrictions:"
        f"\n  dashboard: median {dashboard[0] * 1000:.0f} ms, {dashboard[1]} queries"
        f" (empty site: {small_dashboard[0] * 1000:.0f} ms, {small_dashboard[1]} queries)"
        f"\n  child page: median {child_page[0] * 1000:.0f} ms, {child_page[1]} queries"
    )
    assert dashboard[1] <= small_dashboard[1] + 1
