"""Background jobs for contacts. Each is a thin wrapper round a service."""

from celery import shared_task

from .services.reporting import late_reports_notify


@shared_task
def notify_late_emergency_reports() -> int:
    """Tell site managers about emergency restrictions not reported within 24 hours."""
    return late_reports_notify()
