"""Writes for planned contact: plan a contact (checked against the one contact rule; one the
rule refuses is saved only when marked for the DSL to review, and the DSL is told), end it, and
a child out and back. A child not back by the time due plus the site's grace is missing until
shown otherwise: whoever is on call is alerted at once, through the outbox."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from contacts.models import Outcome, Person
from contacts.rules import contact_check
from coxlease import policy
from coxlease.history import save_with_history
from coxlease.models import Site, User
from coxlease.oncall import on_call_now
from coxlease.outbox import AlertKind, Urgency, staff_alert
from coxlease.policy import Action

from .models import ContactEntry, Outing, OutingStep, PlannedContact, PlanStatus, SiteSettings
from .services import entry_log

PLANNED_NOT_ALLOWED = AlertKind(
    code="planned-contact-not-allowed",
    what="a contact was planned that the contact rule does not allow, for the DSL to review",
)
NOT_BACK = AlertKind(
    code="child-not-back",
    what="a child who went out is not back at the time they were due: they may be missing "
    "from care",
)
BACK = AlertKind(code="child-back", what="a child reported as not back is now back")
IN_THE_PAST = "A new plan cannot be in the past: check the date and time."
TICK_FOR_DSL = (
    "The contact rule does not allow this contact (see why below). Change the plan, or tick "
    "this to save it for the DSL to review: they are told."
)
ALREADY_ENDED = "This planned contact has already ended."
NOT_YET_LEFT = "The child cannot be recorded as leaving later than now."
NOT_NOW = "The contact rule does not allow this now: do not let the child go, and tell the DSL."


def _leads(site: Site):
    """The site's DSLs and managers: told of a contact against the plan or the rule."""
    return policy.users_who_may(Action.HEAR_OF_FLAGGED_CONTACTS, site)


def site_settings(site: Site) -> SiteSettings:
    return SiteSettings.objects.filter(site=site).first() or SiteSettings(site=site)


@transaction.atomic
def site_settings_save(*, settings: SiteSettings, changed_by) -> SiteSettings:
    policy.require(changed_by, Action.SET_LOCAL_RULES, settings.site)
    return save_with_history(settings, user=changed_by, reason="Site settings changed")


@transaction.atomic
def planned_contact_plan(
    *, planned: PlannedContact, planned_by, now: datetime | None = None
) -> PlannedContact:
    """Plan a contact. The rule is asked now; a refusal is saved only as "for the DSL to
    review", never silently, and the site's leads are told. (`now`: when it was planned, for
    the demo's plans of the days just gone.)"""
    site = planned.child.site
    policy.require(planned_by, Action.LOG_CONTACTS, site)
    if planned.starts_at and planned.starts_at < (now or timezone.now()):
        raise ValidationError({"starts_at": IN_THE_PAST})
    verdict = contact_check(
        child=planned.child,
        person=planned.person,
        contact_type=planned.contact_type,
        at=planned.starts_at,
    )
    planned.record_verdict(verdict)
    refused = verdict.outcome == Outcome.NOT_ALLOWED
    if refused and not planned.for_dsl_review:
        raise ValidationError({"for_dsl_review": TICK_FOR_DSL})
    planned.for_dsl_review = refused
    planned.planned_by = planned_by
    save_with_history(planned, user=planned_by, reason="Planned")
    planned.applied_restrictions.set(verdict.restrictions)
    if refused:
        staff_alert(
            recipients=policy.emails_of(_leads(site)),
            kind=PLANNED_NOT_ALLOWED,
            site=site,
            urgency=Urgency.URGENT,
            link=planned.get_absolute_url(),
        )
    return planned


def _require_open(planned: PlannedContact, user) -> None:
    policy.require(user, Action.LOG_CONTACTS, planned.child.site)
    if not planned.is_open:
        raise ValidationError(ALREADY_ENDED)


ENDINGS = {
    PlanStatus.NO_SHOW: {},
    PlanStatus.REFUSED: {"ended_note": "Write what the child said, in their words."},
    PlanStatus.CANCELLED: {
        "cancelled_by": "Say who cancelled it.",
        "ended_note": "Say why it was cancelled.",
    },
}


@transaction.atomic
def planned_contact_end(
    *, planned: PlannedContact, status: str, ended_note: str, cancelled_by: str, ended_by
) -> PlannedContact:
    """It did not happen: a no-show, the child refused (in their words), or cancelled (by
    whom, why). A child who went out did meet them: that is logged as a contact instead."""
    _require_open(planned, ended_by)
    if Outing.objects.filter(planned=planned).exists():
        raise ValidationError("The child went out with them: log the contact instead.")
    planned.status = status
    planned.ended_note = ended_note.strip()
    planned.cancelled_by = cancelled_by.strip() if status == PlanStatus.CANCELLED else ""
    missing = {
        field: message
        for field, message in ENDINGS[PlanStatus(status)].items()
        if not getattr(planned, field)
    }
    if missing:
        raise ValidationError(missing)
    planned.closed_by, planned.closed_at = ended_by, timezone.now()
    return save_with_history(planned, user=ended_by, reason=PlanStatus(status).label)


