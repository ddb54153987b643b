"""The contact log on a tablet (768 px): a supervised visit from mum in a few taps, an
unsupervised call under a "supervised only" order flagged with the order named, a text message
late at night noted as outside the site's local rules."""

import re
from datetime import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from contacts.models import ContactType, LegalBasis, RestrictionEffect, Supervision
from records.models import ContactEntry, Direction, LocalRule
from records.services import entry_log
from tests.factories import (
    ContactArrangementFactory,
    ContactPlanFactory,
    RelationshipFactory,
    RestrictionFactory,
)

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TABLET = {"width": 768, "height": 1024}


@pytest.fixture
def family(child):
    plan = ContactPlanFactory(child=child)
    mum = RelationshipFactory(
        child=child, person__full_name="Karen Hughes", relationship="mother"
    ).person
    dad = RelationshipFactory(child=child, person__full_name="Mark Hughes").person
    ContactArrangementFactory(
        plan=plan,
        person=mum,
        contact_type=ContactType.VISIT,
        supervision=Supervision.SUPERVISED,
        supervised_by="key worker",
    )
    ContactArrangementFactory(plan=plan, person=mum, contact_type=ContactType.MESSAGE)
    ContactArrangementFactory(plan=plan, person=dad, contact_type=ContactType.PHONE)
    RestrictionFactory(
        child=child,
        person=dad,
        legal_basis=LegalBasis.CARE_ORDER_CONTACT,
        effect=RestrictionEffect.SUPERVISED_ONLY,
        order_reference="ZC25C00312",
    )
    return mum, dad


def test_a_supervised_visit_from_mum_takes_a_few_taps(new_page, live_server, people, child, family):
    page = new_page(TABLET)
    login(page, live_server, "staff")
    page.goto(child.get_absolute_url())

    # 1: log a visit; 2: mum; 3: supervised; 4: what happened; 5: save.
    page.get_by_role("link", name="Log a visit").click()
    page.get_by_label("Karen Hughes (mother)").check()
    expect(page.locator("#rule-preview")).to_contain_text("Allowed with conditions")
    page.get_by_label("Supervised", exact=True).check()
    page.get_by_label("What happened").fill("Played a board game; talked about the holidays.")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("The contact has been logged.")).to_be_visible()
    contacts = page.get_by_role("region", name="Contacts")
    expect(contacts).to_contain_text("with Karen Hughes")
    entry = ContactEntry.objects.get()
    assert entry.supervised and not entry.flagged
    assert entry.supervised_by == "Sam Tester"  # me, filled in
    assert list(entry.staff_present.values_list("username", flat=True)) == ["staff"]
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]


def test_an_unsupervised_call_under_a_supervised_only_order_is_flagged(
    new_page, live_server, people, child, family
):
    page = new_page(TABLET)
    login(page, live_server, "staff")
    page.goto(child.get_absolute_url())
    page.get_by_role("link", name="Log a call").click()
    page.get_by_label("Incoming (to the child)").check()
    page.get_by_label("Mark Hughes (father)").check()
    expect(page.locator("#rule-preview")).to_contain_text("Must be supervised")
    page.get_by_label("What happened").fill("Asked about the weekend.")
    page.get_by_role("button", name="Save").click()

    # Flagged: the desk lands on a concern already filled in from the contact.
    expect(
        page.get_by_role("heading", name=re.compile("^Raise a safeguarding concern"))
    ).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(
        "Care order contact conditions (s34) (ZC25C00312)"
    )
    assert ContactEntry.objects.get().flagged


