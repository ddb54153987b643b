import django_filters
from django import forms

from contacts.models import ContactType, Person, child_name_matches
from coxlease.forms import DateInput

from .models import ContactEntry


class ContactLogFilter(django_filters.FilterSet):
    child = django_filters.CharFilter(label="Child's name", method="filter_child")
    person = django_filters.ModelChoiceFilter(
        queryset=Person.objects.none(), label="Person", field_name="participants"
    )
    contact_type = django_filters.ChoiceFilter(
        choices=ContactType.plan_choices(), label="Kind of contact", empty_label="Any"
    )
    flagged = django_filters.BooleanFilter(
        label="Only flagged contacts",
        widget=forms.CheckboxInput,
        method="filter_flagged",
    )
    since = django_filters.DateFilter(
        field_name="started_at", lookup_expr="date__gte", label="From", widget=DateInput()
    )
    until = django_filters.DateFilter(
        field_name="started_at", lookup_expr="date__lte", label="To", widget=DateInput()
    )

    class Meta:
        model = ContactEntry
        fields = ["child", "person", "contact_type", "flagged", "since", "until"]

    def __init__(self, data=None, *args, site, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["person"].queryset = Person.objects.filter(site=site)

    def filter_child(self, queryset, name, value):
        return queryset.filter(child_name_matches(value, prefix="child__"))

    def filter_flagged(self, queryset, name, value):
        return queryset.filter(flagged=True) if value else queryset
