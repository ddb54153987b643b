"""Background jobs for the records floor. Each is a thin wrapper round a service."""

from celery import shared_task

from .planned_services import late_returns_alert


@shared_task(ignore_result=True)
def alert_late_returns() -> int:
    """A child not back by the time due plus the site's grace: whoever is on call is told."""
    return late_returns_alert()
