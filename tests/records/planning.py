"""The family of the planned-contact tests: mum, whom the plan allows to visit and who may
collect Daniel, and a plan made through the service as a manager would."""

from datetime import timedelta

from django.utils import timezone

from contacts.models import ContactType, Supervision
from coxlease.models import OnCall
from records.models import Outing, PlannedContact, PlannedKind
from records.planned_services import outing_start, planned_contact_plan

from ..factories import (
    AuthorisedCollectorFactory,
    ContactArrangementFactory,
    ContactPlanFactory,
    RelationshipFactory,
)


def mum_of(child):
    """Karen Hughes: visits unsupervised in the plan, and an authorised collector."""
    plan = ContactPlanFactory(child=child)
    mum = RelationshipFactory(
        child=child, person__full_name="Karen Hughes", relationship="mother"
    ).person
    ContactArrangementFactory(
        plan=plan, person=mum, contact_type=ContactType.VISIT, supervision=Supervision.UNSUPERVISED
    )
    AuthorisedCollectorFactory(child=child, person=mum)
    return mum


def plan(child, person, by, *, in_hours=2, hours=3, contact_kind=PlannedKind.VISIT_OUT, **fields):
    starts = timezone.now().replace(microsecond=0) + timedelta(hours=in_hours)
    return planned_contact_plan(
        planned=PlannedContact(
            child=child,
            person=person,
            contact_kind=contact_kind,
            starts_at=starts,
            ends_at=starts + timedelta(hours=hours),
            **fields,
        ),
        planned_by=by,
    )


def go_out(planned, by, *, left_ago=timedelta(hours=3), due_in=timedelta(0)):
    """The child left `left_ago` and is due back `due_in` from now (negative: already due)."""
    now = timezone.now().replace(microsecond=0)
    return outing_start(
        outing=Outing(
            planned=planned,
            with_whom=str(planned.person),
            left_at=now - left_ago,
            due_back_at=now + due_in,
        ),
        recorded_by=by,
    )


def on_call(site, person):
    """`person` on call at `site` from yesterday to the day after tomorrow."""
    now = timezone.now()
    return OnCall.objects.create(
        site=site,
        person=person,
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=2),
        phone="07700 900123",
    )
