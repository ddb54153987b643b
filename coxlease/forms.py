from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction

from .models import User


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def form_helper() -> FormHelper:
    """Crispy helper for forms whose <form> tag and buttons live in the template."""
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


def members_of(site):
    return User.objects.filter(memberships__site=site, is_active=True).distinct()


class ReasonField(forms.CharField):
    """Why a record about a child changed; kept in its history."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "Reason for this change")
        # History keeps 100 characters, and some changes add a word such as "Ended: ".
        kwargs.setdefault("max_length", 90)
        kwargs.setdefault(
            "help_text", "Kept in the history with your name, e.g. 'new social worker'."
        )
        super().__init__(**kwargs)


def save_or_show_errors(form, save):
    """Call `save()` and return what it saved; if the model refuses the row, show why on the
    form, save nothing and return None."""
    try:
        with transaction.atomic():
            return save()
    except ValidationError as exc:
        errors = (
            exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
        )
        for field, messages in errors.items():
            form.add_error(field if field in form.fields else None, messages)
        return None


class SecondFactorForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=16,
        help_text="The 6-digit code from your authenticator app, or one of your backup codes.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper()

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split())
