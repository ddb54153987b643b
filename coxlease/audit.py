"""Who opened which sensitive record (DESIGN: who viewed a concern or a restriction)."""

from django.contrib.contenttypes.models import ContentType

from .models import RecordView


def record_view(*, user, record) -> RecordView:
    return RecordView.objects.create(
        user=user, content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    )


def views_of(record, *, limit: int = 50):
    return RecordView.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk
    ).select_related("user")[:limit]
