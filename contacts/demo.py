"""The contacts floor of the demo organisation: children, the people who matter to them,
contact plans, authorised collectors and restrictions. Every record is written as a person
would write it, so its history says who recorded it."""

from datetime import date, timedelta

from django.utils import timezone

from coxlease.history import save_with_history
from coxlease.models import Site, User

from .models import (
    Acknowledgement,
    AuthorisedCollector,
    Child,
    ContactArrangement,
    ContactPlan,
    LegalBasis,
    LegalStatus,
    Person,
    Relationship,
    Restriction,
    RestrictionEffect,
    Risk,
    Scale,
    SocialMediaAssessment,
    SocialMediaDecision,
    Supervision,
    VideoCallApp,
    VideoCallPlan,
)

# (site, legal first, last, preferred, age in years, months since admission, legal status,
#  placing authority, communication needs, left months ago)
CHILDREN = [
    ("coxlease", "Daniel", "Hughes", "Danny", 13, 20, LegalStatus.CARE_ORDER, "Hampshire County Council", "Uses short sentences; give one instruction at a time.", None),
    ("coxlease", "Aisha", "Begum", "", 12, 8, LegalStatus.ACCOMMODATED, "Southampton City Council", "", None),
    ("coxlease", "Liam", "O'Connor", "", 15, 36, LegalStatus.CARE_ORDER, "Portsmouth City Council", "Autistic; prefers written schedules and warning before changes.", None),
    ("coxlease", "Chloe", "Martin", "Clo", 11, 4, LegalStatus.AT_HOME, "", "Uses Makaton alongside speech.", None),
    ("coxlease", "Oliver", "Price", "Ollie", 14, 26, LegalStatus.INTERIM_CARE_ORDER, "Dorset Council", "", None),
    ("coxlease", "Mia", "Kowalska", "", 10, 2, LegalStatus.ACCOMMODATED, "Wiltshire Council", "Polish is her first language; an interpreter helps with difficult news.", None),
    ("coxlease", "Jayden", "Clarke", "", 16, 48, LegalStatus.CARE_ORDER, "Hampshire County Council", "", None),
    ("coxlease", "Ruby", "Fletcher", "", 13, 14, LegalStatus.AT_HOME, "", "Hearing impaired; face her when speaking.", None),
    ("coxlease", "Ethan", "Ward", "", 12, 30, LegalStatus.PLACEMENT_ORDER, "Bournemouth, Christchurch and Poole Council", "", None),
    ("coxlease", "Grace", "Adeyemi", "", 15, 18, LegalStatus.ACCOMMODATED, "West Sussex County Council", "", None),
    ("coxlease", "Noah", "Bennett", "", 17, 60, LegalStatus.CARE_ORDER, "Hampshire County Council", "", 3),
    ("coxlease", "Erin", "O'Connor", "", 11, 14, LegalStatus.AT_HOME, "", "Liam's younger sister; a day pupil.", None),
    ("birchwood", "Tyler", "Jones", "Ty", 14, 10, LegalStatus.CARE_ORDER, "Southampton City Council", "Gets anxious before visits; talk it through the evening before.", None),
    ("birchwood", "Amelia", "Singh", "", 13, 5, LegalStatus.INTERIM_CARE_ORDER, "Hampshire County Council", "", None),
    ("birchwood", "Kai", "Robinson", "", 16, 22, LegalStatus.REMAND, "Portsmouth City Council", "", None),
    ("birchwood", "Ellie", "Morgan", "Elle", 12, 15, LegalStatus.ACCOMMODATED, "Isle of Wight Council", "", None),
    ("birchwood", "Harvey", "Lee", "", 15, 40, LegalStatus.CARE_ORDER, "Hampshire County Council", "ADHD; short, calm conversations work best.", None),
    ("birchwood", "Sophie", "Turner", "", 11, 3, LegalStatus.CARE_ORDER, "Dorset Council", "", None),
    ("birchwood", "Reece", "Walsh", "", 17, 30, LegalStatus.ACCOMMODATED, "Southampton City Council", "", None),
    ("birchwood", "Freya", "Hall", "", 14, 12, LegalStatus.OTHER, "Wiltshire Council", "Special guardianship arrangement under review.", None),
    ("birchwood", "Mason", "Cooper", "", 16, 50, LegalStatus.CARE_ORDER, "Hampshire County Council", "", 6),
]  # fmt: skip


