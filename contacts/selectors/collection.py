"""Reads for the collection check at the door."""

from datetime import timedelta

from django.utils import timezone

from ..models import AuthorisedCollector, CollectionCheck

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
