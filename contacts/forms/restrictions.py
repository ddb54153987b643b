from django import forms
from django.utils import timezone

from coxlease.forms import DateInput, ReasonField, form_helper

from ..models import Child, ChildInformed, ContactType, Restriction, RestrictionEffect
from .common import limit_to_childs_people


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


def _not_in_future(value, what):
    if value and value > timezone.now():
        raise forms.ValidationError(f"{what} cannot be in the future.")
    return value


WHOLE_OF_CONTACT_EFFECTS = {RestrictionEffect.LETTERS_ONLY, RestrictionEffect.NO_COLLECTION}


class RestrictionForm(forms.ModelForm):
    class Meta:
        model = Restriction
        fields = [
            "legal_basis",
            "effect",
            "person",
            "contact_type",
            "details",
            "starts_on",
            "ends_on",
            "order_reference",
            "court",
            "imposed_at",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "imposed_at": DateTimeInput(),
            "details": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, child: Child, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.child = child
        limit_to_childs_people(self.fields["person"], child)
        self.fields["person"].empty_label = "Everyone"
        self.fields["contact_type"].choices = [("", "Every kind of contact"), *ContactType.choices]
        self.fields["imposed_at"].label = "Imposed at (emergency restrictions)"
        # Its default is a callable (now), so Django would add a hidden copy of the initial
        # value, carrying the field's aria-describedby, which is invalid on a hidden input.
        self.fields["imposed_at"].show_hidden_initial = False
        if self.instance.pk:
            self.fields["reason"] = ReasonField(
                help_text="Colleagues will be asked to confirm the changed restriction again."
            )
        self.helper = form_helper()

    def clean_imposed_at(self):
        return _not_in_future(self.cleaned_data.get("imposed_at"), "The time it was imposed")

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("person")
            and not cleaned.get("contact_type")
            and "person" not in self.errors
        ):
            self.add_error("person", "Say who it restricts, which kind of contact, or both.")
        effect, kind = cleaned.get("effect"), cleaned.get("contact_type")
        if (
            kind
            and effect in WHOLE_OF_CONTACT_EFFECTS
            and not (effect == RestrictionEffect.NO_COLLECTION and kind in ContactType.handovers())
        ):
            # Scoped to one kind of contact, these effects would never refuse anything.
            self.add_error(
                "contact_type",
                f"'{RestrictionEffect(effect).label}' covers every kind of contact: "
                "leave this empty.",
            )
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date cannot be before the start date.")
        return cleaned


class RestrictionEndForm(forms.Form):
    ends_on = forms.DateField(label="Last day it applies", widget=DateInput())
    reason = ReasonField(label="Why it ends", help_text="e.g. order discharged at review hearing")

    def __init__(self, *args, restriction: Restriction, **kwargs):
        super().__init__(*args, **kwargs)
        self.restriction = restriction
        self.helper = form_helper()

    def clean(self):
        cleaned = super().clean()
        if self.restriction.has_ended:
            ended = self.restriction.ends_on
            raise forms.ValidationError(f"This restriction already ended on {ended:%d/%m/%Y}.")
        return cleaned

    def clean_ends_on(self):
        ends = self.cleaned_data["ends_on"]
        if ends < self.restriction.starts_on:
            raise forms.ValidationError("The end date cannot be before the start date.")
        return ends


class RestrictionReportForm(forms.Form):
    reported_at = forms.DateTimeField(label="When it was reported", widget=DateTimeInput())
    how = forms.ChoiceField(label="How", choices=Restriction.ReportMethod.choices)
    to = forms.CharField(
        label="To whom", max_length=120, help_text="Name and role at the placing authority."
    )

    def __init__(self, *args, restriction: Restriction, **kwargs):
        super().__init__(*args, **kwargs)
        self.restriction = restriction
        self.helper = form_helper()

    def clean_reported_at(self):
        reported = _not_in_future(self.cleaned_data["reported_at"], "The report time")
        if reported < self.restriction.imposed_at:
            raise forms.ValidationError("It cannot be reported before it was imposed.")
        return reported


class ChildInformedForm(forms.ModelForm):
    class Meta:
        model = ChildInformed
        fields = ["told_on", "how_explained", "child_response"]
        widgets = {
            "told_on": DateInput(),
            "how_explained": forms.Textarea(attrs={"rows": 3}),
            "child_response": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, restriction: Restriction, told_by, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.restriction = restriction
        self.instance.told_by = told_by
        self.helper = form_helper()

    def clean_told_on(self):
        told = self.cleaned_data["told_on"]
        if told > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return told
