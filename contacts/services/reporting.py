"""Reg. 22 follow-up: tell site managers when an emergency restriction was not reported in time."""

import logging
from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from coxlease.models import Role, Site, User

from ..models import Restriction
from ..models.restrictions import REPORTING_WINDOW

logger = logging.getLogger(__name__)

WHEN = "j F Y, H:i"


def _late_and_not_yet_noticed(now: datetime):
    return Restriction.objects.awaiting_report().filter(
        imposed_at__lt=now - REPORTING_WINDOW, late_report_notice_sent_at__isnull=True
    )


def _site_manager_emails(site: Site) -> list[str]:
    return list(
        User.objects.filter(
            is_active=True, memberships__site=site, memberships__role=Role.SITE_MANAGER
        )
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )


def _late_report_message(restriction: Restriction) -> tuple[str, str]:
    child, site = restriction.child, restriction.child.site
    subject = f"Late report to the placing authority: emergency restriction at {site}"
    body = (
        f"An emergency restriction imposed at {site} has not been reported to the placing "
        f"authority within 24 hours (Children's Homes (England) Regulations 2015, reg. 22).\n\n"
        f"Child: {child.display_name}\n"
        f"Placing authority: {child.placing_authority or 'not recorded'}\n"
        f"Restriction: {restriction}\n"
        f"Imposed: {date_format(timezone.localtime(restriction.imposed_at), WHEN)}\n"
        f"Report was due: {date_format(timezone.localtime(restriction.report_due_at), WHEN)}\n\n"
        f"Report it now, then record when, how and to whom it was reported:\n"
        f"{settings.SITE_URL.rstrip('/')}{restriction.get_absolute_url()}\n"
    )
    return subject, body


def late_reports_notify(*, now: datetime | None = None) -> int:
    """E-mail the site managers once about each emergency restriction whose report is late.

    Returns how many restrictions were notified. A restriction whose site has no manager with
    an e-mail address, or whose e-mail could not be sent, is logged and tried again next time;
    it never holds up the others.
    """
    now = now or timezone.now()
    managers_by_site: dict[int, list[str]] = {}
    sent = 0
    for pk in _late_and_not_yet_noticed(now).order_by("imposed_at").values_list("pk", flat=True):
        try:
            sent += _notify_one(pk, now=now, managers_by_site=managers_by_site)
        except Exception:
            logger.exception("Could not tell the site managers about late restriction %s.", pk)
    return sent


@transaction.atomic
def _notify_one(pk: int, *, now: datetime, managers_by_site: dict[int, list[str]]) -> bool:
    # Lock and re-read the row: another run, or a manager recording the report right now,
    # wins. The notice is marked sent before the e-mail goes, in the same transaction, so a
    # failed e-mail leaves it unmarked for the next run.
    restriction = (
        _late_and_not_yet_noticed(now)
        .select_for_update(of=("self",))
        .select_related("child__site", "person")
        .filter(pk=pk)
        .first()
    )
    if restriction is None:
        return False
    site = restriction.child.site
    if site.pk not in managers_by_site:
        managers_by_site[site.pk] = _site_manager_emails(site)
    recipients = managers_by_site[site.pk]
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
    subject, body = _late_report_message(restriction)
    send_mail(subject, body, None, recipients)
    return True
