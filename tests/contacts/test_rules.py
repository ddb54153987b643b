"""The contact rule: worked examples from the database, then properties that hold for any
combination of restrictions, plan and collectors (hypothesis, on unsaved instances)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from hypothesis import assume, given
from hypothesis import strategies as st

from contacts.models import (
    AuthorisedCollector,
    ContactArrangement,
    ContactType,
    LegalBasis,
    Outcome,
    Person,
    ProtectedRole,
    Restriction,
    RestrictionEffect,
    Risk,
    SocialMediaAssessment,
    SocialMediaDecision,
    Supervision,
    VideoCallPlan,
)
from contacts.rules import (
    MONITORING_CONDITION,
    NO_ASSESSMENT,
    OTHER_ORDER_CONDITION,
    PASSWORD_CONDITION,
    SOON,
    TOO_MANY_WRONG_WORDS,
    WRONG_PASSWORD,
    WRONG_WORD_EARLIER,
    contact_check,
    contact_check_together,
    contact_decide,
    contact_picture,
)

from ..factories import (
    AuthorisedCollectorFactory,
    ChildFactory,
    ContactArrangementFactory,
    ContactPlanFactory,
    PersonFactory,
    RelationshipFactory,
    RestrictionFactory,
    SocialMediaAssessmentFactory,
    VideoCallPlanFactory,
)

# Examples ------------------------------------------------------------------------------------


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def father(child):
    return RelationshipFactory(child=child, person__full_name="Mark Hughes").person


@pytest.fixture
def mother(child):
    return RelationshipFactory(
        child=child, person__full_name="Lisa Hughes", relationship="mother"
    ).person


@pytest.fixture
def plan(child):
    return ContactPlanFactory(child=child)


def arrange(plan, person, contact_type, supervision=Supervision.UNSUPERVISED, **fields):
    return ContactArrangementFactory(
        plan=plan, person=person, contact_type=contact_type, supervision=supervision, **fields
    )


def check(child, person, contact_type, **kwargs):
    return contact_check(child=child, person=person, contact_type=contact_type, **kwargs)


class TestRestrictionsBeatThePlan:
    def test_a_non_molestation_order_refuses_an_unsupervised_visit_the_plan_allows(
        self, child, father, plan
    ):
        arrange(plan, father, ContactType.VISIT)
        RestrictionFactory(
            child=child,
            person=father,
            legal_basis=LegalBasis.NON_MOLESTATION_ORDER,
            effect=RestrictionEffect.NO_CONTACT,
            order_reference="FD25P00123",
        )

        verdict = check(child, father, ContactType.VISIT)

        assert verdict.outcome == Outcome.NOT_ALLOWED
        assert any("Non-molestation order" in reason for reason in verdict.reasons)
        assert any("FD25P00123" in reason for reason in verdict.reasons)
        assert [r.legal_basis for r in verdict.restrictions] == [LegalBasis.NON_MOLESTATION_ORDER]

    def test_an_ended_restriction_is_ignored(self, child, father, plan, today):
        arrange(plan, father, ContactType.VISIT)
        RestrictionFactory(
            child=child,
            person=father,
            starts_on=today - timedelta(30),
            ends_on=today - timedelta(1),
        )
        assert check(child, father, ContactType.VISIT).outcome == Outcome.ALLOWED

    def test_a_restriction_ending_today_still_counts_today(self, child, father, plan, today):
        arrange(plan, father, ContactType.VISIT)
        RestrictionFactory(
            child=child, person=father, starts_on=today - timedelta(30), ends_on=today
        )
        assert check(child, father, ContactType.VISIT).outcome == Outcome.NOT_ALLOWED

    def test_a_future_restriction_is_ignored_until_it_starts(self, child, father, plan, today):
        arrange(plan, father, ContactType.VISIT)
        RestrictionFactory(child=child, person=father, starts_on=today + timedelta(7))

        assert check(child, father, ContactType.VISIT).outcome == Outcome.ALLOWED
        next_week = timezone.now() + timedelta(days=7)
        assert check(child, father, ContactType.VISIT, at=next_week).outcome == (
            Outcome.NOT_ALLOWED
        )

    def test_a_supervised_only_restriction_makes_an_unsupervised_plan_conditional(
        self, child, father, plan
    ):
        arrange(plan, father, ContactType.VISIT)
        RestrictionFactory(
            child=child,
            person=father,
            legal_basis=LegalBasis.CARE_ORDER_CONTACT,
            effect=RestrictionEffect.SUPERVISED_ONLY,
        )

        verdict = check(child, father, ContactType.VISIT)

        assert verdict.outcome == Outcome.CONDITIONAL
        assert "Must be supervised, as the restriction requires." in verdict.conditions
        assert any("Care order contact conditions (s34)" in r for r in verdict.reasons)

    def test_letters_only_conditions_a_letter_and_refuses_a_phone_call(self, child, father, plan):
        arrange(plan, father, ContactType.LETTER)
        arrange(plan, father, ContactType.PHONE)
        order = RestrictionFactory(
            child=child,
            person=father,
            legal_basis=LegalBasis.CHILD_ARRANGEMENTS_ORDER,
            effect=RestrictionEffect.LETTERS_ONLY,
            details="Letters to go through the social worker, who reads them first.",
            order_reference="CA26/0042",
        )

        letter = check(child, father, ContactType.LETTER)
        assert letter.outcome == Outcome.CONDITIONAL
        assert letter.reasons == (
            "The plan allows letter with Mark Hughes.",
            "Allowed by letter only: letters only (indirect contact) for Mark Hughes, any "
            "contact, under the Child arrangements order (CA26/0042).",
        )
        assert letter.conditions == (
            "As the Child arrangements order says: Letters to go through the social worker, "
            "who reads them first.",
        )
        assert letter.restrictions == (order,)
        phone = check(child, father, ContactType.PHONE)
        assert phone.outcome == Outcome.NOT_ALLOWED
        assert phone.reasons == (
            "Not allowed: letters only (indirect contact) for Mark Hughes, any contact, under "
            "the Child arrangements order (CA26/0042).",
        )

    def test_a_restriction_on_a_contact_type_alone_applies_to_everyone(
        self, child, father, mother, plan
    ):
        for person in (father, mother):
            arrange(plan, person, ContactType.SOCIAL_MEDIA)
            arrange(plan, person, ContactType.VISIT)
        RestrictionFactory(
            child=child,
            person=None,
            contact_type=ContactType.SOCIAL_MEDIA,
            legal_basis=LegalBasis.PLACEMENT_PLAN,
        )

        for person in (father, mother):
            verdict = check(child, person, ContactType.SOCIAL_MEDIA)
            assert verdict.outcome == Outcome.NOT_ALLOWED
            assert "anyone, social media" in verdict.reasons[0]
            assert check(child, person, ContactType.VISIT).outcome == Outcome.ALLOWED
        assert check(child, None, ContactType.SOCIAL_MEDIA).outcome == Outcome.NOT_ALLOWED

    def test_another_childs_restriction_does_not_count(self, child, father, plan):
        arrange(plan, father, ContactType.VISIT)
        RestrictionFactory(person=father)  # about a different child
        assert check(child, father, ContactType.VISIT).outcome == Outcome.ALLOWED


class TestThePlan:
    def test_someone_not_in_the_plan_is_refused_not_silently_allowed(self, child, father, plan):
        arrange(plan, father, ContactType.PHONE)

        verdict = check(child, father, ContactType.VISIT)

        assert verdict.outcome == Outcome.NOT_ALLOWED
        assert "not in the plan" in verdict.reasons[0]

    def test_a_child_without_a_plan_allows_nobody(self, child, father):
        verdict = check(child, father, ContactType.PHONE)
        assert verdict.outcome == Outcome.NOT_ALLOWED
        assert "not in the plan" in verdict.reasons[0]

    def test_a_supervised_arrangement_is_conditional(self, child, father, plan):
        arrange(
            plan,
            father,
            ContactType.VISIT,
            Supervision.SUPERVISED,
            supervised_by="the family contact worker",
            conditions="At the family centre only.",
        )

        verdict = check(child, father, ContactType.VISIT)

        assert verdict.outcome == Outcome.CONDITIONAL
        assert verdict.needs_supervision
        assert verdict.reasons == ("The plan allows supervised visit with Mark Hughes.",)
        assert verdict.conditions == (
            "Must be supervised by the family contact worker.",
            "At the family centre only.",
        )

    def test_a_supervised_arrangement_naming_no_supervisor_says_only_that(
        self, child, father, plan
    ):
        arrange(plan, father, ContactType.PHONE, Supervision.SUPERVISED, supervised_by="")
        verdict = check(child, father, ContactType.PHONE)
        assert verdict.outcome == Outcome.CONDITIONAL
        assert verdict.conditions == ("Must be supervised.",)

    def test_not_permitted_in_the_plan_is_refused(self, child, father, plan):
        arrange(plan, father, ContactType.PHONE, Supervision.NOT_PERMITTED)
        verdict = check(child, father, ContactType.PHONE)
        assert verdict.outcome == Outcome.NOT_ALLOWED
        assert "does not permit" in verdict.reasons[0]


class TestCollectionAndDropOff:
    def test_an_authorised_collector_may_collect(self, child, mother):
        AuthorisedCollectorFactory(child=child, person=mother)

        verdict = check(child, mother, ContactType.COLLECTION)

        assert verdict.outcome == Outcome.ALLOWED
        assert verdict.reasons == ("Lisa Hughes is an authorised collector.",)
        assert verdict.conditions == ()
        assert not verdict.asks_password

    def test_the_desk_is_shown_how_to_recognise_the_collector(self, child, mother):
        AuthorisedCollectorFactory(
            child=child, person=mother, identification_notes="Tall, grey hair; shows her badge"
        )
        verdict = check(child, mother, ContactType.COLLECTION)
        assert verdict.outcome == Outcome.ALLOWED
        assert verdict.reasons == ("Lisa Hughes is an authorised collector.",)
        assert verdict.conditions == ("Identification: Tall, grey hair; shows her badge",)

    def test_a_collector_whose_authority_has_ended_is_refused(self, child, mother, today):
        AuthorisedCollectorFactory(
            child=child,
            person=mother,
            valid_from=today - timedelta(90),
            valid_to=today - timedelta(1),
        )
        verdict = check(child, mother, ContactType.COLLECTION)
        assert verdict.outcome == Outcome.NOT_ALLOWED
        assert verdict.reasons == ("Lisa Hughes is not authorised for collection from site.",)

    def test_a_collector_not_yet_valid_is_refused(self, child, mother, today):
        AuthorisedCollectorFactory(child=child, person=mother, valid_from=today + timedelta(1))
        assert check(child, mother, ContactType.COLLECTION).outcome == Outcome.NOT_ALLOWED

    def test_may_not_drop_off_refuses_a_drop_off_but_allows_collection(self, child, mother):
        AuthorisedCollectorFactory(child=child, person=mother, may_drop_off=False)
        assert check(child, mother, ContactType.DROP_OFF).outcome == Outcome.NOT_ALLOWED
        assert check(child, mother, ContactType.COLLECTION).outcome == Outcome.ALLOWED

    def test_someone_who_is_not_a_collector_is_refused(self, child, father, plan):
        # Even a parent with unsupervised visits in the plan is not thereby a collector.
        arrange(plan, father, ContactType.VISIT)
        assert check(child, father, ContactType.COLLECTION).outcome == Outcome.NOT_ALLOWED
        stranger = PersonFactory(site=child.site)
        assert check(child, stranger, ContactType.COLLECTION).outcome == Outcome.NOT_ALLOWED

    def test_someone_not_listed_is_refused(self, child):
        verdict = check(child, None, ContactType.COLLECTION)
        assert verdict.outcome == Outcome.NOT_ALLOWED
        assert verdict.reasons == (
            "Someone not listed for this child: not in the plan; do not allow collection from site.",
        )

    def test_a_collector_for_another_child_is_refused(self, child, mother, site):
        AuthorisedCollectorFactory(child__site=site, person=mother)
        assert check(child, mother, ContactType.COLLECTION).outcome == Outcome.NOT_ALLOWED

    def test_a_no_collection_restriction_beats_an_authorised_collector(self, child, father):
        AuthorisedCollectorFactory(child=child, person=father)
        RestrictionFactory(
            child=child,
            person=father,
            legal_basis=LegalBasis.PROHIBITED_STEPS_ORDER,
            effect=RestrictionEffect.NO_COLLECTION,
        )

        for handover in ContactType.handovers():
            verdict = check(child, father, handover)
            assert verdict.outcome == Outcome.NOT_ALLOWED
            assert "Prohibited steps order" in verdict.reasons[0]

    def test_a_supervised_only_restriction_refuses_a_handover(self, child, father):
        AuthorisedCollectorFactory(child=child, person=father)
        RestrictionFactory(child=child, person=father, effect=RestrictionEffect.SUPERVISED_ONLY)
        assert check(child, father, ContactType.COLLECTION).outcome == Outcome.NOT_ALLOWED

    def test_a_non_molestation_order_beats_an_authorised_collector(self, child, father):
        AuthorisedCollectorFactory(child=child, person=father)
        RestrictionFactory(child=child, person=father)
        verdict = check(child, father, ContactType.COLLECTION)
        assert verdict.outcome == Outcome.NOT_ALLOWED
        assert "Non-molestation order" in verdict.reasons[0]


class TestThePlanAtTheDoor:
    """A handover is face-to-face contact: what the plan says about visits counts at the door."""

    def test_a_collector_whose_visits_the_plan_does_not_permit_is_refused(
        self, child, father, plan
    ):
        AuthorisedCollectorFactory(child=child, person=father)
        arrange(plan, father, ContactType.VISIT, Supervision.NOT_PERMITTED)

        for handover in ContactType.handovers():
            verdict = check(child, father, handover)
            assert verdict.outcome == Outcome.NOT_ALLOWED
            kind = ContactType(handover).label.lower()
            assert verdict.reasons == (
                f"The contact plan does not permit visits with Mark Hughes, so not {kind} either.",
            )

    def test_a_collector_whose_visits_must_be_supervised_is_refused(self, child, father, plan):
        AuthorisedCollectorFactory(child=child, person=father)
        arrange(plan, father, ContactType.VISIT, Supervision.SUPERVISED, supervised_by="staff")

        verdict = check(child, father, ContactType.COLLECTION)

        assert verdict.outcome == Outcome.NOT_ALLOWED
        assert verdict.reasons == (
            "The contact plan says visits with Mark Hughes must be supervised: a handover is "
            "never supervised.",
        )

    def test_unsupervised_visits_or_other_kinds_leave_the_collector_alone(
        self, child, father, mother, plan
    ):
        AuthorisedCollectorFactory(child=child, person=father)
        AuthorisedCollectorFactory(child=child, person=mother)
        arrange(plan, father, ContactType.VISIT)
        arrange(plan, mother, ContactType.PHONE, Supervision.NOT_PERMITTED)
        assert check(child, father, ContactType.COLLECTION).outcome == Outcome.ALLOWED
        assert check(child, mother, ContactType.COLLECTION).outcome == Outcome.ALLOWED

    def test_a_plan_moved_to_a_later_date_still_refuses_at_the_door(self, child, father, today):
        """A child has one plan: moving its date forward must not lift, meanwhile, what it
        says about visits with someone at the door."""
        plan = ContactPlanFactory(child=child, effective_date=today + timedelta(days=3))
        arrange(plan, father, ContactType.VISIT, Supervision.NOT_PERMITTED)
        AuthorisedCollectorFactory(child=child, person=father)
        assert check(child, father, ContactType.COLLECTION).outcome == Outcome.NOT_ALLOWED
        # A plan not yet in effect still allows no other contact.
        arrange(plan, father, ContactType.PHONE)
        assert check(child, father, ContactType.PHONE).outcome == Outcome.NOT_ALLOWED

    @pytest.mark.parametrize("starts", [0, -5])
    def test_a_plan_taking_effect_today_counts_today(self, child, father, today, starts):
        plan = ContactPlanFactory(child=child, effective_date=today + timedelta(days=starts))
        arrange(plan, father, ContactType.PHONE)
        assert check(child, father, ContactType.PHONE).outcome == Outcome.ALLOWED


class TestThePasswordWord:
    def test_a_password_word_on_record_keeps_the_answer_amber_until_given(self, child, mother):
        AuthorisedCollectorFactory(
            child=child, person=mother, password_word="heron", identification_notes="Red coat"
        )

        waiting = check(child, mother, ContactType.COLLECTION)
        assert waiting.outcome == Outcome.CONDITIONAL and waiting.asks_password
        assert waiting.reasons == ("Lisa Hughes is an authorised collector.",)
        assert waiting.conditions == (PASSWORD_CONDITION, "Identification: Red coat")

        given = check(child, mother, ContactType.COLLECTION, password_given=True)
        assert given.outcome == Outcome.ALLOWED and not given.asks_password
        assert given.reasons == (
            "Lisa Hughes is an authorised collector.",
            "They gave the right password word.",
        )
        assert given.conditions == ("Identification: Red coat",)

        wrong = check(child, mother, ContactType.COLLECTION, password_given=False)
        assert wrong.outcome == Outcome.NOT_ALLOWED
        assert wrong.reasons == ("Lisa Hughes is an authorised collector.", WRONG_PASSWORD)

    def test_the_word_cannot_override_a_restriction(self, child, father):
        AuthorisedCollectorFactory(child=child, person=father, password_word="harbour")
        RestrictionFactory(child=child, person=father)
        verdict = check(child, father, ContactType.COLLECTION, password_given=True)
        assert verdict.outcome == Outcome.NOT_ALLOWED


class TestCollectorsDates:
    @pytest.mark.parametrize(
        ("valid_from", "valid_to", "outcome"),
        [
            (0, None, Outcome.ALLOWED),  # authority starts today
            (-30, 0, Outcome.ALLOWED),  # authority ends today
            (1, None, Outcome.NOT_ALLOWED),
            (-30, -1, Outcome.NOT_ALLOWED),
        ],
    )
    def test_a_collectors_authority_counts_on_its_first_and_last_day(
        self, child, mother, today, valid_from, valid_to, outcome
    ):
        AuthorisedCollectorFactory(
            child=child,
            person=mother,
            valid_from=today + timedelta(valid_from),
            valid_to=None if valid_to is None else today + timedelta(valid_to),
        )
        assert check(child, mother, ContactType.COLLECTION).outcome == outcome

    def test_a_collect_only_collector_may_not_drop_off(self, child, mother):
        AuthorisedCollectorFactory(child=child, person=mother, may_drop_off=False)
        assert check(child, mother, ContactType.COLLECTION).outcome == Outcome.ALLOWED
        verdict = check(child, mother, ContactType.DROP_OFF)
        assert verdict.reasons == ("Lisa Hughes is not authorised for drop-off at site.",)


class TestOrdersAboutAnotherChild:
    """The order is per child, but the desk must know when the person at the door is named in
    one about a brother or sister here."""

    @pytest.fixture
    def sister(self, site):
        return ChildFactory(site=site, legal_first_name="Ella", legal_last_name="Hughes")

    def test_a_collector_named_in_a_siblings_order_gets_amber_without_naming_the_sibling(
        self, child, sister, father
    ):
        AuthorisedCollectorFactory(child=child, person=father)
        RelationshipFactory(child=sister, person=father)
        RestrictionFactory(child=sister, person=father, order_reference="NM26/0001")

        verdict = check(child, father, ContactType.COLLECTION)

        assert verdict.outcome == Outcome.CONDITIONAL
        assert verdict.names_in_other_order
        assert verdict.reasons == (
            "Mark Hughes is an authorised collector.",
            "An order about another child at this site names Mark Hughes.",
        )
        assert verdict.conditions == (OTHER_ORDER_CONDITION,)
        assert verdict.restrictions == ()
        assert "Ella" not in " ".join(verdict.reasons + verdict.conditions)
        assert "NM26/0001" not in " ".join(verdict.reasons + verdict.conditions)

    def test_a_password_word_is_still_asked_for(self, child, sister, father):
        AuthorisedCollectorFactory(child=child, person=father, password_word="harbour")
        RestrictionFactory(child=sister, person=father)

        verdict = check(child, father, ContactType.COLLECTION)

        assert verdict.outcome == Outcome.CONDITIONAL
        assert verdict.asks_password is True
        assert verdict.conditions == (PASSWORD_CONDITION, OTHER_ORDER_CONDITION)

    def test_a_brother_or_sister_who_has_left_by_the_day_asked_about_does_not_count(
        self, child, sister, father, today
    ):
        AuthorisedCollectorFactory(child=child, person=father)
        RestrictionFactory(child=sister, person=father)
        sister.leaving_date = today + timedelta(days=1)
        sister.save()
        assert check(child, father, ContactType.COLLECTION).outcome == Outcome.CONDITIONAL
        in_three_days = timezone.now() + timedelta(days=3)
        verdict = check(child, father, ContactType.COLLECTION, at=in_three_days)
        assert verdict.outcome == Outcome.ALLOWED

    def test_a_refusal_still_says_so_and_stays_a_refusal(self, child, sister, father):
        RestrictionFactory(child=sister, person=father)
        verdict = check(child, father, ContactType.COLLECTION)
        assert verdict.outcome == Outcome.NOT_ALLOWED
        assert verdict.names_in_other_order
        assert verdict.reasons[-1] == "An order about another child at this site names Mark Hughes."
        assert verdict.conditions == ()

    def test_an_ended_order_or_one_at_another_site_or_about_a_child_who_left_does_not_count(
        self, child, sister, father, other_site, today
    ):
        AuthorisedCollectorFactory(child=child, person=father)
        RestrictionFactory(child=sister, person=father, ends_on=today - timedelta(1))
        RestrictionFactory(child=ChildFactory(site=other_site), person=father)
        gone = ChildFactory(site=child.site, leaving_date=today - timedelta(1))
        RestrictionFactory(child=gone, person=father)
        RestrictionFactory(child=sister, person=None, contact_type=ContactType.VISIT)
        assert check(child, father, ContactType.COLLECTION).outcome == Outcome.ALLOWED

    def test_the_childs_own_order_is_not_another_childs(self, child, father, plan):
        arrange(plan, father, ContactType.LETTER)
        RestrictionFactory(child=child, person=father, effect=RestrictionEffect.LETTERS_ONLY)
        assert not check(child, father, ContactType.LETTER).names_in_other_order


class TestBlanketRestrictions:
    def test_no_contact_with_anyone_refuses_everyone_and_every_kind(
        self, child, father, mother, plan
    ):
        for person in (father, mother):
            arrange(plan, person, ContactType.PHONE)
            AuthorisedCollectorFactory(child=child, person=person)
        RestrictionFactory(
            child=child,
            person=None,
            contact_type="",
            covers_all_contact=True,
            legal_basis=LegalBasis.EMERGENCY_ON_SITE,
        )
        for person in (father, mother, None):
            for kind in (ContactType.PHONE, ContactType.COLLECTION, ContactType.LETTER):
                verdict = check(child, person, kind)
                assert verdict.outcome == Outcome.NOT_ALLOWED
                assert "no contact for everyone, all contact" in verdict.reasons[0]


class TestProtectedProfessionals:
    @pytest.fixture
    def social_worker(self, child):
        return RelationshipFactory(
            child=child,
            relationship="social worker",
            person__full_name="Ruth Okoro",
            protected_role=ProtectedRole.SOCIAL_WORKER,
        ).person

    def test_no_restriction_cuts_off_a_protected_professional(self, child, social_worker):
        RestrictionFactory(
            child=child,
            person=None,
            covers_all_contact=True,
            legal_basis=LegalBasis.EMERGENCY_ON_SITE,
        )
        RestrictionFactory(child=child, person=None, contact_type=ContactType.PHONE)

        verdict = check(child, social_worker, ContactType.PHONE)

        assert verdict.outcome == Outcome.ALLOWED
        assert verdict.restrictions == ()
        assert verdict.reasons == (
            "Ruth Okoro is the child's social worker: a child must always be able to reach "
            "them (Children's Homes (England) Regulations 2015, reg. 22), so no restriction "
            "applies.",
        )

    def test_they_need_no_arrangement_in_the_plan(self, child, social_worker, plan):
        arrange(plan, social_worker, ContactType.VISIT, Supervision.NOT_PERMITTED)
        assert check(child, social_worker, ContactType.VISIT).outcome == Outcome.ALLOWED
        assert check(child, social_worker, ContactType.VIDEO_CALL).outcome == Outcome.ALLOWED

    def test_at_the_door_they_are_like_anyone_else(self, child, social_worker):
        """Protection is so the child can reach them, not authority to take the child away: at
        the door they need a collector's authority, and an order on handovers holds them too."""
        assert check(child, social_worker, ContactType.COLLECTION).outcome == Outcome.NOT_ALLOWED
        AuthorisedCollectorFactory(child=child, person=social_worker)
        verdict = check(child, social_worker, ContactType.COLLECTION)
        assert verdict.outcome == Outcome.ALLOWED
        assert verdict.reasons == ("Ruth Okoro is an authorised collector.",)
        RestrictionFactory(
            child=child,
            person=None,
            covers_all_contact=True,
            legal_basis=LegalBasis.PROHIBITED_STEPS_ORDER,
            effect=RestrictionEffect.NO_COLLECTION,
        )
        assert check(child, social_worker, ContactType.COLLECTION).outcome == Outcome.NOT_ALLOWED
        assert check(child, social_worker, ContactType.PHONE).outcome == Outcome.ALLOWED

    def test_the_plans_word_on_visits_holds_at_the_door(self, child, social_worker, plan):
        arrange(plan, social_worker, ContactType.VISIT, Supervision.NOT_PERMITTED)
        AuthorisedCollectorFactory(child=child, person=social_worker)
        assert check(child, social_worker, ContactType.COLLECTION).outcome == Outcome.NOT_ALLOWED


