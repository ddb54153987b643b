from django import forms

from contacts.models import Child, Person
from coxlease.forms import DateInput

from .chronology import KINDS, Filters


class ChronologyFilterForm(forms.Form):
    kinds = forms.MultipleChoiceField(
        label="Show",
        choices=[(kind.key, kind.label) for kind in KINDS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick none to see everything.",
    )
    person = forms.ModelChoiceField(
        label="Involving",
        queryset=Person.objects.none(),
        required=False,
        empty_label="Anyone",
        help_text="Contacts they took part in, checks of them at the door, restrictions and "
        "arrangements naming them.",
    )
    since = forms.DateField(label="From", required=False, widget=DateInput())
    until = forms.DateField(label="To", required=False, widget=DateInput())

    def __init__(self, data=None, *, child: Child):
        super().__init__(data)
        self.fields["person"].queryset = Person.objects.filter(relationships__child=child)

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and until < since:
            self.add_error("until", "'To' cannot be before 'From'.")
        return cleaned

    def filters(self) -> Filters:
        """The filters as given (call after is_valid: a field given wrongly is left out)."""
        data = self.cleaned_data
        return Filters(
            kinds=frozenset(data.get("kinds") or ()),
            person=data.get("person"),
            since=data.get("since"),
            until=data.get("until"),
        )
