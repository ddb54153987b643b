"""Template helpers for the monitoring reports."""

from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.simple_tag
def number_cells(values):
    """A table row's numbers, right-aligned, "–" for none: one tag for a row of a year of
    months, so that 100 sites side by side render quickly."""
    return format_html_join(
        "", '<td class="text-end">{}</td>', (("–" if v is None else v,) for v in values)
    )
