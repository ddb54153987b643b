"""The records floor of the demo organisation: each site's local rules and a few days of the
contact log, logged as staff would (through the service, so each is checked by the rule)."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from contacts.models import Child, ContactType, Person
from coxlease.models import Site, User

from .models import ContactEntry, Direction, LocalRule, Presentation
from .services import entry_log

# (activity, days, from, until)
LOCAL_RULES = [
    (LocalRule.Activity.MESSAGES, LocalRule.Days.SCHOOL_DAYS, time(7, 0), time(21, 0)),
    (LocalRule.Activity.MESSAGES, LocalRule.Days.WEEKENDS, time(8, 0), time(22, 0)),
    (LocalRule.Activity.CALLS, LocalRule.Days.SCHOOL_DAYS, time(16, 0), time(20, 30)),
    (LocalRule.Activity.CALLS, LocalRule.Days.WEEKENDS, time(9, 0), time(21, 0)),
    (LocalRule.Activity.DEVICES, LocalRule.Days.SCHOOL_DAYS, time(16, 0), time(20, 0)),
]

# (site, child's legal first name, days ago, hour, contact type, direction, person or None,
#  supervised, summary, before, after)
ENTRIES = [
    ("coxlease", "Daniel", 3, 14, ContactType.VISIT, Direction.IN_PERSON, "Karen Hughes", False, "Lunch in the village, then a walk. Talked about his football.", Presentation.EXCITED, Presentation.SETTLED),
    ("coxlease", "Daniel", 1, 18, ContactType.PHONE, Direction.INCOMING, "Mark Hughes", False, "Asked how the week had gone.", "", ""),
    ("coxlease", "Aisha", 2, 15, ContactType.VISIT, Direction.IN_PERSON, "Rukhsana Begum", True, "Played a board game; Aisha cried a little when her mother left.", Presentation.NERVOUS, Presentation.UPSET),
    ("coxlease", "Oliver", 1, 19, ContactType.PHONE, Direction.INCOMING, "Dean Price", False, "Dean rang; staff were not in the room.", "", Presentation.UPSET),
    ("coxlease", "Liam", 2, 17, ContactType.SOCIAL_MEDIA, Direction.INCOMING, "Bridget O'Connor", True, "", "", ""),
    ("birchwood", "Tyler", 2, 17, ContactType.VISIT, Direction.IN_PERSON, "Donna Jones", True, "Baked a cake together.", Presentation.NERVOUS, Presentation.SETTLED),
]  # fmt: skip


def records_demo_seed(*, sites: dict[str, Site], today: date) -> None:
    for site in sites.values():
        for activity, days, starts, ends in LOCAL_RULES:
            LocalRule.objects.get_or_create(
                site=site,
                activity=activity,
                days=days,
                defaults={"from_time": starts, "until_time": ends},
            )
    if ContactEntry.objects.filter(child__site__in=sites.values()).exists():
        return
    for (
        slug,
        first,
        days_ago,
        hour,
        kind,
        direction,
        name,
        supervised,
        summary,
        before,
        after,
    ) in ENTRIES:
        child = Child.objects.get(site=sites[slug], legal_first_name=first)
        staff = User.objects.get(username=f"staff.{slug}")
        started = timezone.make_aware(
            datetime.combine(today - timedelta(days=days_ago), time(hour))
        )
        entry_log(
            entry=ContactEntry(
                child=child,
                contact_type=kind,
                direction=direction,
                started_at=started,
                ended_at=started + timedelta(hours=1) if kind == ContactType.VISIT else None,
                supervised=supervised,
                supervised_by=str(staff) if supervised else "",
                summary=summary,
                presentation_before=before,
                presentation_after=after,
                colleagues_told=bool(before),
            ),
            participants=[Person.objects.get(site=sites[slug], full_name=name)],
            staff_present=[staff],
            recorded_by=staff,
        )
