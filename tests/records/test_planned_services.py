"""Planned contact, its rules and services, with the clock given: planning against the one
contact rule (a refusal only for the DSL to review, never silently), how a plan ends, a child
out and back, and the alert when a child is not back by the time due plus the site's grace."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from contacts.models import ContactType, LegalBasis, Outcome
from contacts.rules import Ask, contact_check, contact_check_each
from coxlease.models import Notification
from records.models import Outing, OutingStep, PlannedContact, PlannedKind, PlanStatus, SiteSettings
from records.planned_selectors import children_out, plan_lines, planned_between
from records.planned_services import (
    IN_THE_PAST,
    NOT_NOW,
    TICK_FOR_DSL,
    late_returns_alert,
    outing_return,
    outing_step_record,
    planned_contact_end,
)

from ..factories import ChildFactory, RelationshipFactory, RestrictionFactory
from .planning import go_out, mum_of, on_call, plan


@pytest.fixture
def mum(child):
    return mum_of(child)


@pytest.fixture
def alert(django_capture_on_commit_callbacks):
    """Run the late-return check as beat would, at the time given; e-mails go on commit."""

    def run(now):
        with django_capture_on_commit_callbacks(execute=True):
            return late_returns_alert(now=now)

    return run


class TestPlanning:
    def test_an_allowed_visit_out_is_planned_with_the_rules_answer(self, people, child, mum):
        planned = plan(child, mum, people.manager, place="Town centre", transport="Mum's car")

        planned.refresh_from_db()
        assert planned.result == Outcome.ALLOWED
        assert planned.reasons == ["Karen Hughes is an authorised collector."]
        assert planned.status == PlanStatus.PLANNED and not planned.for_dsl_review
        assert planned.history.get().history_user == people.manager

    def test_a_visit_out_with_staff_is_a_visit_not_a_handover(self, people, child, mum):
        planned = plan(child, mum, people.staff, supervised_by="Sam, key worker")
        assert planned.contact_type == ContactType.VISIT
        assert planned.reasons == ["The plan allows visit with Karen Hughes."]

    def test_someone_the_rule_refuses_needs_the_box_ticked(self, people, child, mum):
        father = RelationshipFactory(child=child, person__full_name="Mark Hughes").person
        RestrictionFactory(child=child, person=father, legal_basis=LegalBasis.NON_MOLESTATION_ORDER)

        with pytest.raises(ValidationError) as refused:
            plan(child, father, people.staff, contact_kind=PlannedKind.VISIT_HERE)

        assert refused.value.message_dict == {"for_dsl_review": [TICK_FOR_DSL]}
        assert not PlannedContact.objects.exists()
        assert not Notification.objects.exists()

    def test_ticked_it_is_saved_for_the_dsl_who_is_told(
        self, people, child, mum, django_capture_on_commit_callbacks
    ):
        father = RelationshipFactory(child=child, person__full_name="Mark Hughes").person
        RestrictionFactory(child=child, person=father)

        with django_capture_on_commit_callbacks(execute=True):
            planned = plan(
                child, father, people.staff, contact_kind=PlannedKind.PHONE, for_dsl_review=True
            )

        assert planned.result == Outcome.NOT_ALLOWED and planned.for_dsl_review
        assert sorted(m.to[0] for m in mail.outbox) == ["dsl@example.org", "manager@example.org"]
        for message in mail.outbox:
            assert "a contact was planned that the contact rule does not allow" in message.subject
            assert planned.get_absolute_url() in message.body
            assert "Mark" not in message.body + message.subject
            assert "Daniel" not in message.body + message.subject

    def test_the_box_ticked_for_an_allowed_contact_means_nothing(self, people, child, mum):
        planned = plan(child, mum, people.staff, for_dsl_review=True)
        assert not planned.for_dsl_review

    def test_a_new_plan_in_the_past_is_refused(self, people, child, mum):
        with pytest.raises(ValidationError) as refused:
            plan(child, mum, people.staff, in_hours=-1)
        assert refused.value.message_dict == {"starts_at": [IN_THE_PAST]}

    def test_ending_before_it_starts_is_refused(self, people, child, mum):
        with pytest.raises(ValidationError) as refused:
            plan(child, mum, people.staff, hours=-1)
        assert refused.value.message_dict == {"ends_at": ["It cannot end before it starts."]}

    def test_only_the_sites_front_line_plans(self, people, child, mum):
        for who in (people.slt, people.admin, people.outsider):
            with pytest.raises(PermissionDenied):
                plan(child, mum, who)

    def test_a_restriction_recorded_since_turns_it_red(self, people, child, mum):
        planned = plan(child, mum, people.manager)
        (before,) = plan_lines([planned], site=child.site)
        assert not before.red and not before.changed

        RestrictionFactory(child=child, person=mum, legal_basis=LegalBasis.EMERGENCY_ON_SITE)

        (after,) = plan_lines(
            PlannedContact.objects.select_related("child", "person"), site=child.site
        )
        assert after.now.outcome == Outcome.NOT_ALLOWED
        assert after.red and after.changed
        assert planned.result == Outcome.ALLOWED  # as it was answered when planned

    def test_the_week_is_asked_of_the_rule_in_a_fixed_number_of_queries(
        self, people, site, child, mum, django_assert_max_num_queries
    ):
        for n in range(3):
            other = ChildFactory(site=site)
            plan(other, mum_of(other), people.manager, in_hours=2 + n)
        plan(child, mum, people.manager)
        today = timezone.localdate()
        with django_assert_max_num_queries(12):
            lines = planned_between(
                user=people.staff, site=site, first=today, last=today + timedelta(days=6)
            )
        assert len(lines) == 4


class TestTheRuleAskedForMany:
    def test_each_answer_is_the_one_asked_alone(self, people, child, mum):
        father = RelationshipFactory(child=child, person__full_name="Mark Hughes").person
        RestrictionFactory(child=child, person=father)
        other = ChildFactory(site=child.site)
        RestrictionFactory(child=other, person=mum)  # an order about another child names mum
        at = timezone.now() + timedelta(days=2)
        asks = [
            Ask(child=child, person=person, contact_type=kind, at=at)
            for person in (mum, father)
            for kind in (ContactType.VISIT, ContactType.COLLECTION, ContactType.PHONE)
        ]
        assert contact_check_each(asks) == [
            contact_check(child=a.child, person=a.person, contact_type=a.contact_type, at=a.at)
            for a in asks
        ]


class TestEndings:
    def test_a_no_show(self, people, child, mum):
        planned = plan(child, mum, people.staff)
        planned_contact_end(
            planned=planned,
            status=PlanStatus.NO_SHOW,
            ended_note="",
            cancelled_by="",
            ended_by=people.staff,
        )
        planned.refresh_from_db()
        assert planned.status == PlanStatus.NO_SHOW and planned.closed_by == people.staff

    @pytest.mark.parametrize(
        ("status", "missing"),
        [
            (PlanStatus.REFUSED, {"ended_note"}),
            (PlanStatus.CANCELLED, {"ended_note", "cancelled_by"}),
        ],
    )
    def test_a_refusal_needs_the_childs_words_a_cancellation_who_and_why(
        self, people, child, mum, status, missing
    ):
        planned = plan(child, mum, people.staff)
        with pytest.raises(ValidationError) as refused:
            planned_contact_end(
                planned=planned,
                status=status,
                ended_note=" ",
                cancelled_by="",
                ended_by=people.staff,
            )
        assert set(refused.value.message_dict) == missing
        planned.refresh_from_db()
        assert planned.status == PlanStatus.PLANNED

    def test_an_ended_plan_cannot_end_again(self, people, child, mum):
        planned = plan(child, mum, people.staff)
        kwargs = {"ended_note": "Mum rang: ill.", "cancelled_by": "Mum", "ended_by": people.staff}
        planned_contact_end(planned=planned, status=PlanStatus.CANCELLED, **kwargs)
        with pytest.raises(ValidationError):
            planned_contact_end(planned=planned, status=PlanStatus.NO_SHOW, **kwargs)


class TestOutAndBack:
    def test_back_before_leaving_is_refused(self, people, child, mum):
        outing = go_out(plan(child, mum, people.staff), people.staff, due_in=timedelta(hours=1))
        with pytest.raises(ValidationError) as refused:
            outing_return(
                outing=outing,
                returned_at=outing.left_at - timedelta(minutes=5),
                recorded_by=people.staff,
            )
        assert list(refused.value.message_dict) == ["returned_at"]

    def test_due_back_before_leaving_is_refused(self, people, child, mum):
        with pytest.raises(ValidationError) as refused:
            go_out(plan(child, mum, people.staff), people.staff, due_in=timedelta(hours=-4))
        assert list(refused.value.message_dict) == ["due_back_at"]

    def test_only_a_visit_out_or_collection_takes_the_child_out(self, people, child, mum):
        with pytest.raises(ValidationError):
            go_out(
                plan(child, mum, people.staff, contact_kind=PlannedKind.VISIT_HERE), people.staff
            )
        assert not Outing.objects.exists()


class TestTheLateReturnAlert:
    @pytest.fixture
    def outing(self, people, child, mum):
        return go_out(plan(child, mum, people.staff), people.staff, due_in=timedelta(minutes=5))

    def test_within_the_grace_nobody_is_alerted(self, alert, people, child, outing):
        assert alert(outing.due_back_at + timedelta(minutes=29, seconds=59)) == 0
        assert mail.outbox == []
        (line,) = children_out(user=people.staff, site=child.site)
        assert not line.late

    def test_at_the_grace_whoever_is_on_call_is_alerted_once(self, alert, people, child, outing):
        on_call(child.site, people.dsl)

        assert alert(outing.due_back_at + timedelta(minutes=30)) == 1
        assert alert(outing.due_back_at + timedelta(minutes=31)) == 0

        (message,) = mail.outbox
        assert message.to == ["dsl@example.org"]
        assert message.subject.startswith("Immediate, Oak Lodge School: a child who went out")
        assert outing.get_absolute_url() in message.body
        assert "Daniel" not in message.body and "Karen" not in message.body
        outing.refresh_from_db()
        assert outing.alerted_at == outing.due_back_at + timedelta(minutes=30)

    def test_nobody_on_call_the_dsl_and_managers_are(self, alert, people, outing):
        alert(outing.due_back_at + timedelta(hours=1))
        assert sorted(m.to[0] for m in mail.outbox) == ["dsl@example.org", "manager@example.org"]

    def test_the_sites_grace(self, alert, child, outing):
        SiteSettings.objects.create(site=child.site, grace_minutes=10)
        assert alert(outing.due_back_at + timedelta(minutes=9)) == 0
        assert alert(outing.due_back_at + timedelta(minutes=10)) == 1

    def test_late_shows_red_on_the_site_page(self, people, child, outing):
        (line,) = children_out(user=people.staff, site=child.site)
        assert not line.red
        Outing.objects.filter(pk=outing.pk).update(
            due_back_at=timezone.now() - timedelta(minutes=31)
        )
        (line,) = children_out(user=people.staff, site=child.site)
        assert line.late and line.red

    def test_the_return_clears_it_and_whoever_was_alerted_hears(
        self, alert, people, child, outing, django_capture_on_commit_callbacks
    ):
        on_call(child.site, people.manager)
        alert(outing.due_back_at + timedelta(minutes=30))
        outing.refresh_from_db()  # as the desk's page reads it
        with django_capture_on_commit_callbacks(execute=True):
            outing_return(outing=outing, returned_at=timezone.now(), recorded_by=people.staff)
        assert [m.to for m in mail.outbox] == [["manager@example.org"]] * 2
        assert "now back" in mail.outbox[1].subject
        assert children_out(user=people.staff, site=child.site) == []
        assert alert(timezone.now() + timedelta(days=1)) == 0

    def test_a_new_time_from_the_family_clears_it_and_a_new_lateness_alerts_again(
        self, alert, people, child, outing
    ):
        alert(outing.due_back_at + timedelta(minutes=30))
        outing.refresh_from_db()  # as the desk's page reads it
        new_time = outing.due_back_at + timedelta(hours=2)
        outing_step_record(
            step=OutingStep(
                outing=outing,
                action=OutingStep.Action.NEW_TIME,
                done_at=timezone.now(),
                who="Karen Hughes, mum",
                new_due_back_at=new_time,
            ),
            recorded_by=people.staff,
        )
        outing.refresh_from_db()
        assert outing.due_back_at == new_time and outing.alerted_at is None
        assert alert(new_time + timedelta(minutes=29)) == 0
        assert alert(new_time + timedelta(minutes=30)) == 1
        assert len(mail.outbox) == 4  # the DSL and the manager, twice

    def test_a_new_time_needs_the_time(self, people, outing):
        with pytest.raises(ValidationError) as refused:
            outing_step_record(
                step=OutingStep(
                    outing=outing,
                    action=OutingStep.Action.NEW_TIME,
                    done_at=timezone.now(),
                    who="Mum",
                ),
                recorded_by=people.staff,
            )
        assert list(refused.value.message_dict) == ["new_due_back_at"]

    def test_the_missing_from_care_steps_are_kept(self, people, outing):
        for kind in OutingStep.MISSING_FROM_CARE:
            outing_step_record(
                step=OutingStep(outing=outing, action=kind, done_at=timezone.now(), who="Duty"),
                recorded_by=people.staff,
            )
        assert [s.action for s in outing.steps.all()] == list(OutingStep.MISSING_FROM_CARE)


def test_beat_runs_the_check_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["alert-late-returns"]
    assert entry == {"task": "records.tasks.alert_late_returns", "schedule": 60}  # by default


def test_asked_again_when_the_child_leaves_a_restriction_since_stops_them(people, child):
    mum = mum_of(child)
    planned = plan(child, mum, people.manager)
    RestrictionFactory(child=child, person=mum, legal_basis=LegalBasis.EMERGENCY_ON_SITE)
    with pytest.raises(ValidationError) as refused:
        go_out(planned, people.staff)
    assert refused.value.messages[0].startswith(NOT_NOW)
    assert not Outing.objects.exists()