def test_a_message_at_half_past_eleven_is_outside_the_local_rules(
    new_page, live_server, people, site, child, family
):
    for days in LocalRule.Days:
        LocalRule.objects.create(
            site=site,
            activity=LocalRule.Activity.MESSAGES,
            days=days,
            from_time=time(7),
            until_time=time(21),
        )
    late = timezone.localtime().replace(hour=23, minute=30)
    if late > timezone.localtime():
        late -= timezone.timedelta(days=1)
    page = new_page(TABLET)
    login(page, live_server, "staff")
    page.goto(child.get_absolute_url())
    page.get_by_role("link", name="Log another contact").click()
    page.get_by_label("Text or instant message").check()
    page.get_by_label("Incoming (to the child)").check()
    page.get_by_label("When it started").fill(late.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Karen Hughes (mother)").check()
    expect(page.get_by_label("What happened")).to_be_hidden()  # private: no summary
    expect(page.locator("#rule-preview")).to_contain_text("Allowed")
    expect(page.get_by_label("Content (monitored correspondence)")).to_be_hidden()  # nor content
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_text("The contact has been logged.")).to_be_visible()
    expect(page.get_by_role("region", name="Contacts")).to_contain_text("outside local rules")
    entry = ContactEntry.objects.get()
    assert entry.outside_local_rules and not entry.flagged


def test_the_chronology_shows_all_three_with_the_order_in_force(
    new_page, live_server, people, site, child, family
):
    mum, dad = family
    LocalRule.objects.create(
        site=site,
        activity=LocalRule.Activity.MESSAGES,
        days=LocalRule.Days.SCHOOL_DAYS,
        from_time=time(7),
        until_time=time(21),
    )
    LocalRule.objects.create(
        site=site,
        activity=LocalRule.Activity.MESSAGES,
        days=LocalRule.Days.WEEKENDS,
        from_time=time(7),
        until_time=time(21),
    )
    now = timezone.localtime()
    late = now.replace(hour=23, minute=30) - timezone.timedelta(days=1)
    for contact_type, direction, person, started, supervised in [
        (ContactType.VISIT, Direction.IN_PERSON, mum, now - timezone.timedelta(hours=3), True),
        (ContactType.PHONE, Direction.INCOMING, dad, now - timezone.timedelta(hours=2), False),
        (ContactType.MESSAGE, Direction.INCOMING, mum, late, False),
    ]:
        entry_log(
            entry=ContactEntry(
                child=child,
                contact_type=contact_type,
                direction=direction,
                started_at=started,
                supervised=supervised,
                supervised_by="Sam Tester" if supervised else "",
                summary="" if contact_type == ContactType.MESSAGE else "Talked about school.",
            ),
            participants=[person],
            staff_present=[people.staff],
            recorded_by=people.staff,
        )

    page = new_page(TABLET)
    login(page, live_server, "staff")
    page.goto(child.get_absolute_url())
    page.get_by_role("link", name="Chronology").click()

    rows = page.get_by_role("main").get_by_role("row")
    contacts = rows.filter(has=page.get_by_text("Contact", exact=True))
    expect(contacts).to_have_count(3)
    expect(contacts.filter(has_text="with Karen Hughes, supervised by Sam Tester")).to_have_count(1)
    call = contacts.filter(has_text="with Mark Hughes")
    expect(call).to_contain_text("Flagged")
    expect(call).to_contain_text("ZC25C00312")
    message = contacts.filter(has_text="Text or instant message")
    expect(message).to_contain_text("Outside the site's local rules")
    assert page.evaluate("document.documentElement.scrollWidth") <= TABLET["width"]


def test_a_monitored_letter_offers_the_content_box(new_page, live_server, people, child, family):
    mum, _ = family
    ContactArrangementFactory(plan=child.contact_plan, person=mum, contact_type=ContactType.LETTER)
    RestrictionFactory(
        child=child,
        person=mum,
        legal_basis=LegalBasis.CARE_ORDER_CONTACT,
        effect=RestrictionEffect.MONITORED,
        monitored_by="the social worker",
    )
    page = new_page(TABLET)
    login(page, live_server, "staff")
    page.goto(child.get_absolute_url())
    page.get_by_role("link", name="Log another contact").click()
    page.get_by_label("Letter", exact=True).check()
    content = page.get_by_label("Content (monitored correspondence)")
    expect(content).to_be_hidden()
    page.get_by_label("Karen Hughes (mother)").check()
    expect(page.locator("#rule-preview")).to_contain_text("read by the social worker")
    expect(content).to_be_visible()
