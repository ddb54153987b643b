"""The outbox's rules, run in this process: what is written, how a staff alert is worded, what a
failure records, what the sweep picks up, and what an administrator sees. With no broker (as in
`make run`), tasks run in-process once the transaction commits. Delivery by real worker
processes is tested in test_outbox_delivery.py."""

from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from coxlease.models import Notification
from coxlease.outbox import (
    ABANDONED,
    AlertKind,
    Urgency,
    notification_deliver,
    notify,
    outbox_sweep,
    retry_delay,
    staff_alert,
)
from coxlease.tasks import sweep_outbox

from ..factories import UserFactory
from .processes import SmtpSink

Status = Notification.Status
CONCERN = AlertKind(code="concern-raised", what="a concern was raised")


@pytest.fixture
def sink(settings):
    """Mail goes to a real SMTP server in this process."""
    sink = SmtpSink()
    sink.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", sink.port, 5
    yield sink
    sink.stop()


def _write():
    """A notification written but not delivered (its transaction never commits here)."""
    return notify(recipients=["manager@example.org"], kind="test", subject="S", body="B")


def _message_ids(messages):
    return [message.message()["Message-ID"] for message in messages]


def _assert_just_now(moment, delay):
    assert abs(moment - (timezone.now() + delay)) < timedelta(seconds=10)


class TestNotify:
    def test_one_row_per_recipient_delivered_only_after_commit(
        self, site, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks() as callbacks:
            written = notify(
                recipients=["a@example.org", " b@example.org", "", "a@example.org"],
                kind="test",
                subject="Hello",
                body="Sign in.",
                site=site,
            )
        assert [n.recipient for n in written] == ["a@example.org", "b@example.org"]
        assert {n.status for n in Notification.objects.all()} == {Status.PENDING}
        assert mail.outbox == []

        for callback in callbacks:
            callback()  # the transaction commits: in-process, the tasks run now

        assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
        for message in mail.outbox:
            row = Notification.objects.get(recipient=message.to[0])
            assert _message_ids([message]) == [row.message_id]
            assert (row.status, row.attempts, row.site, row.kind) == (Status.SENT, 1, site, "test")
        assert len({n.message_id for n in written}) == 2

    def test_nobody_to_tell_writes_nothing(self, db):
        assert notify(recipients=[" "], kind="test", subject="S", body="B") == []
        assert not Notification.objects.exists()

    def test_a_dedupe_key_is_never_written_twice_for_one_recipient(self, db):
        fields = {"kind": "digest", "subject": "Your day", "body": "B", "dedupe_key": "digest:1"}
        assert len(notify(recipients=["a@example.org"], **fields)) == 1
        again = notify(recipients=["a@example.org", "b@example.org"], **fields)
        assert [n.recipient for n in again] == ["b@example.org"]
        other_day = notify(recipients=["a@example.org"], **(fields | {"dedupe_key": "digest:2"}))
        assert len(other_day) == 1
        no_key = {"kind": "test", "subject": "S", "body": "B"}
        assert len(notify(recipients=["a@example.org"], **no_key)) == 1
        assert len(notify(recipients=["a@example.org"], **no_key)) == 1
        assert Notification.objects.filter(recipient="a@example.org").count() == 4

    def test_a_rolled_back_transaction_leaves_nothing(self, db):
        with pytest.raises(RuntimeError), transaction.atomic():
            _write()
            raise RuntimeError
        assert not Notification.objects.exists()


def test_a_staff_alert_names_the_site_kind_urgency_and_link_only(settings, site):
    settings.SITE_URL = "https://contact.example.org/"

    (alert,) = staff_alert(
        recipients=["dsl@example.org"],
        kind=CONCERN,
        site=site,
        urgency=Urgency.IMMEDIATE,
        link="/concerns/7/",
    )

    assert alert.kind == "concern-raised" and alert.site == site
    assert alert.subject == "Immediate, Oak Lodge School: a concern was raised"
    assert alert.body == (
        "Immediate: a concern was raised.\n"
        "Site: Oak Lodge School\n\n"
        "Sign in to see it:\nhttps://contact.example.org/concerns/7/\n\n"
        "This e-mail names no child, person or order on purpose: the details are in Coxlease.\n"
    )


class TestDelivery:
    def test_a_refusal_is_recorded_and_retried_later_doubling_the_wait(self, settings, sink, db):
        settings.OUTBOX_RETRY_SECONDS = 60
        sink.refuse = 2
        (notification,) = _write()

        assert notification_deliver(pk=notification.pk) is False
        notification.refresh_from_db()
        assert (notification.status, notification.attempts) == (Status.PENDING, 1)
        assert notification.last_error.startswith("SMTPDataError: (451,")
        _assert_just_now(notification.next_attempt_at, timedelta(seconds=60))

        assert notification_deliver(pk=notification.pk) is False
        notification.refresh_from_db()
        assert notification.attempts == 2
        _assert_just_now(notification.next_attempt_at, timedelta(seconds=120))

        assert notification_deliver(pk=notification.pk) is True
        notification.refresh_from_db()
        assert (notification.status, notification.attempts) == (Status.SENT, 3)
        assert "451" in notification.last_error  # the last error stays on record
        assert sink.message_ids() == [notification.message_id]

    def test_the_wait_doubles_up_to_an_hour(self, settings):
        settings.OUTBOX_RETRY_SECONDS = 60
        assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 7, 8, 20)] == [
            60,
            120,
            240,
            3600,
            3600,
            3600,
        ]

    def test_gives_up_after_the_last_attempt(self, settings, sink, db):
        settings.OUTBOX_MAX_ATTEMPTS = 2
        sink.refuse = 5
        (notification,) = _write()
        notification_deliver(pk=notification.pk)
        notification_deliver(pk=notification.pk)
        notification.refresh_from_db()
        assert (notification.status, notification.attempts) == (Status.FAILED, 2)

        assert notification_deliver(pk=notification.pk) is False  # a stray task does nothing
        assert sink.refused == 2

    def test_a_notification_another_worker_is_sending_is_left_to_it(self, db):
        (notification,) = _write()
        Notification.objects.filter(pk=notification.pk).update(status=Status.SENDING)
        assert notification_deliver(pk=notification.pk) is False
        assert mail.outbox == []


