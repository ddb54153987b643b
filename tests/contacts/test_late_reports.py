"""Reg. 22: site managers are told once about each emergency restriction reported late, through
the outbox, in words that name no child, person or order."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone

from contacts.models import LegalBasis, Restriction
from contacts.services.reporting import due_soon_reports_notify, late_reports_notify
from contacts.tasks import notify_late_emergency_reports
from coxlease.models import Notification, Role

from ..coxlease.processes import Bench
from ..factories import ChildFactory, MembershipFactory, RestrictionFactory, UserFactory

NOW = timezone.now().replace(microsecond=0)


def _emergency(child, *, imposed_hours_ago, **fields):
    return RestrictionFactory(
        child=child,
        legal_basis=LegalBasis.EMERGENCY_ON_SITE,
        imposed_at=NOW - timedelta(hours=imposed_hours_ago),
        person__full_name="Uncle Ray",
        order_reference="ZW25E00042",
        **fields,
    )


def _manager(site, email, **user_fields):
    user = UserFactory(email=email, **user_fields)
    MembershipFactory(user=user, site=site, role=Role.SITE_MANAGER)
    return user


@pytest.fixture
def notify(django_capture_on_commit_callbacks):
    """Run the service as beat would; the e-mails go once its transactions commit."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return late_reports_notify(**kwargs)

    return run


class TestLateReportsNotify:
    def test_one_email_per_manager_of_the_site_naming_nobody(
        self, notify, people, site, other_site, child
    ):
        _manager(site, "deputy.manager@example.org")
        _manager(site, "", username="no-email-manager")
        _manager(site, "gone@example.org", is_active=False)
        _manager(other_site, "elm.manager@example.org")
        late = _emergency(child, imposed_hours_ago=25)

        assert notify(now=NOW) == 1

        assert sorted(m.to for m in mail.outbox) == [
            ["deputy.manager@example.org"],
            ["manager@example.org"],
        ]
        for message in mail.outbox:
            assert message.subject == (
                "Urgent, Oak Lodge School: an emergency restriction is late to be reported to "
                "the placing authority"
            )
            assert "Site: Oak Lodge School" in message.body
            assert f"/restrictions/{late.pk}/" in message.body
            for word in ("Daniel", "Hughes", "Uncle Ray", "ZW25E00042", "molestation"):
                assert word not in message.subject + message.body
            assert message.message().get_content_type() == "text/plain"
        late.refresh_from_db()
        assert late.late_report_notice_sent_at == NOW

    def test_the_link_uses_site_url(self, notify, settings, people, child):
        settings.SITE_URL = "https://contact.example.org/"
        late = _emergency(child, imposed_hours_ago=25)
        notify(now=NOW)
        assert f"https://contact.example.org/restrictions/{late.pk}/\n" in mail.outbox[0].body

    def test_each_site_hears_only_about_its_own(self, notify, people, site, other_site, child):
        _manager(other_site, "elm.manager@example.org")
        _emergency(child, imposed_hours_ago=30)
        elsewhere = _emergency(ChildFactory(site=other_site), imposed_hours_ago=30)

        assert notify(now=NOW) == 2

        by_recipient = {tuple(m.to): m.body for m in mail.outbox}
        assert "Site: Elm House" in by_recipient[("elm.manager@example.org",)]
        assert f"/restrictions/{elsewhere.pk}/" in by_recipient[("elm.manager@example.org",)]
        assert "Elm House" not in by_recipient[("manager@example.org",)]

    def test_not_for_reported_not_yet_due_or_court_ordered_restrictions(
        self, notify, people, child
    ):
        _emergency(
            child,
            imposed_hours_ago=30,
            reported_to_authority_at=NOW - timedelta(hours=2),
            reported_how=Restriction.ReportMethod.PHONE,
            reported_to="Duty social worker",
        )
        _emergency(child, imposed_hours_ago=23)
        _emergency(child, imposed_hours_ago=24)  # due exactly now: not yet late
        RestrictionFactory(
            child=child,
            legal_basis=LegalBasis.CHILD_ARRANGEMENTS_ORDER,
            imposed_at=NOW - timedelta(days=30),
        )

        assert notify(now=NOW) == 0
        assert mail.outbox == [] and not Notification.objects.exists()

    def test_a_mail_server_that_is_down_leaves_the_email_waiting_and_crashes_nothing(
        self, notify, settings, people, child
    ):
        late = _emergency(child, imposed_hours_ago=30)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2

        assert notify(now=NOW) == 1

        late.refresh_from_db()
        assert late.late_report_notice_sent_at == NOW
        (notification,) = Notification.objects.all()
        assert notification.status == Notification.Status.PENDING
        assert notification.last_error.startswith("ConnectionRefusedError")

    def test_never_twice(self, notify, people, child):
        _emergency(child, imposed_hours_ago=25)
        assert notify(now=NOW) == 1
        assert notify(now=NOW + timedelta(minutes=15)) == 0
        assert notify() == 0
        assert len(mail.outbox) == 1

    def test_waits_for_a_manager_with_an_email_address(self, notify, people, site, child):
        """Nobody to tell: nothing is marked as sent, and the next run tries again."""
        people.manager.email = ""
        people.manager.save()
        late = _emergency(child, imposed_hours_ago=25)

        assert notify(now=NOW) == 0
        late.refresh_from_db()
        assert late.late_report_notice_sent_at is None

        _manager(site, "new.manager@example.org")
        assert notify(now=NOW) == 1
        assert mail.outbox[0].to == ["new.manager@example.org"]

    def test_the_notice_is_kept_in_the_restrictions_history(self, notify, people, child):
        late = _emergency(child, imposed_hours_ago=25)
        notify(now=NOW)
        record = late.history.latest()
        assert record.history_change_reason == "Site managers told the report is late"
        assert record.late_report_notice_sent_at == NOW
        assert record.history_user is None

    def test_the_task_calls_the_service(self, people, child, django_capture_on_commit_callbacks):
        _emergency(child, imposed_hours_ago=25)
        with django_capture_on_commit_callbacks(execute=True):
            assert notify_late_emergency_reports.apply().get() == 1
        assert len(mail.outbox) == 1


