"""Social media on a tablet (768 px): the child's page shows the social media decision, and a
social media contact logged against "not allowed" is flagged with the assessment named."""

import re

import pytest
from playwright.sync_api import expect

from contacts.models import ContactType, Risk, SocialMediaDecision
from records.models import ContactEntry
from tests.factories import (
    ContactArrangementFactory,
    ContactPlanFactory,
    RelationshipFactory,
    SocialMediaAssessmentFactory,
    VideoCallPlanFactory,
)

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TABLET = {"width": 768, "height": 1024}


@pytest.fixture
def cousin(child, people):
    person = RelationshipFactory(
        child=child, person__full_name="Kayla Hughes", relationship="cousin"
    ).person
    ContactArrangementFactory(
        plan=ContactPlanFactory(child=child), person=person, contact_type=ContactType.SOCIAL_MEDIA
    )
    VideoCallPlanFactory(child=child, person=person, frequency="Saturday mornings")
    SocialMediaAssessmentFactory(
        child=child,
        overall_risk=Risk.HIGH,
        decision=SocialMediaDecision.NOT_ALLOWED,
        assessed_by=people.dsl,
    )
    return person


def test_a_social_media_contact_against_not_allowed_is_flagged(
    new_page, live_server, people, child, cousin
):
    page = new_page(TABLET)
    login(page, live_server, "staff")
    page.goto(child.get_absolute_url())

    online = page.get_by_role("region", name="Social media and video calls")
    expect(online).to_contain_text("Not allowed")
    expect(online).to_contain_text("risk high")
    expect(online).to_contain_text("review by")
    expect(online).to_contain_text("Saturday mornings")

    page.get_by_role("link", name="Log another contact").click()
    page.get_by_label("Social media").check()
    page.get_by_label("Incoming (to the child)").check()
    page.get_by_label("Kayla Hughes (cousin)").check()
    expect(page.locator("#rule-preview")).to_contain_text("social media risk assessment")
    page.get_by_role("button", name="Save").click()

    expect(
        page.get_by_role("heading", name=re.compile("^Raise a safeguarding concern"))
    ).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("(risk high) says: not allowed")
    entry = ContactEntry.objects.get()
    assert entry.flagged and entry.result == "not_allowed"
