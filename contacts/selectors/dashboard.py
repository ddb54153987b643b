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
from .restrictions import restrictions_not_ended, with_unconfirmed_counts

ENDING_SOON = timedelta(days=14)
LATE_REPORTS_LOOKBACK = timedelta(days=90)
PLAN_REVIEW_NOTICE = timedelta(days=30)


@dataclass(frozen=True)
class ChildRestrictions:
    child: Child
    restrictions: list[Restriction]


@dataclass(frozen=True)
class ReportClock:
    """An emergency restriction not yet reported to the placing authority (reg. 22)."""

    restriction: Restriction
    now: datetime

    @property
    def due_at(self) -> datetime:
        return self.restriction.report_due_at

    @property
    def is_late(self) -> bool:
        return self.restriction.report_is_late_at(self.now)

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
        return self.plan.review_is_overdue_on(self.today)

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
    starting: list[Restriction] = field(default_factory=list)
    ending_soon: list[Restriction] = field(default_factory=list)
    awaiting_report: list[ReportClock] = field(default_factory=list)
    late_reports: list[ReportClock] = field(default_factory=list)
    reported_late: list[Restriction] = field(default_factory=list)
    plans_to_review: list[PlanReview] = field(default_factory=list)

    @property
    def restriction_count(self) -> int:
        return sum(len(group.restrictions) for group in self.by_child)


def plans_on_roll(*, site_ids, on: date):
    """The contact plans of the children on roll at these sites: whose reviews are watched."""
    return ContactPlan.objects.filter(
        child__in=Child.objects.filter(site_id__in=site_ids).on_roll(on)
    )


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
    to the restrictions in force, starting and ending soon. Plans are filtered by name only.
    """
    policy.require(user, Action.VIEW_RESTRICTIONS_DASHBOARD, site)
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    by_name = child_name_matches(child_name, prefix="child__")
    by_basis = Q(legal_basis=legal_basis) if legal_basis else Q()

    not_ended = with_unconfirmed_counts(
        restrictions_not_ended(site=site, on=today).filter(by_name, by_basis)
    )
    if only_unconfirmed:
        not_ended = not_ended.filter(unconfirmed_count__gt=0)
    not_ended = list(
        not_ended.order_by(
            "child__legal_last_name", "child__legal_first_name", "child_id", "-starts_on", "-pk"
        )
    )
    in_force = [r for r in not_ended if r.starts_on <= today]

    # Reg. 22 applies whether or not the restriction has since ended or the child has left.
    unreported = (
        Restriction.objects.awaiting_report()
        .filter(by_name, by_basis, child__site=site)
        .select_related("child", "person")
        .order_by("imposed_at", "pk")
    )
    clocks = [ReportClock(restriction=r, now=now) for r in unreported]
    reported_late = (
        Restriction.objects.reported_late()
        .filter(by_name, by_basis, child__site=site, reported_to_authority_at__isnull=False)
        .filter(imposed_at__gte=now - LATE_REPORTS_LOOKBACK)
        .select_related("child", "person")
        .order_by("-imposed_at", "pk")
    )

    plans = (
        plans_on_roll(site_ids=[site.pk], on=today)
        .review_due_by(today + PLAN_REVIEW_NOTICE)
        .filter(child_name_matches(child_name, prefix="child__"))
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
        starting=sorted(
            (r for r in not_ended if r.starts_on > today), key=lambda r: (r.starts_on, r.pk)
        ),
        ending_soon=sorted(
            (r for r in in_force if r.ends_on is not None and r.ends_on <= today + ENDING_SOON),
            key=lambda r: (r.ends_on, r.pk),
        ),
        awaiting_report=[clock for clock in clocks if not clock.is_late],
        late_reports=[clock for clock in clocks if clock.is_late],
        reported_late=list(reported_late),
        plans_to_review=[PlanReview(plan=plan, today=today) for plan in plans],
    )
