"""The one rule that decides whether a contact is allowed.

`contact_decide` is pure: it looks only at what it is given, so the page, the contact log,
the collection check, the reports and the property tests all ask the same question the same
way. `contact_check` loads what it needs for one child from the database and asks it.

Order of precedence: the child's leaving day ends everything; a protected professional (social
worker, advocate, …) is never cut off by a restriction; otherwise a restriction in force
always beats the plan, and an ended or future restriction counts for nothing; someone with no
arrangement is "not in the plan", never silently allowed (a video call needs an agreed video-call
plan with them); social media needs a current risk assessment that allows it, and one that
allows it with monitoring asks who monitored; at the door only an authorised
collector may take or bring the child, never someone whose visits the plan refuses or
supervises, and a password word on record must be given before the answer is yes. Someone
named in an order about another child at the site is never a plain yes, nor is a handover
before an order about this child starts. A contact is judged by the plan in force when it
happened.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from types import MappingProxyType

from django.db.models import Q
from django.utils import formats, timezone

from .models import (
    AuthorisedCollector,
    Child,
    ContactArrangement,
    ContactPlan,
    ContactType,
    Outcome,
    Person,
    ProtectedRole,
    Relationship,
    Restriction,
    RestrictionEffect,
    SocialMediaAssessment,
    SocialMediaDecision,
    Supervision,
    VideoCallPlan,
)
from .models.restrictions import CORRESPONDENCE
from .plan_versions import PlanInForce, plan_in_force


@dataclass(frozen=True)
class Verdict:
    outcome: Outcome
    reasons: tuple[str, ...]
    conditions: tuple[str, ...] = ()
    restrictions: tuple[Restriction, ...] = field(default=(), compare=False)
    # At the door: the answer waits for the collector's password word.
    asks_password: bool = False
    # The person is named in an order about another child at the site: the DSL is told.
    names_in_other_order: bool = False
    # The plan or a restriction says the contact must be supervised (the log checks it was).
    needs_supervision: bool = False
    # Wrong password words given again and again: the DSL must hear of it.
    refer_to_dsl: bool = False
    # An order that would refuse this handover starts within days: held until the DSL decides.
    order_starts_soon: bool = False
    # Social media allowed with monitoring: the log asks who monitored it.
    needs_monitoring: bool = False


PASSWORD_CONDITION = "Ask for their password word and type what they say."
WRONG_PASSWORD = "The password word given at the door was not the one on record."
WRONG_WORD_EARLIER = "A wrong password word was given for them earlier today."
# After this many wrong words in a day the desk no longer asks: the DSL decides.
WRONG_WORDS_ALLOWED = 2
TOO_MANY_WRONG_WORDS = (
    "Wrong password words were given twice today: no handover to them today. The DSL has been told."
)
# At the door, an order not yet in force matters: the child may be out with them when it
# starts. Within this time the DSL decides; further off, the desk makes sure of the return.
SOON = timedelta(days=7)
OTHER_ORDER_CONDITION = (
    "Do not go ahead until the DSL has said so: an order about another child at this site "
    "names this person."
)


def _applies(restriction: Restriction, person: Person | None, contact_type: str) -> bool:
    if restriction.person_id is not None and (person is None or restriction.person_id != person.pk):
        return False
    if not restriction.contact_type or restriction.contact_type == contact_type:
        return True
    # Handing a child over is face-to-face contact: a restriction on visits covers it too.
    return restriction.contact_type == ContactType.VISIT and contact_type in ContactType.handovers()


def _refuses(restriction: Restriction, contact_type: str) -> bool:
    effect = restriction.effect
    if effect == RestrictionEffect.NO_CONTACT:
        return True
    if effect == RestrictionEffect.LETTERS_ONLY:
        return contact_type != ContactType.LETTER
    if effect in (RestrictionEffect.NO_COLLECTION, RestrictionEffect.SUPERVISED_ONLY):
        # Handing the child over is never supervised contact.
        return contact_type in ContactType.handovers()
    return False


def _under(restriction: Restriction) -> str:
    return (
        f"{restriction.get_effect_display().lower()} for {restriction.scope_description}, "
        f"under the {restriction.basis_description}."
    )


def _condition_of(restriction: Restriction, contact_type: str) -> tuple[str, str] | None:
    """The reason and the condition a restriction in force adds to a contact it allows, if
    it adds any."""
    effect = restriction.effect
    if effect == RestrictionEffect.SUPERVISED_ONLY:
        return (
            f"Must be supervised: {_under(restriction)}",
            "Must be supervised, as the restriction requires.",
        )
    if effect == RestrictionEffect.LETTERS_ONLY:  # a letter: anything else was refused
        return (
            f"Allowed by letter only: {_under(restriction)}",
            f"As the {restriction.get_legal_basis_display()} says: {restriction.details}",
        )
    if effect == RestrictionEffect.MONITORED and contact_type in CORRESPONDENCE:
        return (
            f"Monitored: {_under(restriction)}",
            f"Read by {restriction.monitored_by} before the child receives it.",
        )
    return None


def _starting_later(restriction: Restriction, on: date) -> tuple[str, str]:
    when = formats.date_format(restriction.starts_on)
    if restriction.starts_on <= on + SOON:
        condition = f"Do not go ahead until the DSL has said so: an order starts on {when}."
    else:
        condition = f"The child must be back before {when}, when an order starts."
    return (f"From {when}: {_under(restriction)}", condition)


NO_ASSESSMENT = (
    "There is no social media risk assessment for the child: social media is not allowed "
    "until one is made (LP 38 section 8)."
)
MONITORING_CONDITION = "Must be monitored: say who monitored it."
NO_VIDEO_CALL_PLAN = "there is no agreed video-call plan with them."


def _assessed(assessment: SocialMediaAssessment) -> str:
    when = formats.date_format(assessment.assessed_on)
    return (
        f"The social media risk assessment of {when} (risk "
        f"{assessment.get_overall_risk_display().lower()}) says: "
        f"{assessment.get_decision_display().lower()}."
    )


def _with_social_media(base: Verdict, assessment: SocialMediaAssessment | None) -> Verdict:
    """Social media is decided by the child's risk assessment as well as by the plan: the
    assessment refuses for everyone, or asks for monitoring, or lets the plan decide."""
    if assessment is None:
        return Verdict(Outcome.NOT_ALLOWED, (NO_ASSESSMENT, *base.reasons))
    if assessment.decision == SocialMediaDecision.NOT_ALLOWED:
        return Verdict(Outcome.NOT_ALLOWED, (_assessed(assessment), *base.reasons))
    if base.outcome == Outcome.NOT_ALLOWED:
        return base
    monitored = assessment.decision == SocialMediaDecision.MONITORED
    extra = ((MONITORING_CONDITION,) if monitored else ()) + (
        (assessment.conditions,) if assessment.conditions else ()
    )
    return Verdict(
        Outcome.CONDITIONAL if monitored else base.outcome,
        (*base.reasons, _assessed(assessment)),
        (*base.conditions, *extra),
        needs_supervision=base.needs_supervision,
        needs_monitoring=monitored,
    )


def _plan_verdict(
    arrangement: ContactArrangement | VideoCallPlan | None, who: str, kind: str
) -> Verdict:
    if arrangement is None:
        return Verdict(Outcome.NOT_ALLOWED, (f"{who} is not in the plan for {kind}.",))
    extra = (arrangement.conditions,) if arrangement.conditions else ()
    if arrangement.supervision == Supervision.NOT_PERMITTED:
        return Verdict(Outcome.NOT_ALLOWED, (f"The plan does not permit {kind} with {who}.",))
    if arrangement.supervision == Supervision.SUPERVISED:
        by = f" by {arrangement.supervised_by}" if arrangement.supervised_by else ""
        return Verdict(
            Outcome.CONDITIONAL,
            (f"The plan allows supervised {kind} with {who}.",),
            (f"Must be supervised{by}.", *extra),
            needs_supervision=True,
        )
    return Verdict(Outcome.ALLOWED, (f"The plan allows {kind} with {who}.",), extra)


def _handover_verdict(
    *,
    collectors: Iterable[AuthorisedCollector],
    visits: Iterable[ContactArrangement],
    who: str,
    contact_type: str,
    password_given: bool | None,
    wrong_words_today: int,
) -> Verdict:
    kind = ContactType(contact_type).label.lower()
    supervision = {visit.supervision for visit in visits}
    if Supervision.NOT_PERMITTED in supervision:
        return Verdict(
            Outcome.NOT_ALLOWED,
            (f"The contact plan does not permit visits with {who}, so not {kind} either.",),
        )
    if Supervision.SUPERVISED in supervision:
        return Verdict(
            Outcome.NOT_ALLOWED,
            (
                f"The contact plan says visits with {who} must be supervised: "
                "a handover is never supervised.",
            ),
        )
    collector = next((c for c in collectors if c.may_hand_over(contact_type)), None)
    if collector is None:
        return Verdict(Outcome.NOT_ALLOWED, (f"{who} is not authorised for {kind}.",))
    reasons = (f"{who} is an authorised collector.",)
    identification = tuple(
        condition
        for shown, condition in (
            (
                collector.identification_to_ask,
                f"Ask to see: {collector.get_identification_to_ask_display()}.",
            ),
            (collector.identification_notes, f"Identification: {collector.identification_notes}"),
        )
        if shown
    )
    if not collector.password_word:
        return Verdict(Outcome.ALLOWED, reasons, identification)
    if password_given is None and wrong_words_today >= WRONG_WORDS_ALLOWED:
        return Verdict(Outcome.NOT_ALLOWED, (*reasons, TOO_MANY_WRONG_WORDS), refer_to_dsl=True)
    if password_given is None:
        earlier = (WRONG_WORD_EARLIER,) if wrong_words_today else ()
        return Verdict(
            Outcome.CONDITIONAL,
            (*reasons, *earlier),
            (PASSWORD_CONDITION, *identification),
            asks_password=True,
        )
    if not password_given:
        return Verdict(Outcome.NOT_ALLOWED, (*reasons, WRONG_PASSWORD))
    return Verdict(
        Outcome.ALLOWED, (*reasons, "They gave the right password word."), identification
    )


def _reachable_always(
    person: Person | None, contact_type: str, protected_roles: Mapping[int, str]
) -> bool:
    # Protection is so the child can reach them; it is no authority to take the child away.
    return (
        person is not None
        and person.pk in protected_roles
        and contact_type not in ContactType.handovers()
    )


def _protected_reason(person: Person, role: str) -> str:
    role = ProtectedRole(role).label.lower()
    return (
        f"{person} is the child's {role}: a child must always be able to reach them "
        "(Children's Homes (England) Regulations 2015, reg. 22), so no restriction applies."
    )


def _with_other_orders(
    verdict: Verdict,
    person: Person | None,
    contact_type: str,
    other_orders: Iterable[Restriction],
    on: date,
) -> Verdict:
    """Say (without naming the other child) that an order about another child at the site
    names this person and would refuse or supervise this kind of contact with that child; a
    yes becomes a yes with conditions."""
    if person is None or not any(
        r.person_id == person.pk
        and r.is_active_on(on)
        and _applies(r, person, contact_type)
        and (_refuses(r, contact_type) or r.effect == RestrictionEffect.SUPERVISED_ONLY)
        for r in other_orders
    ):
        return verdict
    reason = f"An order about another child at this site names {person}."
    allowed = verdict.outcome == Outcome.ALLOWED
    return Verdict(
        Outcome.CONDITIONAL if allowed else verdict.outcome,
        (*verdict.reasons, reason),
        (*verdict.conditions, OTHER_ORDER_CONDITION)
        if verdict.outcome != Outcome.NOT_ALLOWED
        else verdict.conditions,
        restrictions=verdict.restrictions,
        asks_password=verdict.asks_password,
        names_in_other_order=True,
        needs_supervision=verdict.needs_supervision,
        refer_to_dsl=verdict.refer_to_dsl,
        order_starts_soon=verdict.order_starts_soon,
        needs_monitoring=verdict.needs_monitoring,
    )


def contact_decide(
    *,
    person: Person | None,
    contact_type: str,
    on: date,
    restrictions: Iterable[Restriction],
    arrangements: Iterable[ContactArrangement],
    collectors: Iterable[AuthorisedCollector] = (),
    video_call_plans: Iterable[VideoCallPlan] = (),
    social_media: SocialMediaAssessment | None = None,
    plan_starts_on: date | None = None,
    arrangements_to_come: Iterable[ContactArrangement] = (),
    protected_roles: Mapping[int, str] = MappingProxyType({}),
    left_on: date | None = None,
    other_orders: Iterable[Restriction] = (),
    password_given: bool | None = None,
    wrong_words_today: int = 0,
) -> Verdict:
    """Decide one contact from the child's restrictions, plan and collectors as given.

    `plan_starts_on` is the plan's effective date (its arrangements count from then);
    `arrangements_to_come` those of a revision not yet in force (the door holds to their
    refusal of visits meanwhile); `protected_roles` the professionals this child must always
    be able to reach (person id to role: the same person may be another child's aunt);
    `left_on` the day the child left the site, after which nothing is arranged here;
    `other_orders` restrictions about other children at the site (only those naming `person`
    and in force count); `password_given` whether the desk heard the collector's password word
    (None: not asked yet); `wrong_words_today` how many wrong words were already given for this
    collector today. `video_call_plans` are the child's (a video call needs one with the
    person); `social_media` the child's risk assessment in force that day, if any.

    `person` None means someone not listed for this child. Restrictions, arrangements and
    collectors are the child's; this function filters them by date, person and type itself.
    """
    if left_on is not None and left_on < on:
        return Verdict(
            Outcome.NOT_ALLOWED,
            (f"The child left on {formats.date_format(left_on)}: no contact is arranged here.",),
        )
    verdict = _decide(
        person=person,
        contact_type=contact_type,
        on=on,
        restrictions=restrictions,
        arrangements=arrangements,
        collectors=collectors,
        video_call_plans=video_call_plans,
        social_media=social_media,
        plan_starts_on=plan_starts_on,
        arrangements_to_come=arrangements_to_come,
        protected_roles=protected_roles,
        password_given=password_given,
        wrong_words_today=wrong_words_today,
    )
    if _reachable_always(person, contact_type, protected_roles):
        return verdict  # an order about another child does not hold the child's own advocate
    return _with_other_orders(verdict, person, contact_type, other_orders, on)


def _decide(
    *,
    person: Person | None,
    contact_type: str,
    on: date,
    restrictions: Iterable[Restriction],
    arrangements: Iterable[ContactArrangement],
    collectors: Iterable[AuthorisedCollector],
    video_call_plans: Iterable[VideoCallPlan],
    social_media: SocialMediaAssessment | None,
    plan_starts_on: date | None,
    arrangements_to_come: Iterable[ContactArrangement],
    protected_roles: Mapping[int, str],
    password_given: bool | None,
    wrong_words_today: int,
) -> Verdict:
    who = str(person) if person is not None else "Someone not listed for this child"
    kind = ContactType(contact_type).label.lower()
    handover = contact_type in ContactType.handovers()
    protected = _reachable_always(person, contact_type, protected_roles)
    in_force = (
        []
        if protected
        else [r for r in restrictions if r.is_active_on(on) and _applies(r, person, contact_type)]
    )
    refusing = [r for r in in_force if _refuses(r, contact_type)]
    if refusing:
        return Verdict(
            Outcome.NOT_ALLOWED,
            tuple(f"Not allowed: {_under(r)}" for r in refusing),
            restrictions=tuple(refusing),
        )

    plan_pending = plan_starts_on is not None and plan_starts_on > on
    theirs = [a for a in arrangements if person and a.person_id == person.pk]
    in_plan = [] if plan_pending else theirs
    if person is None:
        base = Verdict(Outcome.NOT_ALLOWED, (f"{who}: not in the plan; do not allow {kind}.",))
    elif handover:
        base = _handover_verdict(
            collectors=[c for c in collectors if c.person_id == person.pk and c.is_valid_on(on)],
            # The plan's refusal of visits holds at the door even before it takes effect: a
            # plan moved to a later date must not lift it meanwhile.
            visits=[
                a
                for a in (*theirs, *arrangements_to_come)
                if a.person_id == person.pk and a.contact_type == ContactType.VISIT
            ],
            who=who,
            contact_type=contact_type,
            password_given=password_given,
            wrong_words_today=wrong_words_today,
        )
    elif protected:
        base = Verdict(Outcome.ALLOWED, (_protected_reason(person, protected_roles[person.pk]),))
    elif contact_type == ContactType.VIDEO_CALL:
        agreed = next((p for p in video_call_plans if p.person_id == person.pk), None)
        base = (
            _plan_verdict(agreed, who, "video calls")
            if agreed
            else Verdict(Outcome.NOT_ALLOWED, (f"{who} is not in the plan: {NO_VIDEO_CALL_PLAN}",))
        )
    elif plan_pending:
        when = formats.date_format(plan_starts_on)
        base = Verdict(
            Outcome.NOT_ALLOWED, (f"The contact plan takes effect on {when}: nobody is in it yet.",)
        )
    else:
        match = next((a for a in in_plan if a.contact_type == contact_type), None)
        base = _plan_verdict(match, who, kind)
    if contact_type == ContactType.SOCIAL_MEDIA and not protected:
        base = _with_social_media(base, social_media)

    conditioning = [(r, c) for r in in_force if (c := _condition_of(r, contact_type))]
    if handover:
        conditioning += [
            (r, _starting_later(r, on))
            for r in restrictions
            if on < r.starts_on and _applies(r, person, contact_type) and _refuses(r, contact_type)
        ]
    if base.outcome == Outcome.NOT_ALLOWED or not conditioning:
        return base
    return Verdict(
        Outcome.CONDITIONAL,
        base.reasons + tuple(reason for _, (reason, _) in conditioning),
        base.conditions + tuple(condition for _, (_, condition) in conditioning),
        restrictions=tuple(r for r, _ in conditioning),
        # Kept so that the password word can never be lost here, though today it is always False:
        # every restriction that touches a handover refuses it rather than adding a condition.
        # mutmut: equivalent — `asks_password=None`, for that reason.
        # mutmut: equivalent — `asks_password` left out (False by default), for that reason.
        asks_password=base.asks_password,
        needs_supervision=base.needs_supervision
        or any(r.effect == RestrictionEffect.SUPERVISED_ONLY for r, _ in conditioning),
        order_starts_soon=any(on < r.starts_on <= on + SOON for r, _ in conditioning),
        needs_monitoring=base.needs_monitoring,
    )


def _facts(child: Child, at: datetime | None, people) -> dict:
    """Everything the rule needs about one child at one moment (None: now), in eight queries
    (more for a moment past, and when the plan changed since). `people`: the people whose
    orders about the site's other children matter."""
    day = timezone.localdate(at)
    plan = plan_in_force(child=child, day=day, at=at)
    return {
        "on": day,
        "restrictions": list(child.restrictions.select_related("person").not_ended(day)),
        "arrangements": plan.arrangements,
        "arrangements_to_come": plan.to_come,
        "collectors": list(child.collectors.select_related("person")),
        "plan_starts_on": plan.starts_on,
        "protected_roles": dict(
            child.relationships.exclude(protected_role="").values_list(
                "person_id", "protected_role"
            )
        ),
        "video_call_plans": list(child.video_call_plans.select_related("person")),
        "social_media": child.social_media_assessments.current_on(day),
        "left_on": child.leaving_date,
        "other_orders": list(
            Restriction.objects.active_on(day)
            .filter(
                child__in=Child.objects.filter(site_id=child.site_id).on_roll(day),
                # mutmut: equivalent — left out, every order at the site is read, but only those
                # naming the person count (_with_other_orders): slower, never another answer.
                person__in=people,
            )
            .exclude(child=child)
            .only("person_id", "starts_on", "ends_on", "effect", "contact_type")
        ),
    }


