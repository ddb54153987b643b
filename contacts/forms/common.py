from django import forms

from ..models import Child, Person


def limit_to_childs_people(field: forms.ModelChoiceField, child: Child) -> None:
    """Offer only the people of this child; anyone else is refused with a plain message."""
    field.queryset = Person.objects.filter(relationships__child=child)
    field.error_messages["invalid_choice"] = "Choose one of this child's people."