class TestDueSoonWarning:
    """At 18 hours, six hours before the limit, the site managers are warned once."""

    @pytest.fixture
    def warn(self, django_capture_on_commit_callbacks):
        def run(**kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return due_soon_reports_notify(**kwargs)

        return run

    def test_warned_once_from_18_hours_naming_nobody(self, warn, people, child):
        restriction = _emergency(child, imposed_hours_ago=17)
        assert warn(now=NOW) == 0

        assert warn(now=NOW + timedelta(hours=1)) == 1
        assert warn(now=NOW + timedelta(hours=1, minutes=15)) == 0

        (message,) = mail.outbox
        assert message.to == [people.manager.email]
        assert message.subject == (
            "Urgent, Oak Lodge School: an emergency restriction must be reported to the placing "
            "authority within 6 hours"
        )
        assert f"/restrictions/{restriction.pk}/" in message.body
        for word in ("Daniel", "Hughes", "Uncle Ray", "ZW25E00042"):
            assert word not in message.subject + message.body

    def test_not_once_reported_nor_once_late(self, warn, people, child):
        _emergency(
            child,
            imposed_hours_ago=20,
            reported_to_authority_at=NOW - timedelta(hours=1),
            reported_how=Restriction.ReportMethod.PHONE,
            reported_to="Duty social worker",
        )
        _emergency(child, imposed_hours_ago=25)  # late: the late notice says so instead
        assert warn(now=NOW) == 0
        assert mail.outbox == []

    def test_the_15_minute_task_warns_and_tells(
        self, people, child, django_capture_on_commit_callbacks
    ):
        _emergency(child, imposed_hours_ago=19)
        _emergency(child, imposed_hours_ago=25)
        with django_capture_on_commit_callbacks(execute=True):
            assert notify_late_emergency_reports.apply().get() == 2
        assert sorted("6 hours" in m.subject for m in mail.outbox) == [False, True]


def test_beat_runs_the_task_every_15_minutes():
    entry = django_settings.CELERY_BEAT_SCHEDULE["notify-late-emergency-reports"]
    assert entry["task"] == notify_late_emergency_reports.name
    assert entry["schedule"] == 15 * 60


# Real processes: beat's task on a worker, the e-mail at an SMTP server ------------------------


@pytest.fixture
def bench(transactional_db, settings, tmp_path):
    with Bench(settings=settings, tmp_path=tmp_path) as bench:
        yield bench


def test_a_real_worker_sends_the_notice_and_no_childs_name_arrives(bench, people, child):
    child.preferred_name = "Danny"
    child.placing_authority = "Northshire County Council"
    child.save()
    late = _emergency(child, imposed_hours_ago=25)
    bench.worker()

    notify_late_emergency_reports.delay()

    (message,) = bench.wait_for(lambda: bench.sink.received, what="the e-mail")
    text = message.as_string() + message.get_payload(decode=True).decode()
    for word in ("Daniel", "Danny", "Hughes", "Uncle Ray", "ZW25E00042", "Northshire"):
        assert word not in text
    assert message["To"] == "manager@example.org"
    assert "Oak Lodge School" in message["Subject"] and "Urgent" in message["Subject"]
    assert f"/restrictions/{late.pk}/" in text
    late.refresh_from_db()
    assert late.late_report_notice_sent_at is not None
