"""A realistic, entirely fictional organisation for trying the app and for the browser tests."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from contacts.models import Child, LegalStatus

from .models import Membership, Role, Site, User

DEMO_PASSWORD = "coxlease-demo"


class RealDataPresent(Exception):
    """Raised rather than mix demo records with real ones."""


@dataclass(frozen=True)
class DemoSite:
    slug: str
    name: str
    kind: str
    address: str


SITES = [
    DemoSite(
        "coxlease",
        "Coxlease School",
        Site.Kind.SCHOOL,
        "Clay Hill, Lyndhurst, Hampshire SO43 7DE (fictional)",
    ),
    DemoSite(
        "birchwood",
        "Birchwood House",
        Site.Kind.HOME,
        "14 Orchard Lane, Totton, Hampshire SO40 9ZZ (fictional)",
    ),
]

# (username suffix, first name, last name, role) for each site.
SITE_PEOPLE = {
    "coxlease": [
        ("staff", "Sam", "Taylor", Role.STAFF),
        ("manager", "Priya", "Shah", Role.SITE_MANAGER),
        ("dsl", "Gareth", "Evans", Role.DSL),
    ],
    "birchwood": [
        ("staff", "Jo", "Okafor", Role.STAFF),
        ("manager", "Helen", "Marsh", Role.SITE_MANAGER),
        ("dsl", "Tom", "Reilly", Role.DSL),
    ],
}
# People who work across every site.
GROUP_PEOPLE = [
    ("slt", "Anne", "Whitfield", Role.SLT),
    ("admin", "Chris", "Moreno", Role.ADMINISTRATOR),
]

# (site, legal first, last, preferred, age in years, months since admission, legal status,
#  placing authority, communication needs, left months ago)
CHILDREN = [
    ("coxlease", "Daniel", "Hughes", "Danny", 13, 20, LegalStatus.CARE_ORDER, "Hampshire County Council", "Uses short sentences; give one instruction at a time.", None),
    ("coxlease", "Aisha", "Begum", "", 12, 8, LegalStatus.ACCOMMODATED, "Southampton City Council", "", None),
    ("coxlease", "Liam", "O'Connor", "", 15, 36, LegalStatus.CARE_ORDER, "Portsmouth City Council", "Autistic; prefers written schedules and warning before changes.", None),
    ("coxlease", "Chloe", "Martin", "Clo", 11, 4, LegalStatus.AT_HOME, "", "Uses Makaton alongside speech.", None),
    ("coxlease", "Oliver", "Price", "Ollie", 14, 26, LegalStatus.INTERIM_CARE_ORDER, "Dorset Council", "", None),
    ("coxlease", "Mia", "Kowalska", "", 10, 2, LegalStatus.ACCOMMODATED, "Wiltshire Council", "Polish is her first language; an interpreter helps with difficult news.", None),
    ("coxlease", "Jayden", "Clarke", "", 16, 48, LegalStatus.CARE_ORDER, "Hampshire County Council", "", None),
    ("coxlease", "Ruby", "Fletcher", "", 13, 14, LegalStatus.AT_HOME, "", "Hearing impaired; face her when speaking.", None),
    ("coxlease", "Ethan", "Ward", "", 12, 30, LegalStatus.PLACEMENT_ORDER, "Bournemouth, Christchurch and Poole Council", "", None),
    ("coxlease", "Grace", "Adeyemi", "", 15, 18, LegalStatus.ACCOMMODATED, "West Sussex County Council", "", None),
    ("coxlease", "Noah", "Bennett", "", 17, 60, LegalStatus.CARE_ORDER, "Hampshire County Council", "", 3),
    ("birchwood", "Tyler", "Jones", "Ty", 14, 10, LegalStatus.CARE_ORDER, "Southampton City Council", "Gets anxious before visits; talk it through the evening before.", None),
    ("birchwood", "Amelia", "Singh", "", 13, 5, LegalStatus.INTERIM_CARE_ORDER, "Hampshire County Council", "", None),
    ("birchwood", "Kai", "Robinson", "", 16, 22, LegalStatus.REMAND, "Portsmouth City Council", "", None),
    ("birchwood", "Ellie", "Morgan", "Elle", 12, 15, LegalStatus.ACCOMMODATED, "Isle of Wight Council", "", None),
    ("birchwood", "Harvey", "Lee", "", 15, 40, LegalStatus.CARE_ORDER, "Hampshire County Council", "ADHD; short, calm conversations work best.", None),
    ("birchwood", "Sophie", "Turner", "", 11, 3, LegalStatus.CARE_ORDER, "Dorset Council", "", None),
    ("birchwood", "Reece", "Walsh", "", 17, 30, LegalStatus.ACCOMMODATED, "Southampton City Council", "", None),
    ("birchwood", "Freya", "Hall", "", 14, 12, LegalStatus.OTHER, "Wiltshire Council", "Special guardianship arrangement under review.", None),
    ("birchwood", "Mason", "Cooper", "", 16, 50, LegalStatus.CARE_ORDER, "Hampshire County Council", "", 6),
]  # fmt: skip


def _months_ago(today: date, months: int) -> date:
    return today - timedelta(days=round(months * 30.44))


def _user(username, first, last, *, is_admin=False) -> User:
    user, created = User.objects.update_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@example.org",
            "is_staff": is_admin,
            "is_superuser": is_admin,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def demo_seed(*, today: date | None = None) -> dict[str, Site]:
    """Create (or refresh) the demo organisation. Refuses if real sites exist."""
    if Site.objects.filter(is_demo=False).exists():
        raise RealDataPresent(
            "This database holds real sites: demo data is never mixed with real records."
        )
    today = today or timezone.localdate()
    sites = {}
    for spec in SITES:
        site, _ = Site.objects.update_or_create(
            name=spec.name, defaults={"kind": spec.kind, "address": spec.address, "is_demo": True}
        )
        sites[spec.slug] = site
        for suffix, first, last, role in SITE_PEOPLE[spec.slug]:
            user = _user(f"{suffix}.{spec.slug}", first, last)
            Membership.objects.update_or_create(user=user, site=site, defaults={"role": role})
            if role == Role.DSL:
                site.dsl = user
                site.save(update_fields=["dsl"])
    for username, first, last, role in GROUP_PEOPLE:
        user = _user(username, first, last, is_admin=role == Role.ADMINISTRATOR)
        for site in sites.values():
            Membership.objects.update_or_create(user=user, site=site, defaults={"role": role})
    for slug, first, last, preferred, age, months_in, status, authority, needs, left in CHILDREN:
        site = sites[slug]
        if Child.objects.filter(site=site, legal_first_name=first, legal_last_name=last).exists():
            continue
        child = Child(
            site=site,
            legal_first_name=first,
            legal_last_name=last,
            preferred_name=preferred,
            date_of_birth=_months_ago(today, age * 12 + 5),
            admission_date=_months_ago(today, months_in),
            leaving_date=_months_ago(today, left) if left else None,
            key_worker=User.objects.get(username=f"staff.{slug}"),
            legal_status=status,
            placing_authority=authority,
            social_worker_name="Duty social worker" if authority else "",
            communication_needs=needs,
        )
        child._history_user = User.objects.get(username=f"manager.{slug}")
        child._change_reason = "Demo data"
        child.save()
    return sites
