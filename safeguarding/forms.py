from django import forms
from django.db.models import OuterRef, Subquery

from contacts.models import Child, Person, Relationship
from coxlease import policy
from coxlease.editlock import EditLockedForm, RecordModelForm
from coxlease.forms import WallClockField, form_helper, reveal
from coxlease.models import OnCall

from .models import Category, Concern, Step

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# What a file must start with to be what its name says: PDF, images, Office documents.
SIGNATURES = {
    ".pdf": [b"%PDF-"],
    ".jpg": [b"\xff\xd8\xff"],
    ".jpeg": [b"\xff\xd8\xff"],
    ".png": [b"\x89PNG\r\n\x1a\n"],
    ".docx": [b"PK\x03\x04"],
    ".xlsx": [b"PK\x03\x04"],
    ".pptx": [b"PK\x03\x04"],
    ".doc": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    ".xls": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
}
ACCEPTED = ",".join(SIGNATURES)


class _Files(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files at once, each a PDF, an image or an Office document under 10 MB."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", _Files(attrs={"multiple": True, "accept": ACCEPTED}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if self.required and not files:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        cleaned = [super(AttachmentsField, self).clean(f, initial) for f in files]
        for upload in cleaned:
            _check_file(upload)
        return cleaned


def _check_file(upload) -> None:
    name = upload.name.lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    if extension not in SIGNATURES:
        raise forms.ValidationError(
            f"{upload.name}: attach a PDF, a photo (JPEG or PNG) or an Office document."
        )
    if upload.size > MAX_ATTACHMENT_BYTES:
        raise forms.ValidationError(f"{upload.name} is too large: the limit is 10 MB.")
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in SIGNATURES[extension]):
        raise forms.ValidationError(f"{upload.name} is not the kind of file its name says.")


def _childs_people(child: Child):
    relationship = Relationship.objects.filter(child=child, person=OuterRef("pk"))
    return Person.objects.filter(relationships__child=child).annotate(
        relationship_to_child=Subquery(relationship.values("relationship")[:1])
    )


class ConcernForm(RecordModelForm):
    happened_at = WallClockField(label="When it happened")
    attachments = AttachmentsField(
        label="Attachments",
        help_text="Optional: PDF, photos or Office documents, up to 10 MB each. Kept outside "
        "the web site and shown only to those who may see the concern.",
    )

    class Meta:
        model = Concern
        fields = [
            "category",
            "urgency",
            "happened_at",
            "what_happened",
            "childs_words",
            "action_taken",
            "people_involved",
            "others_involved",
            "named_adult",
            "named_adult_description",
        ]
        widgets = {
            "urgency": forms.RadioSelect,
            "what_happened": forms.Textarea(attrs={"rows": 5}),
            "childs_words": forms.Textarea(attrs={"rows": 3}),
            "action_taken": forms.Textarea(attrs={"rows": 3}),
            "people_involved": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, child: Child, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.child = child
        people = self.fields["people_involved"]
        people.queryset = _childs_people(child)
        people.label_from_instance = lambda p: f"{p} ({p.relationship_to_child})"
        people.error_messages["invalid_choice"] = "Choose from this child's people."
        reveal(
            self.fields["category"],
            "named_adult",
            "named_adult_description",
            when=Category.ALLEGATION,
        )
        adult = self.fields["named_adult"]
        adult.queryset = policy.people_at(child.site)
        adult.error_messages["invalid_choice"] = "Choose someone who works at this site."
        self.helper = form_helper()


class NoteForm(forms.Form):
    """Taking into review, or recording a decision: what was decided and why (KCSIE: every
    decision in writing)."""

    text = forms.CharField(
        label="What was decided and why", max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class EscalationForm(forms.Form):
    escalated_to = forms.ChoiceField(
        label="To whom",
        choices=[("", "Choose…"), *Step.EscalatedTo.choices],
        error_messages={"required": "Say to whom it was escalated."},
    )
    escalated_when = WallClockField(label="When")
    escalated_how = forms.ChoiceField(label="How", choices=Step.How.choices)
    reference = forms.CharField(label="Reference given", max_length=120, required=False)
    text = forms.CharField(
        label="What was said and decided", max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class CloseForm(EditLockedForm):
    outcome = forms.CharField(
        label="Outcome",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Say what the outcome was."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class ReopenForm(EditLockedForm):
    reason = forms.CharField(
        label="Why it is reopened",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why it is reopened."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class NeedToKnowForm(forms.Form):
    text = forms.CharField(
        label="What they need to know",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What to do or watch for, not the concern itself: they will not see it.",
    )
    colleagues = forms.ModelMultipleChoiceField(
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose who needs to know."},
    )

    def __init__(self, *args, concern: Concern, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleagues"].queryset = policy.people_at(concern.child.site).exclude(
            pk=concern.named_adult_id or 0
        )
        self.helper = form_helper()


class AttachmentForm(forms.Form):
    files = AttachmentsField(label="Files to attach", required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class OnCallForm(RecordModelForm):
    starts_at = WallClockField(label="From")
    ends_at = WallClockField(label="Until")

    class Meta:
        model = OnCall
        fields = ["person", "starts_at", "ends_at", "phone"]

    def __init__(self, *args, site, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.site = site
        self.fields["person"].queryset = policy.users_who_may(policy.Action.ACT_ON_CONCERNS, site)
        self.helper = form_helper()
