"""Who opened which sensitive record (DESIGN: who viewed a concern or a restriction).

A page that shows a sensitive record makes one call, `record_opened`, and shows the list it
returns. The log is append-only: no page or admin edits it, and on PostgreSQL a trigger refuses
UPDATE and DELETE on its table (migration coxlease 0004).
"""

import csv
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.utils import timezone

from . import policy
from .models import RecordView, Site
from .policy import Action


def record_opened(*, user, record, site: Site) -> "list[Visit] | None":
    """Log that `user` opened `record` at `site`. Returns who has opened it, once per visit,
    most recent first, to those whose role there may see that (the DSL, site managers, SLT);
    else None."""
    record_view(user=user, record=record)
    if not policy.can(user, Action.SEE_WHO_OPENED_RECORDS, site):
        return None
    return visits_of(record)


def record_view(*, user, record, what=RecordView.What.OPENED) -> RecordView:
    """Log a sensitive read that shows no list of openings: a chronology, a print, an export."""
    return RecordView.objects.create(
        user=user,
        content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk,
        what=what,
    )


def views_of(record, *, limit: int | None = 50):
    return RecordView.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    ).select_related("user")[:limit]


# Opening a page several times within this long counts as one visit.
VISIT_GAP = timedelta(minutes=30)


@dataclass
class Visit:
    user: object
    first: datetime
    last: datetime
    openings: int = 1
    # What more than opening the record they did: read its chronology, printed, exported.
    took: list[str] = field(default_factory=list)


def visits_of(record, *, limit: int = 500) -> list[Visit]:
    """Who opened the record, each person once per visit (first and last opening), newest
    first. The full log stays in `views_of` and the export."""
    return visits_in(views_of(record, limit=limit))


def visits_in(views) -> list[Visit]:
    """Openings (newest first, as the log reads them) grouped into visits."""
    visits: list[Visit] = []
    latest_by_user: dict[int, Visit] = {}
    for view in reversed(list(views)):  # oldest first
        visit = latest_by_user.get(view.user_id)
        if visit is not None and view.viewed_at - visit.last <= VISIT_GAP:
            visit.last = view.viewed_at
            visit.openings += 1
        else:
            latest_by_user[view.user_id] = visit = Visit(view.user, view.viewed_at, view.viewed_at)
            visits.append(visit)
        taken = view.get_what_display()
        if view.what != RecordView.What.OPENED and taken not in visit.took:
            visit.took.append(taken)
    return sorted(visits, key=lambda v: v.last, reverse=True)


def views_csv(record, *, filename: str) -> HttpResponse:
    """Every opening of the record, oldest first, as a spreadsheet."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(["Opened at", "User name", "Name", "What"])
    for view in reversed(list(views_of(record, limit=None))):
        writer.writerow(
            [
                timezone.localtime(view.viewed_at).isoformat(),
                view.user.username,
                str(view.user),
                view.get_what_display(),
            ]
        )
    return response
