"""Monitoring figures (LP 38 section 10, governance policy ECS 16): the site's page and the SLT
report across sites read the same figures.

A figure is a name, a query counting per site (one GROUP BY, however many sites) and the list
behind it. Each query is built from the rules the dashboards and reminders use (the restriction
querysets, `with_unconfirmed_counts`, `plans_on_roll`), never a second version of them. To add a
figure (online incidents, no-shows, engagement…): a function of a `Scope` giving rows of
`site_id` and `n`, and one `Figure` in `FIGURES`; a trend by month is one `Trend` in `TRENDS`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.db.models import Avg, Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import TruncMonth, TruncWeek
from django.urls import reverse
from django.utils import timezone

from contacts.models import ContactType, Restriction
from contacts.selectors import plans_on_roll, restrictions_not_ended_at, with_unconfirmed_counts
from coxlease import policy
from coxlease.models import Site
from coxlease.policy import Action
from records.models import ContactEntry, PlannedContact, PlanStatus
from safeguarding.models import Category, Concern, OnlineIncident, Status

MAX_MONTHS = 12


@dataclass(frozen=True)
class Period:
    """From `since` to `until`, both days included."""

    since: date
    until: date

    @classmethod
    def last_months(cls, months: int, *, today: date) -> "Period":
        """This month so far and the `months - 1` whole months before it."""
        first = today.replace(day=1)
        for _ in range(months - 1):
            first = (first - timedelta(days=1)).replace(day=1)
        return cls(since=first, until=today)

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.since, time.min))

    @property
    def end(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.until + timedelta(days=1), time.min))

    def holds(self, field_name: str) -> Q:
        return Q(**{f"{field_name}__gte": self.start, f"{field_name}__lt": self.end})

    @property
    def months(self) -> list[date]:
        first, months = self.since.replace(day=1), []
        while first <= self.until:
            months.append(first)
            first = (first + timedelta(days=32)).replace(day=1)
        return months

    def link(self, name: str, **more) -> str:
        query = {"since": self.since.isoformat(), "until": self.until.isoformat(), **more}
        return f"{reverse(name)}?{urlencode(query)}"


@dataclass(frozen=True)
class Scope:
    """Whose figures: these sites, over this period, as this user may count them, now."""

    user: object
    site_ids: tuple[int, ...]
    period: Period
    now: datetime

    @property
    def today(self) -> date:
        return timezone.localdate(self.now)


def _per_site(rows: QuerySet, site: str = "child__site_id", value=None) -> QuerySet:
    return (
        rows.order_by()
        .values(site_id=F(site))
        .annotate(n=value if value is not None else Count("pk"))
    )


# What each figure counts.


def contacts_in(scope: Scope) -> QuerySet:
    """Contacts logged over the period (not those entered in error)."""
    return ContactEntry.objects.current().filter(
        scope.period.holds("started_at"), child__site_id__in=scope.site_ids
    )


def flagged_in(scope: Scope) -> QuerySet:
    """Contacts logged over the period that broke a restriction or the plan."""
    return contacts_in(scope).filter(flagged=True)


def _concern_of_entry() -> QuerySet:
    return Concern.objects.filter(contact_entry=OuterRef("pk"))


def concerns_in(scope: Scope) -> QuerySet:
    """Concerns raised over the period; never those naming the reader (an allegation)."""
    return (
        Concern.objects.filter(scope.period.holds("raised_at"), child__site_id__in=scope.site_ids)
        .exclude(named_adult=scope.user)
        .order_by()
    )


def _contacts(scope):
    return _per_site(contacts_in(scope))


def _flagged(scope):
    return _per_site(flagged_in(scope))


def _flagged_without_concern(scope):
    return _per_site(flagged_in(scope).filter(~Exists(_concern_of_entry())))


NOT_HAPPENED = (PlanStatus.NO_SHOW, PlanStatus.REFUSED)


def not_happened_in(scope: Scope, status: str) -> QuerySet:
    """Planned contacts of the period that ended as a no-show or as the child's refusal."""
    return PlannedContact.objects.filter(
        scope.period.holds("starts_at"), child__site_id__in=scope.site_ids, status=status
    )


