from django import forms

from coxlease import policy
from coxlease.editlock import RecordModelForm
from coxlease.forms import DateInput, ReasonField, form_helper, reveal
from coxlease.policy import Action

from ..models import Child, SocialMediaAssessment, VideoCallApp, VideoCallPlan
from .common import limit_to_childs_people


class SocialMediaAssessmentForm(RecordModelForm):
    class Meta:
        model = SocialMediaAssessment
        fields = [
            "platforms",
            "understanding",
            "understanding_notes",
            "keeping_safe",
            "keeping_safe_notes",
            "other_factors",
            "overall_risk",
            "decision",
            "conditions",
            "assessed_by",
            "assessed_on",
            "review_date",
        ]
        widgets = {
            "understanding": forms.RadioSelect,
            "keeping_safe": forms.RadioSelect,
            "overall_risk": forms.RadioSelect,
            "decision": forms.RadioSelect,
            "understanding_notes": forms.Textarea(attrs={"rows": 2}),
            "keeping_safe_notes": forms.Textarea(attrs={"rows": 2}),
            "other_factors": forms.Textarea(attrs={"rows": 2}),
            "conditions": forms.Textarea(attrs={"rows": 2}),
            "assessed_on": DateInput(),
            "review_date": DateInput(),
        }

    def __init__(self, *args, child: Child, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.child = child
        assessor = self.fields["assessed_by"]
        assessor.queryset = policy.users_who_may(Action.MANAGE_ONLINE_SAFETY, child.site)
        assessor.error_messages["invalid_choice"] = "Choose a DSL or site manager of this site."
        if self.instance.pk is None:
            self.initial["assessed_by"] = user.pk
        else:
            self.fields["reason"] = ReasonField()
        self.helper = form_helper()


class VideoCallPlanForm(RecordModelForm):
    class Meta:
        model = VideoCallPlan
        fields = [
            "person",
            "app",
            "other_app",
            "frequency",
            "supervision",
            "supervised_by",
            "conditions",
        ]
        widgets = {
            "supervision": forms.RadioSelect,
            "conditions": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, child: Child, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.child = child
        limit_to_childs_people(self.fields["person"], child)
        reveal(self.fields["app"], "other_app", when=VideoCallApp.OTHER)
        if self.instance.pk:
            self.fields["reason"] = ReasonField()
        self.helper = form_helper()
