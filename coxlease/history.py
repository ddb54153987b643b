"""Readable change history for any model tracked by django-simple-history."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone

from .editlock import edit_lock_claim

KIND_LABELS = {"+": "Created", "~": "Changed", "-": "Deleted"}
EMPTY = "—"


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: object
    kind: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)
    subject: str = ""
    edit_version: int | None = None


def _tracked_fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.editable and not f.primary_key]


def _related_labels(fields, records) -> dict[str, dict]:
    """One query per foreign key field for all the values that appear in the history."""
    labels = {}
    for f in fields:
        if f.is_relation:
            ids = {getattr(r, f.attname) for r in records} - {None}
            labels[f.name] = {
                o.pk: str(o) for o in f.related_model._default_manager.filter(pk__in=ids)
            }
    return labels


def _display(f: models.Field, value, related: dict) -> str:
    if value in (None, ""):
        return EMPTY
    if f.is_relation:
        return related.get(f.name, {}).get(value, f"(removed #{value})")
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime | date):
        return formats.localize(value)
    return str(value)


def _changes(fields, previous, record, related) -> list[FieldChange]:
    """What this version changed: simple-history's own diff against the version before (the
    first version: every field that has a value)."""
    if previous is None:
        return [
            FieldChange(_label(f), EMPTY, _display(f, getattr(record, f.attname), related))
            for f in fields
            if getattr(record, f.attname) not in (None, "")
        ]
    by_name = {f.name: f for f in fields}
    delta = record.diff_against(previous, included_fields=list(by_name))
    return [
        FieldChange(
            _label(by_name[change.field]),
            _display(by_name[change.field], change.old, related),
            _display(by_name[change.field], change.new, related),
        )
        for change in sorted(delta.changes, key=lambda c: fields.index(by_name[c.field]))
    ]


def _label(f: models.Field) -> str:
    return f.verbose_name.capitalize()


def _entries(records, fields, related) -> list[HistoryEntry]:
    entries, previous = [], None
    for record in records:
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                kind=KIND_LABELS[record.history_type],
                reason=record.history_change_reason or "",
                changes=_changes(fields, previous, record, related),
                edit_version=getattr(record, "edit_version", None),
            )
        )
        previous = record
    return entries


def history_entries_of(instances) -> list[HistoryEntry]:
    """The histories of several tracked records as one timeline, newest first; each entry
    names the record it is about. One query per kind of record, however many records."""
    by_model = defaultdict(dict)
    for instance in instances:
        by_model[type(instance)][instance.pk] = str(instance)
    timeline = []
    for model, subjects in by_model.items():
        records = list(
            model.history.filter(id__in=subjects)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        fields = _tracked_fields(model)
        related = _related_labels(fields, records)
        for pk, group in groupby(records, key=lambda r: r.id):
            for entry in _entries(group, fields, related):
                entry.subject = subjects[pk]
                timeline.append(entry)
    return sorted(timeline, key=lambda e: e.when, reverse=True)


def history_entries(instance) -> list[HistoryEntry]:
    """Every recorded version of `instance`, newest first, each with its field-by-field changes."""
    return history_entries_of([instance])


def save_with_history(record, *, user, reason: str):
    """Validate and save any tracked record, noting who changed it and why; refused if it
    changed since the copy being saved was read (editlock)."""
    record._history_user = user
    record._change_reason = reason
    record.full_clean()
    current = edit_lock_claim(record)
    if current is not None:
        raise ValidationError(
            _conflict_message(record, since=record.edit_version),
            code="edit_conflict",
            params={"current": current},
        )
    record.save()
    return record


def _conflict_message(record, *, since: int) -> str:
    later = [entry for entry in history_entries(record) if (entry.edit_version or 0) > since]
    said = "; ".join(
        f"{entry.who or 'the system'} at {formats.time_format(timezone.localtime(entry.when))} "
        + (", ".join(f"{c.label}: {c.old} → {c.new}" for c in entry.changes) or "(no change shown)")
        for entry in reversed(later)
    )
    return (
        f"Someone else changed this while you were editing it: {said}. Your changes are still "
        "in the form but have not been saved: check them against what changed, then save again."
    )
