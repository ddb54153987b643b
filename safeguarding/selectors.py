"""Reads of safeguarding concerns, as each user may see them: a concern is visible to its
author, the site's leads and SLT (or SLT alone for an allegation about a lead), never to the
adult it names; other staff see only the need-to-know notes addressed to them."""

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import DateTimeField, Q
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from contacts.models import Child, Person
from contacts.selectors import chronology_rows
from coxlease import policy
from coxlease.models import Site
from coxlease.policy import Action

from .models import Concern, ESafetySession, NeedToKnow, OnlineIncident, Urgency

ESAFETY_TAUGHT = "esafety"
ONLINE_INCIDENT = "online_incident"


def concern_get_for_user(*, user, pk: int, acting: bool = False) -> Concern:
    """The concern if this user may see it (or act on it); otherwise 404, never 403: nobody
    learns that a concern they may not see exists."""
    concern = get_object_or_404(
        Concern.objects.select_related(
            "child__site", "raised_by", "named_adult", "contact_entry", "collection_check"
        ),
        pk=pk,
        child__site_id__in=policy.site_ids_for(user),
    )
    action = Action.ACT_ON_CONCERNS if acting else Action.VIEW_CONCERNS
    if not policy.can(user, Action.VIEW_CONCERNS, concern):
        raise Http404("No such concern.")
    policy.require(user, action, concern)
    return concern


def concerns_visible_to(*, user, site: Site, child: Child | None = None):
    """The site's concerns (or one child's) this user may see, for lists (the policy asked of
    each row: few)."""
    candidates = (
        Concern.objects.filter(child__site=site)
        .select_related("child__site", "raised_by", "named_adult")
        .order_by("-raised_at")
    )
    if child is not None:
        candidates = candidates.filter(child=child)
    if not policy.can(user, Action.VIEW_CONCERNS, site):
        return []
    return [
        c
        for c in candidates.filter(_maybe_visible(user, site))
        if policy.can(user, Action.VIEW_CONCERNS, c)
    ]


CONCERN_RAISED = "concern"


def concern_events(*, user, child: Child, person: Person | None = None):
    """The child's concerns this user may see, for the chronology (when each was raised);
    given a person, those that involved them."""
    visible = [c.pk for c in concerns_visible_to(user=user, site=child.site, child=child)]
    concerns = Concern.objects.filter(pk__in=visible)
    if person is not None:
        concerns = concerns.filter(people_involved=person)
    return chronology_rows(concerns, at="raised_at", kind=CONCERN_RAISED)


def _maybe_visible(user, site: Site) -> Q:
    """A first cut in SQL (the policy decides each row): their own, or all for a lead."""
    leads = {"dsl", "site_manager", "slt"}
    if policy.roles_at(user, site) & leads:
        return Q()
    return Q(raised_by=user)


@dataclass(frozen=True)
class QueueItem:
    concern: Concern
    now: datetime

    @property
    def respond_by(self) -> datetime:
        return self.concern.respond_by

    @property
    def overdue(self) -> bool:
        return self.concern.first_opened_at is None and self.now > self.respond_by


def dsl_queue(*, user, site: Site, now: datetime | None = None) -> list[QueueItem]:
    """Open concerns this user acts on: past their time limit first, then urgent, oldest
    first."""
    now = now or timezone.now()
    policy.require(user, Action.ACT_ON_CONCERNS, site)
    items = [
        QueueItem(c, now)
        for c in Concern.objects.open()
        .filter(child__site=site)
        .select_related("child__site", "raised_by", "named_adult")
        if policy.can(user, Action.ACT_ON_CONCERNS, c)
    ]
    return sorted(
        items,
        key=lambda i: (not i.overdue, i.concern.urgency != Urgency.URGENT, i.concern.raised_at),
    )


def concerns_waiting_for(*, user) -> list[Concern]:
    """The banner on a lead's pages: concerns no lead has opened yet, at any of their sites
    (SLT take allegations about a site's leads wherever they happen to be working)."""
    sites = [pk for pk in policy.site_ids_for(user) if policy.can(user, Action.ACT_ON_CONCERNS, pk)]
    return [
        c
        for c in Concern.objects.open()
        .unopened_by_leads()
        .filter(child__site_id__in=sites)
        .select_related("child__site", "named_adult")
        if policy.can(user, Action.ACT_ON_CONCERNS, c)
    ]


def need_to_know_for(*, user, site: Site, child=None) -> list[NeedToKnow]:
    notes = NeedToKnow.objects.filter(colleagues=user, concern__child__site=site)
    if child is not None:
        notes = notes.filter(concern__child=child)
    return list(notes.select_related("concern__child", "written_by"))


def incident_get_for_user(*, user, pk: int) -> OnlineIncident:
    """An online incident, for the site's DSL, manager and SLT, and whoever recorded it;
    another site's is not found."""
    incident = get_object_or_404(
        OnlineIncident.objects.select_related("child__site", "recorded_by", "concern"),
        pk=pk,
        child__site_id__in=policy.site_ids_for(user),
    )
    if incident.recorded_by_id != user.pk and not policy.can(
        user, Action.VIEW_ONLINE_INCIDENTS, incident.child.site
    ):
        raise PermissionDenied("Only the site's DSL, manager and SLT see online incidents.")
    return incident


def incidents_at(*, user, site: Site):
    policy.require(user, Action.VIEW_ONLINE_INCIDENTS, site)
    return OnlineIncident.objects.filter(child__site=site).select_related("child", "concern")


def esafety_sessions_of(child) -> list[ESafetySession]:
    return list(child.esafety_sessions.select_related("taught_by"))


def incidents_of(*, user, child: Child) -> list[OnlineIncident] | None:
    """The child's online incidents, for those who see the site's (None for others)."""
    if not policy.can(user, Action.VIEW_ONLINE_INCIDENTS, child.site):
        return None
    return list(child.online_incidents.all())


def esafety_events(*, user, child: Child, person: Person | None = None):
    """E-safety teaching for the chronology: a day, taken as its first moment. It names
    nobody, so a chronology narrowed to a person leaves it out."""
    policy.require(user, Action.VIEW_CHILDREN, child.site_id)
    sessions = ESafetySession.objects.filter(child=child)
    if person is not None:
        sessions = sessions.none()
    return chronology_rows(
        sessions, at=Cast("held_on", output_field=DateTimeField()), kind=ESAFETY_TAUGHT
    )


def incident_events(*, user, child: Child, person: Person | None = None):
    """Online incidents for the chronology, for those who see the site's incident log."""
    incidents = OnlineIncident.objects.filter(child=child)
    if person is not None or not policy.can(user, Action.VIEW_ONLINE_INCIDENTS, child.site):
        incidents = incidents.none()
    return chronology_rows(incidents, at="happened_at", kind=ONLINE_INCIDENT)