def contact_check(
    *,
    child: Child,
    person: Person | None,
    contact_type: str,
    at: datetime | None = None,
    password_given: bool | None = None,
    wrong_words_today: int = 0,
) -> Verdict:
    """Ask the rule about one child, loading their restrictions, plan and collectors."""
    return contact_decide(
        person=person,
        contact_type=contact_type,
        password_given=password_given,
        wrong_words_today=wrong_words_today,
        # mutmut: equivalent — `[person]` for someone not listed: orders about other children
        # are not looked at without a person (and Django drops None from an `in` list).
        **_facts(child, at, people=[person] if person else []),
    )


RANK = {Outcome.NOT_ALLOWED: 0, Outcome.CONDITIONAL: 1, Outcome.ALLOWED: 2}


def contact_check_together(
    *, child: Child, people: list[Person | None], contact_type: str, at: datetime
) -> Verdict:
    """One contact with several people at once (a visit from mum and grandma): each is asked
    of the rule, and the answer is the least permissive, with every reason and condition."""
    facts = _facts(child, at, people=[p for p in people if p is not None])
    verdicts = [
        contact_decide(person=person, contact_type=contact_type, **facts) for person in people
    ]
    worst = min((v.outcome for v in verdicts), key=RANK.__getitem__)
    return Verdict(
        worst,
        tuple(reason for v in verdicts for reason in v.reasons),
        tuple(dict.fromkeys(c for v in verdicts for c in v.conditions)),
        restrictions=tuple(dict.fromkeys(r for v in verdicts for r in v.restrictions)),
        names_in_other_order=any(v.names_in_other_order for v in verdicts),
        needs_supervision=any(v.needs_supervision for v in verdicts),
        needs_monitoring=any(v.needs_monitoring for v in verdicts),
    )


