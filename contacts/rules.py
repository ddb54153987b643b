"""The one rule that decides whether a contact is allowed.

`contact_decide` is pure: it looks only at what it is given, so the page, the contact log,
the collection check, the reports and the property tests all ask the same question the same
way. `contact_check` loads what it needs for one child from the database and asks it.

Order of precedence: a restriction in force always beats the plan; an ended or future
restriction counts for nothing; someone with no arrangement is "not in the plan", never
silently allowed; at the door only an authorised collector may take or bring the child.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from django.utils import formats, timezone

from .models import (
    AuthorisedCollector,
    Child,
    ContactArrangement,
    ContactPlan,
    ContactType,
    Person,
    Restriction,
    RestrictionEffect,
    Supervision,
)


class Outcome(StrEnum):
    ALLOWED = "allowed"
    CONDITIONAL = "conditional"
    NOT_ALLOWED = "not_allowed"


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    reasons: tuple[str, ...]
    conditions: tuple[str, ...] = ()
    restrictions: tuple[Restriction, ...] = field(default=(), compare=False)


def _applies(restriction: Restriction, person: Person | None, contact_type: str) -> bool:
    if restriction.person_id is not None and (person is None or restriction.person_id != person.pk):
        return False
    if not restriction.contact_type or restriction.contact_type == contact_type:
        return True
    # Handing a child over is face-to-face contact: a restriction on visits covers it too.
    return restriction.contact_type == ContactType.VISIT and contact_type in ContactType.handovers()


def _restriction_refuses(restriction: Restriction, contact_type: str) -> bool:
    effect = restriction.effect
    if effect == RestrictionEffect.NO_CONTACT:
        return True
    if effect == RestrictionEffect.LETTERS_ONLY:
        return contact_type != ContactType.LETTER
    if effect in (RestrictionEffect.NO_COLLECTION, RestrictionEffect.SUPERVISED_ONLY):
        # Handing the child over is never supervised contact.
        return contact_type in ContactType.handovers()
    return False


def _restriction_reason(restriction: Restriction, refuses: bool) -> str:
    verb = "Not allowed" if refuses else "Must be supervised"
    return (
        f"{verb}: {restriction.get_effect_display().lower()} for "
        f"{restriction.scope_description}, under the {restriction.basis_description}."
    )


def _plan_verdict(arrangement: ContactArrangement | None, who: str, kind: str) -> Verdict:
    if arrangement is None:
        return Verdict(Outcome.NOT_ALLOWED, (f"{who} is not in the plan for {kind}.",))
    extra = (arrangement.conditions,) if arrangement.conditions else ()
    if arrangement.supervision == Supervision.NOT_PERMITTED:
        return Verdict(Outcome.NOT_ALLOWED, (f"The plan does not permit {kind} with {who}.",))
    if arrangement.supervision == Supervision.SUPERVISED:
        by = f" by {arrangement.supervised_by}" if arrangement.supervised_by else ""
        condition = f"Must be supervised{by}."
        return Verdict(
            Outcome.CONDITIONAL,
            (f"The plan allows supervised {kind} with {who}.",),
            (condition, *extra),
        )
    return Verdict(Outcome.ALLOWED, (f"The plan allows {kind} with {who}.",), extra)


PASSWORD_CONDITION = "Ask for their password word and check it against the one on record."


def _handover_verdict(
    collectors: Iterable[AuthorisedCollector], who: str, contact_type: str
) -> Verdict:
    kind = ContactType(contact_type).label.lower()
    for collector in collectors:
        if (
            collector.may_collect
            if contact_type == ContactType.COLLECTION
            else collector.may_drop_off
        ):
            conditions = []
            if collector.password_word:
                # The word itself is shown only to whoever is at the door (see selectors).
                conditions.append(PASSWORD_CONDITION)
            if collector.identification_notes:
                conditions.append(f"Identification: {collector.identification_notes}")
            return Verdict(
                Outcome.ALLOWED,
                (f"{who} is an authorised collector.",),
                tuple(conditions),
            )
    return Verdict(Outcome.NOT_ALLOWED, (f"{who} is not authorised for {kind}.",))


def contact_decide(
    *,
    person: Person | None,
    contact_type: str,
    on: date,
    restrictions: Iterable[Restriction],
    arrangements: Iterable[ContactArrangement],
    collectors: Iterable[AuthorisedCollector] = (),
    plan_starts_on: date | None = None,
    left_on: date | None = None,
) -> Verdict:
    """Decide one contact from the child's restrictions, plan and collectors as given.

    `plan_starts_on` is the plan's effective date (its arrangements count from then);
    `left_on` the day the child left the site, after which nothing is arranged here.

    `person` None means someone not listed for this child. Restrictions, arrangements and
    collectors are the child's; this function filters them by date, person and type itself.
    """
    who = str(person) if person is not None else "Someone not listed for this child"
    kind = ContactType(contact_type).label.lower()
    if left_on is not None and left_on < on:
        return Verdict(
            Outcome.NOT_ALLOWED,
            (f"The child left on {formats.date_format(left_on)}: no contact is arranged here.",),
        )

    in_force = [r for r in restrictions if r.is_active_on(on) and _applies(r, person, contact_type)]
    refusing = [r for r in in_force if _restriction_refuses(r, contact_type)]
    if refusing:
        return Verdict(
            Outcome.NOT_ALLOWED,
            tuple(_restriction_reason(r, refuses=True) for r in refusing),
            restrictions=tuple(refusing),
        )
    supervising = [r for r in in_force if r.effect == RestrictionEffect.SUPERVISED_ONLY]

    if person is None:
        base = Verdict(Outcome.NOT_ALLOWED, (f"{who}: not in the plan; do not allow {kind}.",))
    elif contact_type in ContactType.handovers():
        valid = [c for c in collectors if c.person_id == person.pk and _valid_on(c, on)]
        base = _handover_verdict(valid, who, contact_type)
    elif plan_starts_on is not None and plan_starts_on > on:
        when = formats.date_format(plan_starts_on)
        base = Verdict(
            Outcome.NOT_ALLOWED, (f"The contact plan takes effect on {when}: nobody is in it yet.",)
        )
    else:
        match = next(
            (
                a
                for a in arrangements
                if a.person_id == person.pk and a.contact_type == contact_type
            ),
            None,
        )
        base = _plan_verdict(match, who, kind)

    if base.outcome == Outcome.NOT_ALLOWED or not supervising:
        return base
    return Verdict(
        Outcome.CONDITIONAL,
        base.reasons + tuple(_restriction_reason(r, refuses=False) for r in supervising),
        base.conditions + ("Must be supervised, as the restriction requires.",),
        restrictions=tuple(supervising),
    )


def _valid_on(collector: AuthorisedCollector, day: date) -> bool:
    return collector.valid_from <= day and (collector.valid_to is None or collector.valid_to >= day)


def _facts(child: Child, day: date) -> dict:
    """Everything the rule needs about one child on one day, in four queries."""
    plan = ContactPlan.objects.filter(child=child).only("effective_date").first()
    return {
        "on": day,
        "restrictions": list(child.restrictions.select_related("person").active_on(day)),
        "arrangements": list(
            ContactArrangement.objects.filter(plan__child=child)
            .select_related("person")
            .order_by("person__full_name", "contact_type")
        ),
        "collectors": list(child.collectors.select_related("person")),
        "plan_starts_on": plan.effective_date if plan else None,
        "left_on": child.leaving_date,
    }


def contact_check(
    *, child: Child, person: Person | None, contact_type: str, at: datetime | None = None
) -> Verdict:
    """Ask the rule about one child, loading their restrictions, plan and collectors."""
    day = timezone.localdate(at) if at else timezone.localdate()
    return contact_decide(person=person, contact_type=contact_type, **_facts(child, day))


@dataclass(frozen=True)
class ContactPicture:
    """Each arrangement of a child's plan and each authorised collector, with what the rule
    says about them today: the plan can say "unsupervised" while a restriction says "no"."""

    arrangements: list[tuple[ContactArrangement, Verdict]]
    collectors: list[tuple[AuthorisedCollector, Verdict]]


def contact_picture(*, child: Child, on: date | None = None) -> ContactPicture:
    facts = _facts(child, on or timezone.localdate())

    def decide(person, contact_type):
        return contact_decide(person=person, contact_type=contact_type, **facts)

    return ContactPicture(
        arrangements=[(a, decide(a.person, a.contact_type)) for a in facts["arrangements"]],
        collectors=[
            (c, decide(c.person, ContactType.COLLECTION if c.may_collect else ContactType.DROP_OFF))
            for c in facts["collectors"]
        ],
    )
