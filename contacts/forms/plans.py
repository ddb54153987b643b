from django import forms

from coxlease import policy
from coxlease.editlock import EditLockedModelForm
from coxlease.forms import DateInput, ReasonField, form_helper
from coxlease.policy import Action

from ..models import Child, ContactArrangement, ContactPlan, ContactType
from .common import limit_to_childs_people


class ContactPlanForm(EditLockedModelForm):
    class Meta:
        model = ContactPlan
        fields = [
            "effective_date",
            "review_date",
            "agreed_with_placing_authority",
            "agreed_with_social_worker",
            "approved_by",
            "notes",
        ]
        widgets = {
            "effective_date": DateInput(),
            "review_date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, child: Child, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.child = child
        approver = self.fields["approved_by"]
        approver.queryset = policy.users_who_may(Action.APPROVE_CONTACT_PLANS, child.site)
        approver.error_messages["invalid_choice"] = "Choose a site manager of this site."
        self.fields["reason"] = ReasonField(
            initial="" if self.instance.pk else "First plan recorded"
        )
        self.helper = form_helper()

    def clean(self):
        cleaned = super().clean()
        starts, review = cleaned.get("effective_date"), cleaned.get("review_date")
        if starts and review and review < starts:
            self.add_error("review_date", "The review date cannot be before the effective date.")
        return cleaned


class ContactArrangementForm(EditLockedModelForm):
    class Meta:
        model = ContactArrangement
        fields = [
            "person",
            "contact_type",
            "supervision",
            "frequency",
            "place",
            "supervised_by",
            "conditions",
        ]
        widgets = {"conditions": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, plan: ContactPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.plan = plan
        limit_to_childs_people(self.fields["person"], plan.child)
        self.fields["contact_type"].choices = ContactType.plan_choices()
        if self.instance.pk:
            self.fields["reason"] = ReasonField()
        self.helper = form_helper()

    def clean(self):
        cleaned = super().clean()
        person, kind = cleaned.get("person"), cleaned.get("contact_type")
        duplicate = ContactArrangement.objects.filter(
            plan=self.instance.plan, person=person, contact_type=kind
        ).exclude(pk=self.instance.pk)
        if person and kind and duplicate.exists():
            self.add_error(
                "contact_type",
                "The plan already has an arrangement for this person and contact type: "
                "edit that one instead.",
            )
        if cleaned.get("supervision") == "supervised" and not cleaned.get("supervised_by"):
            self.add_error("supervised_by", "Say who supervises this contact.")
        return cleaned
