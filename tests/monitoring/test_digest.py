"""Each person's tasks: the "my tasks" page and one digest e-mail a day, from one selector;
never twice for the same person and day."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from contacts.models import Acknowledgement, LegalBasis
from coxlease.models import Notification
from monitoring.models import DigestSent
from monitoring.mytasks import tasks_for
from monitoring.services import digest_send, digests_send
from monitoring.tasks import send_daily_digests

from ..coxlease.processes import Bench
from ..factories import ContactPlanFactory, RestrictionFactory, SocialMediaAssessmentFactory

NOW = timezone.now()
TODAY = timezone.localdate(NOW)
MY_TASKS = reverse("monitoring:my-tasks")


@pytest.fixture
def overdue_plan(child):
    return ContactPlanFactory(
        child=child, effective_date=TODAY - timedelta(days=200), review_date=TODAY - timedelta(1)
    )


@pytest.fixture
def late_restriction(child, people):
    return RestrictionFactory(
        child=child,
        legal_basis=LegalBasis.EMERGENCY_ON_SITE,
        imposed_at=NOW - timedelta(hours=30),
        starts_on=TODAY - timedelta(days=2),
        person__full_name="Uncle Ray",
        recorded_by=people.manager,
    )


def confirm(user, restriction):
    Acknowledgement.objects.create(user=user, restriction=restriction, version=restriction.version)


def headings(tasks) -> dict[str, list[str]]:
    return {
        section.kind.key: [task.what for task in section.tasks]
        for site in tasks.sites
        for section in site.sections
    }


class TestTasksFor:
    def test_a_site_manager_has_the_plan_review_the_late_report_and_what_to_read(
        self, people, child, overdue_plan, late_restriction
    ):
        ContactPlanFactory(review_date=TODAY + timedelta(days=30))  # another site, not yet due

        tasks = tasks_for(user=people.manager, now=NOW)

        assert headings(tasks) == {
            "reports": [
                "Report the emergency restriction for Daniel Hughes (no contact) to the placing "
                "authority"
            ],
            "plans": ["Review the contact plan for Daniel Hughes"],
            "confirm": ["Read and confirm the restriction for Daniel Hughes: no contact"],
        }
        (site_tasks,) = tasks.sites
        assert all(task.overdue for task in site_tasks.sections[0].tasks)
        assert tasks.count == 3

    def test_plans_due_within_14_days_and_restrictions_ending_within_14(
        self, people, child, late_restriction
    ):
        confirm(people.manager, late_restriction)
        plan = ContactPlanFactory(child=child, review_date=TODAY + timedelta(days=14))
        ending = RestrictionFactory(child=child, ends_on=TODAY + timedelta(days=14))
        confirm(people.manager, ending)
        RestrictionFactory(child=child, ends_on=TODAY + timedelta(days=15))

        assert tasks_for(user=people.manager, now=NOW).count == 4  # report, plan, ending, read
        plan.review_date = TODAY + timedelta(days=15)
        plan.save()
        assert "plans" not in headings(tasks_for(user=people.manager, now=NOW))
        assert len(headings(tasks_for(user=people.manager, now=NOW))["ending"]) == 1

    def test_the_leads_have_the_social_media_assessment_in_force_to_review(self, people, child):
        earlier = TODAY - timedelta(days=300)
        SocialMediaAssessmentFactory(child=child, assessed_on=earlier, review_date=earlier)
        current = SocialMediaAssessmentFactory(
            child=child, assessed_on=TODAY - timedelta(days=30), review_date=TODAY
        )
        SocialMediaAssessmentFactory(review_date=TODAY)  # another site's child

        for lead in (people.manager, people.dsl):
            (section,) = tasks_for(user=lead, now=NOW).sites[0].sections
            assert [t.url for t in section.tasks] == [current.get_absolute_url()]
            assert section.tasks[0].what == (
                "Review the social media risk assessment for Daniel Hughes"
            )
        assert tasks_for(user=people.staff, now=NOW).count == 0

        SocialMediaAssessmentFactory(
            child=child, assessed_on=TODAY, review_date=TODAY + timedelta(days=180)
        )
        assert tasks_for(user=people.manager, now=NOW).count == 0

    def test_staff_have_only_what_they_must_read(
        self, people, child, overdue_plan, late_restriction
    ):
        assert headings(tasks_for(user=people.staff, now=NOW)) == {
            "confirm": ["Read and confirm the restriction for Daniel Hughes: no contact"]
        }
        confirm(people.staff, late_restriction)
        assert tasks_for(user=people.staff, now=NOW).count == 0
        assert tasks_for(user=people.outsider, now=NOW).count == 0

    def test_the_page_shows_the_same_list(
        self, client, people, child, overdue_plan, late_restriction
    ):
        client.force_login(people.manager)
        html = client.get(MY_TASKS).content.decode()
        for section in tasks_for(user=people.manager).sites[0].sections:
            assert section.kind.heading in html
            for task in section.tasks:
                assert task.what in html and task.url in html
        assert html.count("Overdue") == 2

    def test_nothing_to_do(self, client, people):
        client.force_login(people.outsider)
        assert "Nothing is waiting for you." in client.get(MY_TASKS).content.decode()


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return digests_send(**kwargs)

    return run


class TestDigest:
    def test_one_e_mail_each_listing_their_tasks_naming_nobody(
        self, send, people, child, overdue_plan, late_restriction
    ):
        # Staff, manager and DSL must read the restriction; the administrator manages plans.
        assert send(now=NOW) == 4

        by_recipient = {m.to[0]: m for m in mail.outbox}
        assert len(by_recipient) == 4 and people.outsider.email not in by_recipient
        message = by_recipient[people.manager.email]
        assert message.subject == "Your Coxlease tasks: 3 to do"
        assert message.body.startswith(f"Your tasks in Coxlease on {TODAY:%A %-d %B %Y}:\n")
        assert "Oak Lodge School\n" in message.body
        assert "- 1 contact plan review(s) due or overdue, 1 overdue" in message.body
        assert (
            "- 1 emergency restriction(s) to report to the placing authority, 1 overdue"
            in message.body
        )
        assert f"{django_settings.SITE_URL}{MY_TASKS}" in message.body
        for word in ("Daniel", "Hughes", "Uncle Ray", "molestation"):
            assert word not in message.subject + message.body

    def test_never_twice_a_day_even_run_again(self, send, people, child, late_restriction):
        first = send(now=NOW)
        assert send(now=NOW + timedelta(hours=1)) == 0
        assert digest_send(user=people.manager, now=NOW) is False
        assert len(mail.outbox) == first
        assert DigestSent.objects.filter(day=TODAY).count() == 6  # SLT: nothing to do

        assert send(now=NOW + timedelta(days=1)) == first  # the next day, again

    def test_the_database_refuses_a_second_for_the_same_day(self, people):
        DigestSent.objects.create(user=people.staff, day=TODAY)
        with pytest.raises(IntegrityError), transaction.atomic():
            DigestSent.objects.create(user=people.staff, day=TODAY)

    def test_a_day_with_nothing_to_do_sends_nothing(self, send, people):
        assert send(now=NOW) == 0
        assert mail.outbox == [] and not Notification.objects.exists()
        assert DigestSent.objects.filter(user=people.manager, items=0).exists()

    def test_a_run_that_fails_midway_leaves_nothing_half_done(
        self, send, people, child, late_restriction, monkeypatch
    ):
        """A worker dying while it writes someone's digest: their row and e-mail go together,
        so the next run sends it."""
        import monitoring.services as services

        real_notify = services.notify

        def dies_for_the_manager(**kwargs):
            if kwargs["recipients"] == [people.manager.email]:
                raise RuntimeError("worker killed")
            return real_notify(**kwargs)

        monkeypatch.setattr(services, "notify", dies_for_the_manager)
        with pytest.raises(RuntimeError):
            send(now=NOW)
        assert not DigestSent.objects.filter(user=people.manager).exists()

        monkeypatch.setattr(services, "notify", real_notify)
        send(now=NOW)
        assert [m.to for m in mail.outbox].count([people.manager.email]) == 1

    def test_without_an_e_mail_address_no_digest(self, send, people, child, late_restriction):
        people.staff.email = ""
        people.staff.save()
        send(now=NOW)
        assert not DigestSent.objects.filter(user=people.staff).exists()

    def test_the_task_calls_the_service(self, people, child, late_restriction):
        assert send_daily_digests.apply().get() == 3  # no plan: not the administrator


def test_beat_sends_the_digests_each_morning():
    entry = django_settings.CELERY_BEAT_SCHEDULE["send-daily-digests"]
    assert entry["task"] == send_daily_digests.name
    schedule = entry["schedule"]
    assert schedule.hour == {7, 8, 9, 10, 11} and schedule.minute == {0}
    assert django_settings.CELERY_TIMEZONE == "Europe/London"


# Real processes: beat firing again and again, one e-mail --------------------------------------


@pytest.fixture
def bench(transactional_db, settings, tmp_path):
    with Bench(settings=settings, tmp_path=tmp_path) as bench:
        yield bench


def test_beat_firing_every_second_sends_one_digest(bench, people, child, late_restriction):
    """Beat (the database scheduler, as in production) fires the digest every second: the
    manager gets one e-mail, naming nobody."""
    for user in (people.staff, people.dsl, people.slt, people.admin):
        user.email = ""
        user.save()
    every_second = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(
        name="digests every second", task=send_daily_digests.name, interval=every_second
    )
    worker = bench.worker()

    (message,) = bench.wait_for(lambda: bench.sink.received, what="the digest")
    bench.wait_for(
        lambda: worker.log.read_text().count("send_daily_digests") >= 6, what="five more runs"
    )

    assert len(bench.sink.received) == 1
    assert message["To"] == people.manager.email
    text = message.get_payload(decode=True).decode()
    assert "emergency restriction(s) to report" in text
    for word in ("Daniel", "Hughes", "Uncle Ray"):
        assert word not in text
    assert DigestSent.objects.filter(user=people.manager).count() == 1
