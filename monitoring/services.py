"""The daily digest: one e-mail a day per person, listing what is theirs to do (the same list
as their "my tasks" page). What cannot wait is sent at once by the service that causes it."""

from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone

from coxlease.models import User
from coxlease.outbox import notify

from .models import DigestSent
from .mytasks import MyTasks, tasks_for

DIGEST = "daily-digest"


def digest_body(tasks: MyTasks) -> str:
    """Counts per site and a link: like every e-mail here, it names no child, person or order."""
    lines = [f"Your tasks in Coxlease on {formats.date_format(tasks.today, 'l j F Y')}:", ""]
    for site_tasks in tasks.sites:
        lines.append(site_tasks.site.name)
        for section in site_tasks.sections:
            late = f", {section.overdue} overdue" if section.overdue else ""
            lines.append(f"- {len(section.tasks)} {section.kind.counted}{late}")
        lines.append("")
    lines += [
        "See them:",
        f"{settings.SITE_URL.rstrip('/')}{reverse('monitoring:my-tasks')}",
        "",
        "This e-mail names no child, person or order on purpose: the details are in Coxlease.",
    ]
    return "\n".join(lines) + "\n"


@transaction.atomic
def digest_send(*, user: User, now: datetime) -> bool:
    """Write today's digest for this person, unless it was written already: True if written.

    The day's row and the e-mail are written in one transaction, so a worker killed mid-run
    leaves neither, and the next run writes both; the row's unique key lets only one run win.
    A day with nothing to do is recorded and sends nothing.
    """
    day = timezone.localdate(now)
    sent, created = DigestSent.objects.get_or_create(user=user, day=day)
    if not created:
        return False
    tasks = tasks_for(user=user, now=now)
    sent.items = tasks.count
    sent.save(update_fields=["items"])
    if not tasks.count:
        return False
    notify(
        recipients=[user.email],
        kind=DIGEST,
        subject=f"Your Coxlease tasks: {tasks.count} to do",
        body=digest_body(tasks),
        dedupe_key=f"{DIGEST}:{day.isoformat()}",
    )
    return True


def digests_send(*, now: datetime | None = None) -> int:
    """Today's digest for everyone active with an e-mail address and a site who has not had
    it yet. Returns how many were sent."""
    now = now or timezone.now()
    day: date = timezone.localdate(now)
    waiting = (
        User.objects.filter(is_active=True, memberships__isnull=False)
        .exclude(email="")
        .exclude(pk__in=DigestSent.objects.filter(day=day).values("user"))
        .distinct()
        .order_by("pk")
    )
    return sum(digest_send(user=user, now=now) for user in waiting)
