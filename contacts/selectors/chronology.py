"""This floor's events for a child's chronology (merged on the top floor, `monitoring`).

Each selector returns the child's events of one kind as rows of the same three columns, so the
top floor can merge every floor's rows in one UNION ALL, ordered and paginated by the database:
`at` (when it happened), `kind` (which selector gave the row) and `ref` (the row's key in its
own table: a history row for changes, the record itself otherwise). A selector given a person
keeps only the events that involve them.
"""

from django.db.models import CharField, DateTimeField, F, QuerySet, Value
from django.db.models.functions import Cast

from coxlease import policy
from coxlease.policy import Action

from ..models import (
    Acknowledgement,
    Child,
    ChildInformed,
    CollectionCheck,
    ContactArrangement,
    ContactPlan,
    Person,
    Restriction,
)

PLAN_CHANGE = "plan"
ARRANGEMENT_CHANGE = "arrangement"
RESTRICTION_CHANGE = "restriction"
DOOR_CHECK = "check"
RESTRICTION_CONFIRMED = "acknowledgement"
CHILD_TOLD = "child_informed"


def chronology_rows(queryset: QuerySet, *, at, kind: str, ref: str = "pk") -> QuerySet:
    """Any queryset as chronology rows: `at` (a field name or a datetime expression), `kind`,
    `ref`. Every floor shapes its rows here, so the columns line up in the union."""
    return (
        queryset.order_by()
        .annotate(
            at=F(at) if isinstance(at, str) else at,
            kind=Value(kind, output_field=CharField()),
            ref=F(ref),
        )
        .values("at", "kind", "ref")
    )


def _require_may_see(user, child: Child) -> None:
    policy.require(user, Action.VIEW_CHILDREN, child.site_id)


def _ever_naming(model, person: Person) -> QuerySet:
    """The records of `model` that named the person in any version: their whole story
    involves them, the change that stopped naming them included."""
    return model.history.filter(person=person).values("id")


def plan_events(*, user, child: Child, person: Person | None = None) -> QuerySet:
    """Every version of the child's contact plan (the plan as a whole names nobody)."""
    _require_may_see(user, child)
    versions = ContactPlan.history.filter(child_id=child.pk)
    if person is not None:
        versions = versions.none()
    return chronology_rows(versions, at="history_date", kind=PLAN_CHANGE, ref="history_id")


def arrangement_events(*, user, child: Child, person: Person | None = None) -> QuerySet:
    _require_may_see(user, child)
    versions = ContactArrangement.history.filter(
        plan_id__in=ContactPlan.objects.filter(child=child).values("pk")
    )
    if person is not None:
        versions = versions.filter(id__in=_ever_naming(ContactArrangement, person))
    return chronology_rows(versions, at="history_date", kind=ARRANGEMENT_CHANGE, ref="history_id")


def restriction_events(*, user, child: Child, person: Person | None = None) -> QuerySet:
    """Restrictions recorded, changed, ended and reported: every version of each."""
    _require_may_see(user, child)
    versions = Restriction.history.filter(child_id=child.pk)
    if person is not None:
        versions = versions.filter(id__in=_ever_naming(Restriction, person))
    return chronology_rows(versions, at="history_date", kind=RESTRICTION_CHANGE, ref="history_id")


def collection_check_events(*, user, child: Child, person: Person | None = None) -> QuerySet:
    _require_may_see(user, child)
    checks = CollectionCheck.objects.filter(child=child)
    if person is not None:
        checks = checks.filter(person=person)
    return chronology_rows(checks, at="checked_at", kind=DOOR_CHECK)


def acknowledgement_events(*, user, child: Child, person: Person | None = None) -> QuerySet:
    """Who confirmed they read which version of the child's restrictions."""
    _require_may_see(user, child)
    confirmations = Acknowledgement.objects.filter(restriction__child=child)
    if person is not None:
        confirmations = confirmations.filter(restriction_id__in=_ever_naming(Restriction, person))
    return chronology_rows(confirmations, at="acknowledged_at", kind=RESTRICTION_CONFIRMED)


def child_informed_events(*, user, child: Child, person: Person | None = None) -> QuerySet:
    """When the child was told about a restriction: a day, taken as its first moment."""
    _require_may_see(user, child)
    told = ChildInformed.objects.filter(restriction__child=child)
    if person is not None:
        told = told.filter(restriction_id__in=_ever_naming(Restriction, person))
    return chronology_rows(told, at=Cast("told_on", output_field=DateTimeField()), kind=CHILD_TOLD)
