"""The top floor's reads: what needs a user's attention, gathered from every app."""

from dataclasses import dataclass, field

from django.utils import timezone

from contacts.models import Child, CollectionCheck, Restriction
from contacts.rules import contact_picture
from contacts.selectors import door_alerts, plan_of, restrictions_to_confirm
from coxlease import policy
from coxlease.models import Site
from coxlease.policy import Action
from records.planned_selectors import next_planned
from records.selectors import latest_entries
from safeguarding.models import NeedToKnow
from safeguarding.selectors import (
    concerns_visible_to,
    esafety_sessions_of,
    incidents_of,
    need_to_know_for,
)


@dataclass(frozen=True)
class StartPage:
    children_on_roll: int = 0
    to_confirm: list[Restriction] = field(default_factory=list)
    door_alerts: list[CollectionCheck] = field(default_factory=list)
    need_to_know: list[NeedToKnow] = field(default_factory=list)


def start_page_for(*, user, site: Site | None) -> StartPage:
    if site is None or not policy.can(user, Action.VIEW_CHILDREN, site):
        return StartPage()
    return StartPage(
        children_on_roll=Child.objects.filter(site=site).on_roll().count(),
        to_confirm=list(restrictions_to_confirm(user=user, site=site)),
        door_alerts=door_alerts(user=user, site=site),
        need_to_know=need_to_know_for(user=user, site=site),
    )


def child_page_for(*, user, child: Child) -> dict:
    """What the child's page shows, from each floor, as this user may see it."""
    site, today = child.site, timezone.localdate()
    restrictions = list(child.restrictions.select_related("person"))
    return {
        "child": child,
        "today": today,
        "may_manage": policy.can(user, Action.MANAGE_CHILDREN, site),
        "may_arrange": policy.can(user, Action.MANAGE_ARRANGEMENTS, site),
        "may_assess": policy.can(user, Action.MANAGE_ONLINE_SAFETY, site),
        "may_check_at_door": not child.has_left and policy.can(user, Action.CHECK_COLLECTION, site),
        "may_log": not child.has_left and policy.can(user, Action.LOG_CONTACTS, site),
        "relationships": child.relationships.select_related("person"),
        "plan": plan_of(child),
        "picture": contact_picture(child=child),
        "restrictions_in_force": [r for r in restrictions if r.is_active_on(today)],
        "restrictions_past_or_future": [r for r in restrictions if not r.is_active_on(today)],
        "latest_contacts": latest_entries(user=user, child=child),
        "next_planned": next_planned(user=user, child=child),
        "may_raise_concern": policy.can(user, Action.RAISE_CONCERNS, site),
        "concerns": concerns_visible_to(user=user, site=site, child=child),
        "need_to_know": need_to_know_for(user=user, site=site, child=child),
        "may_record_online": not child.has_left
        and policy.can(user, Action.RECORD_ONLINE_SAFETY, site),
        "esafety_sessions": esafety_sessions_of(child),
        "online_incidents": incidents_of(user=user, child=child),
    }