class TestMonitoredCorrespondence:
    def test_monitored_correspondence_is_allowed_with_who_reads_it(self, child, father, plan):
        arrange(plan, father, ContactType.LETTER)
        arrange(plan, father, ContactType.VISIT)
        order = RestrictionFactory(
            child=child,
            person=father,
            legal_basis=LegalBasis.CARE_ORDER_CONTACT,
            effect=RestrictionEffect.MONITORED,
            monitored_by="the social worker",
        )

        letter = check(child, father, ContactType.LETTER)
        assert letter.outcome == Outcome.CONDITIONAL
        assert letter.reasons[-1] == (
            "Monitored: correspondence monitored (read before the child receives it) for Mark "
            "Hughes, any contact, under the Care order contact conditions (s34)."
        )
        assert letter.conditions == ("Read by the social worker before the child receives it.",)
        assert letter.restrictions == (order,)
        # A visit is not correspondence: the order says nothing about it.
        assert check(child, father, ContactType.VISIT).outcome == Outcome.ALLOWED


class TestSocialMedia:
    """LP 38 section 8: a risk assessment before use; high risk means monitor or refuse."""

    @pytest.fixture
    def arranged(self, plan, father):
        return arrange(plan, father, ContactType.SOCIAL_MEDIA)

    def test_with_no_assessment_social_media_is_refused_saying_why(self, child, father, arranged):
        verdict = check(child, father, ContactType.SOCIAL_MEDIA)
        assert verdict.outcome == Outcome.NOT_ALLOWED
        assert verdict.reasons == (NO_ASSESSMENT, "The plan allows social media with Mark Hughes.")

    def test_not_allowed_refuses_even_what_the_plan_allows(self, child, father, arranged):
        SocialMediaAssessmentFactory(
            child=child,
            overall_risk=Risk.HIGH,
            decision=SocialMediaDecision.NOT_ALLOWED,
            assessed_on=date(2026, 1, 5),
        )
        verdict = check(child, father, ContactType.SOCIAL_MEDIA)
        assert verdict.outcome == Outcome.NOT_ALLOWED
        assert verdict.reasons[0] == (
            "The social media risk assessment of 5 Jan 2026 (risk high) says: not allowed."
        )
        # Only social media: a phone call is the plan's business.
        arrange(child.contact_plan, father, ContactType.PHONE)
        assert check(child, father, ContactType.PHONE).outcome == Outcome.ALLOWED

    def test_allowed_with_monitoring_asks_who_monitored(self, child, father, arranged):
        SocialMediaAssessmentFactory(
            child=child, decision=SocialMediaDecision.MONITORED, conditions="In the lounge only."
        )
        verdict = check(child, father, ContactType.SOCIAL_MEDIA)
        assert verdict.outcome == Outcome.CONDITIONAL
        assert verdict.needs_monitoring
        assert not verdict.needs_supervision
        assert verdict.conditions == (MONITORING_CONDITION, "In the lounge only.")
        assert verdict.reasons[-1].endswith("says: allowed with monitoring.")

    def test_allowed_lets_the_plan_decide(self, child, father, mother, arranged):
        SocialMediaAssessmentFactory(child=child, decision=SocialMediaDecision.ALLOWED)
        allowed = check(child, father, ContactType.SOCIAL_MEDIA)
        assert allowed.outcome == Outcome.ALLOWED
        assert not allowed.needs_monitoring
        assert allowed.conditions == ()
        assert allowed.reasons[0] == "The plan allows social media with Mark Hughes."
        assert allowed.reasons[1].endswith("says: allowed.")
        # Allowed for the child is not allowed with anyone: the plan still names them.
        refused = check(child, mother, ContactType.SOCIAL_MEDIA)
        assert refused.outcome == Outcome.NOT_ALLOWED
        assert refused.reasons == ("Lisa Hughes is not in the plan for social media.",)

    def test_the_conditions_of_an_assessment_that_allows_are_kept(self, child, father, arranged):
        SocialMediaAssessmentFactory(child=child, conditions="Friends list checked weekly.")
        verdict = check(child, father, ContactType.SOCIAL_MEDIA)
        assert verdict.conditions == ("Friends list checked weekly.",)

    def test_the_latest_assessment_made_by_that_day_counts(self, child, father, arranged, today):
        SocialMediaAssessmentFactory(child=child, assessed_on=today - timedelta(30))
        SocialMediaAssessmentFactory(
            child=child,
            assessed_on=today + timedelta(1),
            review_date=today + timedelta(90),
            decision=SocialMediaDecision.NOT_ALLOWED,
        )
        assert check(child, father, ContactType.SOCIAL_MEDIA).outcome == Outcome.ALLOWED
        tomorrow = timezone.now() + timedelta(days=1)
        assert check(child, father, ContactType.SOCIAL_MEDIA, at=tomorrow).outcome == (
            Outcome.NOT_ALLOWED
        )

    def test_an_assessment_past_its_review_still_counts(self, child, father, arranged, today):
        SocialMediaAssessmentFactory(
            child=child,
            assessed_on=today - timedelta(400),
            review_date=today - timedelta(35),
            decision=SocialMediaDecision.MONITORED,
        )
        assert check(child, father, ContactType.SOCIAL_MEDIA).needs_monitoring

    def test_a_restriction_still_wins(self, child, father, arranged):
        SocialMediaAssessmentFactory(child=child)
        RestrictionFactory(child=child, person=father, contact_type=ContactType.SOCIAL_MEDIA)
        verdict = check(child, father, ContactType.SOCIAL_MEDIA)
        assert verdict.outcome == Outcome.NOT_ALLOWED
        assert verdict.reasons[0].startswith("Not allowed: no contact")

    def test_monitored_correspondence_and_monitoring_both_hold(self, child, father, arranged):
        SocialMediaAssessmentFactory(child=child, decision=SocialMediaDecision.MONITORED)
        RestrictionFactory(
            child=child,
            person=father,
            effect=RestrictionEffect.MONITORED,
            monitored_by="the social worker",
        )
        verdict = check(child, father, ContactType.SOCIAL_MEDIA)
        assert verdict.outcome == Outcome.CONDITIONAL
        assert verdict.needs_monitoring
        assert verdict.conditions == (
            MONITORING_CONDITION,
            "Read by the social worker before the child receives it.",
        )

    def test_a_protected_professional_needs_no_assessment(self, child):
        advocate = RelationshipFactory(
            child=child, person__full_name="Ava Shah", protected_role=ProtectedRole.ADVOCATE
        ).person
        assert check(child, advocate, ContactType.SOCIAL_MEDIA).outcome == Outcome.ALLOWED

    def test_monitoring_is_asked_when_several_take_part(self, child, father, mother, plan):
        arrange(plan, father, ContactType.SOCIAL_MEDIA)
        arrange(plan, mother, ContactType.SOCIAL_MEDIA)
        SocialMediaAssessmentFactory(child=child, decision=SocialMediaDecision.MONITORED)
        verdict = contact_check_together(
            child=child,
            people=[father, mother],
            contact_type=ContactType.SOCIAL_MEDIA,
            at=timezone.now(),
        )
        assert verdict.needs_monitoring
        assert verdict.conditions == (MONITORING_CONDITION,)

    def test_monitoring_is_still_asked_of_someone_in_another_childs_order(
        self, site, child, father, arranged
    ):
        SocialMediaAssessmentFactory(child=child, decision=SocialMediaDecision.MONITORED)
        sibling = ChildFactory(site=site)
        RelationshipFactory(child=sibling, person=father)
        RestrictionFactory(child=sibling, person=father)
        verdict = check(child, father, ContactType.SOCIAL_MEDIA)
        assert verdict.names_in_other_order
        assert verdict.needs_monitoring


