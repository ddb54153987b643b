"""Two people editing one record at once: the second save, based on an out-of-date copy, is
refused with what changed meanwhile; nothing is silently overwritten.

Each editable record carries `edit_version`, one more at every save through
`history.save_with_history`. A form opened on a record sends back the version it showed
(`EditLockedModelForm`, `EditLockedForm`); the save compares it with the row, locked for the
update.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models


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


class EditLockedModelForm(forms.ModelForm):
    """A model form that sends back the version of the record it was opened on."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and isinstance(self.instance, EditLocked):
            self.fields["edit_version"] = _EditVersionField(initial=self.instance.edit_version)

    def _post_clean(self):
        super()._post_clean()
        _base_on_version_shown(self, self.instance)


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


def show_current_version(form, error: ValidationError) -> None:
    """After a conflict the form keeps what was typed, now based on the current version: a
    second save, made knowingly, goes through."""
    current = (getattr(error, "params", None) or {}).get("current")
    if current is not None and "edit_version" in form.fields:
        form.data = form.data.copy()
        form.data[form.add_prefix("edit_version")] = current
