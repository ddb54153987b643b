"""Writes about safeguarding concerns. Raising one tells the site's leads at once through the
outbox, in the same transaction; every later step is written down with who, when and why."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from contacts.models import Person
from coxlease import audit, policy
from coxlease.history import save_with_history
from coxlease.models import Notification, OnCall, Role, User
from coxlease.oncall import on_call_now
from coxlease.outbox import AlertKind, Urgency, staff_alert
from coxlease.policy import Action

from .models import (
    ESCALATE_AFTER,
    Attachment,
    Concern,
    NeedToKnow,
    Status,
    Step,
)
from .models import Urgency as ConcernUrgency

CONCERN_RAISED = AlertKind(code="concern-raised", what="a safeguarding concern was raised")
CONCERN_NOT_OPENED = AlertKind(
    code="concern-not-opened",
    what="an urgent safeguarding concern has not been opened by a lead for 30 minutes",
)


def _leads_of(concern: Concern) -> list[User]:
    """Who is told of a concern and acts on it: the site's DSLs and managers, or SLT for an
    allegation about one of them; never the adult it names."""
    candidates = policy.users_who_may(Action.ACT_ON_CONCERNS, concern.child.site)
    return [user for user in candidates if policy.can(user, Action.ACT_ON_CONCERNS, concern)]


def _on_call_for(concern: Concern, *, at: datetime | None = None) -> OnCall | None:
    """Whoever is on call, if they may act on this concern (never the adult it names, nor a
    lead when it is about a lead)."""
    on_call = on_call_now(site=concern.child.site, at=at)
    if on_call is not None and policy.can(on_call.person, Action.ACT_ON_CONCERNS, concern):
        return on_call
    return None


def _told_when_raised(concern: Concern) -> set[User]:
    told = set(_leads_of(concern))
    on_call = _on_call_for(concern, at=concern.raised_at)
    if on_call is not None:
        told.add(on_call.person)
    return told


def _key(kind: AlertKind, concern: Concern, what: str) -> str:
    return f"{kind.code}:{concern.pk}:{what}"


def _heard_when_raised(concern: Concern) -> set[str]:
    """The addresses the outbox wrote to when the concern was raised (not who would be now)."""
    raised = Notification.objects.filter(dedupe_key=_key(CONCERN_RAISED, concern, "raised"))
    return set(raised.values_list("recipient", flat=True))


def phone_now_about(concern: Concern) -> tuple[User, str] | None:
    """Whom someone raising an urgent concern phones now, and on what number: whoever is on
    call if they may act on it, else a lead who may and has a work phone."""
    on_call = _on_call_for(concern)
    if on_call is not None:
        return on_call.person, on_call.phone
    return next(((lead, lead.work_phone) for lead in _leads_of(concern) if lead.work_phone), None)


def _tell(concern: Concern, users, *, kind: AlertKind, urgency, key: str) -> None:
    staff_alert(
        recipients=policy.emails_of(users),
        kind=kind,
        site=concern.child.site,
        urgency=urgency,
        link=concern.get_absolute_url(),
        dedupe_key=_key(kind, concern, key),
    )


def _step(concern: Concern, *, kind: str, by, text: str = "", **fields) -> Step:
    return save_with_history(
        Step(concern=concern, kind=kind, by=by, text=text, **fields),
        user=by,
        reason=Step.Kind(kind).label,
    )


@transaction.atomic
def concern_raise(
    *, concern: Concern, people_involved: list[Person], raised_by, attachments=()
) -> Concern:
    """Raise a concern. The leads (and whoever is on call) are e-mailed at once; the time and
    who raised it are the system's, not typed."""
    policy.require(raised_by, Action.RAISE_CONCERNS, concern.child.site)
    concern.raised_by = raised_by
    concern.raised_at = timezone.now()
    concern.status = Status.NEW
    save_with_history(concern, user=raised_by, reason="Raised")
    concern.people_involved.set(people_involved)
    for upload in attachments:
        attachment_add(concern=concern, upload=upload, added_by=raised_by)
    _step(concern, kind=Step.Kind.RAISED, by=raised_by)
    urgent = concern.urgency == ConcernUrgency.URGENT
    _tell(
        concern,
        _told_when_raised(concern),
        kind=CONCERN_RAISED,
        urgency=Urgency.IMMEDIATE if urgent else Urgency.URGENT,
        key="raised",
    )
    return concern


