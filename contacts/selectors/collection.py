"""Reads for the collection check at the door."""

from datetime import timedelta

from django.utils import timezone

from coxlease import policy
from coxlease.policy import Action

from ..models import AuthorisedCollector, Child, CollectionCheck, child_name_matches

# The password word is for the person at the door, at the door: not for the log.
PASSWORD_SHOWN_FOR = timedelta(minutes=15)


def collection_password_word(*, check: CollectionCheck, user) -> str:
    """The collector's password word, for whoever ran this check and only just after it."""
    fresh = timezone.now() - check.checked_at <= PASSWORD_SHOWN_FOR
    if check.checked_by_id != user.pk or not fresh or check.result == check.Result.NOT_ALLOWED:
        return ""
    collector = (
        AuthorisedCollector.objects.valid_on(timezone.localdate())
        .filter(child_id=check.child_id, person_id=check.person_id)
        .exclude(password_word="")
        .first()
    )
    return collector.password_word if collector else ""


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
