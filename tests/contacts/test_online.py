"""Social media risk assessments and video-call plans: recorded by the site's DSL and manager,
shown on the child's page to everyone who works with the child (LP 38 section 8)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from contacts.models import (
    SocialMediaAssessment,
    SocialMediaDecision,
    Supervision,
    VideoCallPlan,
)
from contacts.models.online import HIGH_RISK_ALLOWED, REVIEW_BEFORE_ASSESSMENT

from ..factories import RelationshipFactory, SocialMediaAssessmentFactory, VideoCallPlanFactory


def html(response):
    return response.content.decode()


def assessment_form(**overrides):
    today = timezone.localdate()
    return {
        "platforms": "Instagram, Snapchat",
        "understanding": "limited",
        "understanding_notes": "Thinks a private account means nobody can see.",
        "keeping_safe": "limited",
        "overall_risk": "high",
        "decision": "not_allowed",
        "assessed_by": "",
        "assessed_on": today.isoformat(),
        "review_date": (today + timedelta(days=90)).isoformat(),
        **overrides,
    }


@pytest.fixture
def brother(child):
    return RelationshipFactory(
        child=child, person__full_name="Dean Hughes", relationship="older brother"
    ).person


class TestSocialMediaAssessment:
    def test_the_dsl_assesses_and_the_child_page_shows_the_decision(self, client, people, child):
        client.force_login(people.dsl)
        url = reverse("contacts:social-media-add", args=[child.pk])
        response = client.post(url, assessment_form(assessed_by=people.dsl.pk))

        assert response.url == child.get_absolute_url() + "#online"
        assessment = SocialMediaAssessment.objects.get()
        assert (assessment.decision, assessment.assessed_by) == ("not_allowed", people.dsl)
        assert assessment.history.get().history_change_reason == "Assessed"
        client.force_login(people.staff)  # staff read it
        page = html(client.get(child.get_absolute_url()))
        assert "Not allowed</span>" in page
        assert "risk <strong>high</strong>" in page
        assert "Assess social media use" not in page and "New assessment" not in page

    def test_a_review_date_before_the_assessment_is_refused_next_to_the_field(
        self, client, people, child
    ):
        client.force_login(people.manager)
        today = timezone.localdate()
        response = client.post(
            reverse("contacts:social-media-add", args=[child.pk]),
            assessment_form(
                assessed_by=people.manager.pk, review_date=(today - timedelta(1)).isoformat()
            ),
        )
        assert response.status_code == 200
        assert REVIEW_BEFORE_ASSESSMENT in html(response)
        assert 'value="Instagram, Snapchat"' in html(response)  # what was typed stays
        assert not SocialMediaAssessment.objects.exists()

    def test_high_risk_cannot_be_plainly_allowed(self, client, people, child):
        client.force_login(people.manager)
        response = client.post(
            reverse("contacts:social-media-add", args=[child.pk]),
            assessment_form(assessed_by=people.manager.pk, decision="allowed"),
        )
        assert HIGH_RISK_ALLOWED in html(response)
        assert not SocialMediaAssessment.objects.exists()

    def test_only_the_sites_leads_may_be_named_as_assessor(self, client, people, child):
        client.force_login(people.manager)
        response = client.post(
            reverse("contacts:social-media-add", args=[child.pk]),
            assessment_form(assessed_by=people.staff.pk),
        )
        assert "Choose a DSL or site manager of this site." in html(response)

    def test_a_correction_says_why_and_is_kept_in_the_history(self, client, people, child):
        assessment = SocialMediaAssessmentFactory(child=child, assessed_by=people.dsl)
        client.force_login(people.dsl)
        url = reverse("contacts:social-media-edit", args=[assessment.pk])
        data = assessment_form(
            assessed_by=people.dsl.pk,
            assessed_on=assessment.assessed_on.isoformat(),
            review_date=assessment.review_date.isoformat(),
            overall_risk="medium",
            decision="monitored",
            edit_version=assessment.edit_version,
        )
        assert "This field is required" in html(client.post(url, data))
        client.post(url, {**data, "reason": "Monitoring agreed at the review"})
        assessment.refresh_from_db()
        assert assessment.decision == SocialMediaDecision.MONITORED
        page = html(client.get(assessment.get_absolute_url()))
        assert "Monitoring agreed at the review" in page
        assert "Allowed with monitoring" in page

    def test_one_past_its_review_is_shown_overdue(self, client, people, child):
        today = timezone.localdate()
        SocialMediaAssessmentFactory(
            child=child, assessed_on=today - timedelta(200), review_date=today - timedelta(1)
        )
        client.force_login(people.staff)
        assert "(review overdue)" in html(client.get(child.get_absolute_url()))

    def test_no_assessment_is_said_plainly(self, client, people, child):
        client.force_login(people.manager)
        page = html(client.get(child.get_absolute_url()))
        assert "No social media risk assessment yet" in page
        assert "Assess social media use" in page


class TestVideoCallPlans:
    def test_the_manager_agrees_one_and_the_child_page_shows_it(
        self, client, people, child, brother
    ):
        client.force_login(people.manager)
        response = client.post(
            reverse("contacts:video-call-plan-add", args=[child.pk]),
            {
                "person": brother.pk,
                "app": "whatsapp",
                "frequency": "Saturdays",
                "supervision": "supervised",
                "supervised_by": "Key worker",
            },
        )
        assert response.url == child.get_absolute_url() + "#online"
        plan = VideoCallPlan.objects.get()
        assert (plan.person, plan.app_name, plan.supervision) == (
            brother,
            "WhatsApp",
            Supervision.SUPERVISED,
        )
        page = html(client.get(child.get_absolute_url()))
        assert "Dean Hughes</td>" in page and "WhatsApp" in page

    @pytest.mark.parametrize(
        ("fields", "field", "message"),
        [
            ({"app": "other"}, "other_app", "Say which app."),
            ({"supervision": "supervised"}, "supervised_by", "Say who supervises this contact."),
        ],
    )
    def test_what_is_missing_is_said_next_to_the_field(
        self, client, people, child, brother, fields, field, message
    ):
        client.force_login(people.dsl)
        data = {"person": brother.pk, "app": "facetime", "supervision": "unsupervised", **fields}
        response = client.post(reverse("contacts:video-call-plan-add", args=[child.pk]), data)
        assert message in html(response)
        assert f'id="error_1_id_{field}"' in html(response)
        assert not VideoCallPlan.objects.exists()

    def test_one_plan_per_person(self, client, people, child, brother):
        VideoCallPlanFactory(child=child, person=brother)
        client.force_login(people.dsl)
        response = client.post(
            reverse("contacts:video-call-plan-add", args=[child.pk]),
            {"person": brother.pk, "app": "skype", "supervision": "unsupervised"},
        )
        assert "already has a video-call plan with this person" in html(response)
        assert VideoCallPlan.objects.count() == 1

    def test_someone_elses_person_is_refused(self, client, people, child, other_site):
        stranger = RelationshipFactory().person
        client.force_login(people.dsl)
        response = client.post(
            reverse("contacts:video-call-plan-add", args=[child.pk]),
            {"person": stranger.pk, "app": "skype", "supervision": "unsupervised"},
        )
        assert "Choose one of this child" in html(response)
        assert not VideoCallPlan.objects.exists()

    def test_an_arrangement_can_no_longer_be_for_video_calls(self, client, people, child):
        from ..factories import ContactPlanFactory

        ContactPlanFactory(child=child)
        client.force_login(people.manager)
        form = html(client.get(reverse("contacts:arrangement-add", args=[child.pk])))
        assert 'value="video_call"' not in form
        assert "Video calls are agreed in a video-call plan." in form


def test_the_assessment_in_force_is_the_same_read_one_child_or_all_at_once(child):
    """`current_at` (the reminders, for every child) agrees with `current_on` (the rule)."""
    today = timezone.localdate()
    made = [
        SocialMediaAssessmentFactory(child=child, assessed_on=today - timedelta(days=days))
        for days in (200, 30, 30, 0)
    ]
    other = SocialMediaAssessmentFactory(assessed_on=today - timedelta(days=5))
    assessments = SocialMediaAssessment.objects
    for day, expected in [
        (today - timedelta(days=300), None),
        (today - timedelta(days=100), made[0]),
        (today - timedelta(days=30), made[2]),  # two on one day: the later recorded
        (today, made[3]),
    ]:
        assert assessments.filter(child=child).current_on(day) == expected
        assert list(assessments.current_at(day).filter(child=child)) == (
            [expected] if expected else []
        )
    assert list(assessments.current_at(today).filter(child=other.child)) == [other]
