"""Which version of a child's contact plan was in force when a contact happened.

A plan is edited in place and its arrangements one by one; their history keeps each version.
A contact logged after the plan changed is judged by the plan as it stood then, and a revision
saved today to take effect next week leaves the current version in force until it does.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from .models import Child, ContactArrangement, ContactPlan, Person


@dataclass(frozen=True)
class PlanInForce:
    # The effective date of the version that counts on the day (a first plan not yet in force:
    # its own effective date, after the day).
    starts_on: date | None
    arrangements: list[ContactArrangement]
    # The arrangements of a revision saved but not yet in force: the door holds to their
    # refusals meanwhile.
    to_come: list[ContactArrangement]


def plan_in_force(*, child: Child, day: date, at: datetime | None = None) -> PlanInForce:
    """The plan version in force on `day`, as it stood at `at` (the contact's time): the newest
    version saved by then that had taken effect on the day (for a plan recorded after the
    contact with an earlier effective date, the newest that has), with its arrangements as they
    were before the next version was saved. `at` None: now."""
    current = list(
        ContactArrangement.objects.filter(plan__child=child)
        .select_related("person")
        .order_by("person__full_name", "contact_type")
    )
    versions = list(
        ContactPlan.history.filter(child_id=child.pk)
        .order_by("-history_date")
        .values_list("history_date", "effective_date")
    )
    if not versions:
        plan = ContactPlan.objects.filter(child=child).only("effective_date").first()
        return PlanInForce(plan.effective_date if plan else None, current, [])
    taken_effect = [i for i, (_, starts_on) in enumerate(versions) if starts_on <= day]
    if not taken_effect:
        return PlanInForce(versions[0][1], current, [])
    known_then = [i for i in taken_effect if at is None or versions[i][0] <= at]
    chosen = known_then[0] if known_then else taken_effect[0]
    newer_saved_at = versions[chosen - 1][0] if chosen > 0 else None
    cut = min(filter(None, (newer_saved_at, at if known_then else None)), default=None)
    if cut is not None and cut >= timezone.now():
        cut = None  # nothing can have changed since
    arrangements = current if cut is None else _arrangements_at(current, child=child, cut=cut)
    pending = versions[0][1] > day
    return PlanInForce(versions[chosen][1], arrangements, current if pending else [])


def _arrangements_at(
    current: list[ContactArrangement], *, child: Child, cut: datetime
) -> list[ContactArrangement]:
    """The child's arrangements as they stood at `cut`: those changed since are taken back to
    their state then (or left out, if added since)."""
    history = ContactArrangement.history.filter(plan__child=child)
    changed = set(history.filter(history_date__gt=cut).values_list("id", flat=True))
    if not changed:
        return current
    then = [
        record.instance
        for record in history.filter(id__in=changed, history_date__lte=cut).latest_of_each()
        if record.history_type != "-"
    ]
    people = Person.objects.in_bulk({a.person_id for a in then})
    for arrangement in then:
        arrangement.person = people[arrangement.person_id]
    kept = [a for a in current if a.pk not in changed]
    return sorted(kept + then, key=lambda a: (a.person.full_name, a.contact_type))
