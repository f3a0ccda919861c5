"""The division roster's rows and filter controls, written out in Python.

Why not in the template language: a roster page shows up to 100 people, and rendering
each row, each form control and each `<option>` through templates was most of the page's
server time at 900 faculty (bench/bench_pages.py; README, "Page times"). The markup is what
templates/programs/division_roster.html wrote before; tests/programs/test_division_roster.py
reads it as a person would (labels, the flag, the links).
"""

from collections.abc import Iterable

from django import template
from django.forms import BoundField, ModelChoiceField
from django.forms.utils import flatatt
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from programs.links import url_maker
from programs.selectors.people import RosterRow

register = template.Library()

@register.simple_tag
def roster_rows(rows: Iterable[RosterRow]) -> SafeString:
    profile = url_maker("programs:faculty_detail")
    lines = []
    for row in rows:
        if row.mentors:
            mentors = escape(", ".join(row.mentors))
        elif row.early_career_without_mentor:  # the program promised them one
            mentors = mark_safe('<span class="flag-none">None</span>')
        else:
            mentors = "None"
        lines.append(format_html(
            '<tr><th scope="row"><a href="{}">{}</a></th><td>{} <span class="small '
            'text-body-secondary">({})</span></td><td>{}</td><td>{}</td><td>{}</td>'
            "<td>{}</td><td>{}</td></tr>",
            profile(row.pk), row.full_name, row.stage.label, row.appointment_date.year,
            row.rank, row.position, row.site, mentors, row.status))
    return mark_safe("\n".join(lines))


@register.simple_tag
def filter_field(field: BoundField) -> SafeString:
    """A filter's label and control (a text box or a select), and its errors beside it."""
    widget = field.field.widget
    attrs = {**widget.attrs, **field.build_widget_attrs({}), "id": field.auto_id,
             "name": field.html_name}
    is_select = hasattr(field.field, "choices")
    attrs["class"] = "form-select" if is_select else "form-control"
    errors = ""
    if field.errors:
        attrs["class"] += " is-invalid"
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}-error"
        errors = format_html('<div class="invalid-feedback" id="{}-error">{}</div>',
                             field.auto_id, " ".join(field.errors))
    value = field.value()
    if isinstance(value, list | tuple):  # a CSV filter (the sort): the first value shows
        value = value[0] if value else ""
    value = "" if value is None else str(value)
    label = format_html('<label for="{}" class="form-label">{}</label>', field.auto_id,
                        field.label)
    if not is_select:
        control = format_html('<input type="text"{} value="{}">', flatatt(attrs), value)
    else:
        options = format_html_join("", '<option value="{}"{}>{}</option>', (
            (str(choice), " selected" if str(choice) == value else "", text)
            for choice, text in _choices(field.field)))
        control = format_html("<select{}>{}</select>", flatatt(attrs), options)
    return format_html("{}{}{}", label, control, errors)


def _choices(field) -> Iterable[tuple[object, str]]:
    """A field's choices. A model choice field's are read with a plain query: Django's own
    iterator opens a server-side cursor, three round trips to the database for four sites."""
    if not isinstance(field, ModelChoiceField):
        return field.choices
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    return empty + [(item.pk, field.label_from_instance(item)) for item in field.queryset]
