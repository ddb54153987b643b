from django import forms

from coxlease.editlock import EditLockedModelForm
from coxlease.forms import DateInput, ReasonField, form_helper

from ..models import AuthorisedCollector, Child
from .common import limit_to_childs_people


class AuthorisedCollectorForm(EditLockedModelForm):
    class Meta:
        model = AuthorisedCollector
        fields = [
            "person",
            "may_collect",
            "may_drop_off",
            "valid_from",
            "valid_to",
            "password_word",
            "identification_to_ask",
            "identification_notes",
        ]
        widgets = {
            "valid_from": DateInput(),
            "valid_to": DateInput(),
            "identification_notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, child: Child, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.child = child
        limit_to_childs_people(self.fields["person"], child)
        if self.instance.pk:
            self.fields["reason"] = ReasonField()
        self.helper = form_helper()

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("valid_from"), cleaned.get("valid_to")
        if starts and ends and ends < starts:
            self.add_error("valid_to", "'Valid to' cannot be before 'valid from'.")
        person = cleaned.get("person")
        duplicate = AuthorisedCollector.objects.filter(child=self.instance.child, person=person)
        if person and duplicate.exclude(pk=self.instance.pk).exists():
            self.add_error(
                "person",
                "This person is already an authorised collector: edit that record instead.",
            )
        if not cleaned.get("may_collect") and not cleaned.get("may_drop_off"):
            self.add_error("may_collect", "Tick 'may collect', 'may drop off', or both.")
        return cleaned