class TestVideoCalls:
    def test_a_video_call_with_no_agreed_plan_is_not_in_the_plan(self, child, father, plan):
        verdict = check(child, father, ContactType.VIDEO_CALL)
        assert verdict.outcome == Outcome.NOT_ALLOWED
        assert verdict.reasons == (
            "Mark Hughes is not in the plan: there is no agreed video-call plan with them.",
        )

    def test_an_agreed_video_call_plan_decides(self, child, father, mother):
        VideoCallPlanFactory(child=child, person=father)
        VideoCallPlanFactory(
            child=child,
            person=mother,
            supervision=Supervision.SUPERVISED,
            supervised_by="her key worker",
        )
        allowed = check(child, father, ContactType.VIDEO_CALL)
        assert allowed.outcome == Outcome.ALLOWED
        assert allowed.reasons == ("The plan allows video calls with Mark Hughes.",)
        supervised = check(child, mother, ContactType.VIDEO_CALL)
        assert supervised.outcome == Outcome.CONDITIONAL
        assert supervised.needs_supervision
        assert supervised.conditions == ("Must be supervised by her key worker.",)

    def test_a_video_call_plan_says_nothing_of_other_contact(self, child, father, plan):
        VideoCallPlanFactory(child=child, person=father)
        assert check(child, father, ContactType.PHONE).outcome == Outcome.NOT_ALLOWED

    def test_a_video_call_plan_with_someone_else_does_not_count(self, child, father, mother):
        VideoCallPlanFactory(child=child, person=mother)
        assert check(child, father, ContactType.VIDEO_CALL).outcome == Outcome.NOT_ALLOWED

    def test_a_not_permitted_video_call_plan_refuses(self, child, father):
        VideoCallPlanFactory(child=child, person=father, supervision=Supervision.NOT_PERMITTED)
        verdict = check(child, father, ContactType.VIDEO_CALL)
        assert verdict.reasons == ("The plan does not permit video calls with Mark Hughes.",)

    def test_a_restriction_beats_the_video_call_plan(self, child, father):
        VideoCallPlanFactory(child=child, person=father)
        RestrictionFactory(child=child, person=father)
        assert check(child, father, ContactType.VIDEO_CALL).outcome == Outcome.NOT_ALLOWED

    def test_the_video_call_plan_holds_before_the_contact_plan_takes_effect(
        self, child, father, today
    ):
        ContactPlanFactory(
            child=child, effective_date=today + timedelta(10), review_date=today + timedelta(100)
        )
        VideoCallPlanFactory(child=child, person=father)
        assert check(child, father, ContactType.VIDEO_CALL).outcome == Outcome.ALLOWED

    def test_a_protected_professional_needs_no_video_call_plan(self, child):
        advocate = RelationshipFactory(
            child=child, person__full_name="Ava Shah", protected_role=ProtectedRole.ADVOCATE
        ).person
        assert check(child, advocate, ContactType.VIDEO_CALL).outcome == Outcome.ALLOWED


