import itertools
import re
import textwrap
from datetime import timedelta

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def in_words(duration: timedelta) -> str:
    """A duration as people say it: "30 minutes", "1 hour", "2 hours 15 minutes"."""
    minutes = round(duration.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    if minutes or not hours:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts)


LONG_RUN = re.compile(r"(\S{17,})")


@register.filter
def wrap_long(value) -> str:
    """A name as text, with a possible line break every 8 characters inside any run of 17 or
    more without a space: an unbroken name wraps in a narrow table; ordinary words never
    break mid-word."""
    pieces = LONG_RUN.split(str(value))  # odd pieces are the long runs
    return mark_safe(
        "".join(
            "<wbr>".join(conditional_escape(c) for c in textwrap.wrap(piece, 8))
            if odd
            else conditional_escape(piece)
            for odd, piece in zip(itertools.cycle([False, True]), pieces, strict=False)
        )
    )


@register.filter
def tel_href(phone: str) -> str:
    """A phone number as a link's address: a URL may hold no spaces (07700 900301 as typed)."""
    return "tel:" + "".join(c for c in str(phone) if c.isdigit() or c == "+")
