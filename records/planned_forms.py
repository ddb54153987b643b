from django import forms
from django.utils import timezone

from contacts.models import Child, ContactType, Person
from coxlease.editlock import RecordModelForm
from coxlease.forms import WallClockField, form_helper

from .models import Direction, Outing, OutingStep, PlannedContact, PlanStatus, SiteSettings


def _now():
    return timezone.localtime().replace(second=0, microsecond=0)


class PlannedContactForm(RecordModelForm):
    starts_at = WallClockField(label="When")
    ends_at = WallClockField(
        label="Expected end",
        help_text="For a visit out or a collection: when the child is due back.",
    )

    class Meta:
        model = PlannedContact
        fields = [
            "person",
            "contact_kind",
            "starts_at",
            "ends_at",
            "place",
            "supervised_by",
            "transport",
            "notes",
            "for_dsl_review",
        ]
        widgets = {
            "person": forms.RadioSelect,
            "contact_kind": forms.RadioSelect,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, child: Child, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.child = child
        person = self.fields["person"]
        person.queryset = Person.objects.filter(relationships__child=child).order_by("full_name")
        person.empty_label = None
        person.error_messages["invalid_choice"] = "Choose one of this child's people."
        self.helper = form_helper()


ENDINGS = [
    (PlanStatus.NO_SHOW, "No-show: they did not come or call"),
    (PlanStatus.REFUSED, "The child chose not to"),
    (PlanStatus.CANCELLED, "Cancelled"),
]


class PlannedEndForm(forms.Form):
    status = forms.ChoiceField(label="What happened", choices=ENDINGS, widget=forms.RadioSelect)
    ended_note = forms.CharField(
        label="What was said",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The child chose not to: their own words. Cancelled: why.",
    )
    cancelled_by = forms.CharField(
        label="Cancelled by",
        required=False,
        max_length=120,
        help_text="Only when it was cancelled: e.g. mum, by phone; the social worker.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class OutingForm(RecordModelForm):
    left_at = WallClockField(label="Left at")
    due_back_at = WallClockField(label="Due back at")

    class Meta:
        model = Outing
        fields = ["with_whom", "left_at", "due_back_at"]

    def __init__(self, *args, planned: PlannedContact, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.planned = planned
        self.initial.setdefault("with_whom", str(planned.person))
        self.initial.setdefault("left_at", _now())
        self.initial.setdefault("due_back_at", planned.ends_at)
        self.helper = form_helper()


class ReturnForm(forms.Form):
    returned_at = WallClockField(label="Back at")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("returned_at", _now())
        self.helper = form_helper()


class OutingStepForm(RecordModelForm):
    done_at = WallClockField(label="When")
    new_due_back_at = WallClockField(
        label="New time due back",
        required=False,
        help_text="Only when the family phoned with a new time.",
    )

    class Meta:
        model = OutingStep
        fields = ["action", "done_at", "who", "new_due_back_at", "note"]
        widgets = {"action": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, outing: Outing, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.outing = outing
        self.initial.setdefault("done_at", _now())
        self.helper = form_helper()


class SiteSettingsForm(RecordModelForm):
    class Meta:
        model = SiteSettings
        fields = ["grace_minutes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


def entry_initial(planned: PlannedContact) -> dict:
    """The contact log's form filled in from the plan that happened."""
    kind = planned.contact_type
    if kind in ContactType.handovers():
        kind = ContactType.VISIT  # the log keeps the visit; the handover was the door's
    outing = getattr(planned, "outing", None)  # the times the child was out, if they went
    started, ended = (outing.left_at, outing.returned_at) if outing else (None, None)
    return {
        "contact_type": kind,
        "direction": Direction.IN_PERSON if kind == ContactType.VISIT else "",
        "started_at": timezone.localtime(started or planned.starts_at),
        "ended_at": timezone.localtime(ended or planned.ends_at),
        "participants": [planned.person.pk],
        "place": planned.place,
        "supervised": bool(planned.supervised_by),
        "supervised_by": planned.supervised_by,
    }
