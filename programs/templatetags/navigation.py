"""Breadcrumbs: `{% crumb "Label" "app:url_name" arg %}` links a step on the way back;
`{% crumb "Label" %}` (no URL) is the current page. base.html puts "Home" first."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def crumb(label: str, url_name: str = "", *args) -> str:
    if not url_name:
        return format_html('<li class="breadcrumb-item active" aria-current="page">{}</li>',
                           label)
    return format_html('<li class="breadcrumb-item"><a href="{}">{}</a></li>',
                       reverse(url_name, args=args), label)
