"""Who is on call at a site: shown wherever the app says "tell the DSL now"."""

from dataclasses import dataclass
from datetime import datetime, timedelta

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


@dataclass(frozen=True)
class Gap:
    starts_at: datetime
    ends_at: datetime


def on_call_gaps(*, site: Site, days: int = 7, now: datetime | None = None) -> list[Gap]:
    """The times in the coming days when nobody is on call at the site."""
    now = now or timezone.now()
    until = now + timedelta(days=days)
    shifts = OnCall.objects.filter(site=site, ends_at__gt=now, starts_at__lt=until).order_by(
        "starts_at"
    )
    gaps, covered_until = [], now
    for shift in shifts:
        if shift.starts_at > covered_until:
            gaps.append(Gap(covered_until, shift.starts_at))
        covered_until = max(covered_until, shift.ends_at)
    if covered_until < until:
        gaps.append(Gap(covered_until, until))
    return gaps