class TestScopeOfARestriction:
    def test_a_restriction_naming_one_person_leaves_another_alone(
        self, child, father, mother, plan
    ):
        arrange(plan, mother, ContactType.VISIT)
        RestrictionFactory(child=child, person=father)
        verdict = check(child, mother, ContactType.VISIT)
        assert verdict.outcome == Outcome.ALLOWED
        assert verdict.reasons == ("The plan allows visit with Lisa Hughes.",)

    def test_a_restriction_on_one_kind_of_contact_leaves_other_kinds_alone(
        self, child, father, plan
    ):
        arrange(plan, father, ContactType.PHONE)
        arrange(plan, father, ContactType.SOCIAL_MEDIA)
        RestrictionFactory(child=child, person=father, contact_type=ContactType.SOCIAL_MEDIA)
        assert check(child, father, ContactType.PHONE).outcome == Outcome.ALLOWED
        assert check(child, father, ContactType.SOCIAL_MEDIA).outcome == Outcome.NOT_ALLOWED

    def test_a_restriction_on_visits_says_nothing_about_calls(self, child, father, plan):
        arrange(plan, father, ContactType.PHONE)
        RestrictionFactory(child=child, person=father, contact_type=ContactType.VISIT)
        assert check(child, father, ContactType.PHONE).outcome == Outcome.ALLOWED

    def test_a_restriction_on_calls_says_nothing_at_the_door(self, child, mother):
        AuthorisedCollectorFactory(child=child, person=mother)
        RestrictionFactory(child=child, person=mother, contact_type=ContactType.PHONE)
        assert check(child, mother, ContactType.COLLECTION).outcome == Outcome.ALLOWED

    def test_supervised_only_is_attached_to_the_conditional_answer(self, child, father, plan):
        arrange(plan, father, ContactType.PHONE, conditions="Speakerphone in the office.")
        order = RestrictionFactory(
            child=child,
            person=father,
            legal_basis=LegalBasis.CARE_ORDER_CONTACT,
            effect=RestrictionEffect.SUPERVISED_ONLY,
        )
        verdict = check(child, father, ContactType.PHONE)
        assert verdict.restrictions == (order,)
        assert verdict.needs_supervision
        assert verdict.reasons == (
            "The plan allows phone call with Mark Hughes.",
            "Must be supervised: supervised contact only for Mark Hughes, any contact, under the "
            "Care order contact conditions (s34).",
        )
        assert verdict.conditions == (
            "Speakerphone in the office.",
            "Must be supervised, as the restriction requires.",
        )


