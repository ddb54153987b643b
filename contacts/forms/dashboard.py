from django import forms

from ..models import LegalBasis


class DashboardFilterForm(forms.Form):
    q = forms.CharField(label="Child's name", required=False, max_length=100)
    legal_basis = forms.ChoiceField(
        label="Legal basis", required=False, choices=[("", "Any")] + LegalBasis.choices
    )
    unconfirmed = forms.BooleanField(
        label="Only restrictions someone has not confirmed", required=False
    )