@dataclass(frozen=True)
class ContactPicture:
    """Each arrangement of a child's plan and each authorised collector, with what the rule
    says about them today: the plan can say "unsupervised" while a restriction says "no"."""

    arrangements: list[tuple[ContactArrangement, Verdict]]
    collectors: list[tuple[AuthorisedCollector, Verdict]]
    video_calls: list[tuple[VideoCallPlan, Verdict]]
    social_media: SocialMediaAssessment | None


def contact_picture(*, child: Child, at: datetime | None = None) -> ContactPicture:
    facts = _facts(child, at, people=Person.objects.filter(relationships__child=child))

    def decide(person, contact_type):
        return contact_decide(person=person, contact_type=contact_type, **facts)

    return ContactPicture(
        arrangements=[(a, decide(a.person, a.contact_type)) for a in facts["arrangements"]],
        collectors=[
            (c, decide(c.person, ContactType.COLLECTION if c.may_collect else ContactType.DROP_OFF))
            for c in facts["collectors"]
        ],
        video_calls=[
            (p, decide(p.person, ContactType.VIDEO_CALL)) for p in facts["video_call_plans"]
        ],
        social_media=facts["social_media"],
    )


@dataclass(frozen=True)
class Ask:
    """One question for `contact_check_each`: this contact with this child, at this time."""

    child: Child
    person: Person
    contact_type: str
    at: datetime


