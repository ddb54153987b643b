from django import forms
from django.utils import timezone

from coxlease.editlock import EditLockedForm, RecordModelForm
from coxlease.forms import DateInput, ReasonField, WallClockField, form_helper, reveal

from ..models import (
    Child,
    ChildInformed,
    ContactType,
    LegalBasis,
    Restriction,
    RestrictionEffect,
)
from .common import limit_to_childs_people

IMPOSED_AT_HELP = (
    "Required for an emergency restriction: when it was imposed. It starts the 24-hour clock "
    "for reporting it to the placing authority. Once recorded it is changed only by 'Correct "
    "the imposition time', which keeps the record of any lateness."
)


class RestrictionForm(RecordModelForm):
    """Record a restriction, or change one. Once recorded, the time an emergency restriction
    was imposed and whether it must be reported are fixed (see restriction_update)."""

    imposed_at = WallClockField(label="Imposed at", required=False, help_text=IMPOSED_AT_HELP)

    class Meta:
        model = Restriction
        fields = [
            "legal_basis",
            "imposed_at",
            "effect",
            "person",
            "contact_type",
            "covers_all_contact",
            "details",
            "monitored_by",
            "starts_on",
            "ends_on",
            "order_reference",
            "court",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "details": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, child: Child, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.child = child
        limit_to_childs_people(self.fields["person"], child)
        person = self.fields["person"]
        person.queryset = person.queryset.exclude(
            pk__in=child.relationships.exclude(protected_role="").values("person")
        )
        self.fields["person"].empty_label = "Everyone"
        self.fields["contact_type"].choices = [("", "Every kind of contact"), *ContactType.choices]
        reveal(self.fields["legal_basis"], "imposed_at", when=LegalBasis.EMERGENCY_ON_SITE)
        reveal(self.fields["effect"], "monitored_by", when=RestrictionEffect.MONITORED)
        if self.instance.pk:
            self._fix_the_reporting_duty()
            self.fields["reason"] = ReasonField(
                help_text="Colleagues will be asked to confirm the changed restriction again."
            )
        else:
            self.initial.setdefault("starts_on", timezone.localdate())
        self.helper = form_helper()

    def _fix_the_reporting_duty(self):
        del self.fields["imposed_at"]
        basis = self.fields["legal_basis"]
        if self.instance.must_be_reported:
            basis.disabled = True
            basis.help_text = "Fixed: an emergency restriction stays one."
        else:
            basis.choices = [c for c in basis.choices if c[0] != LegalBasis.EMERGENCY_ON_SITE]


class RestrictionEndForm(EditLockedForm):
    ends_on = forms.DateField(label="Last day it applies", widget=DateInput())
    reason = ReasonField(label="Why it ends", help_text="e.g. order discharged at review hearing")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class ImpositionCorrectionForm(EditLockedForm):
    imposed_at = WallClockField(label="When it was really imposed")
    reason = ReasonField(label="Why the time was wrong", help_text="Kept in the history.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class RestrictionReportForm(EditLockedForm):
    reported_at = WallClockField(label="When it was reported")
    how = forms.ChoiceField(label="How", choices=Restriction.ReportMethod.choices)
    to = forms.CharField(
        label="To whom", max_length=120, help_text="Name and role at the placing authority."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()


class ChildInformedForm(RecordModelForm):
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