# (site, child's legal first name, person, relationship, parental responsibility, extra fields;
#  a protected role is the relationship's, for that child)
PEOPLE = [
    ("coxlease", "Daniel", "Karen Hughes", "mother", True, {"phone": "07700 900101", "literacy_needs": True, "preferred_contact_method": "phone"}),
    ("coxlease", "Daniel", "Mark Hughes", "father", True, {"phone": "07700 900102"}),
    ("coxlease", "Daniel", "Joan Hughes", "grandmother", False, {"address": "3 Mill Row, Romsey (fictional)", "preferred_contact_method": "letter"}),
    ("coxlease", "Aisha", "Rukhsana Begum", "mother", True, {"phone": "07700 900103", "language": "Bengali"}),
    ("coxlease", "Liam", "Sean O'Connor", "father", True, {"phone": "07700 900104"}),
    ("coxlease", "Liam", "Bridget O'Connor", "mother", True, {"email": "bridget@example.org"}),
    ("coxlease", "Erin", "Sean O'Connor", "father", True, {"phone": "07700 900104"}),
    ("coxlease", "Erin", "Bridget O'Connor", "mother", True, {"email": "bridget@example.org"}),
    ("coxlease", "Daniel", "Ruth Okoro", "social worker", False, {"phone": "023 8000 1234", "protected_role": "social_worker"}),
    ("coxlease", "Mia", "Anna Kowalska", "mother", True, {"language": "Polish", "preferred_contact_method": "email", "email": "anna.k@example.org"}),
    ("coxlease", "Oliver", "Dean Price", "older brother", False, {"phone": "07700 900106"}),
    ("birchwood", "Tyler", "Donna Jones", "mother", True, {"phone": "07700 900201"}),
    ("birchwood", "Tyler", "Gary Pike", "stepfather", False, {}),
    ("birchwood", "Amelia", "Priti Singh", "aunt", False, {"phone": "07700 900203"}),
]  # fmt: skip

# (site, child, person, contact type, supervision, frequency, supervised by)
ARRANGEMENTS = [
    ("coxlease", "Daniel", "Karen Hughes", "visit", "unsupervised", "Fortnightly, Saturdays", ""),
    ("coxlease", "Daniel", "Karen Hughes", "phone", "unsupervised", "Wednesdays and Sundays, 6–7 pm", ""),
    ("coxlease", "Daniel", "Mark Hughes", "visit", "unsupervised", "Monthly, first Sunday", ""),
    ("coxlease", "Daniel", "Mark Hughes", "phone", "unsupervised", "Weekly, Thursdays", ""),
    ("coxlease", "Daniel", "Joan Hughes", "letter", "unsupervised", "Any time", ""),
    ("coxlease", "Erin", "Sean O'Connor", "visit", "unsupervised", "Weekends", ""),
    ("coxlease", "Aisha", "Rukhsana Begum", "visit", "supervised", "Monthly", "Key worker"),
    ("coxlease", "Aisha", "Rukhsana Begum", "phone", "unsupervised", "Weekly", ""),
    ("coxlease", "Liam", "Bridget O'Connor", "social_media", "unsupervised", "Messages on Instagram", ""),
    ("coxlease", "Liam", "Bridget O'Connor", "message", "unsupervised", "Any day, within the house's times for messages", ""),
    ("coxlease", "Liam", "Sean O'Connor", "phone", "supervised", "Fortnightly", "Duty senior"),
    ("coxlease", "Mia", "Anna Kowalska", "social_media", "unsupervised", "", ""),
    ("birchwood", "Tyler", "Donna Jones", "visit", "supervised", "Fortnightly", "Key worker"),
    ("birchwood", "Tyler", "Gary Pike", "visit", "not_permitted", "", ""),
    ("birchwood", "Amelia", "Priti Singh", "visit", "unsupervised", "Weekends", ""),
]  # fmt: skip

# (site, child, person, app, supervision, frequency, supervised by)
VIDEO_CALL_PLANS = [
    ("coxlease", "Liam", "Bridget O'Connor", VideoCallApp.FACETIME, Supervision.UNSUPERVISED, "Weekly, Sundays", ""),
    ("coxlease", "Mia", "Anna Kowalska", VideoCallApp.WHATSAPP, Supervision.SUPERVISED, "Tuesdays and Fridays", "Key worker, with an interpreter if needed"),
]  # fmt: skip

# (site, child, platforms, understanding, keeping safe, risk, decision, conditions, other
#  factors, months ago assessed, review in days)
SOCIAL_MEDIA = [
    ("coxlease", "Liam", "Instagram, YouTube", Scale.SOME, Scale.LIMITED, Risk.MEDIUM, SocialMediaDecision.MONITORED, "Used in the lounge; his key worker checks his followers with him each Sunday.", "Shares too much about where he lives when upset.", 2, 60),
    ("coxlease", "Mia", "TikTok, Snapchat (she asked for both)", Scale.LIMITED, Scale.NONE, Risk.HIGH, SocialMediaDecision.NOT_ALLOWED, "", "She is 10: under the platforms' minimum age of 13.", 1, 90),
    ("coxlease", "Jayden", "WhatsApp, Instagram", Scale.GOOD, Scale.GOOD, Risk.LOW, SocialMediaDecision.ALLOWED, "", "", 14, -30),
]  # fmt: skip

