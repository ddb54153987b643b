"""The top floor's reads: what needs a user's attention, gathered from every app."""

from dataclasses import dataclass, field

from contacts.models import Child, CollectionCheck, Restriction
from contacts.selectors import door_alerts, restrictions_to_confirm
from coxlease import policy
from coxlease.models import Site
from coxlease.policy import Action


@dataclass(frozen=True)
class StartPage:
    children_on_roll: int = 0
    to_confirm: list[Restriction] = field(default_factory=list)
    door_alerts: list[CollectionCheck] = field(default_factory=list)


def start_page_for(*, user, site: Site | None) -> StartPage:
    if site is None or not policy.can(user, Action.VIEW_CHILDREN, site):
        return StartPage()
    return StartPage(
        children_on_roll=Child.objects.filter(site=site).on_roll().count(),
        to_confirm=list(restrictions_to_confirm(user=user, site=site)),
        door_alerts=door_alerts(user=user, site=site),
    )
