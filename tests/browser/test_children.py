"""The children's register in the browser: finding a child, changing their details and
reading the history, refusals, the narrow-screen menu and form errors."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.factories import ChildFactory

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fact(page: Page, term: str):
    """The value shown against `term` in a child's facts."""
    return page.locator("dt", has_text=term).locator("xpath=following-sibling::dd[1]")


def test_staff_find_a_child_from_the_home_page_and_read_their_details(
    page, live_server, people, child, site
):
    ChildFactory(site=site, legal_first_name="Amelia", legal_last_name="Jones")
    console = []
    page.on("console", lambda message: console.append(message.text))
    login(page, live_server, "staff")

    search = page.get_by_role("search")
    search.get_by_label("Child's name").fill("hughes")
    search.get_by_role("button", name="Search").click()

    expect(page.get_by_role("heading", name="Children at Oak Lodge School")).to_be_visible()
    results = page.get_by_role("table")
    expect(results.get_by_role("link", name="Daniel Hughes")).to_be_visible()
    expect(results).not_to_contain_text("Amelia Jones")
    results.get_by_role("link", name="Daniel Hughes").click()

    expect(page).to_have_url(f"{live_server.url}/children/{child.pk}/")
    expect(page.get_by_role("heading", name="Daniel Hughes", level=1)).to_be_visible()
    expect(fact(page, "Legal name")).to_have_text("Daniel Hughes")
    expect(fact(page, "Legal status")).to_have_text("Looked after under a care order (s31)")
    # Staff may read but not change the record.
    expect(page.get_by_role("link", name="History")).to_be_visible()
    expect(page.get_by_role("link", name="Edit details")).to_have_count(0)

    # The strict Content-Security-Policy let every page above load without a violation.
    assert [text for text in console if "Content Security Policy" in text] == []


def test_staff_filter_the_children_list_by_name(page, live_server, people, child, site):
    ChildFactory(site=site, legal_first_name="Amelia", legal_last_name="Jones")
    login(page, live_server, "staff")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Children", exact=True
    ).click()
    expect(page.get_by_role("table")).to_contain_text("Amelia Jones")

    filters = page.get_by_role("search", name="Filter children")
    filters.get_by_label("Name", exact=True).fill("Daniel")
    filters.get_by_role("button", name="Filter").click()

    expect(filters.get_by_label("Name", exact=True)).to_have_value("Daniel")
    expect(page.get_by_role("table").get_by_role("link")).to_have_text(["Daniel Hughes"])


def test_staff_see_the_history_after_a_manager_edits_a_child(new_page, live_server, people, site):
    child = ChildFactory(
        site=site,
        legal_first_name="Daniel",
        legal_last_name="Hughes",
        placing_authority="Oxfordshire County Council",
    )
    manager = new_page()
    login(manager, live_server, "manager")
    manager.goto(f"/children/{child.pk}/")
    manager.get_by_role("link", name="Edit details").click()

    expect(manager.get_by_role("heading", name="Edit Daniel Hughes")).to_be_visible()
    manager.get_by_label("Placing authority").fill("Buckinghamshire Council")
    manager.get_by_label("Reason for this change").fill("Placement transferred")
    manager.get_by_role("button", name="Save changes").click()

    expect(manager).to_have_url(f"{live_server.url}/children/{child.pk}/")
    expect(manager.get_by_role("status")).to_contain_text(
        "Changes to Daniel Hughes have been saved."
    )
    expect(fact(manager, "Placing authority")).to_have_text("Buckinghamshire Council")

    staff = new_page()
    login(staff, live_server, "staff")
    staff.goto(f"/children/{child.pk}/")
    staff.get_by_role("link", name="History").click()

    expect(staff.get_by_role("heading", name="History of Daniel Hughes's record")).to_be_visible()
    change = staff.get_by_role("listitem").filter(has_text="Changed by")
    expect(change).to_contain_text("Changed by Priya Tester")
    expect(change).to_contain_text("Reason: Placement transferred")
    row = change.get_by_role("row").filter(
        has=staff.get_by_role("rowheader", name="Placing authority")
    )
    expect(row.get_by_role("cell")).to_have_text(
        ["Oxfordshire County Council", "Buckinghamshire Council"]
    )


def test_staff_of_another_site_get_page_not_found_for_a_child(page, live_server, people, child):
    login(page, live_server, "outsider")
    expect(page.get_by_role("main")).to_contain_text("You are working in Elm House")

    response = page.goto(f"/children/{child.pk}/")

    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text("Hughes")


def test_at_tablet_width_the_toggler_opens_the_navigation(new_page, live_server, people):
    page = new_page(viewport={"width": 768, "height": 1024})
    login(page, live_server, "admin")  # the administrator has the most entries in the menu

    nav = page.get_by_role("navigation", name="Main")
    children = nav.get_by_role("link", name="Children", exact=True)
    expect(children).to_be_hidden()
    nav.get_by_role("button", name="Show navigation").click()

    expect(children).to_be_visible()
    # Nothing in the opened menu is cut off at the edge of the screen.
    expect(nav.get_by_role("button", name="Chris Tester")).to_be_in_viewport(ratio=1)
    children.click()
    expect(page.get_by_role("heading", name="Children at Oak Lodge School")).to_be_visible()


def test_a_date_of_birth_in_the_future_is_refused_and_the_form_kept(page, live_server, people):
    today = timezone.localdate()
    login(page, live_server, "manager")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Children", exact=True
    ).click()
    page.get_by_role("main").get_by_role("link", name="Add a child").click()
    expect(page.get_by_role("heading", name="Add a child to Oak Lodge School")).to_be_visible()

    page.get_by_label("Legal first name").fill("Amira")
    page.get_by_label("Legal last name").fill("Khan")
    page.get_by_label("Date of birth").fill((today + timedelta(days=30)).isoformat())
    page.get_by_label("Admission date").fill(today.isoformat())
    page.get_by_label("Legal status").select_option(label="Accommodated by agreement (s20)")
    page.get_by_role("button", name="Add child").click()

    date_of_birth = page.get_by_label("Date of birth")
    expect(date_of_birth).to_have_accessible_description(
        "The date of birth cannot be in the future."
    )
    expect(page.get_by_text("The date of birth cannot be in the future.")).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/children/new/")
    expect(page.get_by_label("Legal first name")).to_have_value("Amira")
    expect(page.get_by_label("Legal last name")).to_have_value("Khan")
