from django import forms
from django.utils import timezone

from coxlease import policy
from coxlease.forms import DateInput, ReasonField, form_helper

from ..models import Child


class ChildForm(forms.ModelForm):
    class Meta:
        model = Child
        fields = [
            "legal_first_name",
            "legal_last_name",
            "preferred_name",
            "date_of_birth",
            "admission_date",
            "key_worker",
            "legal_status",
            "placing_authority",
            "social_worker_name",
            "social_worker_phone",
            "social_worker_email",
            "communication_needs",
        ]
        widgets = {
            "date_of_birth": DateInput(),
            "admission_date": DateInput(),
            "communication_needs": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, site, ask_reason: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.site = site
        self.fields["key_worker"].queryset = policy.people_at(site)
        if ask_reason:
            self.fields["reason"] = ReasonField()
        self.helper = form_helper()

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born > timezone.localdate():
            raise forms.ValidationError("The date of birth cannot be in the future.")
        return born


class MarkLeftForm(forms.Form):
    leaving_date = forms.DateField(widget=DateInput())
    reason = ReasonField(label="Where the child moved to, or why they left", help_text="")

    def __init__(self, *args, child: Child, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child
        self.helper = form_helper()

    def clean_leaving_date(self):
        leaving = self.cleaned_data["leaving_date"]
        if leaving < self.child.admission_date:
            raise forms.ValidationError("The leaving date cannot be before the admission date.")
        return leaving
