"""Writes to the contact log. Every entry is checked against the one contact rule as it is
saved; one that broke a restriction or the plan is saved all the same (the record must exist),
flagged, and the site's DSL and managers are told through the outbox."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from contacts.models import Outcome, Person, RestrictionEffect
from contacts.rules import OTHER_ORDER_CONDITION, Verdict, contact_check_together
from coxlease import policy
from coxlease.history import save_with_history
from coxlease.outbox import AlertKind, Urgency, staff_alert
from coxlease.policy import Action

from .models import PRIVATE, ContactEntry, LocalRule
from .selectors import entry_may_change, local_rule_broken

FLAGGED_CONTACT = AlertKind(
    code="contact-against-the-plan",
    what="a contact was logged that broke a restriction or the contact plan",
)
FLAG_CLEARED = AlertKind(
    code="contact-flag-cleared",
    what="a contact flagged as breaking a restriction or the plan was corrected, and is no "
    "longer flagged",
)
SAY_WHY_CLEARED = "Say why: this correction clears the flag, and the DSL and site manager are told."
# After this long, a correction says why (LP 38 section 9: records are kept, not rewritten).
FREE_CORRECTION = timedelta(hours=24)
UNSUPERVISED = "It was not supervised, but the plan or a restriction says it must be."
OTHER_ORDER_REVIEW = "The DSL must review it: they should have decided before it went ahead."
SAY_WHO = "Say who took part: choose one of the child's people, or name someone not listed."
UNMONITORED = "It was not monitored, but the social media risk assessment says it must be."


def entry_verdict(*, entry: ContactEntry, participants: list[Person]) -> Verdict:
    """What the rule says of this contact, with everyone who took part."""
    people: list[Person | None] = [*participants]
    if entry.someone_else.strip():
        people.append(None)
    if not people:
        raise ValidationError(SAY_WHO)
    return contact_check_together(
        child=entry.child, people=people, contact_type=entry.contact_type, at=entry.started_at
    )


def monitoring_restrictions(verdict: Verdict):
    return [r for r in verdict.restrictions if r.effect == RestrictionEffect.MONITORED]


def _check(entry: ContactEntry, participants: list[Person]) -> Verdict:
    verdict = entry_verdict(entry=entry, participants=participants)
    if entry.content.strip() and not monitoring_restrictions(verdict):
        raise ValidationError({"content": PRIVATE})
    # It happened as it happened: saved, and flagged for the DSL when it went unwatched.
    unsupervised = verdict.needs_supervision and not entry.supervised
    unmonitored = verdict.needs_monitoring and not entry.supervised
    entry.record_verdict(verdict)
    if unsupervised:
        entry.reasons.append(UNSUPERVISED)
    if unmonitored:
        entry.reasons.append(UNMONITORED)
    if verdict.names_in_other_order:
        # At the door this waits for the DSL; logged, it has happened: the DSL reviews it.
        entry.conditions = [c for c in entry.conditions if c != OTHER_ORDER_CONDITION]
        entry.reasons.append(OTHER_ORDER_REVIEW)
    entry.flagged = (
        verdict.outcome == Outcome.NOT_ALLOWED
        or unsupervised
        or unmonitored
        or verdict.names_in_other_order
    )
    entry.outside_local_rules = (
        local_rule_broken(
            site=entry.child.site, contact_type=entry.contact_type, at=entry.started_at
        )
        is not None
    )
    return verdict


def _save(entry, *, participants, staff_present, user, reason) -> ContactEntry:
    """Check, save and tell: a new flag, or a flag a correction clears (which needs a reason),
    goes to the site's DSL and managers."""
    new = entry.pk is None
    was_flagged = not new and ContactEntry.objects.get(pk=entry.pk).flagged
    verdict = _check(entry, participants)
    cleared = was_flagged and not entry.flagged
    if cleared and not reason.strip():
        raise ValidationError({"reason": SAY_WHY_CLEARED})
    save_with_history(entry, user=user, reason=reason or ("Logged" if new else "Corrected"))
    entry.participants.set(participants)
    entry.staff_present.set(staff_present)
    entry.applied_restrictions.set(verdict.restrictions)
    if entry.flagged != was_flagged:
        site = entry.child.site
        staff_alert(
            recipients=policy.emails_of(
                policy.users_who_may(Action.HEAR_OF_FLAGGED_CONTACTS, site)
            ),
            kind=FLAG_CLEARED if cleared else FLAGGED_CONTACT,
            site=site,
            urgency=Urgency.URGENT,
            link=entry.get_absolute_url(),
        )
    return entry


@transaction.atomic
def entry_log(
    *, entry: ContactEntry, participants: list[Person], staff_present, recorded_by
) -> ContactEntry:
    policy.require(recorded_by, Action.LOG_CONTACTS, entry.child.site)
    entry.recorded_by = recorded_by
    return _save(
        entry,
        participants=participants,
        staff_present=staff_present,
        user=recorded_by,
        reason="",
    )


def entry_needs_a_reason(entry: ContactEntry) -> bool:
    return timezone.now() - entry.recorded_at > FREE_CORRECTION


@transaction.atomic
def entry_update(
    *, entry: ContactEntry, participants: list[Person], staff_present, changed_by, reason: str
) -> ContactEntry:
    """Correct an entry; it is checked against the rule again. More than 24 hours after it
    was logged, the correction says why."""
    _require_may_change(changed_by, entry)
    if entry_needs_a_reason(entry) and not reason.strip():
        raise ValidationError({"reason": "Say why it is being corrected more than a day later."})
    return _save(
        entry,
        participants=participants,
        staff_present=staff_present,
        user=changed_by,
        reason=reason,
    )


@transaction.atomic
def entry_mark_in_error(*, entry: ContactEntry, reason: str, changed_by) -> ContactEntry:
    """A wrong entry is never deleted: it is marked, with why, and stays for the leads."""
    _require_may_change(changed_by, entry)
    if entry.entered_in_error:
        raise ValidationError("This entry is already marked as entered in error.")
    entry.entered_in_error = True
    entry.error_reason = reason
    return save_with_history(entry, user=changed_by, reason=f"Entered in error: {reason}")


def _require_may_change(user, entry: ContactEntry) -> None:
    if not entry_may_change(user=user, entry=entry):
        raise PermissionDenied("Only whoever logged it, or the site's leads, may correct it.")


@transaction.atomic
def local_rule_save(*, rule: LocalRule, changed_by) -> LocalRule:
    policy.require(changed_by, Action.SET_LOCAL_RULES, rule.site)
    return save_with_history(rule, user=changed_by, reason="Local rules changed")
