"""Reads about children, limited to what the asking user may see."""

from django.shortcuts import get_object_or_404

from coxlease import policy
from coxlease.policy import Action

from ..models import Child, ContactPlan, Person


def children_for_user(*, user, site):
    policy.require(user, Action.VIEW_CHILDREN, site)
    return Child.objects.filter(site=site).select_related("key_worker")


def child_get_for_user(*, user, pk: int) -> Child:
    """The child if they belong to one of the user's sites; otherwise 404, never 403."""
    child = get_object_or_404(
        Child.objects.select_related("site", "key_worker"),
        pk=pk,
        site_id__in=policy.site_ids_for(user),
    )
    policy.require(user, Action.VIEW_CHILDREN, child.site)
    return child


def child_record_get_for_user(*, user, queryset, pk: int, child_path: str = "child"):
    """A record about a child, if that child is at one of the user's sites; otherwise 404."""
    record = get_object_or_404(
        queryset, pk=pk, **{f"{child_path}__site_id__in": policy.site_ids_for(user)}
    )
    child = record
    for step in child_path.split("__"):
        child = getattr(child, step)
    policy.require(user, Action.VIEW_CHILDREN, child.site_id)
    return record


def person_get_for_user(*, user, pk: int) -> Person:
    person = get_object_or_404(
        Person.objects.select_related("site"), pk=pk, site_id__in=policy.site_ids_for(user)
    )
    policy.require(user, Action.VIEW_CHILDREN, person.site)
    return person


def plan_of(child: Child) -> ContactPlan | None:
    return ContactPlan.objects.filter(child=child).select_related("approved_by").first()


def children_like(
    *, site, legal_first_name: str, legal_last_name: str, date_of_birth, exclude_pk=None
):
    """Children at the site, on roll or left, with this legal name (any case) and date of birth:
    perhaps the same child recorded twice. Adding a child and importing both ask this."""
    return (
        Child.objects.filter(
            site=site,
            legal_first_name__iexact=legal_first_name.strip(),
            legal_last_name__iexact=legal_last_name.strip(),
            date_of_birth=date_of_birth,
        )
        .exclude(pk=exclude_pk)
        .order_by("admission_date")
    )


def people_like(*, site, full_name: str, exclude_pk=None):
    """People at the site with this name (any case, any spacing): perhaps the same person
    recorded twice, which would hide an order on one record from the door on the other."""
    return (
        Person.objects.filter(site=site, full_name__iexact=" ".join(full_name.split()))
        .exclude(pk=exclude_pk)
        .prefetch_related("relationships__child")
    )
