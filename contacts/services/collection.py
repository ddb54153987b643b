from django.db import transaction

from coxlease import policy
from coxlease.history import save_with_history
from coxlease.policy import Action

from ..models import AuthorisedCollector, Child, CollectionCheck, Person
from ..rules import contact_check


@transaction.atomic
def collector_save(
    *, collector: AuthorisedCollector, changed_by, reason: str
) -> AuthorisedCollector:
    policy.require(changed_by, Action.MANAGE_ARRANGEMENTS, collector.child.site)
    return save_with_history(collector, user=changed_by, reason=reason)


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
    lines = [*verdict.reasons, *verdict.conditions]
    return CollectionCheck.objects.create(
        child=child,
        person=person,
        unlisted_description=unlisted_description if person is None else "",
        handover=handover,
        result=verdict.outcome.value,
        reasons="\n".join(lines),
        checked_by=checked_by,
    )
