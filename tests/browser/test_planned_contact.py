"""A manager plans Saturday's visit out with mum, due back at 17:00; on Saturday the desk
records her leaving; with the clock moved past 17:30 the site page shows the child in red;
recording the return clears it."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone
from playwright.sync_api import expect

from records.models import Outing, PlannedContact
from tests.records.planning import mum_of

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _next_saturday():
    today = timezone.localdate()
    return today + timedelta(days=(5 - today.weekday()) % 7 or 7)


def test_saturdays_visit_out_with_mum(new_page, live_server, people, child):
    mum_of(child)
    manager = new_page()
    login(manager, live_server, "manager")
    manager.goto(child.get_absolute_url())
    manager.get_by_role("link", name="Plan a contact").click()
    manager.get_by_label("Karen Hughes").check()
    manager.get_by_label("Visit out").check()
    saturday = _next_saturday()
    manager.get_by_label("When").fill(f"{saturday:%Y-%m-%d}T13:00")
    manager.get_by_label("Expected end").fill(f"{saturday:%Y-%m-%d}T17:00")
    manager.get_by_label("Where").fill("Lunch in town, then the park")
    manager.get_by_label("Transport").fill("Mum's car")
    manager.get_by_role("button", name="Save").click()
    expect(manager.get_by_text("The contact is planned.")).to_be_visible()
    expect(manager.get_by_role("heading", name="Visit out with Karen Hughes")).to_be_visible()

    # Saturday comes: the clock is moved by moving the plan to today.
    now = timezone.now().replace(second=0, microsecond=0)
    PlannedContact.objects.update(
        starts_at=now - timedelta(minutes=5), ends_at=now + timedelta(hours=3)
    )

    desk = new_page()
    login(desk, live_server, "staff")
    desk.get_by_role("link", name="Planned contact").click()
    desk.get_by_role("link", name="Visit out").click()
    desk.get_by_role("link", name="Record leaving").click()
    desk.get_by_role("button", name="Save").click()
    out = desk.get_by_role("region", name="Out now")
    due = timezone.localtime(now + timedelta(hours=3))
    expect(out).to_contain_text(f"Out with Karen Hughes, due back at {due:%H:%M}.")

    # The clock moves on to 31 minutes past the time due (the times recorded move back).
    moved = timedelta(hours=3, minutes=31)
    Outing.objects.update(left_at=F("left_at") - moved, due_back_at=F("due_back_at") - moved)
    desk.reload()
    late = out.locator(".list-group-item-danger")
    expect(late).to_contain_text("Not back: out with Karen Hughes")

    late.get_by_role("link").first.click()
    expect(desk.get_by_role("heading", name="Not back")).to_be_visible()
    desk.get_by_role("link", name="Record the return").click()
    desk.get_by_role("button", name="Save").click()
    expect(desk.get_by_text("Recorded: they are back.")).to_be_visible()
    desk.get_by_role("link", name="Planned contact").click()
    expect(desk.get_by_role("region", name="Out now")).to_contain_text("No child is out")