class TestTheChildsPicture:
    """What the child's page shows beside each arrangement of the plan and each collector."""

    @pytest.fixture
    def grandmother(self, child):
        return RelationshipFactory(
            child=child, person__full_name="June Price", relationship="grandmother"
        ).person

    def test_each_arrangement_is_judged_for_its_person_and_kind_in_name_order(
        self, child, father, mother, plan
    ):
        arrange(plan, mother, ContactType.VISIT, Supervision.SUPERVISED, supervised_by="staff")
        arrange(plan, father, ContactType.PHONE)
        arrange(plan, mother, ContactType.LETTER)

        picture = contact_picture(child=child)

        assert [(a.person, a.contact_type, v.reasons) for a, v in picture.arrangements] == [
            (mother, ContactType.LETTER, ("The plan allows letter with Lisa Hughes.",)),
            (mother, ContactType.VISIT, ("The plan allows supervised visit with Lisa Hughes.",)),
            (father, ContactType.PHONE, ("The plan allows phone call with Mark Hughes.",)),
        ]

    def test_a_collector_is_judged_for_what_they_may_do(self, child, mother, grandmother):
        AuthorisedCollectorFactory(child=child, person=mother, may_drop_off=False)
        AuthorisedCollectorFactory(child=child, person=grandmother, may_collect=False)

        picture = contact_picture(child=child)

        assert [(c.person, v.outcome, v.reasons) for c, v in picture.collectors] == [
            (grandmother, Outcome.ALLOWED, ("June Price is an authorised collector.",)),
            (mother, Outcome.ALLOWED, ("Lisa Hughes is an authorised collector.",)),
        ]

    def test_an_order_about_a_brother_or_sister_shows_beside_the_person_it_names(
        self, child, father, mother, plan
    ):
        for person in (father, mother):
            arrange(plan, person, ContactType.PHONE)
            AuthorisedCollectorFactory(child=child, person=person)
        sister = ChildFactory(site=child.site)
        RestrictionFactory(child=sister, person=father)

        picture = contact_picture(child=child)

        assert [
            (a.person, v.outcome, v.names_in_other_order)
            for a, v in picture.arrangements + picture.collectors
        ] == [
            (mother, Outcome.ALLOWED, False),
            (father, Outcome.CONDITIONAL, True),
            (mother, Outcome.ALLOWED, False),
            (father, Outcome.CONDITIONAL, True),
        ]

    def test_the_picture_is_for_the_day_asked_about(self, child, father, plan, today):
        arrange(plan, father, ContactType.PHONE)
        RestrictionFactory(child=child, person=father, starts_on=today + timedelta(days=3))

        (_, now), *_ = contact_picture(child=child).arrangements
        (_, then), *_ = contact_picture(
            child=child, at=timezone.now() + timedelta(days=3)
        ).arrangements

        assert now.outcome == Outcome.ALLOWED
        assert then.outcome == Outcome.NOT_ALLOWED

    def test_it_is_read_in_eight_queries_however_much_there_is(
        self, child, father, mother, grandmother, plan, django_assert_num_queries
    ):
        """The child's page stays fast: people, restrictions and orders are read with their
        rows, not one by one."""
        sister = ChildFactory(site=child.site)
        for person in (father, mother, grandmother):
            arrange(plan, person, ContactType.PHONE)
            arrange(plan, person, ContactType.LETTER, Supervision.SUPERVISED)
            AuthorisedCollectorFactory(child=child, person=person)
            RestrictionFactory(
                child=child,
                person=person,
                contact_type=ContactType.LETTER,
                effect=RestrictionEffect.SUPERVISED_ONLY,
            )
            RestrictionFactory(child=sister, person=person, contact_type=ContactType.VISIT)
            VideoCallPlanFactory(child=child, person=person)
            SocialMediaAssessmentFactory(child=child)

        with django_assert_num_queries(8):
            picture = contact_picture(child=child)
            verdicts = [
                v for _, v in picture.arrangements + picture.collectors + picture.video_calls
            ]

        assert len(verdicts) == 12
        # The sister's orders are about visits: they matter at the door, not to a phone call.
        assert all(v.names_in_other_order for _, v in picture.collectors)
        assert not any(v.names_in_other_order for _, v in picture.arrangements)
        letters = [
            v.reasons[1] for a, v in picture.arrangements if a.contact_type == ContactType.LETTER
        ]
        assert [reason.split(",")[0] for reason in letters] == [
            "Must be supervised: supervised contact only for June Price",
            "Must be supervised: supervised contact only for Lisa Hughes",
            "Must be supervised: supervised contact only for Mark Hughes",
        ]


