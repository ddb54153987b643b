from datetime import date

from django import forms

from contacts.models import Child, Person
from coxlease.forms import DateInput
from coxlease.validators import plausible_date

from .chronology import KINDS, Filters
from .reports import MAX_MONTHS, Period


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


class PeriodForm(forms.Form):
    """The period of a monitoring report: by default the last `months` months; at most
    `MAX_MONTHS`. A date given wrongly is shown with its error and the default used."""

    since = forms.DateField(
        label="From", required=False, widget=DateInput(), validators=[plausible_date]
    )
    until = forms.DateField(
        label="To", required=False, widget=DateInput(), validators=[plausible_date]
    )

    def __init__(self, data=None, *, months: int, today: date):
        super().__init__(data)
        self.default = Period.last_months(months, today=today)
        self.today = today

    def clean(self):
        cleaned = super().clean()
        since = cleaned.get("since") or self.default.since
        until = cleaned.get("until") or self.today
        if until < since:
            self.add_error("until", "'To' cannot be before 'From'.")
        elif len(Period(since=since, until=until).months) > MAX_MONTHS:
            self.add_error("since", f"Choose at most {MAX_MONTHS} months.")
        return cleaned

    def period(self) -> Period:
        """The period asked for (call after is_valid), or the default if it was not valid."""
        if self.errors:
            return self.default
        return Period(
            since=self.cleaned_data.get("since") or self.default.since,
            until=self.cleaned_data.get("until") or self.today,
        )