# (site, child, person, may collect, may drop off, password word)
COLLECTORS = [
    ("coxlease", "Daniel", "Karen Hughes", True, True, "bluebird"),
    ("coxlease", "Daniel", "Mark Hughes", True, True, "harbour"),
    ("coxlease", "Liam", "Sean O'Connor", True, True, ""),
    ("coxlease", "Erin", "Sean O'Connor", True, True, ""),
    ("coxlease", "Erin", "Bridget O'Connor", True, True, "kingfisher"),
    ("birchwood", "Amelia", "Priti Singh", True, True, "sunflower"),
]  # fmt: skip

# (site, child, person or None, contact type, basis, effect, details, reference, court, hours ago
#  imposed, reported)
RESTRICTIONS = [
    ("coxlease", "Aisha", "Rukhsana Begum", "", LegalBasis.CARE_ORDER_CONTACT, RestrictionEffect.SUPERVISED_ONLY, "All contact with mother to be supervised by the local authority or the school.", "ZC25C00312", "Southampton Family Court", 24 * 200, True),
    ("coxlease", "Liam", "Sean O'Connor", "", LegalBasis.PROHIBITED_STEPS_ORDER, RestrictionEffect.NO_COLLECTION, "Father must not remove Liam from school or collect him.", "PS25/0088", "Portsmouth Family Court", 24 * 90, True),
    ("coxlease", "Oliver", None, "social_media", LegalBasis.EMERGENCY_ON_SITE, RestrictionEffect.NO_CONTACT, "No social media after contact from an unknown adult; under review with the DSL.", "", "", 30, False),
    ("coxlease", "Oliver", "Dean Price", "", LegalBasis.EMERGENCY_ON_SITE, RestrictionEffect.SUPERVISED_ONLY, "Brother arrived intoxicated at the last visit: supervised contact until the review.", "", "", 5, False),
    ("coxlease", "Daniel", "Joan Hughes", "", LegalBasis.CARE_ORDER_CONTACT, RestrictionEffect.MONITORED, "Letters from his grandmother are read by the social worker before Danny receives them.", "ZC25C00101", "Southampton Family Court", 24 * 120, True),
    ("birchwood", "Tyler", "Gary Pike", "", LegalBasis.NON_MOLESTATION_ORDER, RestrictionEffect.NO_CONTACT, "Stepfather must not contact or approach Tyler.", "NM25/0410", "Southampton Family Court", 24 * 60, True),
]  # fmt: skip


# Days from today to each plan's review: Aisha's is due soon, Liam's overdue.
PLAN_REVIEWS = {"Aisha": 10, "Liam": -5}

# The social workers named on a child's record (the rest have the placing authority's duty team).
SOCIAL_WORKERS = {"Daniel": ("Ruth Okoro", "023 8000 1234")}


def _months_ago(today: date, months: int) -> date:
    return today - timedelta(days=round(months * 30.44))


def _recorded(model, *, by: User, lookup: dict, values: dict):
    """The record matching `lookup`, or a new one recorded by `by`, with its history."""
    found = model.objects.filter(**lookup).first()
    if found is not None:
        return found, False
    return save_with_history(model(**lookup, **values), user=by, reason="Demo data"), True


