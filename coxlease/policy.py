"""The access policy: one place that answers "may this user do this at this site?".

Views fetch objects through selectors that limit them to the user's sites (anything else is
a 404, so nobody learns that it exists), then ask `require()` for the action.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied

from .models import Membership, Role, Site


class Action(StrEnum):
    VIEW_CHILDREN = "view children, their plans and restrictions"
    MANAGE_CHILDREN = "add, edit and mark children as left"
    MANAGE_ARRANGEMENTS = "change contact plans, restrictions and authorised collectors"
    CONFIRM_RESTRICTIONS = "confirm you have read restrictions"
    RECORD_CHILD_INFORMED = "record that a child was told about a restriction"
    CHECK_COLLECTION = "check who may collect a child"
    VIEW_RESTRICTIONS_DASHBOARD = "see the restrictions dashboard"
    SEE_WHO_OPENED_RECORDS = "see who opened a restriction"


_READ = {Action.VIEW_CHILDREN}
# Everyone who works with the children day to day.
_FRONT_LINE = _READ | {
    Action.CONFIRM_RESTRICTIONS,
    Action.RECORD_CHILD_INFORMED,
    Action.CHECK_COLLECTION,
}
_OVERSIGHT = {Action.VIEW_RESTRICTIONS_DASHBOARD, Action.SEE_WHO_OPENED_RECORDS}
_MANAGE = {Action.MANAGE_CHILDREN, Action.MANAGE_ARRANGEMENTS}

ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.STAFF: frozenset(_FRONT_LINE),
    Role.SITE_MANAGER: frozenset(_FRONT_LINE | _OVERSIGHT | _MANAGE),
    Role.DSL: frozenset(_FRONT_LINE | _OVERSIGHT),
    Role.SLT: frozenset(_READ | _OVERSIGHT),
    Role.ADMINISTRATOR: frozenset(_READ | _OVERSIGHT | _MANAGE),
}

# Roles that see or change more than their own work: they sign in with a second factor.
PRIVILEGED_ROLES = frozenset({Role.SITE_MANAGER, Role.DSL, Role.SLT, Role.ADMINISTRATOR})


def needs_second_factor(user) -> bool:
    if user.is_staff or user.is_superuser:
        return True
    return any(role in PRIVILEGED_ROLES for role in roles_by_site(user).values())


# The roles whose members must confirm each restriction at their site (LP 38 section 4).
CONFIRMING_ROLES = frozenset(
    role for role, actions in ROLE_ACTIONS.items() if Action.CONFIRM_RESTRICTIONS in actions
)


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
