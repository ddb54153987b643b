import django_filters
from django import forms
from django.utils import timezone

from contacts.models import Child, child_name_matches
from coxlease import policy
from coxlease.editlock import RecordModelForm
from coxlease.forms import DateInput, ReasonField, WallClockField, form_helper

from .models import ESafetySession, Harm, OnlineIncident


class ESafetySessionForm(RecordModelForm):
    class Meta:
        model = ESafetySession
        fields = ["held_on", "topic", "taught_by", "understanding", "notes"]
        widgets = {
            "held_on": DateInput(),
            "understanding": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, child: Child, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.child = child
        teacher = self.fields["taught_by"]
        teacher.queryset = policy.people_at(child.site)
        teacher.error_messages["invalid_choice"] = "Choose a colleague at this site."
        if self.instance.pk is None:
            self.initial.update(held_on=timezone.localdate(), taught_by=user.pk)
        self.helper = form_helper()


class OnlineIncidentForm(RecordModelForm):
    happened_at = WallClockField(label="When it happened")

    class Meta:
        model = OnlineIncident
        fields = [
            "happened_at",
            "platform",
            "what_happened",
            "harm",
            "harm_details",
            "action_taken",
        ]
        widgets = {
            "harm": forms.RadioSelect,
            "what_happened": forms.Textarea(attrs={"rows": 4}),
            "harm_details": forms.Textarea(attrs={"rows": 2}),
            "action_taken": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, child: Child, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.child = child
        self.helper = form_helper()


class LearningForm(RecordModelForm):
    class Meta:
        model = OnlineIncident
        fields = ["learning", "learning_shared_with", "learning_shared_on"]
        widgets = {
            "learning": forms.Textarea(attrs={"rows": 4}),
            "learning_shared_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learning"].required = True
        self.fields["reason"] = ReasonField(initial="Learning points recorded")
        self.helper = form_helper()


class IncidentFilter(django_filters.FilterSet):
    child = django_filters.CharFilter(label="Child's name", method="filter_child")
    platform = django_filters.CharFilter(lookup_expr="icontains", label="Platform or app")
    harm = django_filters.ChoiceFilter(choices=Harm.choices, label="Harm", empty_label="Any")
    learning = django_filters.ChoiceFilter(
        label="Learning",
        empty_label="Any",
        choices=[("unshared", "Not yet shared"), ("shared", "Shared")],
        method="filter_learning",
    )
    since = django_filters.DateFilter(
        field_name="happened_at", lookup_expr="date__gte", label="From", widget=DateInput()
    )
    until = django_filters.DateFilter(
        field_name="happened_at", lookup_expr="date__lte", label="To", widget=DateInput()
    )

    class Meta:
        model = OnlineIncident
        fields = ["child", "platform", "harm", "learning", "since", "until"]

    def filter_child(self, queryset, name, value):
        return queryset.filter(child_name_matches(value, prefix="child__"))

    def filter_learning(self, queryset, name, value):
        return queryset.filter(learning_shared_on__isnull=value == "unshared")
