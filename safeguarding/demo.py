"""The safeguarding floor of the demo organisation: e-safety teaching, and an online incident
with its learning points and the concern raised from it, written through the services as
staff and the DSL would."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from contacts.models import Child, Scale
from coxlease.models import Site, User

from .models import Category, Concern, ESafetySession, Harm, OnlineIncident, Urgency
from .online_services import (
    esafety_session_record,
    incident_link_concern,
    incident_record,
    incident_record_learning,
)
from .services import concern_raise

# (site, child, days ago, topic, understanding, notes)
ESAFETY_SESSIONS = [
    ("coxlease", "Liam", 20, "Privacy settings and who can see your posts", Scale.SOME, "Set his account to private himself; unsure what a 'close friends' list shows."),
    ("coxlease", "Mia", 9, "Why apps have a minimum age", Scale.LIMITED, "Understood it is a rule; thinks it is unfair."),
    ("coxlease", "Oliver", 4, "Strangers online and how to report them", Scale.GOOD, "Showed staff how he blocked and reported the account."),
]  # fmt: skip


def safeguarding_demo_seed(*, sites: dict[str, Site], today: date) -> None:
    coxlease = sites["coxlease"]
    staff = User.objects.get(username="staff.coxlease")
    dsl = User.objects.get(username="dsl.coxlease")

    def child(first):
        return Child.objects.get(site=coxlease, legal_first_name=first)

    if not ESafetySession.objects.filter(child__site=coxlease).exists():
        for _, first, days_ago, topic, understanding, notes in ESAFETY_SESSIONS:
            esafety_session_record(
                session=ESafetySession(
                    child=child(first),
                    held_on=today - timedelta(days=days_ago),
                    topic=topic,
                    taught_by=staff,
                    understanding=understanding,
                    notes=notes,
                ),
                recorded_by=staff,
            )
    if OnlineIncident.objects.filter(child__site=coxlease).exists():
        return
    oliver = child("Oliver")
    happened = timezone.make_aware(datetime.combine(today - timedelta(days=6), time(20, 15)))
    incident = incident_record(
        incident=OnlineIncident(
            child=oliver,
            happened_at=happened,
            platform="Snapchat",
            what_happened="An adult he does not know messaged him, said he knew his brother and "
            "asked to meet him in town on Saturday.",
            harm=Harm.RISK,
            harm_details="No meeting took place; Oliver told his key worker the next morning.",
            action_taken="Screenshots kept; account blocked and reported; social media stopped "
            "(emergency restriction) while the DSL reviews it.",
        ),
        recorded_by=staff,
    )
    concern = concern_raise(
        concern=Concern(
            child=oliver,
            category=Category.ONLINE,
            urgency=Urgency.ROUTINE,
            happened_at=happened,
            what_happened=f"Online incident on Snapchat: {incident.what_happened}",
            action_taken=incident.action_taken,
        ),
        people_involved=[],
        raised_by=staff,
    )
    incident_link_concern(incident=incident, concern=concern, changed_by=staff)
    incident.learning = (
        "Children did not know that accounts claiming to know a relative are a common grooming "
        "approach; this is now part of every e-safety session."
    )
    incident.learning_shared_with = "All care and education staff (team briefing)"
    incident.learning_shared_on = today - timedelta(days=2)
    incident_record_learning(incident=incident, changed_by=dsl, reason="Learning points recorded")