def concern_opened(*, concern: Concern, user) -> list | None:
    """Someone opened the concern: logged (the DSLs see who); the first lead to open it stops
    the banner and the escalation. Returns the openings for those who may see them."""
    visits = audit.record_opened(user=user, record=concern, site=concern.child.site)
    if concern.first_opened_at is None and policy.can(user, Action.ACT_ON_CONCERNS, concern):
        Concern.objects.filter(pk=concern.pk, first_opened_at__isnull=True).update(
            first_opened_at=timezone.now(), first_opened_by=user
        )
    return visits


def _require_acting(user, concern: Concern) -> None:
    policy.require(user, Action.ACT_ON_CONCERNS, concern)


@transaction.atomic
def concern_take_into_review(*, concern: Concern, by, note: str) -> Concern:
    _require_acting(by, concern)
    if concern.status != Status.NEW:
        raise ValidationError("Only a new concern is taken into review.")
    concern.status = Status.IN_REVIEW
    save_with_history(concern, user=by, reason="Taken into review")
    _step(concern, kind=Step.Kind.REVIEW, by=by, text=note)
    return concern


@transaction.atomic
def concern_record_decision(*, concern: Concern, by, text: str) -> Step:
    """A discussion, decision or action, with its reasons (KCSIE: in writing)."""
    _require_acting(by, concern)
    if concern.status == Status.CLOSED:
        raise ValidationError("This concern is closed: reopen it first.")
    return _step(concern, kind=Step.Kind.DECISION, by=by, text=text)


@transaction.atomic
def concern_escalate(
    *,
    concern: Concern,
    by,
    to: str,
    when: datetime,
    how: str,
    reference: str,
    text: str,
) -> Step:
    _require_acting(by, concern)
    if concern.status == Status.CLOSED:
        raise ValidationError("This concern is closed: reopen it first.")
    if not to:
        raise ValidationError({"escalated_to": "Say to whom it was escalated."})
    if when > timezone.now():
        raise ValidationError({"escalated_when": "It cannot be escalated in the future."})
    if when < concern.raised_at.replace(second=0, microsecond=0):  # times are typed to the minute
        raise ValidationError({"escalated_when": "It was raised after that time."})
    concern.status = Status.ESCALATED
    save_with_history(concern, user=by, reason="Escalated")
    return _step(
        concern,
        kind=Step.Kind.ESCALATED,
        by=by,
        text=text,
        escalated_to=to,
        escalated_when=when,
        escalated_how=how,
        reference=reference,
    )


@transaction.atomic
def concern_close(*, concern: Concern, by, outcome: str) -> Concern:
    _require_acting(by, concern)
    if concern.status == Status.CLOSED:
        raise ValidationError("This concern is already closed.")
    concern.status = Status.CLOSED
    concern.outcome = outcome
    save_with_history(concern, user=by, reason="Closed")
    _step(concern, kind=Step.Kind.CLOSED, by=by, text=outcome)
    return concern


@transaction.atomic
def concern_reopen(*, concern: Concern, by, reason: str) -> Concern:
    _require_acting(by, concern)
    if concern.status != Status.CLOSED:
        raise ValidationError("Only a closed concern is reopened.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why it is reopened."})
    concern.status = Status.IN_REVIEW
    save_with_history(concern, user=by, reason="Reopened")
    _step(concern, kind=Step.Kind.REOPENED, by=by, text=reason)
    return concern


@transaction.atomic
def need_to_know_write(*, concern: Concern, by, text: str, colleagues) -> NeedToKnow:
    """What named colleagues must do or watch for: they see this note, not the concern."""
    _require_acting(by, concern)
    colleagues = list(colleagues)
    site = concern.child.site
    if any(not policy.can(c, Action.VIEW_CHILDREN, site) for c in colleagues):
        raise ValidationError({"colleagues": "Choose colleagues who work at this site."})
    if concern.named_adult_id in {c.pk for c in colleagues}:
        raise ValidationError({"colleagues": "The adult the concern is about cannot be told."})
    note = save_with_history(
        NeedToKnow(concern=concern, text=text, written_by=by), user=by, reason="Need to know"
    )
    note.colleagues.set(colleagues)
    _step(concern, kind=Step.Kind.DECISION, by=by, text=f"Need-to-know note written: {text}")
    return note


