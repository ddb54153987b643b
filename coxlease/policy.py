"""The access policy: one place that answers "may this user do this at this site?".

Views fetch objects through selectors that limit them to the user's sites (anything else is
a 404, so nobody learns that it exists), then ask `require()` for the action.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied

from .models import Membership, Role, Site


class Action(StrEnum):
    VIEW_CHILDREN = "view children"
    MANAGE_CHILDREN = "add, edit and mark children as left"


_READ = {Action.VIEW_CHILDREN}
_MANAGE = _READ | {Action.MANAGE_CHILDREN}

ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.STAFF: frozenset(_READ),
    Role.SITE_MANAGER: frozenset(_MANAGE),
    Role.DSL: frozenset(_READ),
    Role.SLT: frozenset(_READ),
    Role.ADMINISTRATOR: frozenset(_MANAGE),
}


def roles_by_site(user) -> dict[int, str]:
    """The user's role at each of their sites, read once per request and kept on the user."""
    if not user.is_authenticated:
        return {}
    if not hasattr(user, "_roles_by_site"):
        user._roles_by_site = dict(
            Membership.objects.filter(user=user).values_list("site_id", "role")
        )
    return user._roles_by_site


def role_at(user, site: Site | int) -> str | None:
    site_id = site if isinstance(site, int) else site.pk
    return roles_by_site(user).get(site_id)


def site_ids_for(user) -> list[int]:
    return list(roles_by_site(user))


def sites_for(user):
    return Site.objects.filter(pk__in=site_ids_for(user))


def can(user, action: Action, site: Site | int) -> bool:
    role = role_at(user, site)
    return role is not None and action in ROLE_ACTIONS[role]


def require(user, action: Action, site: Site | int) -> None:
    if not can(user, action, site):
        raise PermissionDenied(f"Your role does not allow you to {action}.")
