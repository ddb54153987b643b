from django.db import transaction

from coxlease import policy
from coxlease.history import save_with_history
from coxlease.policy import Action

from ..models import Person, Relationship
from .photos import photo_normalised


@transaction.atomic
def relationship_record(
    *,
    relationship: Relationship,
    relationship_label: str,
    parental_responsibility: bool,
    protected_role: str = "",
    person: Person | None = None,
    recorded_by,
    reason: str,
) -> Relationship:
    """Save how someone relates to a child, and (if given) their own details, together."""
    site = relationship.child.site
    policy.require(recorded_by, Action.MANAGE_ARRANGEMENTS, site)
    if person is not None:
        person.site = site
        if person.photo and not person.photo._committed:  # a new upload
            person.photo = photo_normalised(person.photo)
        relationship.person = save_with_history(person, user=recorded_by, reason=reason)
    relationship.relationship = relationship_label
    relationship.parental_responsibility = parental_responsibility
    relationship.protected_role = protected_role
    return save_with_history(relationship, user=recorded_by, reason=reason)
