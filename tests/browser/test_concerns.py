"""Raising and escalating a safeguarding concern, in the browser: staff raise one from a
flagged contact, the DSL sees the banner, opens it, escalates it to the placing authority and
closes it; another member of staff cannot open it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.models import ContactType, LegalBasis, RestrictionEffect
from coxlease.models import Role
from safeguarding.models import Concern, Status
from tests.factories import (
    ContactArrangementFactory,
    ContactPlanFactory,
    MembershipFactory,
    RelationshipFactory,
    RestrictionFactory,
    UserFactory,
)

from .conftest import PASSWORD, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_raised_from_a_flagged_contact_then_escalated_and_closed_by_the_dsl(
    new_page, live_server, people, site, child
):
    dad = RelationshipFactory(child=child, person__full_name="Mark Hughes").person
    ContactArrangementFactory(
        plan=ContactPlanFactory(child=child), person=dad, contact_type=ContactType.PHONE
    )
    RestrictionFactory(
        child=child,
        person=dad,
        legal_basis=LegalBasis.CARE_ORDER_CONTACT,
        effect=RestrictionEffect.SUPERVISED_ONLY,
    )
    other = UserFactory(username="other", password=PASSWORD)
    MembershipFactory(user=other, site=site, role=Role.STAFF)

    staff = new_page({"width": 768, "height": 1024})
    login(staff, live_server, "staff")
    staff.goto(child.get_absolute_url())
    staff.get_by_role("link", name="Log a call").click()
    staff.get_by_label("Incoming (to the child)").check()
    staff.get_by_label("Mark Hughes (father)").check()
    staff.get_by_label("What happened").fill("He asked where Danny will be on Saturday.")
    staff.get_by_role("button", name="Save").click()

    # Straight on to the concern, filled in from the flagged contact.
    expect(
        staff.get_by_role("heading", name="Raise a safeguarding concern about Daniel Hughes")
    ).to_be_visible()
    expect(staff.get_by_label("Category")).to_have_value("plan_not_followed")
    expect(staff.get_by_label("What happened")).to_contain_text("Must be supervised")
    staff.get_by_label("The child's own words").fill("Dad said not to tell anyone he rang.")
    staff.get_by_role("button", name="Raise the concern").click()
    expect(staff.get_by_text("The concern is raised")).to_be_visible()
    concern = Concern.objects.get()
    assert concern.contact_entry.flagged

    dsl = new_page()
    login(dsl, live_server, "dsl")
    banner = dsl.get_by_role("alert").filter(has_text="not yet opened by a lead")
    banner.get_by_role("link").first.click()
    expect(
        dsl.get_by_role("heading", name="Contact plan not followed: Daniel Hughes")
    ).to_be_visible()
    dsl.get_by_role("link", name="Escalate").click()
    dsl.get_by_label("To whom").select_option("placing_authority")
    dsl.get_by_label("When").fill(timezone.localtime().strftime("%Y-%m-%dT%H:%M"))
    dsl.get_by_label("Reference given").fill("HCC-77")
    dsl.get_by_label("What was said and decided").fill("Duty team will speak to the father.")
    dsl.get_by_role("button", name="Save").click()
    expect(dsl.get_by_text("The escalation is recorded.")).to_be_visible()
    dsl.get_by_role("link", name="Close").click()
    dsl.get_by_label("Outcome").fill("Father reminded of the order by the social worker.")
    dsl.get_by_role("button", name="Save").click()
    expect(dsl.get_by_role("region", name="Outcome")).to_contain_text("Father reminded")
    concern.refresh_from_db()
    assert concern.status == Status.CLOSED

    colleague = new_page()
    login(colleague, live_server, "other")
    colleague.goto(concern.get_absolute_url())
    expect(colleague.get_by_role("heading", name="Page not found")).to_be_visible()
