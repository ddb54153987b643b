from datetime import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.utils import timezone

from .clock import WallTime, on_site_clock, wall_time_kind, zone_names
from .editlock import rebase_on_current
from .validators import plausible_date


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


def reveal(field: forms.Field, *others: str, when: str) -> None:
    """Show the fields named `others` only while `field` has the value `when`
    (static/js/app.js; without JavaScript all stay visible)."""
    targets = " ".join(f"div_id_{other}" for other in others)
    field.widget.attrs.update({"data-reveals": targets, "data-reveal-when": when})


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
        rebase_on_current(form, exc)
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


class WallClockInput(forms.Widget):
    """A date-time box and, only when the time in it happened twice (the night the clocks go
    back), a choice of which of the two it was. Posted as `name` and `name_which`."""

    template_name = "widgets/wall_clock.html"

    def value_from_datadict(self, data, files, name):
        return (data.get(name), data.get(f"{name}_which"))

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}_which" not in data

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        text, which = value if isinstance(value, tuple) else (value, None)
        if isinstance(text, datetime):
            local = timezone.localtime(text)
            text, which = (
                local.strftime(WallClockField.INPUT_FORMATS[0]),
                ("second" if local.fold else which),
            )
        typed = _typed_time(text)
        choices = []
        if typed is not None and wall_time_kind(typed) == WallTime.REPEATED:
            first, second = zone_names(typed)
            choices = [
                ("first", f"The first {typed:%H:%M} ({first}, before the clocks went back)"),
                ("second", f"The second {typed:%H:%M} ({second}, after the clocks went back)"),
            ]
        context["widget"].update(text=text or "", which=which, choices=choices)
        return context


def _typed_time(text) -> datetime | None:
    for layout in WallClockField.INPUT_FORMATS:
        try:
            return datetime.strptime(str(text), layout)
        except ValueError:
            continue
    return None


class WallClockField(forms.Field):
    """A date and time as read off the site's clock. A time in the hour that repeats when the
    clocks go back is not refused: the person says which of the two it was."""

    widget = WallClockInput
    default_validators = [plausible_date]
    INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
    default_error_messages = {
        "invalid": "Enter a date and time.",
        "repeated": "%(time)s happened twice that night, when the clocks went back: say which.",
        "skipped": "%(time)s did not happen that night: the clocks went forward an hour.",
    }

    def to_python(self, value):
        text, which = value if isinstance(value, tuple) else (value, None)
        if isinstance(text, datetime):
            return text
        if text in self.empty_values:
            return None
        typed = _typed_time(str(text).strip())
        if typed is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        kind = wall_time_kind(typed)
        shown = {"time": f"{typed:%H:%M} on {typed:%d/%m/%Y}"}
        if kind == WallTime.SKIPPED:
            raise ValidationError(self.error_messages["skipped"] % shown, code="skipped")
        if kind == WallTime.REPEATED and which not in ("first", "second"):
            raise ValidationError(self.error_messages["repeated"] % shown, code="repeated")
        return on_site_clock(typed, second=kind == WallTime.REPEATED and which == "second")


class SignInForm(AuthenticationForm):
    """Django's sign-in form, refusing a user name longer than any account's before anyone
    tries to authenticate it (Django sets the length for browsers only)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
