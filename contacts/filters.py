import django_filters

from coxlease import policy

from .models import Child, LegalStatus, child_name_matches


class ChildFilter(django_filters.FilterSet):
    STATUS_CHOICES = [("on_roll", "On roll"), ("left", "Left"), ("all", "All")]

    q = django_filters.CharFilter(label="Name", method="filter_name")
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="filter_status", empty_label=None, label="Show"
    )
    legal_status = django_filters.ChoiceFilter(choices=LegalStatus.choices, label="Legal status")
    key_worker = django_filters.ModelChoiceFilter(queryset=None, label="Key worker")

    class Meta:
        model = Child
        fields = ["q", "status", "legal_status", "key_worker"]

    def __init__(self, data=None, *args, site, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("status", "on_roll")
        super().__init__(data, *args, **kwargs)
        self.filters["key_worker"].queryset = policy.people_at(site)

    def filter_name(self, queryset, name, value):
        return queryset.filter(child_name_matches(value))

    def filter_status(self, queryset, name, value):
        if value == "on_roll":
            return queryset.on_roll()
        if value == "left":
            return queryset.left()
        return queryset
