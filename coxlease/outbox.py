"""The notification outbox: everything the product must tell someone goes through here.

A caller writes notifications with `notify` (or `staff_alert`) inside the transaction that saves
the record causing them: if that transaction rolls back, nothing was written and nothing is sent.
Once it commits, a delivery task is queued for each; a worker claims the row, sends the e-mail
and marks it sent, recording any failure on the row for a retry with back-off. The sweep (Celery
beat) queues again whatever no worker took in time (a lost task, Redis down, no worker running)
and whatever a worker abandoned mid-send (it was killed), so every notification is delivered at
least once, and once in all normal runs. Its Message-ID comes from its row, so the one duplicate
that a send interrupted after the mail server accepted it can cause is recognisable.
"""

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from .models import Notification, Site

logger = logging.getLogger(__name__)

Status = Notification.Status
RETRY_CAP = timedelta(hours=1)
SWEEP_BATCH = 500
ABANDONED = "The worker stopped while sending it: it may have arrived once already."


class Urgency(models.TextChoices):
    IMMEDIATE = "immediate", "Immediate"
    URGENT = "urgent", "Urgent"
    ROUTINE = "routine", "Routine"


@dataclass(frozen=True)
class AlertKind:
    """A kind of staff alert, declared once by the app that raises it. `what` is said in the
    e-mail as it stands, so it must name nobody: "a concern was raised"."""

    code: str
    what: str


def notify(
    *,
    recipients: Iterable[str],
    kind: str,
    subject: str,
    body: str,
    site: Site | None = None,
    dedupe_key: str | None = None,
) -> list[Notification]:
    """Write one notification per recipient in the caller's transaction; queue them on commit.

    With a `dedupe_key`, a recipient who already has a notification with that key is not written
    another: the database's unique constraint decides, so two callers at once cannot both write
    one. Returns the notifications written.
    """
    addresses = list(dict.fromkeys(a.strip() for a in recipients if a.strip()))
    if not addresses:
        return []
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    first_sweep = timezone.now() + _sweep_interval()
    rows = [
        Notification(
            kind=kind,
            site=site,
            recipient=address,
            subject=subject,
            body=body,
            dedupe_key=dedupe_key or "",
            message_id=f"<notification.{uuid.uuid4().hex}@{domain}>",
            next_attempt_at=first_sweep,
        )
        for address in addresses
    ]
    # Only a dedupe key may meet a conflict; without one, any error must surface.
    Notification.objects.bulk_create(rows, ignore_conflicts=bool(dedupe_key))
    written = list(
        Notification.objects.filter(message_id__in=[row.message_id for row in rows]).order_by("pk")
    )
    transaction.on_commit(partial(_queue, [notification.pk for notification in written]))
    return written


def staff_alert(
    *,
    recipients: Iterable[str],
    kind: AlertKind,
    site: Site,
    urgency: Urgency,
    link: str,
    dedupe_key: str | None = None,
) -> list[Notification]:
    """Tell staff that something at their site needs them. The one wording of every staff alert.

    E-mail leaves the building: it names no child, person or order, only the site, the kind of
    thing, its urgency and a link (a path such as a record's `get_absolute_url()`) to sign in
    and see it.
    """
    urgency = Urgency(urgency)
    body = (
        f"{urgency.label}: {kind.what}.\n"
        f"Site: {site.name}\n\n"
        f"Sign in to see it:\n{settings.SITE_URL.rstrip('/')}{link}\n\n"
        "This e-mail names no child, person or order on purpose: the details are in Coxlease.\n"
    )
    return notify(
        recipients=recipients,
        kind=kind.code,
        subject=f"{urgency.label}, {site.name}: {kind.what}",
        body=body,
        site=site,
        dedupe_key=dedupe_key,
    )


