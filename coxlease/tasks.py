"""Background jobs of the core: delivering the notification outbox (see `coxlease.outbox`)."""

from celery import shared_task

from . import outbox


@shared_task(ignore_result=True)
def deliver_notification(pk: int) -> bool:
    return outbox.notification_deliver(pk=pk)


@shared_task(ignore_result=True)
def sweep_outbox() -> int:
    """Queue again what no worker took in time; run by beat every OUTBOX_SWEEP_SECONDS."""
    return outbox.outbox_sweep()
