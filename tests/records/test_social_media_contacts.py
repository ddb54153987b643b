"""Social media and video calls in the contact log: the risk assessment and the video-call
plans decide with the contact plan (LP 38 section 8)."""

import pytest

from contacts.models import ContactType, Risk, SocialMediaDecision
from coxlease.models import Notification
from records.models import ContactEntry
from records.services import UNMONITORED

from ..factories import (
    ContactArrangementFactory,
    ContactPlanFactory,
    RelationshipFactory,
    SocialMediaAssessmentFactory,
    VideoCallPlanFactory,
)
from .test_contact_log import html, log


@pytest.fixture
def cousin(child):
    person = RelationshipFactory(
        child=child, person__full_name="Kayla Hughes", relationship="cousin"
    ).person
    ContactArrangementFactory(
        plan=ContactPlanFactory(child=child), person=person, contact_type=ContactType.SOCIAL_MEDIA
    )
    return person


def log_social_media(client, child, person, **fields):
    return log(
        client,
        child,
        contact_type="social_media",
        direction="incoming",
        participants=[person.pk],
        **fields,
    )


def test_social_media_against_not_allowed_is_saved_flagged_and_says_why(
    client, people, child, cousin
):
    SocialMediaAssessmentFactory(
        child=child, overall_risk=Risk.HIGH, decision=SocialMediaDecision.NOT_ALLOWED
    )
    client.force_login(people.staff)

    log_social_media(client, child, cousin)

    entry = ContactEntry.objects.get()
    assert entry.flagged and entry.result == "not_allowed"
    assert "(risk high) says: not allowed." in entry.reasons[0]
    page = html(client.get(entry.get_absolute_url()))
    assert "says: not allowed" in page
    assert Notification.objects.count() == 2  # the DSL and the site manager


def test_social_media_with_no_assessment_is_flagged(client, people, child, cousin):
    client.force_login(people.staff)
    log_social_media(client, child, cousin)
    entry = ContactEntry.objects.get()
    assert entry.flagged
    assert "no social media risk assessment" in entry.reasons[0]


def test_allowed_with_monitoring_asks_who_monitored_and_flags_it_if_nobody_did(
    client, people, child, cousin
):
    SocialMediaAssessmentFactory(child=child, decision=SocialMediaDecision.MONITORED)
    client.force_login(people.staff)

    log_social_media(client, child, cousin)  # it happened, unwatched: recorded, flagged
    unwatched = ContactEntry.objects.get()
    assert unwatched.flagged and unwatched.reasons[-1] == UNMONITORED
    assert Notification.objects.count() == 2  # the DSL and the site manager

    log_social_media(client, child, cousin, supervised="on", supervised_by="Priya Shah")
    entry = ContactEntry.objects.latest("pk")
    assert (entry.result, entry.flagged, entry.supervised_by) == (
        "conditional",
        False,
        "Priya Shah",
    )
    assert "Must be monitored: say who monitored it." in entry.conditions


def test_a_video_call_needs_an_agreed_plan(client, people, child, cousin):
    client.force_login(people.staff)
    log(client, child, contact_type="video_call", direction="incoming", participants=[cousin.pk])
    entry = ContactEntry.objects.get()
    assert entry.flagged
    assert entry.reasons == [
        "Kayla Hughes is not in the plan: there is no agreed video-call plan with them."
    ]

    VideoCallPlanFactory(child=child, person=cousin)
    log(client, child, contact_type="video_call", direction="incoming", participants=[cousin.pk])
    assert not ContactEntry.objects.latest("pk").flagged
