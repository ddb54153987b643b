"""The demo organisation, floor by floor: each app seeds its own records, in order; then a
year of history for the monitoring reports."""

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from contacts.demo import ARRANGEMENTS, contacts_demo_seed
from contacts.models import Child, ContactType, Person, Supervision
from coxlease.demo import core_demo_seed, demo_refuse_unless_safe
from coxlease.models import Site, User
from records.demo import planned_demo_seed, records_demo_seed
from records.models import ContactEntry, Direction
from records.services import entry_log
from safeguarding.demo import safeguarding_demo_seed
from safeguarding.models import Category, Concern, Status, Urgency
from safeguarding.services import concern_raise

HISTORY_MONTHS = 11
# (months ago, site, child, category, hours until a lead opened it, still open)
PAST_CONCERNS = [
    (10, "coxlease", "Oliver", Category.ONLINE, 3, False),
    (8, "coxlease", "Aisha", Category.PLAN_NOT_FOLLOWED, 20, False),
    (7, "birchwood", "Tyler", Category.COLLECTION, 1, False),
    (5, "coxlease", "Daniel", Category.CORRESPONDENCE, 6, False),
    (4, "birchwood", "Amelia", Category.DISCLOSURE, 2, False),
    (2, "coxlease", "Liam", Category.COLLECTION, 1, False),
    (1, "birchwood", "Tyler", Category.OTHER, 26, True),
]  # fmt: skip


@transaction.atomic
def demo_seed(*, today: date | None = None) -> dict[str, Site]:
    """Create (or refresh) the demo organisation. Refuses if real sites exist."""
    demo_refuse_unless_safe()
    today = today or timezone.localdate()
    sites = core_demo_seed()
    contacts_demo_seed(sites=sites, today=today)
    records_demo_seed(sites=sites, today=today)
    planned_demo_seed(sites=sites, today=today)
    safeguarding_demo_seed(sites=sites, today=today)
    _seed_history(sites=sites, today=today)
    return sites


def _log_past_contact(*, site, slug, first, name, kind, supervised, day, hour) -> None:
    child = Child.objects.get(site=site, legal_first_name=first)
    if day < child.admission_date:
        return
    staff = User.objects.get(username=f"staff.{slug}")
    started = timezone.make_aware(datetime.combine(day, time(hour)))
    entry_log(
        entry=ContactEntry(
            child=child,
            contact_type=kind,
            direction=Direction.IN_PERSON if kind == ContactType.VISIT else Direction.INCOMING,
            started_at=started,
            supervised=supervised,
            supervised_by=str(staff) if supervised else "",
        ),
        participants=[Person.objects.get(site=site, full_name=name)],
        staff_present=[staff],
        recorded_by=staff,
    )


def _seed_history(*, sites: dict[str, Site], today: date) -> None:
    """A year of contacts (each checked by the rule, as logged) and a few concerns, so that the
    reports have trends to draw. Once: skipped if the log already goes back a month."""
    month_ago = timezone.now() - timedelta(days=31)
    if ContactEntry.objects.filter(
        child__site__in=sites.values(), started_at__lt=month_ago
    ).exists():
        return
    for months_ago in range(1, HISTORY_MONTHS + 1):
        for i, (slug, first, name, kind, supervision, _, _) in enumerate(ARRANGEMENTS):
            # Social media goes by the child's risk assessment, with its own demo entries.
            skip = supervision == Supervision.NOT_PERMITTED or kind == ContactType.SOCIAL_MEDIA
            if skip or (months_ago + i) % 4 == 0:
                continue
            for fortnight in (0, 1):
                _log_past_contact(
                    site=sites[slug],
                    slug=slug,
                    first=first,
                    name=name,
                    kind=kind,
                    supervised=supervision == Supervision.SUPERVISED,
                    day=today - timedelta(days=30 * months_ago + 14 * fortnight + i % 10),
                    hour=16 + i % 3,
                )
    for months_ago, slug, first, category, hours, still_open in PAST_CONCERNS:
        raised_at = timezone.now() - timedelta(days=30 * months_ago)
        concern = concern_raise(
            concern=Concern(
                child=Child.objects.get(site=sites[slug], legal_first_name=first),
                category=category,
                urgency=Urgency.ROUTINE,
                happened_at=raised_at - timedelta(hours=2),
                what_happened="Demo: what the member of staff saw and heard.",
            ),
            people_involved=[],
            raised_by=User.objects.get(username=f"staff.{slug}"),
        )
        # As if raised then: the service stamps the time of raising itself.
        Concern.objects.filter(pk=concern.pk).update(
            raised_at=raised_at,
            first_opened_at=raised_at + timedelta(hours=hours),
            first_opened_by=User.objects.get(username=f"dsl.{slug}"),
            status=Status.IN_REVIEW if still_open else Status.CLOSED,
            outcome="" if still_open else "Demo: discussed with the placing authority; closed.",
        )
