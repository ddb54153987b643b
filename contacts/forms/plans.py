from django import forms

from coxlease import policy
from coxlease.editlock import RecordModelForm
from coxlease.forms import DateInput, ReasonField, form_helper
from coxlease.policy import Action

from ..models import Child, ContactArrangement, ContactPlan, ContactType
from .common import limit_to_childs_people


class ContactPlanForm(RecordModelForm):
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


class ContactArrangementForm(RecordModelForm):
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
        self.fields["contact_type"].choices = ContactType.arrangement_choices()
        self.fields["contact_type"].help_text = "Video calls are agreed in a video-call plan."
        if self.instance.pk:
            self.fields["reason"] = ReasonField()
        self.helper = form_helper()
