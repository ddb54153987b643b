"""Reg. 22: site managers are told once about each emergency restriction reported late."""

import os
import uuid
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from celery.result import EagerResult
from django.conf import settings as django_settings
from django.core import mail
from django.utils import timezone
from django.utils.formats import date_format

from contacts.models import LegalBasis, Restriction
from contacts.services.reporting import late_reports_notify
from contacts.tasks import notify_late_emergency_reports
from coxlease.celery import app as celery_app
from coxlease.models import Role

from ..factories import ChildFactory, MembershipFactory, RestrictionFactory, UserFactory

NOW = timezone.now().replace(microsecond=0)


def _emergency(child, *, imposed_hours_ago, **fields):
    return RestrictionFactory(
        child=child,
        legal_basis=LegalBasis.EMERGENCY_ON_SITE,
        imposed_at=NOW - timedelta(hours=imposed_hours_ago),
        person__full_name="Uncle Ray",
        **fields,
    )


def _manager(site, email, **user_fields):
    user = UserFactory(email=email, **user_fields)
    MembershipFactory(user=user, site=site, role=Role.SITE_MANAGER)
    return user


class TestLateReportsNotify:
    def test_one_email_per_late_restriction_to_that_sites_managers(
        self, people, site, other_site, child
    ):
        _manager(site, "deputy.manager@example.org")
        _manager(site, "", username="no-email-manager")
        _manager(site, "gone@example.org", is_active=False)
        _manager(other_site, "elm.manager@example.org")
        late = _emergency(child, imposed_hours_ago=25)

        assert late_reports_notify(now=NOW) == 1

        (message,) = mail.outbox
        assert sorted(message.to) == ["deputy.manager@example.org", "manager@example.org"]
        assert "not been reported" in message.body and "Daniel Hughes" in message.body
        due = date_format(timezone.localtime(late.imposed_at + timedelta(hours=24)), "j F Y, H:i")
        assert f"Report was due: {due}" in message.body
        assert str(late) in message.body
        assert message.alternatives == []  # plain text only
        late.refresh_from_db()
        assert late.late_report_notice_sent_at == NOW

    def test_the_link_uses_site_url(self, settings, people, child):
        settings.SITE_URL = "https://contact.example.org/"
        late = _emergency(child, imposed_hours_ago=25)
        late_reports_notify(now=NOW)
        assert f"https://contact.example.org/restrictions/{late.pk}/\n" in mail.outbox[0].body

    def test_each_site_hears_only_about_its_own_children(self, people, site, other_site, child):
        _manager(other_site, "elm.manager@example.org")
        _emergency(child, imposed_hours_ago=30)
        _emergency(ChildFactory(site=other_site, legal_first_name="Elmer"), imposed_hours_ago=30)

        assert late_reports_notify(now=NOW) == 2

        by_recipient = {tuple(m.to): m.body for m in mail.outbox}
        assert "Daniel Hughes" in by_recipient[("manager@example.org",)]
        assert "Elmer" in by_recipient[("elm.manager@example.org",)]
        assert "Elmer" not in by_recipient[("manager@example.org",)]

    def test_not_for_reported_not_yet_due_or_court_ordered_restrictions(self, people, child):
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

        assert late_reports_notify(now=NOW) == 0
        assert mail.outbox == []

    def test_a_mail_server_that_is_down_delays_the_notice_and_crashes_nothing(
        self, settings, people, child
    ):
        late = _emergency(child, imposed_hours_ago=30)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
        assert late_reports_notify(now=NOW) == 0
        late.refresh_from_db()
        assert late.late_report_notice_sent_at is None
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        assert late_reports_notify(now=NOW) == 1
        assert len(mail.outbox) == 1

    def test_never_twice(self, people, child):
        _emergency(child, imposed_hours_ago=25)
        assert late_reports_notify(now=NOW) == 1
        assert late_reports_notify(now=NOW + timedelta(minutes=15)) == 0
        assert late_reports_notify() == 0
        assert len(mail.outbox) == 1

    def test_waits_for_a_manager_with_an_email_address(self, people, site, child):
        """Nobody to tell: nothing is marked as sent, and the next run tries again."""
        people.manager.email = ""
        people.manager.save()
        late = _emergency(child, imposed_hours_ago=25)

        assert late_reports_notify(now=NOW) == 0
        late.refresh_from_db()
        assert late.late_report_notice_sent_at is None

        _manager(site, "new.manager@example.org")
        assert late_reports_notify(now=NOW) == 1
        assert mail.outbox[0].to == ["new.manager@example.org"]

    def test_the_notice_is_kept_in_the_restrictions_history(self, people, child):
        late = _emergency(child, imposed_hours_ago=25)
        late_reports_notify(now=NOW)
        record = late.history.latest()
        assert record.history_change_reason == "Site managers told the report is late"
        assert record.late_report_notice_sent_at == NOW
        assert record.history_user is None

    def test_the_task_calls_the_service(self, people, child):
        _emergency(child, imposed_hours_ago=25)
        assert notify_late_emergency_reports.apply().get() == 1
        assert len(mail.outbox) == 1


