"""Background jobs of the top floor. Each is a thin wrapper round a service."""

from celery import shared_task

from .services import digests_send


@shared_task
def send_daily_digests() -> int:
    """Each person's digest of the day, once: beat runs it each morning hour, and a later run
    sends only what an earlier one did not."""
    return digests_send()