def attachment_add(*, concern: Concern, upload, added_by) -> Attachment:
    policy.require(added_by, Action.VIEW_CONCERNS, concern)
    return save_with_history(
        Attachment(
            concern=concern,
            file=upload,
            name=upload.name[:200],
            content_type=upload.content_type or "application/octet-stream",
            size=upload.size,
            uploaded_by=added_by,
        ),
        user=added_by,
        reason="Attached",
    )


@transaction.atomic
def on_call_save(*, shift: OnCall, changed_by) -> OnCall:
    policy.require(changed_by, Action.SET_ON_CALL_ROTA, shift.site)
    if not policy.can(shift.person, Action.ACT_ON_CONCERNS, shift.site):
        raise ValidationError({"person": "Choose a DSL, deputy or site manager of this site."})
    return save_with_history(shift, user=changed_by, reason="On-call rota")


@transaction.atomic
def on_call_remove(*, shift: OnCall, removed_by) -> None:
    """Take a shift that has not started off the rota (its history keeps it)."""
    policy.require(removed_by, Action.SET_ON_CALL_ROTA, shift.site)
    if shift.starts_at <= timezone.now():
        raise ValidationError("A shift that has started is changed, not removed: end it earlier.")
    shift._change_reason = "Taken off the rota"
    shift.delete()


def unopened_urgent_escalate(*, now: datetime | None = None) -> int:
    """An urgent concern no lead has opened within 30 minutes goes to the deputy DSL (and
    whoever is on call); within an hour, to SLT. Each once. Returns how many were told."""
    now = now or timezone.now()
    told = 0
    waiting = Concern.objects.open().unopened_by_leads().filter(urgency=ConcernUrgency.URGENT)
    for concern in waiting.filter(raised_at__lte=now - ESCALATE_AFTER, escalated_to_deputy_at=None):
        told += _escalate_unopened(concern.pk, now=now, level="deputy")
    for concern in waiting.filter(
        raised_at__lte=now - 2 * ESCALATE_AFTER, escalated_to_slt_at=None
    ):
        told += _escalate_unopened(concern.pk, now=now, level="slt")
    return told


def _slt_of(site) -> list[User]:
    return [
        u
        for u in policy.users_who_may(Action.ACT_ON_CONCERNS, site)
        if Role.SLT in policy.roles_at(u, site)
    ]


def _who_may_see(concern: Concern, people) -> set[User]:
    return {p for p in people if policy.can(p, Action.VIEW_CONCERNS, concern)}


@transaction.atomic
def _escalate_unopened(pk: int, *, now: datetime, level: str) -> bool:
    """At 30 minutes the deputy DSL and whoever is on call are reminded, and SLT told as well
    if those two heard nothing new (they were told when it was raised); at 60, SLT."""
    concern = Concern.objects.select_for_update().select_related("child__site").get(pk=pk)
    if concern.first_opened_at is not None:
        return False
    site = concern.child.site
    told, said = set(), []
    if level == "deputy":
        if concern.escalated_to_deputy_at:
            return False
        concern.escalated_to_deputy_at = now
        on_call = _on_call_for(concern, at=now)
        told = _who_may_see(concern, {site.deputy_dsl, on_call and on_call.person} - {None})
        said.append(f"reminded {_names(told)} (the deputy DSL and whoever is on call)")
        if not set(policy.emails_of(told)) - _heard_when_raised(concern):
            # Nobody new heard: do not wait another half hour for SLT.
            level = "slt"
    if level == "slt" and not concern.escalated_to_slt_at:
        concern.escalated_to_slt_at = now
        slt = _who_may_see(concern, _slt_of(site))
        said.append(f"told {_names(slt)} (SLT)")
        told |= slt
    if not said:
        return False
    Concern.objects.filter(pk=pk).update(
        escalated_to_deputy_at=concern.escalated_to_deputy_at,
        escalated_to_slt_at=concern.escalated_to_slt_at,
    )
    minutes = int((now - concern.raised_at).total_seconds() // 60)
    Step.objects.create(
        concern=concern,
        kind=Step.Kind.ALERT,
        at=now,
        text=f"Not opened by a lead within {minutes} minutes: {'; '.join(said)}.",
    )
    _tell(concern, told, kind=CONCERN_NOT_OPENED, urgency=Urgency.IMMEDIATE, key=level)
    return True


def _names(people) -> str:
    return ", ".join(sorted(str(person) for person in people)) or "nobody (there is nobody to tell)"
