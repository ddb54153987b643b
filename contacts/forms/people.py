from django import forms
from django.core.exceptions import ValidationError

from coxlease.editlock import RecordModelForm
from coxlease.forms import ReasonField, form_helper

from ..models import Child, Person, Relationship
from ..selectors import people_like

MAX_PHOTO_BYTES = 5 * 1024 * 1024


def _same_person_question(alike) -> str:
    described = "; ".join(
        f"{person.full_name} ("
        + (
            ", ".join(f"{r.relationship} of {r.child}" for r in person.relationships.all())
            or "no child"
        )
        + ")"
        for person in alike
    )
    return (
        f"Someone with this name is already recorded at this site: {described}. Is this the same "
        "person? If so, use 'Link someone already known' so that every order and authority about "
        "them is on one record; if not, tick 'This is a different person' and save again."
    )


class PersonForm(RecordModelForm):
    """A person's details and how they relate to this child."""

    relationship = forms.CharField(
        label="Relationship to the child", max_length=60, help_text="e.g. mother, older brother."
    )
    parental_responsibility = forms.BooleanField(required=False)
    protected_role = Relationship._meta.get_field("protected_role").formfield()

    class Meta:
        model = Person
        fields = [
            "full_name",
            "relationship",
            "parental_responsibility",
            "phone",
            "email",
            "address",
            "preferred_contact_method",
            "literacy_needs",
            "language",
            "protected_role",
            "photo",
            "notes",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, relationship: Relationship, **kwargs):
        super().__init__(*args, **kwargs)
        self.relationship = relationship
        self.fields["photo"].widget.attrs["accept"] = "image/jpeg,image/png"
        if self.data.get("is_a_different_person"):
            self.fields["is_a_different_person"] = forms.BooleanField(
                label="This is a different person", required=False
            )
        if relationship.pk:
            self.initial.update(
                relationship=relationship.relationship,
                parental_responsibility=relationship.parental_responsibility,
                protected_role=relationship.protected_role,
            )
            self.fields["reason"] = ReasonField()
        self.helper = form_helper()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            as_it_would_be = Relationship(
                child=self.relationship.child,
                person=self.instance,
                protected_role=cleaned.get("protected_role", ""),
            )
            try:
                as_it_would_be.clean()
            except ValidationError as refusal:
                self.add_error(None, refusal)
        name = cleaned.get("full_name")
        if name and not self.data.get("is_a_different_person"):
            alike = list(
                people_like(
                    site=self.relationship.child.site, full_name=name, exclude_pk=self.instance.pk
                )
            )
            if alike:
                self.fields["is_a_different_person"] = forms.BooleanField(
                    label="This is a different person", required=False
                )
                self.add_error(None, _same_person_question(alike))
        return cleaned

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and getattr(photo, "size", 0) > MAX_PHOTO_BYTES:
            raise forms.ValidationError("The photo is too large: choose one under 5 MB.")
        return photo


class LinkPersonForm(RecordModelForm):
    """Someone already known at the site (a sibling's parent, say) who matters to this child."""

    class Meta:
        model = Relationship
        fields = ["person", "relationship", "parental_responsibility", "protected_role"]

    def __init__(self, *args, child: Child, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.child = child
        person = self.fields["person"]
        person.queryset = child.site.people.exclude(relationships__child=child)
        person.error_messages["invalid_choice"] = "Choose someone known at this site."
        self.helper = form_helper()
