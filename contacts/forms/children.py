from django import forms
from django.utils import timezone

from coxlease import policy
from coxlease.editlock import EditLockedForm, RecordModelForm
from coxlease.forms import DateInput, ReasonField, form_helper

from ..models import Child
from ..models.children import LEAVES_BEFORE_ADMISSION, leaves_before_admission
from ..selectors import children_like


class ChildForm(RecordModelForm):
    class Meta:
        model = Child
        fields = [
            "legal_first_name",
            "legal_last_name",
            "preferred_name",
            "date_of_birth",
            "group",
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
        if self.data.get("is_a_different_child"):
            # Asked once already: the answer travels with the form.
            self.fields["is_a_different_child"] = forms.BooleanField(
                label="This is a different child", required=False
            )
        self.helper = form_helper()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is None and not cleaned.get("is_a_different_child"):
            alike = self._children_alike(cleaned)
            if alike:
                self.fields["is_a_different_child"] = forms.BooleanField(
                    label="This is a different child", required=False
                )
                self.add_error(None, _same_child_question(alike))
        return cleaned

    def _children_alike(self, cleaned):
        first, last, born = (
            cleaned.get("legal_first_name"),
            cleaned.get("legal_last_name"),
            cleaned.get("date_of_birth"),
        )
        if not (first and last and born):
            return []
        return list(
            children_like(
                site=self.instance.site,
                legal_first_name=first,
                legal_last_name=last,
                date_of_birth=born,
            )
        )

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        if born > timezone.localdate():
            raise forms.ValidationError("The date of birth cannot be in the future.")
        return born


def _same_child_question(alike) -> str:
    described = "; ".join(
        f"{child.legal_name}, born {child.date_of_birth:%d/%m/%Y}, admitted "
        f"{child.admission_date:%d/%m/%Y}" + (" (has left)" if child.has_left else "")
        for child in alike
    )
    return (
        f"A child with this legal name and date of birth is already recorded at this site: "
        f"{described}. Is this the same child? If so, open their record instead; if not, tick "
        "'This is a different child' and add again."
    )


class MarkLeftForm(EditLockedForm):
    leaving_date = forms.DateField(widget=DateInput())
    reason = ReasonField(label="Where the child moved to, or why they left", help_text="")

    def __init__(self, *args, child: Child, **kwargs):
        super().__init__(*args, record=child, **kwargs)
        self.child = child
        self.helper = form_helper()

    def clean_leaving_date(self):
        leaving = self.cleaned_data["leaving_date"]
        if leaves_before_admission(self.child.admission_date, leaving):
            raise forms.ValidationError(LEAVES_BEFORE_ADMISSION)
        return leaving