def _no_shows(scope):
    return _per_site(not_happened_in(scope, PlanStatus.NO_SHOW))


def _refusals(scope):
    return _per_site(not_happened_in(scope, PlanStatus.REFUSED))


def incidents_in(scope: Scope) -> QuerySet:
    """Online incidents over the period (LP 38 section 10: analysed, the learning shared)."""
    return OnlineIncident.objects.filter(
        scope.period.holds("happened_at"), child__site_id__in=scope.site_ids
    )


def _incidents(scope):
    return _per_site(incidents_in(scope))


def _incidents_unshared(scope):
    return _per_site(incidents_in(scope).filter(learning_shared_on__isnull=True))


def _concerns(scope):
    return _per_site(concerns_in(scope))


def _concerns_open(scope):
    return _per_site(
        Concern.objects.open()
        .filter(child__site_id__in=scope.site_ids)
        .exclude(named_adult=scope.user)
    )


def _hours_to_first_action(scope):
    opened = concerns_in(scope).filter(first_opened_at__isnull=False)
    return _per_site(opened, value=Avg(F("first_opened_at") - F("raised_at")))


def _unconfirmed(scope):
    restrictions = with_unconfirmed_counts(
        restrictions_not_ended_at(site_ids=scope.site_ids, on=scope.today)
    ).filter(unconfirmed_count__gt=0)
    return _per_site(restrictions)


def late_reports_in(scope: Scope) -> QuerySet:
    """Emergency restrictions imposed over the period and reported late, or late still."""
    return Restriction.objects.report_was_late(scope.now).filter(
        scope.period.holds("imposed_at"), child__site_id__in=scope.site_ids
    )


def _reported_late(scope):
    return _per_site(late_reports_in(scope))


def _plans_overdue(scope):
    return _per_site(
        plans_on_roll(site_ids=scope.site_ids, on=scope.today).review_overdue(scope.today)
    )


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    rows: Callable[[Scope], QuerySet]  # rows of `site_id` and `n`
    link: Callable[[Period], str]  # the list behind it, at the user's current site
    in_hours: bool = False  # `n` is a duration, shown in hours

    def value(self, n):
        if n is None:
            return None
        return round(n.total_seconds() / 3600, 1) if self.in_hours else n


def _dashboard(anchor: str = "", **query) -> Callable[[Period], str]:
    return lambda period: (
        f"{reverse('contacts:restrictions-dashboard')}"
        f"{'?' + urlencode(query) if query else ''}{anchor}"
    )


FIGURES = (
    Figure("contacts", "Contacts logged", _contacts, lambda p: p.link("records:entry-list")),
    Figure(
        "flagged",
        "Flagged contacts (broke a restriction or the plan)",
        _flagged,
        lambda p: p.link("records:entry-list", flagged="on"),
    ),
    Figure(
        "flagged_without_concern",
        "Flagged contacts with no concern raised",
        _flagged_without_concern,
        lambda p: p.link("monitoring:flagged-contacts"),
    ),
    Figure(
        "no_shows",
        "Planned contacts the person did not come to (no-shows)",
        _no_shows,
        lambda p: p.link("monitoring:planned-not-happened", status=PlanStatus.NO_SHOW),
    ),
    Figure(
        "refusals",
        "Planned contacts the child refused",
        _refusals,
        lambda p: p.link("monitoring:planned-not-happened", status=PlanStatus.REFUSED),
    ),
    Figure(
        "concerns",
        "Safeguarding concerns raised",
        _concerns,
        lambda p: reverse("safeguarding:concern-list"),
    ),
    Figure(
        "concerns_open",
        "Concerns open now",
        _concerns_open,
        lambda p: reverse("safeguarding:concern-list"),
    ),
    Figure(
        "hours_to_first_action",
        "Average hours from raising a concern to a lead opening it",
        _hours_to_first_action,
        lambda p: reverse("safeguarding:concern-list"),
        in_hours=True,
    ),
    Figure(
        "incidents",
        "Online incidents",
        _incidents,
        lambda p: p.link("safeguarding:incident-list"),
    ),
    Figure(
        "incidents_unshared",
        "Online incidents whose learning is not yet shared",
        _incidents_unshared,
        lambda p: p.link("safeguarding:incident-list", learning="unshared"),
    ),
    Figure(
        "unconfirmed",
        "Restrictions not yet confirmed by every colleague",
        _unconfirmed,
        _dashboard(unconfirmed="on"),
    ),
    Figure(
        "reported_late",
        "Emergency restrictions reported late (reg. 22), or late still",
        _reported_late,
        _dashboard("#reporting"),
    ),
    Figure(
        "plans_overdue",
        "Contact plans overdue for review",
        _plans_overdue,
        _dashboard("#plans"),
    ),
)


