"""Writes about e-safety teaching and online incidents. Recording an incident tells the
site's DSL and manager through the outbox, in the same transaction."""

from django.db import transaction

from coxlease import policy
from coxlease.history import save_with_history
from coxlease.outbox import AlertKind, Urgency, staff_alert
from coxlease.policy import Action

from .models import ESafetySession, Harm, OnlineIncident

INCIDENT_RECORDED = AlertKind(
    code="online-incident-recorded", what="an online or social media incident was recorded"
)


@transaction.atomic
def esafety_session_record(*, session: ESafetySession, recorded_by) -> ESafetySession:
    policy.require(recorded_by, Action.RECORD_ONLINE_SAFETY, session.child.site)
    session.recorded_by = recorded_by
    return save_with_history(session, user=recorded_by, reason="Recorded")


@transaction.atomic
def incident_record(*, incident: OnlineIncident, recorded_by) -> OnlineIncident:
    site = incident.child.site
    policy.require(recorded_by, Action.RECORD_ONLINE_SAFETY, site)
    incident.recorded_by = recorded_by
    save_with_history(incident, user=recorded_by, reason="Recorded")
    staff_alert(
        recipients=policy.emails_of(policy.users_who_may(Action.MANAGE_ONLINE_SAFETY, site)),
        kind=INCIDENT_RECORDED,
        site=site,
        urgency=Urgency.URGENT if incident.harm == Harm.HARM else Urgency.ROUTINE,
        link=incident.get_absolute_url(),
    )
    return incident


@transaction.atomic
def incident_record_learning(*, incident: OnlineIncident, changed_by, reason: str):
    """What the incident taught, and with whom and when that was shared (LP 38 section 10)."""
    policy.require(changed_by, Action.MANAGE_ONLINE_SAFETY, incident.child.site)
    return save_with_history(incident, user=changed_by, reason=reason)


@transaction.atomic
def incident_link_concern(*, incident: OnlineIncident, concern, changed_by) -> OnlineIncident:
    """A concern raised from the incident: the incident names it."""
    policy.require(changed_by, Action.RAISE_CONCERNS, incident.child.site)
    incident.concern = concern
    return save_with_history(incident, user=changed_by, reason="Concern raised from it")
