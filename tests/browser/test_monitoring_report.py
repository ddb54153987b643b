"""SLT open the report across their sites for the last twelve months: both sites side by
side, a chart for each trend, and the PDF and CSV download."""

from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coxlease.models import Role
from monitoring.reports import Period
from tests.factories import MembershipFactory
from tests.monitoring.test_reports import everything_at

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_slt_see_both_sites_with_charts_and_download_the_pdf(
    page, live_server, people, site, other_site, tmp_path
):
    MembershipFactory(user=people.slt, site=other_site, role=Role.SLT)
    everything_at(site, people.staff)
    everything_at(other_site, people.staff, n=2)
    year = Period.last_months(12, today=timezone.localdate())

    login(page, live_server, "slt")
    page.get_by_role("link", name="Reports", exact=True).click()
    page.get_by_label("From").fill(year.since.isoformat())
    page.get_by_role("button", name="Show").click()

    expect(page.get_by_role("heading", name="Monitoring report across sites")).to_be_visible()
    figures = page.get_by_role("table").first
    expect(figures.get_by_role("columnheader", name="Oak Lodge School")).to_be_visible()
    expect(figures.get_by_role("columnheader", name="Elm House")).to_be_visible()
    expect(figures.get_by_role("row", name="Contact plans overdue for review 2 1")).to_be_visible()
    charts = page.get_by_role("img", name="by month and site")
    expect(charts).to_have_count(5)
    expect(charts.first).to_be_visible()
    contacts = page.get_by_role("table", name="Contacts logged, by month")
    expect(contacts.get_by_role("columnheader")).to_have_count(1 + 12)

    with page.expect_download() as pdf:
        page.get_by_role("link", name="Download as PDF").click()
    saved = tmp_path / pdf.value.suggested_filename
    pdf.value.save_as(saved)
    assert saved.name.endswith(".pdf")
    assert Path(saved).read_bytes().startswith(b"%PDF-")

    with page.expect_download() as spreadsheet:
        page.get_by_role("link", name="Download as CSV").click()
    text = Path(spreadsheet.value.path()).read_text()
    assert text.startswith("figure,month,Elm House,Oak Lodge School")
