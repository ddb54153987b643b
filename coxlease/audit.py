"""Who opened which sensitive record (DESIGN: who viewed a concern or a restriction).

A page that shows a sensitive record makes one call, `record_opened`, and shows the list it
returns. The log is append-only: no page or admin edits it, and on PostgreSQL a trigger refuses
UPDATE and DELETE on its table (migration coxlease 0004).
"""

from django.contrib.contenttypes.models import ContentType

from . import policy
from .models import RecordView, Site
from .policy import Action


def record_opened(*, user, record, site: Site, limit: int = 50) -> list[RecordView] | None:
    """Log that `user` opened `record` at `site`. Returns who has opened it, most recent
    first, to those whose role there may see that (the DSL, site managers, SLT); else None."""
    record_view(user=user, record=record)
    if not policy.can(user, Action.SEE_WHO_OPENED_RECORDS, site):
        return None
    return list(views_of(record, limit=limit))


def record_view(*, user, record) -> RecordView:
    return RecordView.objects.create(
        user=user, content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    )


def views_of(record, *, limit: int = 50):
    return RecordView.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    ).select_related("user")[:limit]
