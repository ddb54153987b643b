"""The outbox with real processes: Celery workers on the test database fed through a real Redis,
and a real SMTP server counting what it accepts. Nothing eager, nothing mocked."""

import pytest
from django.db import transaction

from coxlease.models import Notification
from coxlease.outbox import notify
from coxlease.tasks import deliver_notification

from ..factories import SiteFactory
from .processes import Bench

Status = Notification.Status


@pytest.fixture
def bench(transactional_db, settings, tmp_path):
    with Bench(settings=settings, tmp_path=tmp_path) as bench:
        yield bench


def _notify(subject="Something needs you", recipient="manager@example.org"):
    """A notification written in the transaction of the record that causes it."""
    with transaction.atomic():
        site = SiteFactory()
        (notification,) = notify(
            recipients=[recipient], kind="test", subject=subject, body="Sign in.", site=site
        )
    return notification


def _status(notification):
    notification.refresh_from_db()
    return notification.status


def test_a_notification_is_delivered_once_by_a_worker(bench):
    bench.worker()
    notification = _notify()

    (message,) = bench.wait_for(lambda: bench.sink.received, what="the e-mail")
    assert message["To"] == "manager@example.org"
    assert message["Subject"] == "Something needs you"
    assert message["Message-ID"] == notification.message_id
    bench.wait_for(lambda: _status(notification) == Status.SENT, what="the row marked sent")
    assert (notification.attempts, notification.last_error) == (1, "")

    # A stray second task for the same row (a task queued twice) sends nothing more: once the
    # marker queued after it arrives, the first message is still there once.
    deliver_notification.delay(notification.pk)
    marker = _notify(subject="Marker")
    bench.wait_for(lambda: len(bench.sink.received) == 2, what="the marker")
    assert bench.sink.message_ids() == [notification.message_id, marker.message_id]


def test_a_rolled_back_transaction_writes_and_sends_nothing(bench):
    bench.worker()

    with pytest.raises(RuntimeError), transaction.atomic():
        notify(recipients=["manager@example.org"], kind="test", subject="Never", body="-")
        raise RuntimeError("the record could not be saved")
    assert not Notification.objects.exists()

    marker = _notify(subject="Marker")
    bench.wait_for(lambda: bench.sink.received, what="the marker")
    assert bench.sink.message_ids() == [marker.message_id]


def test_a_worker_killed_mid_send_is_replaced_and_the_message_arrives_once(bench):
    bench.sink.stall = True  # the first connection hangs before the message is handed over
    first = bench.worker()
    notification = _notify()
    bench.wait_for(bench.sink.stalled.is_set, what="the worker to be stuck sending")
    assert _status(notification) == Status.SENDING

    first.kill()
    bench.worker()  # the sweep takes the send for abandoned and queues it again

    (message,) = bench.wait_for(lambda: bench.sink.received, what="the e-mail")
    assert message["Message-ID"] == notification.message_id
    bench.wait_for(lambda: _status(notification) == Status.SENT, what="the row marked sent")
    assert notification.attempts == 2
    assert "worker stopped while sending" in notification.last_error
    marker = _notify(subject="Marker")
    bench.wait_for(lambda: len(bench.sink.received) == 2, what="the marker")
    assert bench.sink.message_ids() == [notification.message_id, marker.message_id]


def test_what_is_saved_while_redis_is_down_is_delivered_once_it_is_back(bench, caplog):
    bench.worker().wait_until_ready()
    bench.redis.stop()

    saved = [_notify(subject=f"Saved during the outage {n}") for n in (1, 2)]
    assert [_status(notification) for notification in saved] == [Status.PENDING] * 2
    assert caplog.text.count("Could not queue 1 notification(s)") == 2

    bench.redis.start()  # empty: had anything been queued, it would be lost now
    bench.wait_for(lambda: len(bench.sink.received) == 2, what="both e-mails")
    assert sorted(bench.sink.message_ids()) == sorted(n.message_id for n in saved)
    for notification in saved:
        bench.wait_for(lambda n=notification: _status(n) == Status.SENT, what="rows marked sent")
        assert notification.attempts == 1


def test_a_mail_server_that_refuses_then_accepts_gets_the_message_once(bench):
    bench.sink.refuse = 1
    bench.worker()
    notification = _notify()

    (message,) = bench.wait_for(lambda: bench.sink.received, what="the e-mail")
    assert message["Message-ID"] == notification.message_id
    assert bench.sink.refused == 1
    bench.wait_for(lambda: _status(notification) == Status.SENT, what="the row marked sent")
    assert notification.attempts == 2
    assert "451" in notification.last_error and "try again later" in notification.last_error
