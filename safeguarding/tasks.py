"""Background jobs for safeguarding. Each is a thin wrapper round a service."""

from celery import shared_task

from .services import unopened_urgent_escalate


@shared_task
def escalate_unopened_concerns() -> int:
    """An urgent concern no lead has opened in 30 minutes goes to the deputy, then SLT."""
    return unopened_urgent_escalate()
