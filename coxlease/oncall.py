"""Who is on call at a site: shown wherever the app says "tell the DSL now"."""

from datetime import datetime

from django.utils import timezone

from .models import OnCall, Site


def on_call_now(*, site: Site, at: datetime | None = None) -> OnCall | None:
    at = at or timezone.now()
    return (
        OnCall.objects.filter(site=site, starts_at__lte=at, ends_at__gt=at)
        .select_related("person")
        .order_by("-starts_at")
        .first()
    )
