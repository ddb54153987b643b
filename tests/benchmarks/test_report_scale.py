"""The SLT report for a year over 100 sites (issue 12: within a second).

Not part of `make test`: run with `make benchmark`. It prints timings for the record and fails
only if the number of queries grows with the sites (speed targets live in the README).
"""

import statistics
import time
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts.models import Child, ContactPlan, ContactType, LegalBasis, Restriction
from coxlease.models import Membership, Role, Site
from monitoring.reports import Period
from records.models import ContactEntry, Direction
from safeguarding.models import Category, Concern, Status, Urgency

from ..factories import ChildFactory

pytestmark = pytest.mark.benchmark

SITES = 100
CHILDREN_PER_SITE = 10
CONTACTS_PER_CHILD = 24  # two a month
ROUNDS = 3


def _populate(people):
    now = timezone.now()
    sites = Site.objects.bulk_create(
        Site(name=f"Bench site {n}", kind=Site.Kind.HOME) for n in range(SITES)
    )
    Membership.objects.bulk_create(
        Membership(user=people.slt, site=site, role=Role.SLT) for site in sites
    )
    children = Child.objects.bulk_create(
        ChildFactory.build(site=site, legal_first_name=f"Child{n}")
        for site in sites
        for n in range(CHILDREN_PER_SITE)
    )
    ContactEntry.objects.bulk_create(
        ContactEntry(
            child=child,
            contact_type=ContactType.PHONE if n % 2 else ContactType.VISIT,
            direction=Direction.INCOMING,
            started_at=now - timedelta(days=15 * n + 1),
            result="allowed",
            flagged=n % 12 == 0,
            recorded_by=people.staff,
        )
        for child in children
        for n in range(CONTACTS_PER_CHILD)
    )
    Concern.objects.bulk_create(
        Concern(
            child=child,
            category=Category.OTHER,
            urgency=Urgency.ROUTINE,
            happened_at=now - timedelta(days=40 * n + 1),
            raised_at=now - timedelta(days=40 * n),
            first_opened_at=now - timedelta(days=40 * n) + timedelta(hours=3),
            status=Status.CLOSED if n else Status.NEW,
            outcome="Closed." if n else "",
            what_happened="Bench.",
            raised_by=people.staff,
        )
        for child in children[::2]
        for n in range(3)
    )
    Restriction.objects.bulk_create(
        Restriction(
            child=child,
            contact_type="social_media",
            legal_basis=LegalBasis.EMERGENCY_ON_SITE,
            effect="no_contact",
            details="No social media.",
            starts_on=date.today() - timedelta(days=100),
            imposed_at=now - timedelta(days=100),
            recorded_by=people.manager,
        )
        for child in children[::3]
    )
    ContactPlan.objects.bulk_create(
        ContactPlan(
            child=child,
            effective_date=date(2024, 1, 1),
            review_date=date(2025, 1, 1),
            approved_by=people.manager,
        )
        for child in children[::4]
    )


def _measure(client, url, query):
    timings = []
    for _ in range(ROUNDS):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, query)
            timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    return statistics.median(timings), len(queries)


def test_the_slt_report_for_a_year_over_100_sites(client, people, site):
    client.force_login(people.slt)
    year = Period.last_months(12, today=timezone.localdate())
    query = {"since": year.since.isoformat(), "until": year.until.isoformat()}
    url = reverse("monitoring:slt-report")
    small = _measure(client, url, query)
    _populate(people)
    large = _measure(client, url, query)
    csv = _measure(client, reverse("monitoring:slt-report-csv"), query)
    print(
        f"\n{SITES + 1} sites, {ContactEntry.objects.count()} contacts, "
        f"{Concern.objects.count()} concerns, a year:"
        f"\n  report page: median {large[0] * 1000:.0f} ms, {large[1]} queries"
        f" (one site: {small[0] * 1000:.0f} ms, {small[1]} queries)"
        f"\n  CSV: median {csv[0] * 1000:.0f} ms, {csv[1]} queries"
    )
    assert large[1] == small[1]
