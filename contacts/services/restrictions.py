from datetime import date, datetime

from django.db import transaction

from coxlease import policy
from coxlease.history import save_with_history
from coxlease.policy import Action

from ..models import Acknowledgement, ChildInformed, Restriction


@transaction.atomic
def restriction_record(*, restriction: Restriction, recorded_by) -> Restriction:
    policy.require(recorded_by, Action.MANAGE_ARRANGEMENTS, restriction.child.site)
    restriction.recorded_by = recorded_by
    restriction.version = 1
    return save_with_history(restriction, user=recorded_by, reason="Recorded")


@transaction.atomic
def restriction_update(*, restriction: Restriction, changed_by, reason: str) -> Restriction:
    """Save a change. Every colleague must confirm the new version again."""
    policy.require(changed_by, Action.MANAGE_ARRANGEMENTS, restriction.child.site)
    current = Restriction.objects.select_for_update().values_list("version", flat=True)
    restriction.version = current.get(pk=restriction.pk) + 1
    return save_with_history(restriction, user=changed_by, reason=reason)


@transaction.atomic
def restriction_end(*, restriction: Restriction, ends_on: date, changed_by, reason: str):
    """End a restriction. It stays on record; confirmations stay valid (nothing new to read)."""
    policy.require(changed_by, Action.MANAGE_ARRANGEMENTS, restriction.child.site)
    restriction.ends_on = ends_on
    return save_with_history(restriction, user=changed_by, reason=f"Ended: {reason}")


@transaction.atomic
def restriction_report(
    *, restriction: Restriction, reported_at: datetime, how: str, to: str, changed_by
) -> Restriction:
    """Record that an on-site restriction was reported to the placing authority."""
    policy.require(changed_by, Action.MANAGE_ARRANGEMENTS, restriction.child.site)
    restriction.reported_to_authority_at = reported_at
    restriction.reported_how = how
    restriction.reported_to = to
    return save_with_history(
        restriction, user=changed_by, reason="Reported to the placing authority"
    )


@transaction.atomic
def restriction_confirm(
    *, restriction: Restriction, user, version: int | None
) -> Acknowledgement | None:
    """The user has read and understood `version` of the restriction: the one they were shown.
    None if it has changed since, and they must read it again."""
    policy.require(user, Action.CONFIRM_RESTRICTIONS, restriction.child.site)
    current = Restriction.objects.select_for_update().values_list("version", flat=True)
    if current.get(pk=restriction.pk) != version:
        return None
    acknowledgement, _ = Acknowledgement.objects.get_or_create(
        restriction=restriction, user=user, version=version
    )
    return acknowledgement


@transaction.atomic
def child_informed_record(*, record: ChildInformed, recorded_by) -> ChildInformed:
    policy.require(recorded_by, Action.RECORD_CHILD_INFORMED, record.restriction.child.site)
    return save_with_history(record, user=recorded_by, reason="Child told")
