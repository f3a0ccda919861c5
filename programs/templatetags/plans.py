"""A plan's state as a coloured badge: `{% plan_badge state %}`, or with the status's own
wording, `{% plan_badge plan.status plan.get_status_display "plan-status" %}`.

The colour repeats what the word says (never colour alone); each pairing of text and
background reaches 4.5:1."""

from django import template
from django.utils.html import format_html

from programs.selectors.plans import PLAN_STATES

register = template.Library()

COLOURS = {
    "missing": "text-bg-light border",
    "draft": "text-bg-secondary",
    "submitted": "text-bg-info",
    "returned": "text-bg-warning",
    "approved": "text-bg-success",
    "out_of_date": "text-bg-danger",
}


@register.simple_tag
def plan_badge(state: str, label: str = "", element_id: str = "") -> str:
    return format_html(
        '<span class="badge plan-state plan-state-{} {}"{}>{}</span>',
        state, COLOURS.get(state, "text-bg-secondary"),
        format_html(' id="{}"', element_id) if element_id else "",
        label or PLAN_STATES.get(state, state))
