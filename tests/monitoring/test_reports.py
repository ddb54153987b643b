"""The site's monitoring page and the SLT report: what each figure counts, the list it links
to, who may see them, and queries that do not grow with sites or records."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from contacts.models import ContactType, LegalBasis, Outcome
from coxlease.models import Role
from monitoring.reports import Period, site_report, slt_report
from records.models import ContactEntry, Direction, PlannedContact, PlannedKind, PlanStatus
from safeguarding.models import Category, Concern, Harm, OnlineIncident, Status, Urgency

from ..factories import (
    ChildFactory,
    ContactPlanFactory,
    MembershipFactory,
    RelationshipFactory,
    RestrictionFactory,
)

SITE_URL = reverse("monitoring:site-report")
SLT_URL = reverse("monitoring:slt-report")
NOW = timezone.now()
TODAY = timezone.localdate(NOW)


def contact(child, *, days_ago=1, flagged=False, contact_type=ContactType.PHONE, **fields):
    return ContactEntry.objects.create(
        child=child,
        contact_type=contact_type,
        direction=Direction.INCOMING,
        started_at=NOW - timedelta(days=days_ago),
        result=Outcome.NOT_ALLOWED if flagged else Outcome.ALLOWED,
        flagged=flagged,
        recorded_by=fields.pop("recorded_by"),
        **fields,
    )


def concern(child, user, *, days_ago=1, opened_after=None, entry=None, **fields):
    raised = NOW - timedelta(days=days_ago)
    return Concern.objects.create(
        child=child,
        category=fields.pop("category", Category.OTHER),
        urgency=Urgency.ROUTINE,
        happened_at=raised - timedelta(hours=1),
        what_happened="Something worrying.",
        raised_by=user,
        raised_at=raised,
        first_opened_at=raised + opened_after if opened_after else None,
        contact_entry=entry,
        **fields,
    )


def planned(child, user, status, *, days_ago=2, note=""):
    starts = NOW - timedelta(days=days_ago)
    return PlannedContact.objects.create(
        child=child,
        person=RelationshipFactory(child=child).person,
        contact_kind=PlannedKind.VISIT_HERE,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        status=status,
        ended_note=note,
        result=Outcome.ALLOWED,
        planned_by=user,
    )


def everything_at(site, user, *, n=1):
    """At `site`, `n` of each thing a figure counts."""
    for _ in range(n):
        child = ChildFactory(site=site)
        contact(child, recorded_by=user)
        contact(child, recorded_by=user, contact_type=ContactType.VISIT, days_ago=10)
        flagged = contact(child, recorded_by=user, flagged=True)
        contact(child, recorded_by=user, flagged=True, days_ago=3)
        contact(child, recorded_by=user, days_ago=200)  # before the period
        concern(child, user, entry=flagged, opened_after=timedelta(hours=2))
        concern(child, user, category=Category.ONLINE, status=Status.CLOSED, outcome="Done.")
        RestrictionFactory(child=child, recorded_by=user)  # nobody has confirmed it
        RestrictionFactory(
            child=child,
            legal_basis=LegalBasis.EMERGENCY_ON_SITE,
            imposed_at=NOW - timedelta(days=2),
            recorded_by=user,
        )  # late still: never reported
        ContactPlanFactory(child=child, review_date=TODAY - timedelta(days=1))
        planned(child, user, PlanStatus.NO_SHOW, note="Mum did not come or ring.")
        planned(child, user, PlanStatus.REFUSED, note="I don't want to see him today.")
        planned(child, user, PlanStatus.NO_SHOW, days_ago=200)  # before the period
        planned(child, user, PlanStatus.PLANNED, days_ago=-2)
        for shared_on in (TODAY, None):
            OnlineIncident.objects.create(
                child=child,
                happened_at=NOW - timedelta(days=5),
                platform="Snapchat",
                what_happened="A message from an adult he does not know.",
                harm=Harm.values[0],
                learning_shared_with="All care staff" if shared_on else "",
                learning_shared_on=shared_on,
                recorded_by=user,
            )


def values(report) -> dict:
    return {row.figure.key: row.values for row in report.figures}


class TestSiteReport:
    def test_each_figure_counts_what_it_says(self, people, site, other_site):
        everything_at(site, people.staff)
        everything_at(other_site, people.staff, n=3)  # never counted here

        report = site_report(
            user=people.manager, site=site, period=Period.last_months(3, today=TODAY)
        )

        assert values(report) == {
            "contacts": [4],
            "flagged": [2],
            "flagged_without_concern": [1],
            "no_shows": [1],
            "refusals": [1],
            "concerns": [2],
            "concerns_open": [1],
            "hours_to_first_action": [2.0],
            "incidents": [2],
            "incidents_unshared": [1],
            "unconfirmed": [2],
            "reported_late": [1],
            "plans_overdue": [1],
        }
        assert [(label, n) for label, n, _ in report.by_type] == [
            ("Phone call", 3),
            ("Visit", 1),
        ]
        assert sum(n for _, n, _ in report.by_week) == 4
        assert report.flagged_follow_up == [("Concern raised, new", 1), ("No concern raised", 1)]
        assert [(label, total) for label, _, total in report.concerns_by_category] == [
            ("Online or social media", 1),
            ("Other", 1),
        ]

    def test_a_concern_naming_the_reader_is_never_counted_for_them(self, people, site):
        child = ChildFactory(site=site)
        concern(child, people.staff, category=Category.ALLEGATION, named_adult=people.manager)
        period = Period.last_months(3, today=TODAY)
        assert values(site_report(user=people.manager, site=site, period=period))["concerns"] == [0]
        assert values(site_report(user=people.dsl, site=site, period=period))["concerns"] == [1]

    def test_the_page_links_each_figure_to_its_list(self, client, people, site):
        everything_at(site, people.staff)
        client.force_login(people.dsl)

        page = client.get(SITE_URL, {"since": "2026-01-01", "until": "2026-03-31"})

        html = page.content.decode()
        assert page.status_code == 200
        assert "From 1 January 2026 to 31 March 2026" in html
        assert (
            reverse("records:entry-list") + "?since=2026-01-01&amp;until=2026-03-31&amp;flagged=on"
        ) in html
        assert reverse("monitoring:flagged-contacts") + "?since=2026-01-01" in html
        assert reverse("contacts:restrictions-dashboard") + "?unconfirmed=on" in html
        assert reverse("contacts:restrictions-dashboard") + "#plans" in html
        assert (
            reverse("safeguarding:incident-list")
            + "?since=2026-01-01&amp;until=2026-03-31&amp;learning=unshared"
        ) in html

    def test_the_linked_lists_show_what_the_figure_counted(self, client, people, site):
        everything_at(site, people.staff)
        client.force_login(people.manager)
        period = {"since": (TODAY - timedelta(days=60)).isoformat(), "until": TODAY.isoformat()}

        log = client.get(reverse("records:entry-list"), {**period, "flagged": "on"})
        flagged = client.get(reverse("monitoring:flagged-contacts"), period)

        assert "2 contacts" in log.content.decode()
        html = flagged.content.decode()
        assert "2 flagged contacts" in html
        assert html.count("No concern raised") == 1 and "Concern, new" in html
        refused = client.get(
            reverse("monitoring:planned-not-happened"), {**period, "status": "refused"}
        ).content.decode()
        assert "1 planned contact<" in refused and "I don&#x27;t want to see him today." in refused
        assert "Mum did not come" not in refused
        assert 'name="status" value="refused"' in refused  # a new period keeps the list

    def test_a_period_given_wrongly_is_said_and_the_default_used(self, client, people, site):
        client.force_login(people.manager)
        html = client.get(SITE_URL, {"since": "2026-05-01", "until": "2026-01-01"}).content
        assert "&#x27;To&#x27; cannot be before &#x27;From&#x27;." in html.decode()
        html = client.get(SITE_URL, {"since": "2020-01-01"}).content.decode()
        assert "Choose at most 12 months." in html
        default = Period.last_months(3, today=timezone.localdate())
        assert f"From {default.since:%-d %B %Y}" in html

    def test_staff_and_slt_are_refused(self, client, people):
        for user in (people.staff, people.slt, people.outsider):
            client.force_login(user)
            assert client.get(SITE_URL).status_code == 403

    def test_the_queries_do_not_grow_with_records(
        self, client, people, site, django_assert_max_num_queries
    ):
        client.force_login(people.manager)
        everything_at(site, people.staff)
        with CaptureQueriesContext(connection) as few:
            assert client.get(SITE_URL).status_code == 200
        everything_at(site, people.staff, n=10)
        with django_assert_max_num_queries(len(few.captured_queries)):
            assert client.get(SITE_URL).status_code == 200


def slt_at(*sites):
    user = MembershipFactory(site=sites[0], role=Role.SLT).user
    for site in sites[1:]:
        MembershipFactory(user=user, site=site, role=Role.SLT)
    return user


class TestSltReport:
    def test_the_sites_side_by_side_with_trends_by_month(self, people, site, other_site):
        slt = slt_at(site, other_site)
        everything_at(site, people.staff)
        everything_at(other_site, people.staff, n=2)
        period = Period(since=TODAY.replace(day=1) - timedelta(days=200), until=TODAY)

        report = slt_report(user=slt, period=period)

        assert [s.name for s in report.sites] == ["Elm House", "Oak Lodge School"]
        assert values(report)["contacts"] == [10, 5]  # the older contact is in this period
        assert values(report)["plans_overdue"] == [2, 1]
        contacts = next(t for t in report.trends if t.trend.key == "contacts")
        assert contacts.months == period.months
        assert [sum(counts) for _, counts in contacts.series] == [10, 5]

    def test_only_the_sites_where_they_are_slt(self, people, site, other_site):
        everything_at(other_site, people.staff)
        report = slt_report(user=people.slt, period=Period.last_months(12, today=TODAY))
        assert [s.name for s in report.sites] == ["Oak Lodge School"]

    def test_the_page_draws_a_chart_with_its_table_for_each_trend(self, client, people, site):
        everything_at(site, people.staff)
        client.force_login(people.slt)

        html = client.get(SLT_URL).content.decode()

        assert html.count('<svg class="chart"') == 5
        assert html.count("the chart's numbers") == 5
        assert "<polyline" in html and "style=" not in html.split("<main")[1]
        assert "Download as PDF" in html and "Download as CSV" in html

    def test_the_csv_holds_every_figure_and_month(self, client, people, site, other_site):
        slt = slt_at(site, other_site)
        everything_at(site, people.staff)
        client.force_login(slt)

        response = client.get(
            reverse("monitoring:slt-report-csv"), {"since": "2026-01-01", "until": "2026-06-30"}
        )

        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert "coxlease-monitoring-2026-01-01-to-2026-06-30.csv" in response["Content-Disposition"]
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0] == ["figure", "month", "Elm House", "Oak Lodge School"]
        assert ["Contact plans overdue for review", "", "0", "1"] in rows
        assert [r[1] for r in rows if r[0] == "Contacts logged" and r[1]] == [
            f"2026-{m:02}" for m in range(1, 7)
        ]

    def test_the_pdf_is_a_pdf_with_the_charts(self, client, people, site):
        everything_at(site, people.staff)
        client.force_login(people.slt)

        response = client.get(reverse("monitoring:slt-report-pdf"))

        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        assert len(response.content) > 5000

    def test_without_weasyprints_libraries_the_pdf_says_so_and_the_rest_runs(
        self, client, people, site, monkeypatch
    ):
        """A laptop with no Pango (`make run` needs nothing but Python): the report still
        opens and the PDF link explains itself instead of failing."""
        import sys

        monkeypatch.setitem(sys.modules, "weasyprint", None)  # as if it cannot be imported
        client.force_login(people.slt)
        response = client.get(reverse("monitoring:slt-report-pdf"), {"since": "2026-01-01"})
        assert response.status_code == 302 and "since=2026-01-01" in response.url
        page = client.get(response.url).content.decode()
        assert "The PDF cannot be made on this server" in page

    @pytest.mark.parametrize("role", ["staff", "manager", "dsl", "admin", "outsider"])
    def test_only_slt(self, client, people, role):
        client.force_login(getattr(people, role))
        for name in ("monitoring:slt-report", "monitoring:slt-report-csv"):
            assert client.get(reverse(name)).status_code == 403

    def test_the_queries_do_not_grow_with_sites(
        self, client, people, site, django_assert_max_num_queries
    ):
        from ..factories import SiteFactory

        client.force_login(people.slt)
        everything_at(site, people.staff)
        with CaptureQueriesContext(connection) as few:
            assert client.get(SLT_URL).status_code == 200
        for _ in range(5):
            other = SiteFactory()
            MembershipFactory(user=people.slt, site=other, role=Role.SLT)
            everything_at(other, people.staff)
        with django_assert_max_num_queries(len(few.captured_queries)):
            page = client.get(SLT_URL)
        assert page.content.decode().count("<polyline") == 5 * 6


def test_months_of_a_period():
    period = Period(since=date(2025, 11, 20), until=date(2026, 2, 3))
    assert period.months == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert Period.last_months(12, today=date(2026, 3, 15)) == Period(
        since=date(2025, 4, 1), until=date(2026, 3, 15)
    )


@pytest.mark.parametrize(
    "name", ["monitoring:slt-report", "monitoring:slt-report-csv", "monitoring:slt-report-pdf"]
)
@pytest.mark.parametrize(
    "query",
    [
        {"since": "0001-01-01", "until": "9999-12-31"},
        {"since": "\x00", "until": "2026-02-30"},
        {"since": "2026-06-01", "until": "2026-01-01"},
    ],
)
def test_the_slt_report_never_fails_on_a_strange_period(client, people, name, query):
    client.force_login(people.slt)
    assert client.get(reverse(name), query).status_code == 200
