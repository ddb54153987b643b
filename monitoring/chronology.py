"""A child's chronology: every floor's events about one child on one timeline.

Each app offers its events through a selector (rows of `at`, `kind`, `ref`: see
`contacts.selectors.chronology_rows`); here they are merged in the database with one UNION ALL,
newest first, and paginated there. Only the rows of the page shown are then read as records,
one query per kind, and each becomes a `Line`.

To add a kind (concerns, assessments, engagement…): a selector in its app giving rows of its
own `kind`, and one `Kind` in `KINDS` below with the function that turns a page's rows of that
kind into lines.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet
from django.utils import formats, timezone

from contacts.models import (
    Acknowledgement,
    Child,
    ChildInformed,
    CollectionCheck,
    ContactArrangement,
    ContactPlan,
    Outcome,
    Person,
    Restriction,
)
from contacts.selectors import (
    ARRANGEMENT_CHANGE,
    CHILD_TOLD,
    DOOR_CHECK,
    PLAN_CHANGE,
    RESTRICTION_CHANGE,
    RESTRICTION_CONFIRMED,
    acknowledgement_events,
    arrangement_events,
    child_informed_events,
    collection_check_events,
    plan_events,
    restriction_events,
)
from records.models import ContactEntry, Outing, OutingStep, PlannedContact
from records.planned_selectors import (
    OUTING,
    OUTING_STEP,
    PLANNED,
    outing_events,
    outing_step_events,
    planned_events,
)
from records.selectors import CONTACT_LOGGED, contact_events
from safeguarding.models import Concern, ESafetySession, Harm, OnlineIncident, Urgency
from safeguarding.selectors import (
    CONCERN_RAISED,
    ESAFETY_TAUGHT,
    ONLINE_INCIDENT,
    concern_events,
    esafety_events,
    incident_events,
)

# Ties (two events in the same instant) always fall the same way, so pages never overlap.
ORDER = ("-at", "kind", "-ref")


@dataclass
class Line:
    """One event as the chronology shows it."""

    at: datetime | date
    what: str
    url: str
    who: object = None
    details: tuple[str, ...] = ()
    outcome: str = ""
    # (text, tone): tone is danger, warning, info or secondary.
    notes: tuple[tuple[str, str], ...] = ()
    flagged: bool = False
    in_error: bool = False
    kind: str = ""

    @property
    def day_only(self) -> bool:
        return not isinstance(self.at, datetime)


@dataclass(frozen=True)
class Kind:
    key: str  # the `kind` its selector writes on its rows
    label: str
    events: Callable[..., QuerySet]  # (*, user, child, person) -> rows
    lines: Callable[[list[int]], dict[int, Line]]  # a page's refs -> their lines


@dataclass(frozen=True)
class Filters:
    kinds: frozenset[str] = frozenset()  # empty: every kind
    person: Person | None = None
    since: date | None = None
    until: date | None = None

    @property
    def kind_labels(self) -> list[str]:
        return [kind.label for kind in KINDS if kind.key in self.kinds]


def chronology_of(*, user, child: Child, filters: Filters | None = None) -> QuerySet:
    """The child's events as this user may see them, newest first: unevaluated rows of `at`,
    `kind` and `ref`, for a paginator to count and slice in the database."""
    filters = filters or Filters()
    parts = []
    for kind in KINDS:
        if filters.kinds and kind.key not in filters.kinds:
            continue
        rows = kind.events(user=user, child=child, person=filters.person)
        if filters.since:
            rows = rows.filter(at__gte=_start_of(filters.since))
        if filters.until and filters.until < date.max:
            rows = rows.filter(at__lt=_start_of(filters.until + timedelta(days=1)))
        parts.append(rows)
    first, *others = parts
    return first.union(*others, all=True).order_by(*ORDER)


def lines_for(rows: Iterable[dict]) -> list[Line]:
    """The lines of a page of rows, in their order: one query (or two) per kind on the page."""
    rows = list(rows)
    refs = defaultdict(list)
    for row in rows:
        refs[row["kind"]].append(row["ref"])
    built = {key: KINDS_BY_KEY[key].lines(found) for key, found in refs.items()}
    lines = []
    for row in rows:
        line = built[row["kind"]].get(row["ref"])
        if line is not None:
            line.kind = KINDS_BY_KEY[row["kind"]].label
            lines.append(line)
    return lines


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


# Each kind's lines.


def _contact_lines(refs: list[int]) -> dict[int, Line]:
    entries = (
        ContactEntry.objects.filter(pk__in=refs)
        .select_related("recorded_by")
        .prefetch_related("participants")
    )
    return {entry.pk: _contact_line(entry) for entry in entries}


def _contact_line(entry: ContactEntry) -> Line:
    with_whom = [str(p) for p in entry.participants.all()]
    if entry.someone_else:
        with_whom.append(entry.someone_else)
    notes = []
    if entry.flagged:
        notes.append(("Flagged: it broke a restriction or the plan", "danger"))
    if entry.outside_local_rules:
        notes.append(("Outside the site's local rules", "info"))
    if entry.entered_in_error:
        notes.append((f"Entered in error: {entry.error_reason}", "secondary"))
    presentation = "; ".join(
        f"{when}: {label.lower()}"
        for when, label in (
            ("Before", entry.get_presentation_before_display()),
            ("After", entry.get_presentation_after_display()),
        )
        if label
    )
    details = [entry.summary, presentation and f"The child: {presentation}."]
    if entry.result != Outcome.ALLOWED:
        details += entry.reasons  # what the rule said, naming the restriction in force
    return Line(
        at=entry.started_at,
        what=(
            f"{entry.get_contact_type_display()}, {entry.get_direction_display().lower()}"
            + (f", with {', '.join(with_whom)}" if with_whom else "")
            + (f", supervised by {entry.supervised_by}" if entry.supervised else "")
        ),
        url=entry.get_absolute_url(),
        who=entry.recorded_by,
        details=tuple(filter(None, details)),
        outcome=entry.result,
        notes=tuple(notes),
        flagged=entry.flagged,
        in_error=entry.entered_in_error,
    )


@dataclass
class _Version:
    record: object  # a history row
    previous: object | None
    changed: list[str] = field(default_factory=list)  # the names of the fields it changed

    @property
    def labels(self) -> str:
        fields = self.record.instance_type._meta
        return ", ".join(fields.get_field(name).verbose_name for name in self.changed)

    def as_it_was(self, *related: str):
        """The record as this version left it, its related records read with the version."""
        instance = self.record.instance
        for name in related:
            setattr(instance, name, getattr(self.record, name))
        return instance

    @property
    def change(self) -> str:
        return f"changed ({self.labels})" if self.changed else "saved unchanged"

    @property
    def reason(self) -> tuple[str, ...]:
        """Why it changed (a record's first version says only that it was made)."""
        why = self.record.history_change_reason
        return (f"Reason: {why}",) if why and self.previous is not None else ()


def _versions(model, history_ids: list[int], *related: str) -> dict[int, _Version]:
    """These history rows of `model`, each with the version before it and what changed: one
    query for every version of the records concerned."""
    wanted = set(history_ids)
    concerned = model.history.filter(history_id__in=wanted).values("id")
    versions = (
        model.history.filter(id__in=concerned)
        .select_related("history_user", *related)
        .order_by("id", "history_date", "history_id")
    )
    tracked = [f.name for f in model._meta.concrete_fields if f.editable and not f.primary_key]
    found, previous = {}, None
    for record in versions:
        if previous is not None and previous.id != record.id:
            previous = None
        if record.history_id in wanted:
            changed = (
                [c.field for c in record.diff_against(previous, included_fields=tracked).changes]
                if previous is not None
                else []
            )
            found[record.history_id] = _Version(record, previous, changed)
        previous = record
    return found


def _plan_lines(refs: list[int]) -> dict[int, Line]:
    return {
        ref: Line(
            at=v.record.history_date,
            what=f"Contact plan {'made' if v.previous is None else v.change}",
            url=v.as_it_was().get_absolute_url(),
            who=v.record.history_user,
            details=v.reason,
        )
        for ref, v in _versions(ContactPlan, refs).items()
    }


def _arrangement_lines(refs: list[int]) -> dict[int, Line]:
    lines = {}
    for ref, v in _versions(ContactArrangement, refs, "person", "plan").items():
        arrangement = v.as_it_was("person", "plan")
        action = "added" if v.previous is None else v.change
        lines[ref] = Line(
            at=v.record.history_date,
            what=f"Plan arrangement {action}: {arrangement}",
            url=arrangement.get_absolute_url(),
            who=v.record.history_user,
            details=v.reason,
        )
    return lines


def _restriction_action(v: _Version) -> str:
    restriction = v.record
    if v.previous is None:
        return "recorded"
    if v.previous.reported_to_authority_at is None and restriction.reported_to_authority_at:
        return (
            "reported to the placing authority "
            f"({restriction.get_reported_how_display().lower()}, to {restriction.reported_to})"
        )
    if "ends_on" in v.changed and restriction.ends_on:
        return f"ended on {formats.date_format(restriction.ends_on)}"
    return v.change


def _restriction_lines(refs: list[int]) -> dict[int, Line]:
    lines = {}
    for ref, v in _versions(Restriction, refs, "person").items():
        restriction = v.as_it_was("person")
        lines[ref] = Line(
            at=v.record.history_date,
            what=f"Restriction {_restriction_action(v)}: {restriction}",
            url=restriction.get_absolute_url(),
            who=v.record.history_user,
            details=v.reason,
        )
    return lines


def _check_lines(refs: list[int]) -> dict[int, Line]:
    checks = CollectionCheck.objects.filter(pk__in=refs).select_related("person", "checked_by")
    lines = {}
    for check in checks:
        notes = []
        if check.password_given is not None:
            said = "gave" if check.password_given else "did not give"
            notes.append((f"They {said} the right password word", "secondary"))
        elif check.asks_password:
            notes.append(("Asked for their password word", "warning"))
        if check.names_in_other_order:
            notes.append(("Named in an order about another child", "warning"))
        lines[check.pk] = Line(
            at=check.checked_at,
            what=f"Door check: {check.who}, {check.get_handover_display().lower()}",
            url=check.get_absolute_url(),
            who=check.checked_by,
            details=tuple(check.reasons),
            outcome=check.result,
            notes=tuple(notes),
            flagged=check.result == Outcome.NOT_ALLOWED,
        )
    return lines


def _acknowledgement_lines(refs: list[int]) -> dict[int, Line]:
    confirmations = Acknowledgement.objects.filter(pk__in=refs).select_related(
        "user", "restriction__person"
    )
    return {
        a.pk: Line(
            at=a.acknowledged_at,
            what=f"Read and understood version {a.version} of the restriction: {a.restriction}",
            url=a.restriction.get_absolute_url(),
            who=a.user,
        )
        for a in confirmations
    }


def _child_informed_lines(refs: list[int]) -> dict[int, Line]:
    told = ChildInformed.objects.filter(pk__in=refs).select_related(
        "told_by", "restriction__person"
    )
    return {
        record.pk: Line(
            at=record.told_on,
            what=f"The child was told about the restriction: {record.restriction}",
            url=record.get_absolute_url(),
            who=record.told_by,
            details=(
                f"How it was explained: {record.how_explained}",
                f"The child's response: {record.child_response}",
            ),
        )
        for record in told
    }


def _planned_lines(refs: list[int]) -> dict[int, Line]:
    plans = PlannedContact.objects.filter(pk__in=refs).select_related("person", "planned_by")
    lines = {}
    for planned in plans:
        notes = []
        if planned.for_dsl_review:
            notes.append(("Planned against the rule, for the DSL to review", "danger"))
        if not planned.is_open:
            notes.append((planned.get_status_display(), "secondary"))
        ended = [planned.ended_note and f"“{planned.ended_note}”"]
        if planned.cancelled_by:
            ended.append(f"Cancelled by {planned.cancelled_by}.")
        lines[planned.pk] = Line(
            at=planned.starts_at,
            what=f"Planned: {planned.get_contact_kind_display().lower()} with {planned.person}"
            + (f", {planned.place}" if planned.place else ""),
            url=planned.get_absolute_url(),
            who=planned.planned_by,
            details=tuple(filter(None, ended)),
            outcome=planned.result,
            notes=tuple(notes),
            flagged=planned.for_dsl_review,
        )
    return lines


def _outing_lines(refs: list[int]) -> dict[int, Line]:
    outings = Outing.objects.filter(pk__in=refs).select_related("planned", "recorded_by")
    lines = {}
    for outing in outings:
        local = timezone.localtime
        back = (
            f"Back at {formats.time_format(local(outing.returned_at))}."
            if outing.returned_at
            else "Not back yet."
        )
        notes = []
        if outing.alerted_at:
            alerted = formats.time_format(local(outing.alerted_at))
            notes.append(
                (f"Not back in time: whoever was on call was alerted at {alerted}", "danger")
            )
        lines[outing.pk] = Line(
            at=outing.left_at,
            what=f"Went out with {outing.with_whom}, due back at "
            f"{formats.time_format(local(outing.due_back_at))}",
            url=outing.get_absolute_url(),
            who=outing.recorded_by,
            details=(back,),
            notes=tuple(notes),
            flagged=outing.alerted_at is not None,
        )
    return lines


def _outing_step_lines(refs: list[int]) -> dict[int, Line]:
    steps = OutingStep.objects.filter(pk__in=refs).select_related("outing__planned", "recorded_by")
    lines = {}
    for step in steps:
        new_time = step.new_due_back_at and (
            f"Now due back at {formats.time_format(timezone.localtime(step.new_due_back_at))}."
        )
        lines[step.pk] = Line(
            at=step.done_at,
            what=f"{step.get_action_display()}: {step.who}",
            url=step.get_absolute_url(),
            who=step.recorded_by,
            details=tuple(filter(None, (new_time, step.note))),
        )
    return lines


def _concern_lines(refs: list[int]) -> dict[int, Line]:
    """What was raised, by whom, and where it stands: the concern's own page has the rest, for
    those who may read it."""
    concerns = Concern.objects.filter(pk__in=refs).select_related("raised_by")
    return {
        concern.pk: Line(
            at=concern.raised_at,
            what=f"Concern raised: {concern.get_category_display().lower()}",
            url=concern.get_absolute_url(),
            who=concern.raised_by,
            notes=(
                (concern.get_status_display(), "secondary"),
                *((("Urgent", "danger"),) if concern.urgency == Urgency.URGENT else ()),
            ),
        )
        for concern in concerns
    }


def _esafety_lines(refs: list[int]) -> dict[int, Line]:
    sessions = ESafetySession.objects.filter(pk__in=refs).select_related("taught_by")
    return {
        session.pk: Line(
            at=session.held_on,
            what=f"E-safety session: {session.topic}",
            url=session.get_absolute_url(),
            who=session.taught_by,
            details=tuple(
                filter(
                    None,
                    (
                        f"The child's understanding: {session.get_understanding_display().lower()}.",
                        session.notes,
                    ),
                )
            ),
        )
        for session in sessions
    }


def _incident_lines(refs: list[int]) -> dict[int, Line]:
    incidents = OnlineIncident.objects.filter(pk__in=refs).select_related("recorded_by")
    return {
        incident.pk: Line(
            at=incident.happened_at,
            what=f"Online incident on {incident.platform}: {incident.get_harm_display().lower()}",
            url=incident.get_absolute_url(),
            who=incident.recorded_by,
            details=(incident.what_happened,),
            notes=(("Harm caused", "danger"),) if incident.harm == Harm.HARM else (),
        )
        for incident in incidents
    }


KINDS = (
    Kind(CONTACT_LOGGED, "Contact", contact_events, _contact_lines),
    Kind(CONCERN_RAISED, "Concern", concern_events, _concern_lines),
    Kind(PLANNED, "Planned contact", planned_events, _planned_lines),
    Kind(OUTING, "Out and back", outing_events, _outing_lines),
    Kind(OUTING_STEP, "While out", outing_step_events, _outing_step_lines),
    Kind(RESTRICTION_CHANGE, "Restriction", restriction_events, _restriction_lines),
    Kind(
        RESTRICTION_CONFIRMED, "Read and understood", acknowledgement_events, _acknowledgement_lines
    ),
    Kind(CHILD_TOLD, "Child told", child_informed_events, _child_informed_lines),
    Kind(PLAN_CHANGE, "Contact plan", plan_events, _plan_lines),
    Kind(ARRANGEMENT_CHANGE, "Arrangement", arrangement_events, _arrangement_lines),
    Kind(DOOR_CHECK, "Door check", collection_check_events, _check_lines),
    Kind(ESAFETY_TAUGHT, "E-safety", esafety_events, _esafety_lines),
    Kind(ONLINE_INCIDENT, "Online incident", incident_events, _incident_lines),
)
KINDS_BY_KEY = {kind.key: kind for kind in KINDS}
