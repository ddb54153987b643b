from datetime import timedelta

from django import template

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
