"""Reads for the collection check at the door."""

from datetime import timedelta

from django.utils import timezone

from coxlease import policy
from coxlease.policy import Action

from ..models import Child, CollectionCheck, child_name_matches

# The desk records the password word straight after the check, at the door.
PASSWORD_WINDOW = timedelta(minutes=15)


def password_check_is_open(*, check: CollectionCheck, user) -> bool:
    """Whether this user may still record the password word for this answer: they ran the
    check, a few minutes ago, and nobody has recorded the word for it yet."""
    return (
        check.asks_password
        and check.checked_by_id == user.pk
        and timezone.now() - check.checked_at <= PASSWORD_WINDOW
        and not CollectionCheck.objects.filter(follows=check).exists()
    )


def children_to_check(user):
    """Children on roll at the sites where this user may run a collection check."""
    site_ids = [
        site_id
        for site_id in policy.site_ids_for(user)
        if policy.can(user, Action.CHECK_COLLECTION, site_id)
    ]
    return Child.objects.on_roll().filter(site_id__in=site_ids).select_related("site")


def children_matching(*, site, text: str, limit: int) -> list[Child]:
    """Children on roll at the site whose names match what was typed at the door."""
    if not text:
        return []
    return list(Child.objects.on_roll().filter(child_name_matches(text), site=site)[:limit])


DOOR_ALERTS_FOR = timedelta(days=7)


def door_alerts(*, user, site) -> list[CollectionCheck]:
    """Recent answers at the door that need the DSL and that nobody has followed up yet."""
    if not policy.can(user, Action.HEAR_OF_DOOR_ALERTS, site):
        return []
    return list(
        CollectionCheck.objects.filter(
            child__site=site,
            for_the_dsl=True,
            followed_by__isnull=True,
            checked_at__gte=timezone.now() - DOOR_ALERTS_FOR,
        )
        .select_related("child", "person", "checked_by")
        .prefetch_related("applied_restrictions")
    )
