"""Two managers edit one restriction in two browsers: the second save is refused, says what
the first changed, and keeps what the second typed."""

import pytest
from playwright.sync_api import expect

from contacts.models import Restriction
from tests.factories import RelationshipFactory, RestrictionFactory

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_two_browsers_editing_one_restriction_end_in_a_clear_conflict(
    new_page, live_server, people, child
):
    father = RelationshipFactory(child=child, person__full_name="Mark Hughes").person
    restriction = RestrictionFactory(child=child, person=father, details="No contact.")
    edit_url = f"/restrictions/{restriction.pk}/edit/"

    first, second = new_page(), new_page()
    login(first, live_server, "manager")
    login(second, live_server, "admin")
    first.goto(edit_url)
    second.goto(edit_url)

    first.get_by_label("Details").fill("No contact. Letters through the social worker only.")
    first.get_by_label("Reason for this change").fill("Varied at hearing")
    first.get_by_role("button", name="Save").click()
    expect(first.get_by_text("The restriction has been changed.")).to_be_visible()

    second.get_by_label("Court").fill("Winchester Family Court")
    second.get_by_label("Reason for this change").fill("Court name")
    second.get_by_role("button", name="Save").click()

    alert = second.get_by_role("alert")
    expect(alert).to_contain_text("Someone else changed this while you were editing it")
    expect(alert).to_contain_text("Letters through the social worker only.")
    expect(second.get_by_label("Court")).to_have_value("Winchester Family Court")
    restriction.refresh_from_db()
    assert restriction.court == ""
    assert restriction.details == "No contact. Letters through the social worker only."

    # Having read what changed, the second manager saves again, on top of the first change.
    second.get_by_role("button", name="Save").click()
    expect(second.get_by_text("The restriction has been changed.")).to_be_visible()
    restriction = Restriction.objects.get(pk=restriction.pk)
    assert restriction.court == "Winchester Family Court"
    assert restriction.details == "No contact. Letters through the social worker only."
