from django import forms

from coxlease.editlock import RecordModelForm
from coxlease.forms import DateInput, ReasonField, form_helper

from ..models import AuthorisedCollector, Child
from .common import limit_to_childs_people


class AuthorisedCollectorForm(RecordModelForm):
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
