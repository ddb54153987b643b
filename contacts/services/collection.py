from django.core.exceptions import ValidationError
from django.db import transaction

from coxlease import policy
from coxlease.history import save_with_history
from coxlease.outbox import AlertKind, Urgency, staff_alert
from coxlease.policy import Action

from ..models import AuthorisedCollector, Child, CollectionCheck, Person
from ..rules import Verdict, contact_check
from ..selectors.collection import password_check_is_open

DOOR_ALERT = AlertKind(
    code="door-order-about-another-child",
    what="someone named in an order about another child here came to collect or drop off",
)


@transaction.atomic
def collector_save(
    *, collector: AuthorisedCollector, changed_by, reason: str
) -> AuthorisedCollector:
    policy.require(changed_by, Action.MANAGE_ARRANGEMENTS, collector.child.site)
    return save_with_history(collector, user=changed_by, reason=reason)


def _log(verdict: Verdict, **fields) -> CollectionCheck:
    check = CollectionCheck(
        asks_password=verdict.asks_password,
        names_in_other_order=verdict.names_in_other_order,
        **fields,
    )
    check.record_verdict(verdict)
    check.save()
    check.applied_restrictions.set(verdict.restrictions)
    return check


@transaction.atomic
def collection_check_run(
    *,
    child: Child,
    person: Person | None,
    unlisted_description: str = "",
    handover: str,
    checked_by,
) -> CollectionCheck:
    """Ask the contact rule at the door, and log the answer exactly as it was given."""
    policy.require(checked_by, Action.CHECK_COLLECTION, child.site)
    verdict = contact_check(child=child, person=person, contact_type=handover)
    check = _log(
        verdict,
        child=child,
        person=person,
        unlisted_description=unlisted_description if person is None else "",
        handover=handover,
        checked_by=checked_by,
    )
    if verdict.names_in_other_order:
        staff_alert(
            recipients=policy.emails_of(
                policy.users_who_may(Action.HEAR_OF_DOOR_ALERTS, child.site)
            ),
            kind=DOOR_ALERT,
            site=child.site,
            urgency=Urgency.IMMEDIATE,
            link=check.get_absolute_url(),
        )
    return check


@transaction.atomic
def collection_password_record(
    *, check: CollectionCheck, word_given: str, checked_by
) -> CollectionCheck:
    """The desk typed the word the collector said: ask the rule again with whether it was the
    right one, and log that answer as a check that follows the first. The word itself is kept
    nowhere."""
    policy.require(checked_by, Action.CHECK_COLLECTION, check.child.site)
    check = CollectionCheck.objects.select_for_update().get(pk=check.pk)
    if not password_check_is_open(check=check, user=checked_by):
        raise ValidationError(
            "This answer no longer waits for a password word: run a new check.", code="closed"
        )
    collector = AuthorisedCollector.objects.get(child=check.child, person=check.person)
    matches = collector.password_matches(word_given)
    verdict = contact_check(
        child=check.child, person=check.person, contact_type=check.handover, password_given=matches
    )
    return _log(
        verdict,
        child=check.child,
        person=check.person,
        handover=check.handover,
        checked_by=checked_by,
        follows=check,
        password_given=matches,
    )
