"""Two people editing one record at once: the second save, based on an out-of-date copy, is
refused with what changed meanwhile; nothing is silently overwritten.

Each editable record carries `edit_version`, one more at every save through
`history.save_with_history`. A form opened on a record sends back the version it showed
(`RecordModelForm`, `EditLockedForm`); the save compares it with the row, locked for the
update.
"""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.forms.models import model_to_dict

from .validators import plausible_date


class EditLocked(models.Model):
    edit_version = models.PositiveIntegerField(
        default=1, editable=False, help_text="One more at each save: stale forms are refused."
    )

    class Meta:
        abstract = True


def edit_lock_claim(record) -> int | None:
    """Inside the saving transaction: if the record changed since the copy being saved was
    read, the version it is at now (and nothing is counted); else count this save, None."""
    if not isinstance(record, EditLocked) or record.pk is None:
        return None
    current = (
        type(record)
        ._default_manager.select_for_update()
        .filter(pk=record.pk)
        .values_list("edit_version", flat=True)
        .first()
    )
    if current is not None and current != record.edit_version:
        return current
    record.edit_version = (current or 0) + 1
    return None


class _EditVersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, min_value=0, **kwargs)


class RecordModelForm(forms.ModelForm):
    """The model form for our records: it sends back the version of the record it was opened
    on (if the record is edit-locked), and shows the model's errors even about a field it
    does not have."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and isinstance(self.instance, EditLocked):
            self.fields["edit_version"] = _EditVersionField(initial=self.instance.edit_version)
        for field in self.fields.values():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                field.validators.append(plausible_date)
            # A required choice shown as radio buttons offers no blank "---------" button.
            if not field.required or not isinstance(field.widget, forms.RadioSelect):
                continue
            if isinstance(field, forms.ModelChoiceField):
                field.empty_label = None
            elif isinstance(field, forms.ChoiceField):
                field.choices = [(value, label) for value, label in field.choices if value != ""]

    def _post_clean(self):
        super()._post_clean()
        _base_on_version_shown(self, self.instance)

    def _update_errors(self, errors):
        # The model says what is wrong with the row; a form without the field concerned (an
        # edit form has no imposition time) shows it above the fields instead of failing.
        if hasattr(errors, "error_dict"):
            for name in [n for n in errors.error_dict if n != NON_FIELD_ERRORS]:
                if name not in self.fields:
                    errors.error_dict.setdefault(NON_FIELD_ERRORS, []).extend(
                        errors.error_dict.pop(name)
                    )
        super()._update_errors(errors)


class EditLockedForm(forms.Form):
    """A form that changes a record without editing its fields (ending it, correcting it)."""

    def __init__(self, *args, record: EditLocked, **kwargs):
        super().__init__(*args, **kwargs)
        self.record = record
        self.fields["edit_version"] = _EditVersionField(initial=record.edit_version)

    def clean(self):
        cleaned = super().clean()
        _base_on_version_shown(self, self.record)
        return cleaned


def _base_on_version_shown(form, record) -> None:
    shown = form.cleaned_data.get("edit_version")
    if shown is not None:
        record.edit_version = shown


def rebase_on_current(form, error: ValidationError) -> None:
    """After a conflict, show the form again based on the record as it is now: what this
    person changed stays as they typed it, every other field shows the current value (so a
    second save, made knowingly, does not undo a colleague's change), and the form now
    carries the current version."""
    current = (getattr(error, "params", None) or {}).get("current")
    if current is None or "edit_version" not in form.fields:
        return
    data = form.data.copy()
    data[form.add_prefix("edit_version")] = current
    if isinstance(form, RecordModelForm):
        _keep_only_their_own_changes(form, data)
    form.data = data


def _keep_only_their_own_changes(form, data) -> None:
    shown = form.cleaned_data.get("edit_version")
    seen = form.instance.history.filter(edit_version=shown).order_by("-history_id").first()
    if seen is None:
        return
    seen_values = model_to_dict(seen, fields=list(form.fields))
    for name, field in form.fields.items():
        if name not in seen_values or name not in form.initial or field.disabled:
            continue
        key = form.add_prefix(name)
        if field.has_changed(seen_values[name], form[name].data):
            continue  # theirs: keep what they typed
        now = form.initial[name]
        if isinstance(field.widget, forms.CheckboxInput):
            if now:
                data[key] = "on"
            else:
                data.pop(key, None)
        else:
            shown_now = field.widget.format_value(field.prepare_value(now))
            if isinstance(shown_now, list | tuple):  # a select gives its chosen values
                data.setlist(key, [str(value) for value in shown_now])
            else:
                data[key] = "" if shown_now is None else str(shown_now)
