from .children import Child, ChildQuerySet, LegalStatus
from .collection import AuthorisedCollector, CollectionCheck
from .people import Person, Relationship
from .plans import ContactArrangement, ContactPlan, ContactType, Supervision
from .restrictions import (
    Acknowledgement,
    ChildInformed,
    LegalBasis,
    Restriction,
    RestrictionEffect,
)

__all__ = [
    "Acknowledgement",
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
    "Person",
    "Relationship",
    "Restriction",
    "RestrictionEffect",
    "Supervision",
]