# Properties ----------------------------------------------------------------------------------
# 200 examples each (the hypothesis profiles are in tests/conftest.py).

DAY = date(2026, 3, 2)
PEOPLE = [Person(pk=pk, full_name=f"Person {pk}") for pk in (1, 2, 3)]
ADVOCATE = Person(pk=4, full_name="Person 4")
PROTECTED_ROLES = {ADVOCATE.pk: ProtectedRole.ADVOCATE}
PLAN_TYPES = [t for t in ContactType if t not in ContactType.handovers()]
RANK = {Outcome.NOT_ALLOWED: 0, Outcome.CONDITIONAL: 1, Outcome.ALLOWED: 2}

near_dates = st.dates(min_value=DAY - timedelta(days=60), max_value=DAY + timedelta(days=60))
people = st.sampled_from(PEOPLE)
anyone = st.sampled_from([*PEOPLE, ADVOCATE])
texts = st.sampled_from(["", "At the family centre.", "Staff member present"])


@st.composite
def restrictions(draw, *, when="any", person=None, contact_type=None, effect=None):
    """A restriction; `when` is "any", "active" (in force on DAY), "ended" (before DAY),
    "soon" (starting within the week after DAY) or "later" (starting after that)."""
    if when == "active":
        starts = draw(st.dates(max_value=DAY, min_value=DAY - timedelta(days=60)))
        ends = draw(st.none() | st.dates(min_value=DAY, max_value=DAY + timedelta(days=60)))
    elif when == "ended":
        ends = draw(st.dates(min_value=DAY - timedelta(days=60), max_value=DAY - timedelta(1)))
        starts = draw(st.dates(min_value=ends - timedelta(days=60), max_value=ends))
    elif when == "later":  # starts after the week the door holds for the DSL
        starts = draw(st.dates(min_value=DAY + SOON + timedelta(1), max_value=DAY + timedelta(60)))
        ends = draw(st.none() | st.dates(min_value=starts, max_value=starts + timedelta(60)))
    elif when == "soon":  # starts within the week the door looks ahead
        starts = draw(st.dates(min_value=DAY + timedelta(1), max_value=DAY + SOON))
        ends = draw(st.none() | st.dates(min_value=starts, max_value=starts + timedelta(60)))
    else:
        starts = draw(near_dates)
        ends = draw(st.none() | st.dates(min_value=starts, max_value=starts + timedelta(60)))
    who = person if person is not None else draw(st.none() | people)
    how = contact_type if contact_type is not None else draw(st.sampled_from(["", *ContactType]))
    return Restriction(
        covers_all_contact=who is None and not how,
        monitored_by="the social worker",
        legal_basis=draw(st.sampled_from(list(LegalBasis))),
        effect=effect or draw(st.sampled_from(list(RestrictionEffect))),
        person=who,
        contact_type=how,
        details="As the order says.",
        starts_on=starts,
        ends_on=ends,
    )


