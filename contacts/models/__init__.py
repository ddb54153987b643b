from .children import Child, ChildQuerySet, LegalStatus, child_name_matches
from .collection import AuthorisedCollector, CollectionCheck
from .online import (
    Risk,
    Scale,
    SocialMediaAssessment,
    SocialMediaDecision,
    VideoCallApp,
    VideoCallPlan,
)
from .people import Person, ProtectedRole, Relationship
from .plans import ContactArrangement, ContactPlan, ContactType, Supervision
from .restrictions import (
    Acknowledgement,
    ChildInformed,
    LegalBasis,
    Restriction,
    RestrictionEffect,
)
from .verdicts import Outcome, RecordedVerdict

__all__ = [
    "Acknowledgement",
    "child_name_matches",
    "AuthorisedCollector",
    "Child",
    "ChildInformed",
    "ChildQuerySet",
    "CollectionCheck",
    "ContactArrangement",
    "ContactPlan",
    "ContactType",
    "LegalBasis",
    "LegalStatus",
    "Outcome",
    "Person",
    "ProtectedRole",
    "RecordedVerdict",
    "Relationship",
    "Restriction",
    "Risk",
    "Scale",
    "SocialMediaAssessment",
    "SocialMediaDecision",
    "VideoCallApp",
    "VideoCallPlan",
    "RestrictionEffect",
    "Supervision",
]
