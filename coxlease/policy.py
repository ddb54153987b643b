"""The access policy: one place that answers "may this user do this, here or to this record?".

A user's roles at a site are the union of their memberships there and of being the site's
designated safeguarding lead or deputy (equal rights, DfE: Keeping Children Safe in
Education). Most records are open to whoever's role at the record's site grants the action;
a record that only some of a site may see (a safeguarding concern) says who, as an `Audience`.

Views fetch objects through selectors that limit them to the user's sites (anything else is a
404, so nobody learns that it exists), then ask `require()` for the action.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from .models import Membership, Role, Site, User


class Action(StrEnum):
    VIEW_CHILDREN = "view children, their plans and restrictions"
    MANAGE_CHILDREN = "add, edit and mark children as left"
    MANAGE_ARRANGEMENTS = "change contact plans, restrictions and authorised collectors"
    APPROVE_CONTACT_PLANS = "approve contact plans on site"
    CONFIRM_RESTRICTIONS = "confirm you have read restrictions"
    RECORD_CHILD_INFORMED = "record that a child was told about a restriction"
    CHECK_COLLECTION = "check who may collect a child"
    DECIDE_AT_THE_DOOR = "answer for the DSL when a check at the door needs them"
    LOG_CONTACTS = "log a visit, call, letter or message"
    VIEW_CONTACT_LOG = "see the site's contact log"
    CORRECT_CONTACT_LOG = "correct anyone's entry in the contact log"
    SET_LOCAL_RULES = "set the site's local rules on messages, calls and devices"
    VIEW_RESTRICTIONS_DASHBOARD = "see the restrictions dashboard"
    SEE_WHO_OPENED_RECORDS = "see who opened a restriction"
    # Notifications: who is told of what at their site.
    HEAR_OF_LATE_REPORTS = "be told when an emergency restriction is reported late"
    HEAR_OF_DOOR_ALERTS = "be told when someone named in an order comes for another child"
    HEAR_OF_FLAGGED_CONTACTS = "be told when a contact broke a restriction or the plan"
    # Safeguarding concerns: who sees and acts on one is also said by the concern itself.
    RAISE_CONCERNS = "raise a safeguarding concern"
    VIEW_CONCERNS = "read a safeguarding concern you may see"
    ACT_ON_CONCERNS = "review, escalate and close safeguarding concerns"
    SET_ON_CALL_ROTA = "set the site's on-call rota"
    # Monitoring (LP 38 section 10, ECS 16).
    VIEW_SITE_MONITORING = "see the site's monitoring report"
    VIEW_SLT_REPORT = "see the monitoring report across your sites"
    # Online safety (LP 38 sections 8 and 10).
    MANAGE_ONLINE_SAFETY = (
        "assess children's social media use, agree video-call plans and record what online "
        "incidents taught"
    )
    RECORD_ONLINE_SAFETY = "record e-safety teaching and online incidents"
    VIEW_ONLINE_INCIDENTS = "see the site's online incidents"


_READ = {Action.VIEW_CHILDREN}
# Everyone who works with the children day to day.
_FRONT_LINE = _READ | {
    Action.RAISE_CONCERNS,
    Action.VIEW_CONCERNS,
    Action.CONFIRM_RESTRICTIONS,
    Action.RECORD_CHILD_INFORMED,
    Action.CHECK_COLLECTION,
    Action.LOG_CONTACTS,
    Action.RECORD_ONLINE_SAFETY,
}
_OVERSIGHT = {
    Action.VIEW_RESTRICTIONS_DASHBOARD,
    Action.SEE_WHO_OPENED_RECORDS,
    Action.VIEW_CONTACT_LOG,
    Action.RAISE_CONCERNS,
    Action.VIEW_CONCERNS,
}
# The site's leads act on what others record.
_LEADS = {
    Action.ACT_ON_CONCERNS,
    Action.SET_ON_CALL_ROTA,
    Action.CORRECT_CONTACT_LOG,
    Action.DECIDE_AT_THE_DOOR,
    Action.HEAR_OF_DOOR_ALERTS,
    Action.HEAR_OF_FLAGGED_CONTACTS,
    Action.MANAGE_ONLINE_SAFETY,
    Action.VIEW_ONLINE_INCIDENTS,
}
_MANAGE = {Action.MANAGE_CHILDREN, Action.MANAGE_ARRANGEMENTS}

ROLE_ACTIONS: dict[str, frozenset[Action]] = {
    Role.STAFF: frozenset(_FRONT_LINE),
    Role.SITE_MANAGER: frozenset(
        _FRONT_LINE
        | _OVERSIGHT
        | _MANAGE
        | _LEADS
        | {
            Action.APPROVE_CONTACT_PLANS,
            Action.HEAR_OF_LATE_REPORTS,
            Action.SET_LOCAL_RULES,
            Action.VIEW_SITE_MONITORING,
        }
    ),
    Role.DSL: frozenset(_FRONT_LINE | _OVERSIGHT | _LEADS | {Action.VIEW_SITE_MONITORING}),
    # SLT read; they act on a concern only when it says so (an allegation about a site's lead).
    Role.SLT: frozenset(
        _READ
        | _OVERSIGHT
        | {Action.ACT_ON_CONCERNS, Action.VIEW_SLT_REPORT, Action.VIEW_ONLINE_INCIDENTS}
    ),
    Role.ADMINISTRATOR: frozenset(_READ | _OVERSIGHT | _MANAGE),
}

# Actions that change a record: a record with an Audience may name other roles for them.
ACTING_ACTIONS = frozenset({Action.ACT_ON_CONCERNS})

# Roles that see or change more than their own work: they sign in with a second factor.
PRIVILEGED_ROLES = frozenset({Role.SITE_MANAGER, Role.DSL, Role.SLT, Role.ADMINISTRATOR})


def roles_with(action: Action) -> frozenset[str]:
    return frozenset(role for role, actions in ROLE_ACTIONS.items() if action in actions)


def roles_by_site(user) -> dict[int, frozenset[str]]:
    """The user's roles at each of their sites, read once per request and kept on the user."""
    if not user.is_authenticated:
        return {}
    if not hasattr(user, "_roles_by_site"):
        roles: dict[int, set[str]] = {}
        for site_id, role in Membership.objects.filter(user=user).values_list("site_id", "role"):
            roles.setdefault(site_id, set()).add(role)
        for site_id in Site.objects.filter(_designated_safeguarding_lead(user)).values_list(
            "pk", flat=True
        ):
            roles.setdefault(site_id, set()).add(Role.DSL)
        user._roles_by_site = {site_id: frozenset(found) for site_id, found in roles.items()}
    return user._roles_by_site