def contact_check_each(asks: list[Ask]) -> list[Verdict]:
    """Ask the rule about many contacts (a site's week of planned visits) in a fixed number of
    queries, whatever their number: each child's facts are read once, for the whole span of
    days, and `contact_decide` picks what is in force on each contact's day."""
    if not asks:
        return []
    days = [timezone.localdate(ask.at) for ask in asks]
    first, last = min(days), max(days)
    child_ids = {ask.child.pk for ask in asks}
    by_child = _grouped(
        Restriction.objects.filter(child_id__in=child_ids)
        .select_related("person")
        .not_ended(first),
        "child_id",
    )
    arrangements = _grouped(
        ContactArrangement.objects.filter(plan__child_id__in=child_ids).select_related("plan"),
        "plan.child_id",
    )
    collectors = _grouped(AuthorisedCollector.objects.filter(child_id__in=child_ids), "child_id")
    video_call_plans = _grouped(VideoCallPlan.objects.filter(child_id__in=child_ids), "child_id")
    assessments = _grouped(
        SocialMediaAssessment.objects.filter(
            child_id__in=child_ids, assessed_on__lte=last
        ).order_by("-assessed_on", "-pk"),
        "child_id",
    )
    plans = dict(
        ContactPlan.objects.filter(child_id__in=child_ids).values_list("child_id", "effective_date")
    )
    protected: dict[int, dict[int, str]] = {}
    for child_id, person_id, role in (
        Relationship.objects.filter(child_id__in=child_ids)
        .exclude(protected_role="")
        .values_list("child_id", "person_id", "protected_role")
    ):
        protected.setdefault(child_id, {})[person_id] = role

    def plan_on(child: Child, day: date) -> PlanInForce:
        starts_on = plans.get(child.pk)
        if starts_on is not None and starts_on > day:  # a revision to come: its history says
            return plan_in_force(child=child, day=day)
        return PlanInForce(starts_on, arrangements.get(child.pk, []), [])

    other_orders = list(
        Restriction.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=first),
            starts_on__lte=last,
            child__site_id__in={ask.child.site_id for ask in asks},
            child__in=Child.objects.on_roll(first),
            person_id__in={ask.person.pk for ask in asks},
        ).only("child_id", "person_id", "starts_on", "ends_on", "effect", "contact_type")
    )
    return [
        contact_decide(
            person=ask.person,
            contact_type=ask.contact_type,
            on=day,
            restrictions=by_child.get(ask.child.pk, []),
            arrangements=plan.arrangements,
            arrangements_to_come=plan.to_come,
            collectors=collectors.get(ask.child.pk, []),
            video_call_plans=video_call_plans.get(ask.child.pk, []),
            # As `current_on`: the latest assessment made by the day.
            social_media=next(
                (a for a in assessments.get(ask.child.pk, []) if a.assessed_on <= day), None
            ),
            plan_starts_on=plan.starts_on,
            protected_roles=protected.get(ask.child.pk, {}),
            left_on=ask.child.leaving_date,
            other_orders=[r for r in other_orders if r.child_id != ask.child.pk],
        )
        for ask, day in zip(asks, days, strict=True)
        for plan in [plan_on(ask.child, day)]
    ]


def _grouped(records, key: str) -> dict:
    grouped: dict = {}
    for record in records:
        value = record
        for part in key.split("."):
            value = getattr(value, part)
        grouped.setdefault(value, []).append(record)
    return grouped