@dataclass(frozen=True)
class Trend:
    key: str
    label: str
    rows: Callable[[Scope], QuerySet]
    at: str  # the date that places a row in its month
    site: str = "child__site_id"


TRENDS = (
    Trend("contacts", "Contacts logged", contacts_in, "started_at"),
    Trend("flagged", "Flagged contacts", flagged_in, "started_at"),
    Trend("concerns", "Safeguarding concerns raised", concerns_in, "raised_at"),
    Trend("incidents", "Online incidents", incidents_in, "happened_at"),
    Trend("reported_late", "Emergency restrictions reported late", late_reports_in, "imposed_at"),
)


def _day_of(value) -> date:
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def trend_counts(trend: Trend, scope: Scope) -> dict[tuple[int, date], int]:
    """(site, first day of the month) -> how many: one GROUP BY."""
    rows = (
        trend.rows(scope)
        .order_by()
        .annotate(month=TruncMonth(trend.at))
        .values("month", site_id=F(trend.site))
        .annotate(n=Count("pk"))
    )
    return {(row["site_id"], _day_of(row["month"])): row["n"] for row in rows}


@dataclass
class FigureRow:
    figure: Figure
    values: list
    url: str


@dataclass
class TrendTable:
    trend: Trend
    months: list[date]
    # one (site, counts per month) per site
    series: list[tuple[Site, list[int]]] = field(default_factory=list)


def figure_rows(scope: Scope, sites: list[Site]) -> list[FigureRow]:
    """Every figure, one value per site in the order given: one query per figure."""
    rows = []
    for figure in FIGURES:
        found = {row["site_id"]: row["n"] for row in figure.rows(scope)}
        zero = None if figure.in_hours else 0
        rows.append(
            FigureRow(
                figure=figure,
                values=[figure.value(found.get(site.pk, zero)) for site in sites],
                url=figure.link(scope.period),
            )
        )
    return rows


def trend_tables(scope: Scope, sites: list[Site]) -> list[TrendTable]:
    months = scope.period.months
    tables = []
    for trend in TRENDS:
        counts = trend_counts(trend, scope)
        tables.append(
            TrendTable(
                trend=trend,
                months=months,
                series=[(site, [counts.get((site.pk, m), 0) for m in months]) for site in sites],
            )
        )
    return tables


# The site's page.


@dataclass
class SiteReport:
    site: Site
    period: Period
    figures: list[FigureRow]
    by_type: list[tuple[str, int, str]]  # label, count, link
    by_week: list[tuple[date, int, str]]  # Monday, count, link
    flagged_follow_up: list[tuple[str, int]]  # how they were followed up, count
    concerns_by_category: list[tuple[str, dict[str, int], int]]  # category, per status, total
    statuses: list[str]


