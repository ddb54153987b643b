"""Background jobs for contacts. Each is a thin wrapper round a service."""

from celery import shared_task

from .services.reporting import due_soon_reports_notify, late_reports_notify


@shared_task
def notify_late_emergency_reports() -> int:
    """Warn site managers of emergency restrictions unreported at 18 hours, and tell them of
    those not reported within 24."""
    return due_soon_reports_notify() + late_reports_notify()