def contacts_demo_seed(*, sites: dict[str, Site], today: date) -> None:
    managers = {slug: User.objects.get(username=f"manager.{slug}") for slug in sites}
    key_workers = {slug: User.objects.get(username=f"staff.{slug}") for slug in sites}
    for slug, first, last, preferred, age, months_in, status, authority, needs, left in CHILDREN:
        _recorded(
            Child,
            by=managers[slug],
            lookup={"site": sites[slug], "legal_first_name": first, "legal_last_name": last},
            values={
                "preferred_name": preferred,
                "date_of_birth": _months_ago(today, age * 12 + 5),
                "admission_date": _months_ago(today, months_in),
                "leaving_date": _months_ago(today, left) if left else None,
                "key_worker": key_workers[slug],
                "legal_status": status,
                "placing_authority": authority,
                "social_worker_name": SOCIAL_WORKERS.get(first, ("Duty social worker", ""))[0]
                if authority
                else "",
                "social_worker_phone": SOCIAL_WORKERS.get(first, ("", ""))[1],
                "communication_needs": needs,
            },
        )
    children = {
        (c.site_id, c.legal_first_name): c for c in Child.objects.filter(site__in=sites.values())
    }

    def child(slug, first):
        return children[(sites[slug].pk, first)]

    def person(slug, name):
        return Person.objects.get(site=sites[slug], full_name=name)

    for slug, first, name, relationship, responsible, extra in PEOPLE:
        details = {k: v for k, v in extra.items() if k != "protected_role"}
        someone, _ = _recorded(
            Person,
            by=managers[slug],
            lookup={"site": sites[slug], "full_name": name},
            values=details,
        )
        _recorded(
            Relationship,
            by=managers[slug],
            lookup={"child": child(slug, first), "person": someone},
            values={
                "relationship": relationship,
                "parental_responsibility": responsible,
                "protected_role": extra.get("protected_role", ""),
            },
        )
    for slug, first, name, kind, supervision, frequency, supervisor in ARRANGEMENTS:
        the_child = child(slug, first)
        plan, _ = _recorded(
            ContactPlan,
            by=managers[slug],
            lookup={"child": the_child},
            values={
                "effective_date": the_child.admission_date,
                "review_date": today + timedelta(days=PLAN_REVIEWS.get(first, 120)),
                "agreed_with_placing_authority": the_child.placing_authority,
                "agreed_with_social_worker": the_child.social_worker_name,
                "approved_by": managers[slug],
            },
        )
        _recorded(
            ContactArrangement,
            by=managers[slug],
            lookup={"plan": plan, "person": person(slug, name), "contact_type": kind},
            values={
                "supervision": supervision,
                "frequency": frequency,
                "supervised_by": supervisor,
            },
        )
    for slug, first, name, collect, drop_off, word in COLLECTORS:
        the_child = child(slug, first)
        _recorded(
            AuthorisedCollector,
            by=managers[slug],
            lookup={"child": the_child, "person": person(slug, name)},
            values={
                "may_collect": collect,
                "may_drop_off": drop_off,
                "valid_from": the_child.admission_date,
                "password_word": word,
            },
        )
    for slug, first, name, app, supervision, frequency, supervisor in VIDEO_CALL_PLANS:
        _recorded(
            VideoCallPlan,
            by=managers[slug],
            lookup={"child": child(slug, first), "person": person(slug, name)},
            values={
                "app": app,
                "supervision": supervision,
                "frequency": frequency,
                "supervised_by": supervisor,
            },
        )
    _seed_social_media(sites, children=child, today=today)
    _seed_restrictions(sites, children=child, person=person, managers=managers)


def _seed_social_media(sites, *, children, today: date) -> None:
    for row in SOCIAL_MEDIA:
        slug, first, platforms, understanding, keeping_safe, risk, decision = row[:7]
        conditions, other_factors, months_ago, review_in = row[7:]
        dsl = User.objects.get(username=f"dsl.{slug}")
        assessed_on = _months_ago(today, months_ago)
        _recorded(
            SocialMediaAssessment,
            by=dsl,
            lookup={"child": children(slug, first)},
            values={
                "platforms": platforms,
                "understanding": understanding,
                "keeping_safe": keeping_safe,
                "overall_risk": risk,
                "decision": decision,
                "conditions": conditions,
                "other_factors": other_factors,
                "assessed_by": dsl,
                "assessed_on": assessed_on,
                "review_date": max(assessed_on, today + timedelta(days=review_in)),
            },
        )


def _seed_restrictions(sites, *, children, person, managers) -> None:
    now = timezone.now()
    for (
        slug,
        first,
        name,
        kind,
        basis,
        effect,
        details,
        ref,
        court,
        hours,
        reported,
    ) in RESTRICTIONS:
        imposed = now - timedelta(hours=hours)
        emergency = basis == LegalBasis.EMERGENCY_ON_SITE
        restriction, created = _recorded(
            Restriction,
            by=managers[slug],
            lookup={
                "child": children(slug, first),
                "person": person(slug, name) if name else None,
                "contact_type": kind,
                "legal_basis": basis,
            },
            values={
                "effect": effect,
                "details": details,
                "monitored_by": "the social worker"
                if effect == RestrictionEffect.MONITORED
                else "",
                "order_reference": ref,
                "court": court,
                "starts_on": timezone.localdate(imposed),
                "imposed_at": imposed if emergency else None,
                "reported_to_authority_at": imposed + timedelta(hours=3)
                if emergency and reported
                else None,
                "reported_how": "phone" if emergency and reported else "",
                "reported_to": "Duty social worker" if emergency and reported else "",
                "recorded_by": managers[slug],
            },
        )
        if created and reported:
            for username in (f"manager.{slug}", f"dsl.{slug}"):
                Acknowledgement.objects.create(
                    restriction=restriction, user=User.objects.get(username=username), version=1
                )