def notification_deliver(*, pk: int) -> bool:
    """Send one notification, if it is waiting and no other worker has taken it. True if sent."""
    claimed = Notification.objects.filter(pk=pk, status=Status.PENDING).update(
        status=Status.SENDING, attempts=F("attempts") + 1, last_attempt_at=timezone.now()
    )
    if not claimed:
        return False
    notification = Notification.objects.get(pk=pk)
    try:
        _email(notification).send()
    except Exception as error:  # whatever the network or mail server said goes on the row
        _record_failure(notification, error)
        return False
    # Sent is the truth even if the sweep took this send for abandoned meanwhile.
    Notification.objects.filter(pk=pk).update(status=Status.SENT, sent_at=timezone.now())
    return True


def outbox_sweep(*, now: datetime | None = None) -> int:
    """Queue again what no worker took in time and what a worker abandoned mid-send.

    Returns how many notifications were queued.
    """
    now = now or timezone.now()
    abandoned = Notification.objects.filter(
        status=Status.SENDING,
        last_attempt_at__lte=now - timedelta(seconds=settings.OUTBOX_SENDING_TIMEOUT_SECONDS),
    )
    abandoned.filter(attempts__gte=settings.OUTBOX_MAX_ATTEMPTS).update(
        status=Status.FAILED, last_error=ABANDONED
    )
    abandoned.update(status=Status.PENDING, next_attempt_at=now, last_error=ABANDONED)
    with transaction.atomic():
        due = list(
            Notification.objects.filter(status=Status.PENDING, next_attempt_at__lte=now)
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:SWEEP_BATCH]
        )
        Notification.objects.filter(pk__in=due).update(next_attempt_at=now + _sweep_interval())
        transaction.on_commit(partial(_queue, due))
    return len(due)


def notifications_send_again(*, notifications: QuerySet[Notification]) -> int:
    """Queue failed or waiting notifications for one more attempt now (an administrator asks)."""
    again = list(
        notifications.filter(status__in=[Status.FAILED, Status.PENDING]).values_list(
            "pk", flat=True
        )
    )
    Notification.objects.filter(pk__in=again, status__in=[Status.FAILED, Status.PENDING]).update(
        status=Status.PENDING, next_attempt_at=timezone.now() + _sweep_interval()
    )
    transaction.on_commit(partial(_queue, again))
    return len(again)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the given number of failed attempts: doubling, up to an hour."""
    first = timedelta(seconds=settings.OUTBOX_RETRY_SECONDS)
    return min(first * 2 ** (attempts - 1), RETRY_CAP)


def _sweep_interval() -> timedelta:
    return timedelta(seconds=settings.OUTBOX_SWEEP_SECONDS)


def _email(notification: Notification) -> EmailMessage:
    return EmailMessage(
        subject=notification.subject,
        body=notification.body,
        to=[notification.recipient],
        headers={"Message-ID": notification.message_id, "Auto-Submitted": "auto-generated"},
    )


def _record_failure(notification: Notification, error: Exception) -> None:
    gave_up = notification.attempts >= settings.OUTBOX_MAX_ATTEMPTS
    logger.warning(
        "Notification %s not sent (attempt %s%s): %r",
        notification.pk,
        notification.attempts,
        ", giving up" if gave_up else "",
        error,
    )
    Notification.objects.filter(pk=notification.pk).update(
        status=Status.FAILED if gave_up else Status.PENDING,
        next_attempt_at=timezone.now() + retry_delay(notification.attempts),
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )


def _queue(pks: list[int]) -> None:
    """Queue a delivery task for each notification. With the broker down, leave them to the
    sweep: what was saved stays saved, and the page that saved it does not fail."""
    from .tasks import deliver_notification  # coxlease.tasks imports this module

    for done, pk in enumerate(pks):
        try:
            deliver_notification.delay(pk)
        except Exception as error:  # broker down or broken: never fail the page, the sweep will
            logger.warning(
                "Could not queue %s notification(s) (%s); the sweep will.", len(pks) - done, error
            )
            return