def site_report(*, user, site: Site, period: Period, now: datetime | None = None) -> SiteReport:
    """The site's monitoring page: its figures and their breakdowns, in a fixed few queries."""
    policy.require(user, Action.VIEW_SITE_MONITORING, site)
    scope = Scope(user=user, site_ids=(site.pk,), period=period, now=now or timezone.now())
    contacts = contacts_in(scope).order_by()

    by_type = [
        (
            ContactType(row["contact_type"]).label,
            row["n"],
            period.link("records:entry-list", contact_type=row["contact_type"]),
        )
        for row in contacts.values("contact_type").annotate(n=Count("pk")).order_by("-n")
    ]
    weeks = contacts.annotate(week=TruncWeek("started_at")).values("week").annotate(n=Count("pk"))
    by_week = []
    for row in weeks.order_by("week"):
        monday = _day_of(row["week"])
        week = Period(
            since=max(monday, period.since), until=min(monday + timedelta(6), period.until)
        )
        by_week.append((monday, row["n"], week.link("records:entry-list")))

    latest_concern = Subquery(_concern_of_entry().order_by("-raised_at").values("status")[:1])
    follow_up = (
        flagged_in(scope)
        .order_by()
        .annotate(concern_status=latest_concern)
        .values("concern_status")
        .annotate(n=Count("pk"))
    )
    flagged_follow_up = sorted(
        (
            f"Concern raised, {Status(row['concern_status']).label.lower()}"
            if row["concern_status"]
            else "No concern raised",
            row["n"],
        )
        for row in follow_up
    )

    cells: dict[str, dict[str, int]] = {}
    for row in concerns_in(scope).values("category", "status").annotate(n=Count("pk")):
        cells.setdefault(row["category"], {})[row["status"]] = row["n"]
    concerns_by_category = [
        (
            label,
            [cells.get(value, {}).get(status, 0) for status in Status.values],
            sum(cells.get(value, {}).values()),
        )
        for value, label in Category.choices
        if value in cells
    ]
    return SiteReport(
        site=site,
        period=period,
        figures=figure_rows(scope, [site]),
        by_type=by_type,
        by_week=by_week,
        flagged_follow_up=flagged_follow_up,
        concerns_by_category=concerns_by_category,
        statuses=Status.labels,
    )


def flagged_contacts(*, user, site: Site, period: Period):
    """The flagged contacts of the period, newest first, each with the concern raised from it
    (the latest, if any): for a paginator."""
    policy.require(user, Action.VIEW_SITE_MONITORING, site)
    scope = Scope(user=user, site_ids=(site.pk,), period=period, now=timezone.now())
    concern = _concern_of_entry().order_by("-raised_at")
    return (
        flagged_in(scope)
        .annotate(
            concern_pk=Subquery(concern.values("pk")[:1]),
            concern_status=Subquery(concern.values("status")[:1]),
        )
        .select_related("child", "recorded_by")
        .order_by("-started_at", "-pk")
    )


def planned_not_happened(*, user, site: Site, period: Period, status: str):
    """The period's no-shows (or the child's refusals), newest first: for a paginator."""
    policy.require(user, Action.VIEW_SITE_MONITORING, site)
    scope = Scope(user=user, site_ids=(site.pk,), period=period, now=timezone.now())
    return (
        not_happened_in(scope, status)
        .select_related("child", "person")
        .order_by("-starts_at", "-pk")
    )


# The SLT report.


def slt_site_ids(user) -> list[int]:
    return [pk for pk in policy.site_ids_for(user) if policy.can(user, Action.VIEW_SLT_REPORT, pk)]


@dataclass
class SltReport:
    period: Period
    sites: list[Site]
    figures: list[FigureRow]
    trends: list[TrendTable]


def slt_report(*, user, period: Period, now: datetime | None = None) -> SltReport:
    """Every figure per site, side by side, and the trends by month, for the user's sites:
    the same number of queries for 2 sites as for 100."""
    site_ids = slt_site_ids(user)
    if not site_ids:
        raise PermissionDenied(f"Your role does not allow you to {Action.VIEW_SLT_REPORT}.")
    sites = list(Site.objects.filter(pk__in=site_ids).order_by("name"))
    scope = Scope(user=user, site_ids=tuple(site_ids), period=period, now=now or timezone.now())
    return SltReport(
        period=period,
        sites=sites,
        figures=figure_rows(scope, sites),
        trends=trend_tables(scope, sites),
    )
