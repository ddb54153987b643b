from datetime import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.forms.fields import BaseTemporalField
from django.utils import timezone

from .clock import WallTime, on_site_clock, wall_time_kind, zone_names
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


def reveal(field: forms.Field, other: str, *, when: str) -> None:
    """Show the field named `other` only while `field` has the value `when` (static/js/app.js;
    without JavaScript both stay visible)."""
    field.widget.attrs.update({"data-reveals": f"div_id_{other}", "data-reveal-when": when})


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


class WallClockInput(forms.MultiWidget):
    """A date-time box, and, only when the time typed happened twice (the night the clocks go
    back), a choice of which of the two it was."""

    template_name = "widgets/wall_clock.html"

    def __init__(self, attrs=None):
        # Posted as `name` (so a plain date-time value still works) and `name_which`.
        super().__init__(
            {
                "": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                "which": forms.RadioSelect(),
            },
            attrs,
        )

    def decompress(self, value):
        if value is None:
            return [None, None]
        local = timezone.localtime(value)
        return [local.replace(tzinfo=None), "second" if local.fold else None]

    def get_context(self, name, value, attrs):
        typed = _typed_time(value[0] if isinstance(value, list | tuple) else None)
        if typed is not None and wall_time_kind(typed) == WallTime.REPEATED:
            first, second = zone_names(typed)
            self.widgets[1].choices = [
                ("first", f"The first {typed:%H:%M} ({first}, before the clocks went back)"),
                ("second", f"The second {typed:%H:%M} ({second}, after the clocks went back)"),
            ]
        context = super().get_context(name, value, attrs)
        context["widget"]["ask_which"] = bool(self.widgets[1].choices)
        return context


def _typed_time(value) -> datetime | None:
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    for layout in WallClockField.INPUT_FORMATS:
        try:
            return datetime.strptime(str(value), layout)
        except ValueError:
            continue
    return None


class _WallClockTime(forms.DateTimeField):
    """The time as typed, on no clock yet (Django would refuse a repeated time here)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime):
            return value.replace(tzinfo=None)
        return BaseTemporalField.to_python(self, str(value).strip())


class WallClockField(forms.MultiValueField):
    """A date and time as read off the site's clock. A time in the hour that repeats when the
    clocks go back is not refused: the person says which of the two it was."""

    widget = WallClockInput
    default_error_messages = {
        "invalid": "Enter a date and time.",
        "repeated": "%(time)s happened twice that night, when the clocks went back: say which.",
        "skipped": "%(time)s did not happen that night: the clocks went forward an hour.",
    }

    INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]

    def __init__(self, **kwargs):
        fields = [
            _WallClockTime(input_formats=self.INPUT_FORMATS),
            forms.ChoiceField(choices=[("first", "first"), ("second", "second")], required=False),
        ]
        super().__init__(fields, require_all_fields=False, **kwargs)
        self.fields[0].required = self.required

    def compress(self, data_list):
        if not data_list or data_list[0] is None:
            return None
        typed, which = data_list[0].replace(tzinfo=None), data_list[1]
        kind = wall_time_kind(typed)
        shown = f"{typed:%H:%M} on {typed:%d/%m/%Y}"
        if kind == WallTime.SKIPPED:
            raise ValidationError(self.error_messages["skipped"] % {"time": shown}, "skipped")
        if kind == WallTime.REPEATED and not which:
            raise ValidationError(self.error_messages["repeated"] % {"time": shown}, "repeated")
        return on_site_clock(typed, second=kind == WallTime.REPEATED and which == "second")
