from django import forms
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from contacts.models import Child, ContactType, Person, Relationship
from contacts.models.restrictions import CORRESPONDENCE
from coxlease import policy
from coxlease.editlock import EditLockedForm, RecordModelForm
from coxlease.forms import ReasonField, WallClockField, form_helper

from .models import ContactEntry, Direction, LocalRule

PRIVATE_TYPES = " ".join(sorted(CORRESPONDENCE))


class ContactEntryForm(RecordModelForm):
    """Log a contact: quick on a tablet (now and me filled in), with what a private letter
    must not hold left out."""

    started_at = WallClockField(label="When it started")
    ended_at = WallClockField(label="When it ended", required=False)

    class Meta:
        model = ContactEntry
        fields = [
            "contact_type",
            "direction",
            "started_at",
            "ended_at",
            "participants",
            "someone_else",
            "place",
            "supervised",
            "supervised_by",
            "staff_present",
            "initiated_by",
            "summary",
            "content",
            "presentation_before",
            "presentation_after",
            "presentation_note",
            "colleagues_told",
        ]
        widgets = {
            "contact_type": forms.RadioSelect,
            "direction": forms.RadioSelect,
            "participants": forms.CheckboxSelectMultiple,
            "staff_present": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "content": forms.Textarea(attrs={"rows": 3}),
            "presentation_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, child: Child, user, ask_reason: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.child = child
        self.fields["contact_type"].choices = ContactType.plan_choices()
        relationship = Relationship.objects.filter(child=child, person=OuterRef("pk"))
        participants = self.fields["participants"]
        participants.queryset = Person.objects.filter(relationships__child=child).annotate(
            relationship_to_child=Subquery(relationship.values("relationship")[:1])
        )
        participants.label_from_instance = lambda p: f"{p} ({p.relationship_to_child})"
        participants.error_messages["invalid_choice"] = "Choose from this child's people."
        participants.widget.attrs["data-filter-label"] = "Find a person"
        self.fields["staff_present"].queryset = policy.people_at(child.site)
        # Private correspondence has no summary; its content only where monitored (the server
        # decides; static/js/app.js shows the right box for the kind chosen).
        self.fields["summary"].widget.attrs["data-hidden-for"] = PRIVATE_TYPES
        self.fields["content"].widget.attrs["data-shown-for"] = PRIVATE_TYPES
        self.fields["content"].widget.attrs["data-shown-when"] = "#rule-preview [data-monitored]"
        if self.instance.pk is None:
            now = timezone.localtime().replace(second=0, microsecond=0)
            self.initial.setdefault("started_at", now)
            self.initial.setdefault("staff_present", [user.pk])
            if self.initial.get("contact_type") == ContactType.VISIT:
                self.initial.setdefault("direction", Direction.IN_PERSON)
        self.user = user
        self.fields["supervised"].help_text = "For social media: someone monitored it."
        self.fields["supervised_by"].help_text = "Leave empty if it was you."
        if ask_reason:
            self.fields["reason"] = ReasonField(
                help_text="It was logged more than a day ago: say why it is being corrected."
            )
        elif self.instance.flagged:
            self.fields["reason"] = ReasonField(
                required=False,
                help_text="It was flagged. If this correction clears the flag, say why: the DSL "
                "and site manager are told.",
            )
        self.helper = form_helper()

    def clean(self):
        data = super().clean()
        if data.get("supervised") and not data.get("supervised_by", "").strip():
            data["supervised_by"] = str(self.user)
        elif data.get("supervised_by", "").strip() and not data.get("supervised"):
            self.add_error(
                "supervised",
                "Tick this if someone supervised it; otherwise leave “Supervised by” empty.",
            )
        return data


class EnteredInErrorForm(EditLockedForm):
    reason = forms.CharField(
        label="Why it was entered in error",
        max_length=200,
        help_text="e.g. logged for the wrong child. The entry stays on record for the leads.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class LocalRuleForm(RecordModelForm):
    class Meta:
        model = LocalRule
        fields = ["activity", "days", "from_time", "until_time"]
        widgets = {
            "from_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "until_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.site = site
        self.helper = form_helper()
