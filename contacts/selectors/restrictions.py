"""Reads about restrictions and who has confirmed them."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from coxlease import policy
from coxlease.models import User
from coxlease.policy import Action

from ..models import Acknowledgement, Restriction


def restriction_get_for_user(*, user, pk: int) -> Restriction:
    restriction = get_object_or_404(
        Restriction.objects.select_related("child__site", "person", "recorded_by"),
        pk=pk,
        child__site_id__in=policy.site_ids_for(user),
    )
    policy.require(user, Action.VIEW_CHILDREN, restriction.child.site)
    return restriction


def restrictions_in_force(*, site, on=None):
    """Restrictions in force today for the site's children on roll."""
    day = on or timezone.localdate()
    return (
        Restriction.objects.active_on(day)
        .filter(child__in=site.children.on_roll(day))
        .select_related("child", "person")
    )


def restrictions_not_ended(*, site, on=None):
    """Restrictions in force or still to start, for the site's children on roll: what
    colleagues must have read from the moment it is recorded."""
    day = on or timezone.localdate()
    return (
        Restriction.objects.not_ended(day)
        .filter(child__in=site.children.on_roll(day))
        .select_related("child", "person")
    )


def colleagues_who_must_confirm(site):
    """Everyone at the site whose role confirms restrictions (LP 38 section 4)."""
    return policy.users_who_may(Action.CONFIRM_RESTRICTIONS, site)


def with_unconfirmed_counts(restrictions, *, site):
    """Annotate each restriction with how many colleagues have not confirmed its version."""
    colleagues = colleagues_who_must_confirm(site)
    must_confirm = colleagues.count()
    confirmed = (
        Acknowledgement.objects.filter(
            restriction=OuterRef("pk"), version=OuterRef("version"), user__in=colleagues
        )
        .values("restriction")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return restrictions.annotate(unconfirmed_count=must_confirm - Coalesce(Subquery(confirmed), 0))


def restrictions_to_confirm(*, user, site):
    """What this user still has to read and confirm at this site (empty if not their job)."""
    if not policy.can(user, Action.CONFIRM_RESTRICTIONS, site):
        return Restriction.objects.none()
    mine = Acknowledgement.objects.filter(
        user=user, restriction=OuterRef("pk"), version=OuterRef("version")
    )
    return restrictions_not_ended(site=site).filter(~Exists(mine)).order_by("starts_on", "pk")


@dataclass
class Confirmation:
    user: User
    confirmed_at: object | None


def restriction_confirmations(restriction: Restriction) -> list[Confirmation]:
    """Each colleague who must confirm, with when they confirmed the current version (or None)."""
    when = dict(
        restriction.acknowledgements.filter(version=restriction.version).values_list(
            "user_id", "acknowledged_at"
        )
    )
    colleagues = colleagues_who_must_confirm(restriction.child.site)
    return [Confirmation(user=u, confirmed_at=when.get(u.pk)) for u in colleagues]