class TestSweep:
    def test_queues_what_no_worker_took_in_time(self, db, django_capture_on_commit_callbacks):
        lost, fresh, sent = _write(), _write(), _write()
        now = timezone.now()
        Notification.objects.filter(pk=lost[0].pk).update(next_attempt_at=now)
        Notification.objects.filter(pk=fresh[0].pk).update(next_attempt_at=now + timedelta(1))
        Notification.objects.filter(pk=sent[0].pk).update(status=Status.SENT, next_attempt_at=now)

        with django_capture_on_commit_callbacks(execute=True):
            assert sweep_outbox.apply().get() == 1

        assert _message_ids(mail.outbox) == [lost[0].message_id]

    def test_sends_again_what_a_worker_abandoned_mid_send(
        self, settings, db, django_capture_on_commit_callbacks
    ):
        settings.OUTBOX_SENDING_TIMEOUT_SECONDS = 600
        settings.OUTBOX_MAX_ATTEMPTS = 3
        now = timezone.now()
        abandoned, busy, hopeless = _write()[0], _write()[0], _write()[0]
        for notification, attempts, minutes_ago in (
            (abandoned, 1, 11),
            (busy, 1, 9),
            (hopeless, 3, 11),
        ):
            Notification.objects.filter(pk=notification.pk).update(
                status=Status.SENDING,
                attempts=attempts,
                last_attempt_at=now - timedelta(minutes=minutes_ago),
            )

        with django_capture_on_commit_callbacks(execute=True):
            assert outbox_sweep(now=now) == 1

        for notification in (abandoned, busy, hopeless):
            notification.refresh_from_db()
        assert (abandoned.status, abandoned.attempts) == (Status.SENT, 2)
        assert abandoned.last_error == ABANDONED
        assert busy.status == Status.SENDING
        assert (hopeless.status, hopeless.last_error) == (Status.FAILED, ABANDONED)
        assert _message_ids(mail.outbox) == [abandoned.message_id]


def test_beat_runs_the_sweep_every_outbox_sweep_seconds():
    entry = django_settings.CELERY_BEAT_SCHEDULE["sweep-notification-outbox"]
    assert entry["task"] == sweep_outbox.name
    assert entry["schedule"] == django_settings.OUTBOX_SWEEP_SECONDS == 60


class TestAdmin:
    @pytest.fixture
    def administrator(self, client, db):
        user = UserFactory(is_staff=True, is_superuser=True)
        client.force_login(user)
        return client

    def test_shows_status_attempts_and_the_last_error(self, administrator, sink):
        sink.refuse = 1
        (notification,) = _write()
        notification_deliver(pk=notification.pk)

        page = administrator.get(reverse("admin:coxlease_notification_changelist"))
        assert page.status_code == 200
        row = page.content.decode()
        assert "manager@example.org" in row and "Waiting to be sent" in row
        assert "SMTPDataError: (451, b&#x27;4.3.0 Mail server busy, try again later&#x27;)" in row

        detail = administrator.get(
            reverse("admin:coxlease_notification_change", args=[notification.pk])
        )
        assert detail.status_code == 200
        assert escape(notification.message_id) in detail.content.decode()
        assert b'name="_save"' not in detail.content  # nothing to edit

    def test_send_again_gives_a_failed_notification_one_more_attempt(
        self, administrator, settings, sink, django_capture_on_commit_callbacks
    ):
        settings.OUTBOX_MAX_ATTEMPTS = 1
        sink.refuse = 1
        (notification,) = _write()
        notification_deliver(pk=notification.pk)
        notification.refresh_from_db()
        assert notification.status == Status.FAILED

        with django_capture_on_commit_callbacks(execute=True):
            page = administrator.post(
                reverse("admin:coxlease_notification_changelist"),
                {"action": "send_again", "_selected_action": [notification.pk]},
                follow=True,
            )

        assert "1 notification(s) queued to be sent again." in page.content.decode()
        notification.refresh_from_db()
        assert (notification.status, notification.attempts) == (Status.SENT, 2)
        assert sink.message_ids() == [notification.message_id]
