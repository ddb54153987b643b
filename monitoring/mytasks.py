"""What is a person's to do, at each of their sites: the "my tasks" page and the daily digest
read this one selector, so the e-mail and the page always list the same things.

To add a kind of task (risk assessment reviews, follow-up calls, subject access requests…): a
function `(user, site, today, now) -> list[Task]` and one `Kind` in `KINDS`, with the action
whose holders it concerns.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import formats, timezone

from contacts.models import Child, Restriction, SocialMediaAssessment
from contacts.selectors import (
    ENDING_SOON,
    plans_on_roll,
    restrictions_in_force,
    restrictions_to_confirm,
)
from coxlease import policy
from coxlease.models import Site
from coxlease.policy import Action

# Reviews due within this long are listed (with those overdue).
REVIEW_NOTICE = timedelta(days=14)


@dataclass(frozen=True)
class Task:
    what: str  # names the child: for the page only, never for an e-mail
    due: str
    url: str
    overdue: bool = False


@dataclass(frozen=True)
class Kind:
    key: str
    heading: str
    counted: str  # how the digest counts them: "{n} contact plan review(s)"
    action: Action | None  # whose task it is; None: everyone's own
    tasks: Callable[..., list[Task]]


@dataclass(frozen=True)
class Section:
    kind: Kind
    tasks: list[Task]

    @property
    def overdue(self) -> int:
        return sum(task.overdue for task in self.tasks)


@dataclass(frozen=True)
class SiteTasks:
    site: Site
    sections: list[Section] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(section.tasks) for section in self.sections)


@dataclass(frozen=True)
class MyTasks:
    today: date
    sites: list[SiteTasks] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(site.count for site in self.sites)


def _day(value: date) -> str:
    return formats.date_format(value, "j F Y")


def _plan_reviews(*, user, site, today, now) -> list[Task]:
    plans = (
        plans_on_roll(site_ids=[site.pk], on=today)
        .review_due_by(today + REVIEW_NOTICE)
        .select_related("child")
        .order_by("review_date", "pk")
    )
    return [
        Task(
            what=f"Review the contact plan for {plan.child}",
            due=_day(plan.review_date),
            url=plan.get_absolute_url(),
            overdue=plan.review_is_overdue_on(today),
        )
        for plan in plans
    ]


def _assessment_reviews(*, user, site, today, now) -> list[Task]:
    assessments = (
        SocialMediaAssessment.objects.current_at(today)
        .filter(
            child__in=Child.objects.filter(site=site).on_roll(today),
            review_date__lte=today + REVIEW_NOTICE,
        )
        .select_related("child")
        .order_by("review_date", "pk")
    )
    return [
        Task(
            what=f"Review the social media risk assessment for {a.child}",
            due=_day(a.review_date),
            url=a.get_absolute_url(),
            overdue=a.review_date < today,
        )
        for a in assessments
    ]


def _reports(*, user, site, today, now) -> list[Task]:
    unreported = (
        Restriction.objects.awaiting_report()
        .filter(child__site=site)
        .select_related("child")
        .order_by("imposed_at", "pk")
    )
    return [
        Task(
            what=f"Report the emergency restriction for {r.child} "
            f"({r.get_effect_display().lower()}) to the placing authority",
            due=formats.date_format(timezone.localtime(r.report_due_at), "j F Y, H:i"),
            url=r.get_absolute_url(),
            overdue=r.report_is_late_at(now),
        )
        for r in unreported
    ]


def _ending_soon(*, user, site, today, now) -> list[Task]:
    ending = (
        restrictions_in_force(site=site, on=today)
        .filter(ends_on__lte=today + ENDING_SOON)
        .order_by("ends_on", "pk")
    )
    return [
        Task(
            what=f"A restriction for {r.child} ends: is anything needed after it?",
            due=_day(r.ends_on),
            url=r.get_absolute_url(),
        )
        for r in ending
    ]


def _to_confirm(*, user, site, today, now) -> list[Task]:
    return [
        Task(
            what=f"Read and confirm the restriction for {r.child}: {r.get_effect_display().lower()}",
            due="now",
            url=r.get_absolute_url(),
        )
        for r in restrictions_to_confirm(user=user, site=site).select_related("child")
    ]


KINDS = (
    Kind(
        "reports",
        "Emergency restrictions to report to the placing authority",
        "emergency restriction(s) to report to the placing authority",
        Action.HEAR_OF_LATE_REPORTS,
        _reports,
    ),
    Kind(
        "plans",
        "Contact plan reviews due in the next 14 days or overdue",
        "contact plan review(s) due or overdue",
        Action.MANAGE_ARRANGEMENTS,
        _plan_reviews,
    ),
    Kind(
        "assessments",
        "Social media risk assessment reviews due in the next 14 days or overdue",
        "social media risk assessment review(s) due or overdue",
        Action.MANAGE_ONLINE_SAFETY,
        _assessment_reviews,
    ),
    Kind(
        "ending",
        "Restrictions ending in the next 14 days",
        "restriction(s) ending soon",
        Action.MANAGE_ARRANGEMENTS,
        _ending_soon,
    ),
    Kind(
        "confirm",
        "Restrictions for you to read and confirm",
        "restriction(s) for you to read and confirm",
        None,
        _to_confirm,
    ),
)


def tasks_for(*, user, now: datetime | None = None) -> MyTasks:
    """Everything that is this user's to do, site by site (a few queries per site)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    found = []
    for site in policy.sites_for(user).order_by("name"):
        sections = []
        for kind in KINDS:
            if kind.action is not None and not policy.can(user, kind.action, site):
                continue
            tasks = kind.tasks(user=user, site=site, today=today, now=now)
            if tasks:
                sections.append(Section(kind=kind, tasks=tasks))
        if sections:
            found.append(SiteTasks(site=site, sections=sections))
    return MyTasks(today=today, sites=found)
