"""Dates a person could mean: a typing slip (0001, 9999) is refused next to the field rather
than saved, shown as late since year 1, or reported to the authority."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.utils import timezone

EARLIEST_YEAR = 1990  # before any child or young person (up to 25) on a register was born
YEARS_AHEAD = 25  # an order can run to a child's 18th birthday, a placement beyond


def plausible_date(value: date | datetime) -> None:
    day = value.date() if isinstance(value, datetime) else value
    latest = timezone.localdate().year + YEARS_AHEAD
    if not EARLIEST_YEAR <= day.year <= latest:
        raise ValidationError(
            "Enter a date between %(earliest)s and %(latest)s: check the year.",
            code="implausible",
            params={"earliest": EARLIEST_YEAR, "latest": latest},
        )
