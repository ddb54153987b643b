from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coxlease import policy
from coxlease.history import save_with_history
from coxlease.policy import Action

from ..models import Acknowledgement, ChildInformed, LegalBasis, Restriction
from ..models.restrictions import MATERIAL_FIELDS

CLOCK_IS_FIXED = (
    "Once recorded, the time an emergency restriction was imposed is fixed: use 'Correct the "
    "imposition time', which keeps the record of any lateness."
)
DUTY_IS_FIXED = (
    "Whether a restriction must be reported to the placing authority is fixed when it is "
    "recorded: record a new restriction and end this one instead."
)


def _save_version(restriction: Restriction, *, user, reason: str) -> Restriction:
    """Save a restriction. A change to anything colleagues confirm (what it does, whom and
    which contact it covers, its dates) makes a new version that everyone confirms again;
    whoever made the change has read it."""
    if restriction.pk is None:
        restriction.version = 1
    else:
        stored = Restriction.objects.select_for_update().get(pk=restriction.pk)
        changed = any(getattr(stored, f) != getattr(restriction, f) for f in MATERIAL_FIELDS)
        restriction.version = stored.version + (1 if changed else 0)
    save_with_history(restriction, user=user, reason=reason)
    if policy.can(user, Action.CONFIRM_RESTRICTIONS, restriction.child.site):
        Acknowledgement.objects.get_or_create(
            restriction=restriction, user=user, version=restriction.version
        )
    return restriction


@transaction.atomic
def restriction_record(*, restriction: Restriction, recorded_by) -> Restriction:
    policy.require(recorded_by, Action.MANAGE_ARRANGEMENTS, restriction.child.site)
    restriction.recorded_by = recorded_by
    if not restriction.must_be_reported:
        restriction.imposed_at = None
    return _save_version(restriction, user=recorded_by, reason="Recorded")


@transaction.atomic
def restriction_update(*, restriction: Restriction, changed_by, reason: str) -> Restriction:
    """Save a change. The reg. 22 clock and the duty to report are not changed this way."""
    policy.require(changed_by, Action.MANAGE_ARRANGEMENTS, restriction.child.site)
    stored = Restriction.objects.get(pk=restriction.pk)
    emergency = LegalBasis.EMERGENCY_ON_SITE
    if stored.legal_basis != restriction.legal_basis and emergency in (
        stored.legal_basis,
        restriction.legal_basis,
    ):
        raise ValidationError({"legal_basis": DUTY_IS_FIXED})
    if stored.imposed_at != restriction.imposed_at:
        raise ValidationError({"imposed_at": CLOCK_IS_FIXED})
    return _save_version(restriction, user=changed_by, reason=reason)


@transaction.atomic
def restriction_end(*, restriction: Restriction, ends_on: date, changed_by, reason: str):
    """End a restriction. It stays on record; a new end date is a new version to confirm."""
    policy.require(changed_by, Action.MANAGE_ARRANGEMENTS, restriction.child.site)
    if restriction.has_ended:
        raise ValidationError(
            f"This restriction already ended on {restriction.ends_on:%d/%m/%Y}.",
            code="already_ended",
        )
    restriction.ends_on = ends_on
    return _save_version(restriction, user=changed_by, reason=f"Ended: {reason}")


@transaction.atomic
def restriction_correct_imposition(
    *, restriction: Restriction, imposed_at: datetime, changed_by, reason: str
) -> Restriction:
    """Correct the time an emergency restriction was imposed. If its report was late by the
    clock as it stood, that stays on record."""
    policy.require(changed_by, Action.MANAGE_ARRANGEMENTS, restriction.child.site)
    if not restriction.must_be_reported:
        raise ValidationError("Only emergency restrictions imposed on site have this clock.")
    reported = restriction.reported_to_authority_at
    if reported is not None and reported < imposed_at:
        raise ValidationError(
            {"imposed_at": "It was reported to the placing authority before this time."}
        )
    restriction.late_before_correction = restriction.report_was_late
    restriction.imposed_at = imposed_at
    return save_with_history(
        restriction, user=changed_by, reason=f"Imposition time corrected: {reason}"
    )


@transaction.atomic
def restriction_report(
    *, restriction: Restriction, reported_at: datetime, how: str, to: str, changed_by
) -> Restriction:
    """Record that an on-site restriction was reported to the placing authority."""
    policy.require(changed_by, Action.MANAGE_ARRANGEMENTS, restriction.child.site)
    if not restriction.must_be_reported:
        raise ValidationError("Only emergency restrictions imposed on site are reported this way.")
    if Restriction.objects.filter(
        pk=restriction.pk, reported_to_authority_at__isnull=False
    ).exists():
        raise ValidationError(
            "The report is already recorded: once recorded, when it was made stays as it was.",
            code="already_reported",
        )
    if reported_at > timezone.now():
        raise ValidationError({"reported_at": "The report time cannot be in the future."})
    if reported_at < restriction.imposed_at:
        raise ValidationError({"reported_at": "It cannot be reported before it was imposed."})
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