@st.composite
def arrangement_lists(draw):
    """At most one arrangement per person and type, as the database allows."""
    keys = draw(st.sets(st.tuples(st.sampled_from([1, 2, 3]), st.sampled_from(PLAN_TYPES))))
    return [
        ContactArrangement(
            person=PEOPLE[pk - 1],
            contact_type=contact_type,
            supervision=draw(st.sampled_from(list(Supervision))),
            supervised_by=draw(texts),
            conditions=draw(texts),
        )
        for pk, contact_type in sorted(keys)
    ]


@st.composite
def collectors(draw):
    valid_from = draw(near_dates)
    may_collect = draw(st.booleans())
    return AuthorisedCollector(
        person=draw(people),
        may_collect=may_collect,
        may_drop_off=draw(st.booleans()) if may_collect else True,
        valid_from=valid_from,
        valid_to=draw(st.none() | st.dates(min_value=valid_from, max_value=DAY + timedelta(90))),
        password_word=draw(st.sampled_from(["", "heron"])),
    )


@st.composite
def assessments(draw):
    risk = draw(st.sampled_from(list(Risk)))
    decisions = [d for d in SocialMediaDecision if not (risk == Risk.HIGH and d == "allowed")]
    return SocialMediaAssessment(
        overall_risk=risk,
        decision=draw(st.sampled_from(decisions)),
        conditions=draw(texts),
        assessed_on=draw(st.dates(min_value=DAY - timedelta(days=400), max_value=DAY)),
        review_date=DAY,
    )


@st.composite
def video_call_plans(draw):
    return [
        VideoCallPlan(
            person=PEOPLE[pk - 1],
            supervision=draw(st.sampled_from(list(Supervision))),
            supervised_by=draw(texts),
            conditions=draw(texts),
        )
        for pk in sorted(draw(st.sets(st.sampled_from([1, 2, 3]))))
    ]


@st.composite
def situations(draw):
    """Everything the rule is given, for one question on DAY."""
    return {
        "social_media": draw(st.none() | assessments()),
        "video_call_plans": draw(video_call_plans()),
        "person": draw(st.none() | anyone),
        "contact_type": draw(st.sampled_from(list(ContactType))),
        "on": DAY,
        "restrictions": draw(st.lists(restrictions(), max_size=4)),
        "arrangements": draw(arrangement_lists()),
        "collectors": draw(st.lists(collectors(), max_size=3)),
        # Orders about other children at the site: only the person named in them matters.
        "other_orders": draw(st.lists(restrictions(person=draw(people)), max_size=2)),
        "password_given": draw(st.sampled_from([None, True, False])),
        "protected_roles": PROTECTED_ROLES,
    }


def decide(situation, *, extra=()):
    return contact_decide(**{**situation, "restrictions": [*situation["restrictions"], *extra]})


@given(situation=situations(), data=st.data())
def test_an_active_no_contact_restriction_always_refuses(situation, data):
    person, contact_type = situation["person"], situation["contact_type"]
    assume(person is None or person.pk not in PROTECTED_ROLES)
    scopes = [(None, contact_type)]
    if person is not None:
        scopes += [(person, ""), (person, contact_type)]
    who, how = data.draw(st.sampled_from(scopes))
    no_contact = data.draw(
        restrictions(
            when="active", effect=RestrictionEffect.NO_CONTACT, person=who, contact_type=how
        )
    )
    # restrictions() draws a person when given None: pin the scope exactly.
    no_contact.person, no_contact.contact_type = who, how
    no_contact.covers_all_contact = False

    verdict = decide(situation, extra=[no_contact])

    assert verdict.outcome == Outcome.NOT_ALLOWED
    assert no_contact in verdict.restrictions


@given(situation=situations(), ended=st.lists(restrictions(when="ended"), min_size=1))
def test_a_restriction_that_has_ended_changes_nothing(situation, ended):
    assert decide(situation, extra=ended) == decide(situation)


@given(
    situation=situations(),
    when=st.sampled_from(["soon", "later"]),
    data=st.data(),
)
def test_an_order_yet_to_start_only_adds_a_condition_at_the_door(situation, when, data):
    to_come = data.draw(st.lists(restrictions(when=when), min_size=1))
    before, after = decide(situation), decide(situation, extra=to_come)
    if situation["contact_type"] not in ContactType.handovers():
        assert after == before
    elif after != before:
        # A yes gets a condition (within the week, held for the DSL); never a refusal, never more.
        assert after.outcome == Outcome.CONDITIONAL
        assert before.outcome in (Outcome.ALLOWED, Outcome.CONDITIONAL)
        assert any(reason.startswith("From ") for reason in after.reasons)
        assert after.order_starts_soon or when == "later"


@given(situation=situations(), extra=restrictions())
def test_adding_a_restriction_never_makes_the_answer_more_permissive(situation, extra):
    before, after = decide(situation), decide(situation, extra=[extra])
    assert RANK[after.outcome] <= RANK[before.outcome]


@given(
    situation=situations(),
    person=st.none() | people,
    contact_type=st.sampled_from(PLAN_TYPES),
)
def test_without_an_arrangement_a_contact_is_never_allowed(situation, person, contact_type):
    arrangements = [
        a
        for a in situation["arrangements"]
        if person is None or (a.person_id, a.contact_type) != (person.pk, contact_type)
    ]
    situation = {
        **situation,
        "person": person,
        "contact_type": contact_type,
        "arrangements": arrangements,
        "video_call_plans": [
            p for p in situation["video_call_plans"] if person is None or p.person_id != person.pk
        ],
    }
    assert decide(situation).outcome == Outcome.NOT_ALLOWED


@given(
    situation=situations(),
    extra=st.lists(restrictions(when="active"), min_size=1),
    contact_type=st.sampled_from(PLAN_TYPES),
)
def test_no_restriction_changes_the_answer_for_a_protected_professional(
    situation, extra, contact_type
):
    situation = {**situation, "person": ADVOCATE, "contact_type": contact_type}
    verdict = decide(situation, extra=extra)
    assert verdict == decide({**situation, "restrictions": []})
    assert verdict.outcome != Outcome.NOT_ALLOWED


@given(situation=situations())
def test_someone_named_in_another_childs_order_is_never_a_plain_yes(situation):
    verdict = decide(situation)
    if verdict.names_in_other_order:
        assert verdict.outcome != Outcome.ALLOWED
        assert any("An order about another child" in reason for reason in verdict.reasons)


@given(situation=situations(), handover=st.sampled_from(sorted(ContactType.handovers())))
def test_a_handover_with_a_password_word_is_yes_only_once_the_word_was_given(situation, handover):
    situation = {**situation, "contact_type": handover}
    verdict = decide(situation)
    person = situation["person"]
    worded = [
        c
        for c in situation["collectors"]
        if person is not None
        and c.person_id == person.pk
        and c.is_valid_on(DAY)
        and c.may_hand_over(handover)
    ]
    if verdict.outcome == Outcome.ALLOWED and worded and worded[0].password_word:
        assert situation["password_given"] is True
    if verdict.asks_password:
        assert situation["password_given"] is None and verdict.outcome == Outcome.CONDITIONAL


@given(situation=situations())
def test_a_contact_that_must_be_supervised_is_conditional_and_says_so(situation):
    verdict = decide(situation)
    if verdict.needs_supervision:
        assert verdict.outcome == Outcome.CONDITIONAL
        assert any(condition.startswith("Must be supervised") for condition in verdict.conditions)


