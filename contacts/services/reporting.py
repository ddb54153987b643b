"""Reg. 22 follow-up: tell site managers when an emergency restriction was not reported in time."""

import logging
from datetime import datetime

from django.db import transaction
from django.utils import timezone

from coxlease import policy
from coxlease.models import Site
from coxlease.outbox import AlertKind, Urgency, staff_alert
from coxlease.policy import Action

from ..models import Restriction

logger = logging.getLogger(__name__)

LATE_REPORT = AlertKind(
    code="restriction-report-late",
    what="an emergency restriction is late to be reported to the placing authority",
)


DUE_SOON = AlertKind(
    code="restriction-report-due-soon",
    what="an emergency restriction must be reported to the placing authority within 6 hours",
)


def _late_and_not_yet_noticed(now: datetime):
    return Restriction.objects.late_to_report(now).filter(late_report_notice_sent_at__isnull=True)


def late_report_recipients(site: Site) -> list[str]:
    """Who is told that a report is late: whoever the policy says hears of it (site managers)."""
    return policy.emails_of(policy.users_who_may(Action.HEAR_OF_LATE_REPORTS, site))


def late_reports_notify(*, now: datetime | None = None) -> int:
    """Tell the site managers once about each emergency restriction whose report is late.

    Returns how many restrictions were notified. A restriction whose site has no manager with
    an e-mail address is logged and tried again next time.
    """
    now = now or timezone.now()
    pks = _late_and_not_yet_noticed(now).order_by("imposed_at").values_list("pk", flat=True)
    return sum(_notify_one(pk, now=now) for pk in pks)


@transaction.atomic
def _notify_one(pk: int, *, now: datetime) -> bool:
    # Lock and re-read the row: another run, or a manager recording the report right now, wins.
    # The notice is marked sent and the notifications written in one transaction; a worker
    # delivers them once it commits.
    restriction = (
        _late_and_not_yet_noticed(now)
        .select_for_update(of=("self",))
        .select_related("child__site")
        .filter(pk=pk)
        .first()
    )
    if restriction is None:
        return False
    site = restriction.child.site
    recipients = late_report_recipients(site)
    if not recipients:
        logger.warning(
            "Late report for restriction %s: %s has no site manager with an e-mail address "
            "to tell.",
            restriction.pk,
            site,
        )
        return False
    restriction.late_report_notice_sent_at = now
    restriction._history_user = None
    restriction._change_reason = "Site managers told the report is late"
    restriction.save(update_fields=["late_report_notice_sent_at"])
    staff_alert(
        recipients=recipients,
        kind=LATE_REPORT,
        site=site,
        urgency=Urgency.URGENT,
        link=restriction.get_absolute_url(),
        dedupe_key=f"{LATE_REPORT.code}:{restriction.pk}",
    )
    return True


def due_soon_reports_notify(*, now: datetime | None = None) -> int:
    """Warn the site managers once, 18 hours after imposition, about each emergency restriction
    not yet reported: six hours are left. Returns how many restrictions were warned about.

    Once per restriction and manager: the outbox's key decides, so a second run writes nothing.
    """
    now = now or timezone.now()
    warned = 0
    for restriction in Restriction.objects.report_due_soon(now).select_related("child__site"):
        site = restriction.child.site
        with transaction.atomic():
            warned += bool(
                staff_alert(
                    recipients=late_report_recipients(site),
                    kind=DUE_SOON,
                    site=site,
                    urgency=Urgency.URGENT,
                    link=restriction.get_absolute_url(),
                    dedupe_key=f"{DUE_SOON.code}:{restriction.pk}",
                )
            )
    return warned
