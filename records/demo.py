"""The records floor of the demo organisation: each site's local rules, a few days of the
contact log, logged as staff would (through the service, so each is checked by the rule), and
this week's planned contact."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from contacts.models import Child, ContactType, Person
from coxlease.models import Site, User

from .models import (
    ContactEntry,
    Direction,
    LocalRule,
    Outing,
    PlannedContact,
    PlannedKind,
    PlanStatus,
    Presentation,
)
from .planned_services import outing_start, planned_contact_end, planned_contact_plan
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


# (site, child, person, kind, days from today, hour, hours, supervised by, place, transport,
#  how it ended: (status, note, cancelled by) or None)
PLANNED = [
    ("coxlease", "Aisha", "Rukhsana Begum", PlannedKind.VISIT_HERE, 1, 15, 1, "Key worker", "The family room", "", None),
    ("coxlease", "Liam", "Bridget O'Connor", PlannedKind.VIDEO_CALL, 2, 18, 0.5, "", "Quiet room", "", None),
    ("coxlease", "Mia", "Anna Kowalska", PlannedKind.VIDEO_CALL, 3, 17, 0.5, "", "Quiet room", "", None),
    ("coxlease", "Daniel", "Mark Hughes", PlannedKind.PHONE, 4, 18, 0.5, "", "", "", None),
    ("coxlease", "Erin", "Sean O'Connor", PlannedKind.COLLECTION, 5, 10, 8, "", "Home for the day", "Dad's car", None),
    ("coxlease", "Aisha", "Rukhsana Begum", PlannedKind.VISIT_HERE, -2, 15, 1, "Key worker", "The family room", "", (PlanStatus.NO_SHOW, "", "")),
    ("birchwood", "Tyler", "Donna Jones", PlannedKind.VISIT_HERE, 2, 16, 1.5, "Key worker", "Lounge", "", None),
    ("birchwood", "Amelia", "Priti Singh", PlannedKind.VISIT_OUT, 4, 11, 5, "", "Her aunt's flat", "Bus", None),
    ("birchwood", "Tyler", "Donna Jones", PlannedKind.VISIT_HERE, -1, 16, 1.5, "Key worker", "Lounge", "", (PlanStatus.REFUSED, "I'm too tired today, I'll see her next week.", "")),
]  # fmt: skip

# Out now: (site, child, person, kind, left hours ago, due back in hours: negative, late).
OUT_NOW = [
    ("coxlease", "Daniel", "Karen Hughes", PlannedKind.VISIT_OUT, 4, -0.75),
    ("birchwood", "Amelia", "Priti Singh", PlannedKind.COLLECTION, 2, 3),
]


def _person(site: Site, child: Child, name: str) -> Person:
    return Person.objects.get(site=site, full_name=name, relationships__child=child)


def _plan(*, site, child, person, kind, starts, hours, by, now, **fields) -> PlannedContact:
    """Planned by the manager the day before it (the demo's days just gone included)."""
    return planned_contact_plan(
        planned=PlannedContact(
            child=child,
            person=_person(site, child, person),
            contact_kind=kind,
            starts_at=starts,
            ends_at=starts + timedelta(hours=hours),
            for_dsl_review=True,  # should the rule refuse, the DSL reviews it (and is told)
            **fields,
        ),
        planned_by=by,
        now=now,
    )


def planned_demo_seed(*, sites: dict[str, Site], today: date) -> None:
    """This week's planned contact at both sites, a child out now and due back later, and one
    late (red on the site page; the beat task alerts whoever is on call)."""
    if PlannedContact.objects.filter(child__site__in=sites.values()).exists():
        return
    for (
        slug,
        first,
        person,
        kind,
        days,
        hour,
        hours,
        supervisor,
        place,
        transport,
        ended,
    ) in PLANNED:
        site = sites[slug]
        child = Child.objects.get(site=site, legal_first_name=first)
        manager = User.objects.get(username=f"manager.{slug}")
        starts = timezone.make_aware(datetime.combine(today + timedelta(days=days), time(hour)))
        planned = _plan(
            site=site,
            child=child,
            person=person,
            kind=kind,
            starts=starts,
            hours=hours,
            by=manager,
            now=starts - timedelta(days=1),
            supervised_by=supervisor,
            place=place,
            transport=transport,
        )
        if ended:
            status, note, cancelled_by = ended
            planned_contact_end(
                planned=planned,
                status=status,
                ended_note=note,
                cancelled_by=cancelled_by,
                ended_by=User.objects.get(username=f"staff.{slug}"),
            )
    now = timezone.now().replace(second=0, microsecond=0)
    for slug, first, person, kind, left_ago, due_in in OUT_NOW:
        site = sites[slug]
        child = Child.objects.get(site=site, legal_first_name=first)
        left = now - timedelta(hours=left_ago)
        planned = _plan(
            site=site,
            child=child,
            person=person,
            kind=kind,
            starts=left,
            hours=left_ago + due_in,
            by=User.objects.get(username=f"manager.{slug}"),
            now=left - timedelta(days=1),
        )
        outing_start(
            outing=Outing(
                planned=planned,
                with_whom=str(planned.person),
                left_at=left,
                due_back_at=planned.ends_at,
            ),
            recorded_by=User.objects.get(username=f"staff.{slug}"),
        )
