"""The heart of LP 38 section 4, in the browser: a manager records a non-molestation order
against a father, staff are asked to read and confirm it, the manager's dashboard counts down
who has not confirmed, and the child's page shows the order overriding his authorisation to
collect (the collection check itself is in test_collection_check.py)."""

import pytest
from playwright.sync_api import expect

from tests.factories import AuthorisedCollectorFactory, RelationshipFactory

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def father_collector(child):
    person = RelationshipFactory(child=child, person__full_name="Mark Hughes").person
    AuthorisedCollectorFactory(child=child, person=person)
    return person


def record_non_molestation_order(page, child):
    page.goto(child.get_absolute_url())
    page.get_by_role("link", name="Record a restriction").click()
    page.get_by_label("Legal basis").select_option(label="Non-molestation order")
    page.get_by_label("Effect").select_option(label="No contact")
    page.get_by_label("Person").select_option(label="Mark Hughes (father)")
    page.get_by_label("Details").fill("Father must not contact or approach Daniel.")
    page.get_by_label("Starts on").fill("2026-01-05")
    page.get_by_label("Order reference").fill("NM26/0142")
    page.get_by_role("button", name="Record restriction").click()
    expect(page.get_by_text("The restriction has been recorded.")).to_be_visible()


def unconfirmed_badge(page):
    return page.get_by_role("link", name="not confirmed")


def test_staff_confirm_the_order_and_the_dashboard_counts_down(
    new_page, live_server, people, child, father_collector
):
    manager = new_page()
    login(manager, live_server, "manager")
    record_non_molestation_order(manager, child)
    manager.get_by_role("navigation", name="Main").get_by_role("link", name="Restrictions").click()
    # The manager who recorded it has read it: the staff member and the DSL have not.
    expect(unconfirmed_badge(manager)).to_have_text("2 not confirmed")

    staff = new_page()
    login(staff, live_server, "staff")
    expect(staff.get_by_role("heading", name="Restrictions to read (1)")).to_be_visible()
    staff.get_by_role("link", name="no contact for Mark Hughes").click()
    expect(staff.get_by_text("Non-molestation order (NM26/0142)")).to_be_visible()
    staff.get_by_role("button", name="I have read and understood this restriction").click()
    # Nothing else to read: back to the start page, which no longer asks.
    expect(staff.get_by_text("you have read every restriction at your site")).to_be_visible()
    expect(staff).to_have_url(f"{live_server.url}/")
    expect(staff.get_by_text("Restrictions to read")).to_have_count(0)

    manager.reload()
    expect(unconfirmed_badge(manager)).to_have_text("1 not confirmed")


def test_the_child_page_shows_the_order_overriding_the_collector(
    page, live_server, people, child, father_collector
):
    login(page, live_server, "manager")
    record_non_molestation_order(page, child)
    collectors = page.get_by_role("region", name="Authorised collectors")
    expect(collectors.get_by_text("Not allowed")).to_be_visible()
    expect(collectors.get_by_text("Non-molestation order (NM26/0142)")).to_be_visible()
