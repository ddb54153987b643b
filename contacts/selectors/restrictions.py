"""Reads about restrictions and who has confirmed them."""

from dataclasses import dataclass

from django.db.models import Exists, F, Func, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from coxlease import policy
from coxlease.models import User
from coxlease.policy import Action

from ..models import Acknowledgement, Child, Restriction


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
    return restrictions_not_ended_at(site_ids=[site.pk], on=on)


def restrictions_not_ended_at(*, site_ids, on=None):
    """`restrictions_not_ended` at several sites at once (the reports)."""
    day = on or timezone.localdate()
    return (
        Restriction.objects.not_ended(day)
        .filter(child__in=Child.objects.filter(site_id__in=site_ids).on_roll(day))
        .select_related("child", "person")
    )


def colleagues_who_must_confirm(site):
    """Everyone at the site whose role confirms restrictions (LP 38 section 4)."""
    return policy.users_who_may(Action.CONFIRM_RESTRICTIONS, site)


class _CountDistinct(Func):
    """COUNT(DISTINCT …) of a subquery's rows, without grouping them: one row, one number."""

    template = "COUNT(DISTINCT %(expressions)s)"
    output_field = IntegerField()


def _how_many(queryset, field: str = "pk") -> Subquery:
    return Subquery(queryset.order_by().annotate(n=_CountDistinct(field)).values("n")[:1])


def with_unconfirmed_counts(restrictions):
    """Annotate each restriction with how many colleagues at its site have not confirmed its
    version: in the same query whatever the sites (the SLT report counts them for every site)."""
    must_confirm = User.objects.filter(
        policy.may_q(
            Action.CONFIRM_RESTRICTIONS,
            site=OuterRef("child__site"),
            dsl=OuterRef("child__site__dsl"),
            deputy=OuterRef("child__site__deputy_dsl"),
        )
    )
    confirmed = Acknowledgement.objects.filter(
        policy.may_q(
            Action.CONFIRM_RESTRICTIONS,
            site=F("restriction__child__site"),
            dsl=F("restriction__child__site__dsl"),
            deputy=F("restriction__child__site__deputy_dsl"),
            user="user",
        ),
        restriction=OuterRef("pk"),
        version=OuterRef("version"),
    )
    return restrictions.annotate(
        unconfirmed_count=Coalesce(_how_many(must_confirm), 0)
        - Coalesce(_how_many(confirmed, "user"), 0)
    )


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
