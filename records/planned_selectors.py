"""Reads of planned contact, limited to what the asking user may see. Each plan is shown with
the rule's answer now (a restriction recorded since it was planned turns it red), and each child
out with whether they are late by the site's grace."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.shortcuts import get_object_or_404
from django.utils import timezone

from contacts.models import Child, Outcome, Person
from contacts.rules import Ask, Verdict, contact_check_each
from contacts.selectors import chronology_rows
from coxlease import policy
from coxlease.models import Site
from coxlease.policy import Action

from .models import Outing, OutingStep, PlannedContact, PlanStatus
from .planned_services import site_settings

NEXT_ON_THE_CHILD_PAGE = 5
PLANNED = "planned"
OUTING = "outing"
OUTING_STEP = "outing-step"


@dataclass
class PlanLine:
    """A planned contact as the pages show it."""

    planned: PlannedContact
    now: Verdict  # the rule's answer, asked again now
    outing: Outing | None
    late: bool

    @property
    def changed(self) -> bool:
        return self.now.outcome != self.planned.result

    @property
    def red(self) -> bool:
        return self.late or (self.planned.is_open and self.now.outcome == Outcome.NOT_ALLOWED)


def _plans(user, site: Site):
    policy.require(user, Action.VIEW_CHILDREN, site)
    return PlannedContact.objects.filter(child__site=site).select_related(
        "child", "person", "outing", "entry"
    )


def plan_lines(plans, *, site: Site, now: datetime | None = None) -> list[PlanLine]:
    """The plans, each asked of the rule again (in a fixed number of queries)."""
    plans = list(plans)
    if not plans:
        return []
    now = now or timezone.now()
    grace = site_settings(site).grace
    verdicts = contact_check_each(
        [
            Ask(child=p.child, person=p.person, contact_type=p.contact_type, at=p.starts_at)
            for p in plans
        ]
    )
    lines = []
    for planned, verdict in zip(plans, verdicts, strict=True):
        outing = getattr(planned, "outing", None)
        late = outing is not None and outing.is_late(now=now, grace=grace)
        lines.append(PlanLine(planned, verdict, outing, late))
    return lines


def planned_between(*, user, site: Site, first: date, last: date) -> list[PlanLine]:
    """The site's planned contacts from `first` to `last` (both included), soonest first."""
    plans = _plans(user, site).filter(
        starts_at__gte=_start_of(first), starts_at__lt=_start_of(last + timedelta(days=1))
    )
    return plan_lines(plans, site=site)


def children_out(*, user, site: Site) -> list[PlanLine]:
    """Every child of the site out now, whenever they left; the latest back first."""
    return plan_lines(
        _plans(user, site)
        .filter(outing__returned_at__isnull=True, outing__isnull=False)
        .order_by("outing__due_back_at"),
        site=site,
    )


def next_planned(*, user, child: Child, limit: int = NEXT_ON_THE_CHILD_PAGE) -> list[PlanLine]:
    """The child's next planned contacts still to happen (today's included)."""
    plans = _plans(user, child.site).filter(
        child=child, status=PlanStatus.PLANNED, starts_at__gte=_start_of(timezone.localdate())
    )
    return plan_lines(plans[:limit], site=child.site)


def planned_get_for_user(*, user, pk: int) -> PlannedContact:
    planned = get_object_or_404(
        PlannedContact.objects.select_related("child__site", "person", "entry", "planned_by"),
        pk=pk,
        child__site_id__in=policy.site_ids_for(user),
    )
    policy.require(user, Action.VIEW_CHILDREN, planned.child.site)
    return planned


def outing_get_for_user(*, user, pk: int) -> Outing:
    outing = get_object_or_404(
        Outing.objects.select_related("planned__child__site", "planned__person"),
        pk=pk,
        planned__child__site_id__in=policy.site_ids_for(user),
    )
    policy.require(user, Action.VIEW_CHILDREN, outing.child.site)
    return outing


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# The child's chronology: the plans, the outings and what was done while the child was out.


def _plans_of(user, child: Child, person: Person | None):
    plans = _plans(user, child.site).filter(child=child)
    return plans.filter(person=person) if person is not None else plans


def planned_events(*, user, child: Child, person: Person | None = None):
    return chronology_rows(_plans_of(user, child, person), at="starts_at", kind=PLANNED)


def outing_events(*, user, child: Child, person: Person | None = None):
    plans = _plans_of(user, child, person).values("pk")
    return chronology_rows(Outing.objects.filter(planned__in=plans), at="left_at", kind=OUTING)


def outing_step_events(*, user, child: Child, person: Person | None = None):
    plans = _plans_of(user, child, person).values("pk")
    steps = OutingStep.objects.filter(outing__planned__in=plans)
    return chronology_rows(steps, at="done_at", kind=OUTING_STEP)