def _designated_safeguarding_lead(user) -> Q:
    return Q(dsl=user) | Q(deputy_dsl=user)


def roles_at(user, site: Site | int) -> frozenset[str]:
    return roles_by_site(user).get(_site_id(site), frozenset())


def site_ids_for(user) -> list[int]:
    return list(roles_by_site(user))


def sites_for(user):
    return Site.objects.filter(pk__in=site_ids_for(user))


def needs_second_factor(user) -> bool:
    if user.is_staff or user.is_superuser:
        return True
    return any(roles & PRIVILEGED_ROLES for roles in roles_by_site(user).values())


@dataclass(frozen=True)
class Audience:
    """Who may see a record that only some of its site may see (a safeguarding concern):
    its author; whoever holds one of `roles` at the site; the users it was `shared_with`; never
    the `excluded` (the adult an allegation names), whatever their role; and who of them may
    act on it (`actors`). The role table must still grant the action."""

    site_id: int
    roles: frozenset[str]
    author_id: int | None = None
    shared_with: frozenset[int] = frozenset()
    excluded: frozenset[int] = frozenset()
    # Who may act on it (ACTING_ACTIONS), if not everyone who may see it: never its author.
    actors: frozenset[str] | None = None


class HasAudience(Protocol):
    def audience(self) -> Audience: ...


def can(user, action: Action, target: "Site | int | HasAudience | object") -> bool:
    """May the user do this at this site, or to this record? A record is judged at its site
    (its `site_id`, or its child's), and by its `audience()` if it has one."""
    audience = target.audience() if hasattr(target, "audience") else None
    roles = roles_at(user, audience.site_id if audience else _site_id(target))
    if not any(action in ROLE_ACTIONS[role] for role in roles):
        return False
    if audience is None:
        return True
    if user.pk in audience.excluded:
        return False
    if action in ACTING_ACTIONS and audience.actors is not None:
        return bool(roles & audience.actors)
    return (
        user.pk == audience.author_id
        or bool(roles & audience.roles)
        or user.pk in audience.shared_with
    )


def require(user, action: Action, target) -> None:
    if not can(user, action, target):
        raise PermissionDenied(f"Your role does not allow you to {action}.")


def users_who_may(action: Action, site: Site) -> QuerySet[User]:
    """Everyone active whose role at the site grants the action: who must confirm a
    restriction, who approves a plan, who is told of a late report."""
    return User.objects.filter(
        may_q(action, site=site.pk, dsl=site.dsl_id, deputy=site.deputy_dsl_id)
    ).distinct()


def may_q(action: Action, *, site, dsl, deputy, user: str = "") -> Q:
    """`users_who_may` as a condition on the user at `user` (a path, or "" for the user itself),
    the site, its DSL and deputy given as values or as expressions (F, OuterRef): one query can
    then ask it of many sites at once (how many colleagues must confirm each restriction)."""
    prefix = f"{user}__" if user else ""
    roles = roles_with(action)
    members = Q(**{f"{prefix}memberships__site": site, f"{prefix}memberships__role__in": roles})
    if Role.DSL in roles:
        for lead in (dsl, deputy):
            if lead is not None:
                members |= Q(**{user or "pk": lead})
    return members & Q(**{f"{prefix}is_active": True})


def people_at(site: Site) -> QuerySet[User]:
    """Everyone active who works at the site, in any role (a key worker is one of them)."""
    return User.objects.filter(memberships__site=site, is_active=True).distinct()


def emails_of(users: Iterable[User]) -> list[str]:
    return sorted({user.email for user in users if user.email})


def _site_id(target) -> int:
    if isinstance(target, int):
        return target
    if isinstance(target, Site):
        return target.pk
    site_id = getattr(target, "site_id", None)
    return site_id if site_id is not None else target.child.site_id