@transaction.atomic
def planned_contact_happened(
    *,
    planned: PlannedContact,
    entry: ContactEntry,
    participants: list[Person],
    staff_present,
    recorded_by,
) -> ContactEntry:
    """It happened: the contact is logged as any other (checked by the rule) and the plan
    ends linked to it."""
    _require_open(planned, recorded_by)
    entry = entry_log(
        entry=entry, participants=participants, staff_present=staff_present, recorded_by=recorded_by
    )
    planned.status, planned.entry = PlanStatus.HAPPENED, entry
    planned.closed_by, planned.closed_at = recorded_by, timezone.now()
    save_with_history(planned, user=recorded_by, reason="It happened: contact logged")
    return entry


@transaction.atomic
def outing_start(*, outing: Outing, recorded_by) -> Outing:
    """The desk records the child leaving with someone, and when they are due back."""
    _require_open(outing.planned, recorded_by)
    if not outing.planned.goes_out:
        raise ValidationError("Only a visit out or a collection takes the child out.")
    if Outing.objects.filter(planned=outing.planned).exists():
        raise ValidationError("The child's leaving is already recorded for this plan.")
    if outing.left_at and outing.left_at > timezone.now():
        raise ValidationError({"left_at": NOT_YET_LEFT})
    planned = outing.planned
    verdict = contact_check(  # asked again when the time comes
        child=planned.child,
        person=planned.person,
        contact_type=planned.contact_type,
        at=outing.left_at or timezone.now(),
    )
    if verdict.outcome == Outcome.NOT_ALLOWED:
        raise ValidationError(" ".join((NOT_NOW, *verdict.reasons)))
    outing.recorded_by = recorded_by
    return save_with_history(outing, user=recorded_by, reason="Left")


def _require_out(outing: Outing, user) -> None:
    policy.require(user, Action.LOG_CONTACTS, outing.child.site)
    if outing.returned_at is not None:
        raise ValidationError("The child is already back.")


@transaction.atomic
def outing_return(*, outing: Outing, returned_at: datetime, recorded_by) -> Outing:
    """The child is back. If whoever was on call had been alerted, they hear it too."""
    _require_out(outing, recorded_by)
    outing.returned_at = returned_at
    save_with_history(outing, user=recorded_by, reason="Back")
    if outing.alerted_at is not None:
        site = outing.child.site
        staff_alert(
            recipients=policy.emails_of(_alerted(site, at=outing.alerted_at)),
            kind=BACK,
            site=site,
            urgency=Urgency.URGENT,
            link=outing.get_absolute_url(),
        )
    return outing


@transaction.atomic
def outing_step_record(*, step: OutingStep, recorded_by) -> OutingStep:
    """A new time from the family (it clears the red, and a new lateness alerts again), or a
    step of the missing-from-care protocol."""
    outing = step.outing
    _require_out(outing, recorded_by)
    new_time = step.action == OutingStep.Action.NEW_TIME and step.new_due_back_at
    if new_time and step.new_due_back_at <= outing.left_at:
        raise ValidationError({"new_due_back_at": "That is before the child left."})
    step.recorded_by = recorded_by
    save_with_history(step, user=recorded_by, reason=step.get_action_display())
    if new_time:
        outing.due_back_at, outing.alerted_at = step.new_due_back_at, None
        save_with_history(outing, user=recorded_by, reason=f"New time from {step.who}"[:100])
    return step


def _alerted(site: Site, *, at: datetime) -> list[User]:
    """Whoever is on call, or (nobody on call) the site's DSLs and managers."""
    on_call = on_call_now(site=site, at=at)
    return [on_call.person] if on_call is not None else list(_leads(site))


def late_returns_alert(*, now: datetime | None = None) -> int:
    """Alert whoever is on call, once, about each child not back by the time due plus the
    site's grace. Run by beat every minute. Returns how many outings were alerted."""
    now = now or timezone.now()
    due = Outing.objects.out().filter(alerted_at=None, due_back_at__lte=now)
    return sum(_alert_if_late(pk, now=now) for pk in due.values_list("pk", flat=True))


@transaction.atomic
def _alert_if_late(pk: int, *, now: datetime) -> bool:
    outing = (
        Outing.objects.select_for_update(of=("self",))
        .select_related("planned__child__site")
        .get(pk=pk)
    )
    site = outing.child.site
    if outing.alerted_at is not None or not outing.is_late(
        now=now, grace=site_settings(site).grace
    ):
        return False
    outing.alerted_at = now
    save_with_history(outing, user=None, reason="Not back: whoever is on call was alerted")
    staff_alert(
        recipients=policy.emails_of(_alerted(site, at=now)),
        kind=NOT_BACK,
        site=site,
        urgency=Urgency.IMMEDIATE,
        link=outing.get_absolute_url(),
        dedupe_key=f"{NOT_BACK.code}:{outing.pk}:{outing.due_back_at.isoformat()}",
    )
    return True