def test_beat_runs_the_task_every_15_minutes():
    entry = django_settings.CELERY_BEAT_SCHEDULE["notify-late-emergency-reports"]
    assert entry["task"] == notify_late_emergency_reports.name
    assert entry["schedule"] == 15 * 60


# A real worker, fed through Redis -------------------------------------------------------------


@pytest.fixture
def redis_url():
    url = os.environ.get("REDIS_URL_FOR_TESTS", "")
    if not url:
        if os.environ.get("CI"):
            pytest.fail("CI must set REDIS_URL_FOR_TESTS, e.g. redis://127.0.0.1:6379/15")
        pytest.skip(
            "REDIS_URL_FOR_TESTS is not set: set it to a Redis database the tests may use "
            "(e.g. redis://127.0.0.1:6379/15) to run this on a real Celery worker"
        )
    return url


def _forget_connections(app):
    """Drop the broker and result backend connections cached under the previous settings."""
    if app._pool is not None:
        app._pool.force_close_all()
    app._pool = None
    app.amqp._producer_pool = None
    app._backend_cache = None
    vars(app._local).pop("backend", None)


@pytest.fixture
def celery_on_redis(redis_url):
    """The project's Celery app on Redis for one test, on a queue of its own, then as it was.

    The project's settings make Celery eager when REDIS_URL is empty (as in tests). The queue
    name is unique so that a test run elsewhere on the same Redis cannot take our messages.
    """
    queue = f"coxlease-test-{uuid.uuid4().hex}"
    overrides = {
        "broker_url": redis_url,
        "result_backend": redis_url,
        "task_always_eager": False,
        "task_default_queue": queue,
        "worker_hijack_root_logger": False,
        "worker_enable_remote_control": False,
    }
    saved = {key: celery_app.conf[key] for key in overrides}
    celery_app.conf.update(overrides)
    _forget_connections(celery_app)
    try:
        yield celery_app
    finally:
        with celery_app.connection_for_write() as connection:
            redis = connection.default_channel.client
            for key in redis.scan_iter(f"*{queue}*"):
                redis.delete(key)
        celery_app.conf.update(saved)
        _forget_connections(celery_app)


def test_a_real_worker_sends_the_notice(celery_on_redis, transactional_db, people, child):
    late = _emergency(child, imposed_hours_ago=25)

    with start_worker(celery_on_redis, perform_ping_check=False, shutdown_timeout=30):
        result = notify_late_emergency_reports.delay()
        assert not isinstance(result, EagerResult)
        assert result.get(timeout=30) == 1
        result.forget()

    (message,) = mail.outbox
    assert message.to == ["manager@example.org"] and "Daniel Hughes" in message.body
    late.refresh_from_db()
    assert late.late_report_notice_sent_at is not None
