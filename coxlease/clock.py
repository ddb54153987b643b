"""Wall-clock times on the site's clock (Europe/London), where an hour repeats each October
and another never happens each March."""

from datetime import UTC, datetime
from enum import StrEnum

from django.utils import timezone


class WallTime(StrEnum):
    ORDINARY = "ordinary"
    REPEATED = "repeated"  # the clocks went back: this time happened twice
    SKIPPED = "skipped"  # the clocks went forward: this time never happened


def wall_time_kind(naive: datetime) -> WallTime:
    tz = timezone.get_current_timezone()
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    if first.utcoffset() == second.utcoffset():
        return WallTime.ORDINARY
    round_trip = first.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    return WallTime.REPEATED if round_trip == naive else WallTime.SKIPPED


def zone_names(naive: datetime) -> tuple[str, str]:
    """The names of the two clocks a repeated time can be on, first then second (BST, GMT)."""
    tz = timezone.get_current_timezone()
    return naive.replace(tzinfo=tz, fold=0).tzname(), naive.replace(tzinfo=tz, fold=1).tzname()


def on_site_clock(naive: datetime, *, second: bool = False) -> datetime:
    """The moment a wall-clock time means; `second` picks the later of a repeated time."""
    return naive.replace(tzinfo=timezone.get_current_timezone(), fold=1 if second else 0)
