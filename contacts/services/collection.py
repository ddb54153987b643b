"""The door: authorised collectors, the check and its log, the password word, and the DSL's
part when the answer needs them (someone under an order, an order about another child here, a
wrong word)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coxlease import policy
from coxlease.history import save_with_history
from coxlease.outbox import AlertKind, Urgency, staff_alert
from coxlease.policy import Action

from ..models import AuthorisedCollector, Child, CollectionCheck, Outcome, Person
from ..rules import Verdict, contact_check
from ..selectors.collection import password_check_is_open

DOOR_ALERT = AlertKind(
    code="door-for-the-dsl",
    what="someone at the door needs the DSL: under an order or one about to start, named in "
    "one about another child here, or giving a wrong password word",
)


@transaction.atomic
def collector_save(
    *, collector: AuthorisedCollector, changed_by, reason: str
) -> AuthorisedCollector:
    policy.require(changed_by, Action.MANAGE_ARRANGEMENTS, collector.child.site)
    return save_with_history(collector, user=changed_by, reason=reason)


def _for_the_dsl(verdict: Verdict, password_given: bool | None) -> bool:
    """An answer the DSL must hear of at once: someone an order names refused at the door, or
    held because an order starts within days, someone named in an order about another child
    here, or a wrong password word."""
    under_an_order = verdict.outcome == Outcome.NOT_ALLOWED and bool(verdict.restrictions)
    return (
        under_an_order
        or verdict.order_starts_soon
        or verdict.names_in_other_order
        or verdict.refer_to_dsl
        or password_given is False
    )


def _log(verdict: Verdict, *, password_given: bool | None = None, **fields) -> CollectionCheck:
    check = CollectionCheck(
        asks_password=verdict.asks_password,
        names_in_other_order=verdict.names_in_other_order,
        password_given=password_given,
        for_the_dsl=_for_the_dsl(verdict, password_given),
        **fields,
    )
    check.record_verdict(verdict)
    check.save()
    check.applied_restrictions.set(verdict.restrictions)
    if check.for_the_dsl:
        site = check.child.site
        staff_alert(
            recipients=policy.emails_of(policy.users_who_may(Action.HEAR_OF_DOOR_ALERTS, site)),
            kind=DOOR_ALERT,
            site=site,
            urgency=Urgency.IMMEDIATE,
            link=check.get_absolute_url(),
            # One e-mail per person at the door per child per day, however often they are
            # checked again; each check still shows on the DSL's start page.
            dedupe_key=f"{DOOR_ALERT.code}:{check.child_id}:{check.person_id or check.pk}:"
            f"{timezone.localdate()}",
        )
    return check


def _wrong_words_today(child: Child, person: Person | None) -> int:
    if person is None:
        return 0
    return CollectionCheck.objects.filter(
        child=child,
        person=person,
        password_given=False,
        checked_at__date=timezone.localdate(),
    ).count()


@transaction.atomic
def collection_check_run(
    *,
    child: Child,
    person: Person | None,
    unlisted_description: str = "",
    handover: str,
    checked_by,
) -> CollectionCheck:
    """Ask the contact rule at the door, and log the answer exactly as it was given."""
    policy.require(checked_by, Action.CHECK_COLLECTION, child.site)
    verdict = contact_check(
        child=child,
        person=person,
        contact_type=handover,
        wrong_words_today=_wrong_words_today(child, person),
    )
    return _log(
        verdict,
        child=child,
        person=person,
        unlisted_description=unlisted_description if person is None else "",
        handover=handover,
        checked_by=checked_by,
    )


@transaction.atomic
def collection_password_record(
    *, check: CollectionCheck, word_given: str, checked_by
) -> CollectionCheck:
    """The desk typed the word the collector said: ask the rule again with whether it was the
    right one, and log that answer as a check that follows the first. The word itself is kept
    nowhere."""
    policy.require(checked_by, Action.CHECK_COLLECTION, check.child.site)
    check = CollectionCheck.objects.select_for_update().get(pk=check.pk)
    if not password_check_is_open(check=check, user=checked_by):
        raise ValidationError(
            "This answer no longer waits for a password word: run a new check.", code="closed"
        )
    collector = AuthorisedCollector.objects.get(child=check.child, person=check.person)
    matches = collector.password_matches(word_given)
    verdict = contact_check(
        child=check.child, person=check.person, contact_type=check.handover, password_given=matches
    )
    return _log(
        verdict,
        password_given=matches,
        child=check.child,
        person=check.person,
        handover=check.handover,
        checked_by=checked_by,
        follows=check,
    )


@transaction.atomic
def collection_dsl_decide(
    *, check: CollectionCheck, go_ahead: bool, note: str, decided_by
) -> CollectionCheck:
    """The DSL (or a site manager) answers a check that needed them; the desk's page shows
    it. The DSL may let a held answer go ahead, but never overrule a refusal: an order stands."""
    policy.require(decided_by, Action.DECIDE_AT_THE_DOOR, check.child.site)
    check = CollectionCheck.objects.select_for_update().get(pk=check.pk)
    if not check.for_the_dsl or CollectionCheck.objects.filter(follows=check).exists():
        raise ValidationError("This answer has already been followed up.", code="closed")
    if go_ahead and check.result == Outcome.NOT_ALLOWED:
        raise ValidationError(
            {"decision": "A refusal stands: the DSL cannot let this handover go ahead here."}
        )
    said = "may go ahead" if go_ahead else "must not go ahead"
    decided = CollectionCheck(
        child=check.child,
        person=check.person,
        unlisted_description=check.unlisted_description,
        handover=check.handover,
        checked_by=decided_by,
        follows=check,
        result=Outcome.ALLOWED if go_ahead else Outcome.NOT_ALLOWED,
        reasons=[f"{decided_by} decided the handover {said}.", note.strip()],
    )
    decided.save()
    return decided
