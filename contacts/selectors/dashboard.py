"""The site manager's restrictions dashboard: one read, a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import groupby

from django.db.models import Q
from django.utils import timezone

from coxlease import policy
from coxlease.models import Site
from coxlease.policy import Action

from ..models import Child, ContactPlan, Restriction, child_name_matches
from .restrictions import restrictions_in_force, with_unconfirmed_counts

ENDING_SOON = timedelta(days=14)
PLAN_REVIEW_NOTICE = timedelta(days=30)


@dataclass(frozen=True)
class ChildRestrictions:
    child: Child
    restrictions: list[Restriction]


@dataclass(frozen=True)
class ReportClock:
    """An emergency restriction not yet reported to the placing authority (reg. 22)."""

    restriction: Restriction
    due_at: datetime
    now: datetime

    @property
    def is_late(self) -> bool:
        return self.now > self.due_at

    @property
    def time_left(self) -> timedelta:
        return max(self.due_at - self.now, timedelta(0))

    @property
    def hours_left(self) -> int:
        return int(self.time_left.total_seconds()) // 3600

    @property
    def minutes_left(self) -> int:
        return int(self.time_left.total_seconds()) % 3600 // 60


@dataclass(frozen=True)
class PlanReview:
    plan: ContactPlan
    today: date

    @property
    def is_overdue(self) -> bool:
        return self.plan.review_date < self.today

    @property
    def days(self) -> int:
        """Days until the review (positive) or since it was due (negative)."""
        return (self.plan.review_date - self.today).days


@dataclass(frozen=True)
class RestrictionsDashboard:
    site: Site
    today: date
    now: datetime
    by_child: list[ChildRestrictions] = field(default_factory=list)
    ending_soon: list[Restriction] = field(default_factory=list)
    awaiting_report: list[ReportClock] = field(default_factory=list)
    late_reports: list[ReportClock] = field(default_factory=list)
    plans_to_review: list[PlanReview] = field(default_factory=list)

    @property
    def restriction_count(self) -> int:
        return sum(len(group.restrictions) for group in self.by_child)


def restrictions_dashboard(
    *,
    user,
    site: Site,
    today: date | None = None,
    now: datetime | None = None,
    child_name: str = "",
    legal_basis: str = "",
    only_unconfirmed: bool = False,
) -> RestrictionsDashboard:
    """Everything a site manager reviews about the site's restrictions, in five queries.

    The name and legal-basis filters apply to every restriction section; "only unconfirmed"
    to the restrictions in force and ending soon. Plans are filtered by name only.
    """
    policy.require(user, Action.VIEW_RESTRICTIONS_DASHBOARD, site)
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    by_name = child_name_matches(child_name, prefix="child__")
    by_basis = Q(legal_basis=legal_basis) if legal_basis else Q()

    in_force = with_unconfirmed_counts(
        restrictions_in_force(site=site, on=today).filter(by_name, by_basis), site=site
    )
    if only_unconfirmed:
        in_force = in_force.filter(unconfirmed_count__gt=0)
    in_force = list(
        in_force.order_by(
            "child__legal_last_name", "child__legal_first_name", "child_id", "-starts_on", "-pk"
        )
    )

    # Reg. 22 applies whether or not the restriction has since ended or the child has left.
    unreported = (
        Restriction.objects.awaiting_report()
        .filter(by_name, by_basis, child__site=site)
        .select_related("child", "person")
        .order_by("imposed_at", "pk")
    )
    clocks = [ReportClock(restriction=r, due_at=r.report_due_at, now=now) for r in unreported]

    plans = (
        ContactPlan.objects.filter(
            child_name_matches(child_name, prefix="child__"),
            child__in=site.children.on_roll(today),
            review_date__lte=today + PLAN_REVIEW_NOTICE,
        )
        .select_related("child")
        .order_by("review_date", "child__legal_last_name", "pk")
    )

    return RestrictionsDashboard(
        site=site,
        today=today,
        now=now,
        by_child=[
            ChildRestrictions(child=group[0].child, restrictions=group)
            for group in (list(g) for _, g in groupby(in_force, key=lambda r: r.child_id))
        ],
        ending_soon=sorted(
            (r for r in in_force if r.ends_on is not None and r.ends_on <= today + ENDING_SOON),
            key=lambda r: (r.ends_on, r.pk),
        ),
        awaiting_report=[clock for clock in clocks if not clock.is_late],
        late_reports=[clock for clock in clocks if clock.is_late],
        plans_to_review=[PlanReview(plan=plan, today=today) for plan in plans],
    )
