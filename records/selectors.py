"""Reads of the contact log, limited to what the asking user may see."""

from datetime import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from contacts.models import Child, Person
from contacts.selectors import chronology_rows
from coxlease import policy
from coxlease.models import Site
from coxlease.policy import Action

from .models import ContactEntry, LocalRule

LATEST_ON_THE_CHILD_PAGE = 5
CONTACT_LOGGED = "contact"


def entries_visible_to(user, site: Site):
    """The site's entries this user may read: everyone at the site reads the log; entries
    entered in error stay visible to those who oversee it."""
    policy.require(user, Action.VIEW_CHILDREN, site)
    entries = ContactEntry.objects.filter(child__site=site)
    if not policy.can(user, Action.VIEW_CONTACT_LOG, site):
        entries = entries.current()
    return entries


def entry_get_for_user(*, user, pk: int) -> ContactEntry:
    entry = get_object_or_404(
        ContactEntry.objects.select_related("child__site", "recorded_by"),
        pk=pk,
        child__site_id__in=policy.site_ids_for(user),
    )
    if not entries_visible_to(user, entry.child.site).filter(pk=entry.pk).exists():
        raise Http404("No such entry.")
    return entry


def entry_may_change(*, user, entry: ContactEntry) -> bool:
    """Whoever logged it may correct it; so may the site's leads."""
    site = entry.child.site
    return policy.can(user, Action.LOG_CONTACTS, site) and (
        entry.recorded_by_id == user.pk or policy.can(user, Action.CORRECT_CONTACT_LOG, site)
    )


def latest_entries(*, user, child: Child, limit: int = LATEST_ON_THE_CHILD_PAGE):
    return list(
        entries_visible_to(user, child.site)
        .filter(child=child)
        .prefetch_related("participants")[:limit]
    )


def contact_events(*, user, child: Child, person: Person | None = None):
    """The child's contact log for the chronology (rows as `chronology_rows` shapes them), as
    this user may read it; given a person, the contacts they took part in."""
    entries = entries_visible_to(user, child.site).filter(child=child)
    if person is not None:
        entries = entries.filter(participants=person)
    return chronology_rows(entries, at="started_at", kind=CONTACT_LOGGED)


def site_log(*, user, site: Site):
    """The site's recent contacts, for those who oversee the log (filtered by the page)."""
    policy.require(user, Action.VIEW_CONTACT_LOG, site)
    return (
        ContactEntry.objects.filter(child__site=site)
        .select_related("child", "recorded_by")
        .prefetch_related("participants")
    )


def local_rule_broken(*, site: Site, contact_type: str, at: datetime) -> LocalRule | None:
    """The site's local rule this contact falls outside of, if any (a note, not a breach)."""
    local = timezone.localtime(at)
    days = LocalRule.Days.WEEKENDS if local.weekday() >= 5 else LocalRule.Days.SCHOOL_DAYS
    activities = [a for a, kinds in LocalRule.COVERS.items() if contact_type in kinds]
    for rule in LocalRule.objects.filter(site=site, days=days, activity__in=activities):
        if not rule.from_time <= local.time() < rule.until_time:
            return rule
    return None
