"""The core of the demo organisation: its sites and a login per role. Each app adds its own
records to it (contacts/demo.py, …); monitoring/demo.py runs them in order."""

import hashlib
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Membership, OnCall, Role, Site, User
from .policy import needs_second_factor

DEMO_PASSWORD = "coxlease-demo"


class DemoRefused(Exception):
    """Raised rather than put demo logins, with their public passwords, where real records
    are or could be."""


@dataclass(frozen=True)
class DemoSite:
    slug: str
    name: str
    kind: str
    address: str
    phone: str


SITES = [
    DemoSite(
        "coxlease",
        "Coxlease School",
        Site.Kind.SCHOOL,
        "Clay Hill, Lyndhurst, Hampshire SO43 7DE (fictional)",
        "023 8000 0100",
    ),
    DemoSite(
        "birchwood",
        "Birchwood House",
        Site.Kind.HOME,
        "14 Orchard Lane, Totton, Hampshire SO40 9ZZ (fictional)",
        "023 8000 0200",
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


WORK_PHONES = {
    "dsl.coxlease": "07700 900301",
    "manager.coxlease": "07700 900302",
    "dsl.birchwood": "07700 900401",
    "manager.birchwood": "07700 900402",
}


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


def demo_refuse_unless_safe() -> None:
    """Demo logins have public passwords: never where real records are or could be."""
    if not settings.DEBUG:
        raise DemoRefused("Demo data is only for a development or demo server (DEBUG on).")
    if Site.objects.filter(is_demo=False).exists():
        raise DemoRefused(
            "This database holds real sites: demo data is never mixed with real records."
        )


def core_demo_seed() -> dict[str, Site]:
    """The sites, a login per role at each, and their second factors. Returns the sites by
    short name for the apps' own demo data."""
    sites = {}
    for spec in SITES:
        site, _ = Site.objects.update_or_create(
            name=spec.name,
            defaults={
                "kind": spec.kind,
                "address": spec.address,
                "phone": spec.phone,
                "is_demo": True,
            },
        )
        sites[spec.slug] = site
        for suffix, first, last, role in SITE_PEOPLE[spec.slug]:
            user = _user(f"{suffix}.{spec.slug}", first, last)
            Membership.objects.update_or_create(user=user, site=site, role=role)
            # The DSL, and the site manager as deputy DSL (one person, two responsibilities).
            if role in (Role.DSL, Role.SITE_MANAGER):
                user.work_phone = WORK_PHONES[user.username]
                user.save(update_fields=["work_phone"])
                setattr(site, "dsl" if role == Role.DSL else "deputy_dsl", user)
                site.save(update_fields=["dsl", "deputy_dsl"])
    for username, first, last, role in GROUP_PEOPLE:
        user = _user(username, first, last, is_admin=role == Role.ADMINISTRATOR)
        for site in sites.values():
            Membership.objects.update_or_create(user=user, site=site, role=role)
    _seed_on_call(sites)
    for user in User.objects.filter(memberships__site__is_demo=True).distinct():
        if needs_second_factor(user):
            TOTPDevice.objects.get_or_create(
                user=user,
                key=demo_authenticator_key(user.username),
                defaults={"name": "Demo authenticator", "confirmed": True},
            )
    return sites


def _seed_on_call(sites: dict[str, Site]) -> None:
    """Today: the DSL on call by day, the site manager by night (from 18:00)."""
    today = timezone.localdate()
    evening = timezone.make_aware(datetime.combine(today, time(18, 0)))
    morning = timezone.make_aware(datetime.combine(today, time(8, 0)))
    for slug, site in sites.items():
        for username, starts, ends in (
            (f"dsl.{slug}", morning, evening),
            (f"manager.{slug}", evening, morning + timedelta(days=1)),
        ):
            person = User.objects.get(username=username)
            OnCall.objects.get_or_create(
                site=site,
                person=person,
                starts_at=starts,
                defaults={"ends_at": ends, "phone": WORK_PHONES[username]},
            )


def demo_authenticator_key(username: str) -> str:
    """A fixed secret per demo login, so the demo's second factor works from the start."""
    return hashlib.sha1(f"coxlease-demo:{username}".encode()).hexdigest()


def demo_code_hint(user) -> str | None:
    """On a development server holding only demo data, the current code for a demo login,
    shown on the second-factor page so that trying the demo needs no phone."""
    if not settings.DEBUG or Site.objects.filter(is_demo=False).exists():
        return None
    device = TOTPDevice.objects.filter(
        user=user, confirmed=True, key=demo_authenticator_key(user.username)
    ).first()
    if device is None:
        return None
    # A code is accepted once: signing in twice within its 30 seconds needs the next one,
    # which the app accepts a step early.
    now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    step = max(now, device.last_t + 1)
    return f"{hotp(device.bin_key, step, digits=device.digits):06d}"
