from django import forms
from django.db.models import OuterRef, Subquery

from ..models import Child, Person, Relationship


def limit_to_childs_people(field: forms.ModelChoiceField, child: Child) -> None:
    """Offer only the people of this child, named as the door check names them ("Mark Hughes
    (father)"); anyone else is refused with a plain message."""
    relationship = Relationship.objects.filter(child=child, person=OuterRef("pk"))
    field.queryset = Person.objects.filter(relationships__child=child).annotate(
        relationship_to_child=Subquery(relationship.values("relationship")[:1])
    )
    field.label_from_instance = lambda person: f"{person} ({person.relationship_to_child})"
    field.error_messages["invalid_choice"] = "Choose one of this child's people."