@given(situation=situations())
def test_social_media_needs_an_assessment_that_allows_it(situation):
    situation = {**situation, "contact_type": ContactType.SOCIAL_MEDIA}
    assume(situation["person"] is None or situation["person"].pk not in PROTECTED_ROLES)
    verdict = decide(situation)
    assessment = situation["social_media"]
    if assessment is None or assessment.decision == SocialMediaDecision.NOT_ALLOWED:
        assert verdict.outcome == Outcome.NOT_ALLOWED
    if verdict.needs_monitoring:
        assert verdict.outcome == Outcome.CONDITIONAL
        assert MONITORING_CONDITION in verdict.conditions
        assert assessment.decision == SocialMediaDecision.MONITORED


@given(situation=situations())
def test_only_social_media_asks_for_monitoring(situation):
    assume(situation["contact_type"] != ContactType.SOCIAL_MEDIA)
    assert not decide(situation).needs_monitoring
    assert decide(situation) == decide({**situation, "social_media": None})


@given(situation=situations(), person=people)
def test_a_video_call_is_allowed_only_by_an_agreed_video_call_plan(situation, person):
    situation = {**situation, "person": person, "contact_type": ContactType.VIDEO_CALL}
    theirs = [p for p in situation["video_call_plans"] if p.person_id == person.pk]
    verdict = decide(situation)
    if not theirs or theirs[0].supervision == Supervision.NOT_PERMITTED:
        assert verdict.outcome == Outcome.NOT_ALLOWED
    # The contact plan's arrangements say nothing about video calls.
    assert verdict == decide(
        {**situation, "arrangements": [], "plan_starts_on": DAY + timedelta(30)}
    )


@given(situation=situations())
def test_every_verdict_gives_a_reason(situation):
    verdict = decide(situation)
    assert verdict.reasons
    assert all(reason.strip() for reason in verdict.reasons)
    if verdict.outcome == Outcome.CONDITIONAL:
        assert verdict.conditions


class TestDatesOfThePlanAndTheChild:
    def test_a_plan_not_yet_in_effect_says_when_it_starts(self):
        verdict = contact_decide(
            person=PEOPLE[0],
            contact_type=ContactType.PHONE,
            on=DAY,
            restrictions=[],
            arrangements=[ContactArrangement(person=PEOPLE[0], contact_type=ContactType.PHONE)],
            plan_starts_on=date(2026, 4, 1),
        )
        assert verdict.reasons == (
            "The contact plan takes effect on 1 Apr 2026: nobody is in it yet.",
        )

    def test_a_plan_not_yet_in_effect_allows_nothing(self, child, father, today):
        plan = ContactPlanFactory(child=child, effective_date=today + timedelta(days=30))
        arrange(plan, father, ContactType.VISIT)
        verdict = check(child, father, ContactType.VISIT)
        assert verdict.outcome == Outcome.NOT_ALLOWED
        assert "The contact plan takes effect on" in verdict.reasons[0]
        later = timezone.now() + timedelta(days=31)
        assert check(child, father, ContactType.VISIT, at=later).outcome == Outcome.ALLOWED

    def test_after_the_child_has_left_nothing_is_allowed(self, child, father, plan, today):
        arrange(plan, father, ContactType.VISIT)
        AuthorisedCollectorFactory(child=child, person=father)
        child.leaving_date = today
        child.save()
        assert check(child, father, ContactType.COLLECTION).outcome == Outcome.ALLOWED
        tomorrow = timezone.now() + timedelta(days=1)
        verdict = check(child, father, ContactType.COLLECTION, at=tomorrow)
        assert verdict.outcome == Outcome.NOT_ALLOWED
        assert "The child left on" in verdict.reasons[0]


def test_supervised_visits_only_means_no_collection(child, father, plan):
    AuthorisedCollectorFactory(child=child, person=father)
    RestrictionFactory(
        child=child,
        person=father,
        contact_type=ContactType.VISIT,
        effect=RestrictionEffect.SUPERVISED_ONLY,
        legal_basis=LegalBasis.CARE_ORDER_CONTACT,
    )
    verdict = check(child, father, ContactType.COLLECTION)
    assert verdict.outcome == Outcome.NOT_ALLOWED
    assert "Care order contact conditions (s34)" in verdict.reasons[0]
    assert check(child, father, ContactType.PHONE).outcome == Outcome.NOT_ALLOWED  # no plan row


class TestWhatTheDoorLooksAheadTo:
    def test_collecting_the_day_before_an_order_starts_is_held_for_the_dsl(
        self, child, father, today
    ):
        """Friday: an order from Saturday. The child would be with him when it begins."""
        AuthorisedCollectorFactory(child=child, person=father)
        RestrictionFactory(
            child=child, person=father, starts_on=today + timedelta(days=1), order_reference="NM1"
        )
        verdict = check(child, father, ContactType.COLLECTION)
        assert verdict.outcome == Outcome.CONDITIONAL
        assert verdict.reasons[-1].startswith(f"From {date_format(today + timedelta(days=1))}:")
        assert verdict.conditions[-1].startswith("Do not go ahead until the DSL has said so")
        assert verdict.order_starts_soon
        # A phone call today is not affected by tomorrow's order.
        arrange(ContactPlanFactory(child=child), father, ContactType.PHONE)
        assert check(child, father, ContactType.PHONE).outcome == Outcome.ALLOWED

    def test_an_order_more_than_a_week_away_asks_for_the_child_back_before_it(
        self, child, father, today
    ):
        """A fortnight's holiday collection ten days before an order starts: the desk must
        know the date, though the DSL need not decide."""
        starts = today + SOON + timedelta(days=3)
        AuthorisedCollectorFactory(child=child, person=father)
        RestrictionFactory(child=child, person=father, starts_on=starts)
        verdict = check(child, father, ContactType.COLLECTION)
        assert verdict.outcome == Outcome.CONDITIONAL and not verdict.order_starts_soon
        assert verdict.conditions[-1] == (
            f"The child must be back before {date_format(starts)}, when an order starts."
        )

    def test_an_order_that_would_only_monitor_letters_is_not_mentioned(self, child, father, today):
        AuthorisedCollectorFactory(child=child, person=father)
        RestrictionFactory(
            child=child,
            person=father,
            starts_on=today + timedelta(days=2),
            effect=RestrictionEffect.MONITORED,
            contact_type=ContactType.LETTER,
            monitored_by="the social worker",
        )
        assert check(child, father, ContactType.COLLECTION).outcome == Outcome.ALLOWED


def test_a_siblings_monitored_letters_do_not_hold_the_door(site, child, mother):
    sister = ChildFactory(site=site)
    RelationshipFactory(child=sister, person=mother)
    AuthorisedCollectorFactory(child=child, person=mother)
    RestrictionFactory(
        child=sister,
        person=mother,
        legal_basis=LegalBasis.PLACEMENT_PLAN,
        effect=RestrictionEffect.MONITORED,
        contact_type=ContactType.LETTER,
        monitored_by="the social worker",
    )
    verdict = check(child, mother, ContactType.COLLECTION)
    assert verdict.outcome == Outcome.ALLOWED and not verdict.names_in_other_order


def test_two_wrong_words_in_a_day_leave_it_to_the_dsl(child, mother):
    AuthorisedCollectorFactory(child=child, person=mother, password_word="bluebird")
    once = check(child, mother, ContactType.COLLECTION, wrong_words_today=1)
    assert once.outcome == Outcome.CONDITIONAL and once.asks_password
    assert WRONG_WORD_EARLIER in once.reasons
    twice = check(child, mother, ContactType.COLLECTION, wrong_words_today=2)
    assert twice.outcome == Outcome.NOT_ALLOWED and twice.refer_to_dsl
    assert TOO_MANY_WRONG_WORDS in twice.reasons
