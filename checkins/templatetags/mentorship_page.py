"""The mentorship page's meetings and action items, written out in Python.

Why not in the template language: a member's page shows every meeting of the mentorship,
each with its action items, and rendering them through templates (an `{% include %}` and
a `{% url %}` for each item, two `{% url %}`s and a few date and number filters for each
meeting) was most of the page's server time (bench/bench_pages.py; README, "Page times").
The same pattern as the roster's rows (programs/templatetags/roster.py). The markup is
what templates/checkins/mentorship_detail.html and _action_item.html wrote before;
tests/checkins/test_views.py and test_mentorship_page.py read it as a person would.

Everything a person wrote (summaries, action items, notes, names) goes through
`format_html` (or Django's own `linebreaks` filter, which escapes); only markup built
here is marked safe.
"""

import datetime
from collections.abc import Callable, Iterable, Sequence

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import linebreaks_filter
from django.utils import timezone
from django.utils.dates import MONTHS, MONTHS_3
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from checkins.models import ActionItem, Meeting, PlannedMeeting
from programs.access import Viewer
from programs.links import url_maker
from programs.models import Mentorship

register = template.Library()


def _day_month_year(day: datetime.date) -> str:
    """What `|date:"j F Y"` writes (3 May 2026), without parsing the format each time."""
    return f"{day.day} {MONTHS[day.month]} {day.year:04d}"


def _day_mon_year(day: datetime.date) -> str:
    """What `|date:"j M Y"` writes (3 May 2026, 3 Sep 2026)."""
    return f"{day.day} {MONTHS_3[day.month].title()} {day.year:04d}"


def _csrf_input(context: template.Context) -> SafeString:
    """What `{% csrf_token %}` writes, read once for the whole list."""
    token = context.get("csrf_token")
    if not token or token == "NOTPROVIDED":
        return mark_safe("")
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', token)


def _action_item(item: ActionItem, toggle: Callable[[int], str], csrf: str) -> SafeString:
    url = toggle(item.pk)
    if item.done:
        state = format_html(
            '<span class="badge text-bg-success">Done</span> <s>{}</s>\n'
            '    <button type="submit" class="btn btn-link btn-sm p-0 ms-1">Reopen</button>',
            item.text)
    else:
        state = format_html(
            '<span class="badge text-bg-secondary">Open</span> {}\n'
            '    <button type="submit" class="btn btn-link btn-sm p-0 ms-1">Mark done</button>',
            item.text)
    return format_html(
        '<li class="action-item" id="action-item-{}">\n'
        '  <form method="post" action="{}" class="d-inline"\n'
        '        hx-post="{}" hx-target="closest li" hx-swap="outerHTML">\n'
        "    {}\n    {}\n  </form>\n</li>",
        item.pk, url, url, csrf, state)


@register.simple_tag(takes_context=True)
def action_item(context: template.Context, item: ActionItem) -> SafeString:
    """One action item with its "Mark done" / "Reopen" button (the button's htmx
    response swaps this `<li>` in again: checkins.views.meetings.action_item_toggle)."""
    return _action_item(item, url_maker("checkins:action_item_toggle"), _csrf_input(context))


@register.simple_tag(takes_context=True)
def meeting_cards(context: template.Context, meetings: Iterable[Meeting],
                  viewer: Viewer) -> SafeString:
    """Each meeting a member sees (checkins.selectors.meetings.meetings_for_member): when
    and how, who logged and confirmed it, topics, the shared summary, its action items
    and the viewer's own private note."""
    csrf = _csrf_input(context)
    toggle = url_maker("checkins:action_item_toggle")
    confirm = url_maker("checkins:meeting_confirm")
    note = url_maker("checkins:private_note")
    viewer_pk = viewer.faculty.pk if viewer.faculty is not None else None
    cards = []
    for meeting in meetings:
        heading = format_html(
            "{} · {} min · {}{}", _day_month_year(meeting.held_on),
            meeting.duration_minutes, meeting.get_mode_display(),
            " · protected time" if meeting.protected_time else "")
        logged_by = meeting.logged_by
        if meeting.is_confirmed:
            confirmed_by = meeting.confirmed_by
            confirmation = format_html(
                '<span class="badge text-bg-success">Confirmed</span> by {}\n        ',
                confirmed_by.full_name if confirmed_by is not None else "")
        elif meeting.logged_by_id != viewer_pk:
            confirmation = format_html(
                '\n        <form method="post" action="{}" class="d-inline">{}\n'
                '          <button type="submit" class="btn btn-sm btn-success">'
                "Confirm this meeting</button></form>\n        ",
                confirm(meeting.pk), csrf)
        else:
            confirmation = mark_safe(
                '<span class="badge text-bg-light">Awaiting confirmation</span>')
        parts = [format_html(
            '<article class="card mb-3 meeting" id="meeting-{}">\n'
            '    <div class="card-body">\n'
            '      <h3 class="h6">{}</h3>\n'
            '      <p class="small text-body-secondary mb-2">Logged by {}.\n'
            "        {}</p>",
            meeting.pk, heading,
            (logged_by.full_name if logged_by is not None else "") or "a former member",
            confirmation)]
        if meeting.topic_names:
            parts.append(format_html('      <p class="mb-2">Topics: {}</p>',
                                     ", ".join(meeting.topic_names)))
        if meeting.shared_summary:
            parts.append(format_html('      <div class="shared-summary">{}</div>',
                                     linebreaks_filter(meeting.shared_summary)))
        if meeting.items:
            items = "".join(f"{_action_item(item, toggle, csrf)}\n" for item in meeting.items)
            parts.append(format_html(
                '      <h4 class="h6">Action items</h4>\n'
                '      <ul class="list-unstyled">{}</ul>', mark_safe(items)))
        if meeting.my_note:
            private = format_html(
                '<p class="small mb-1"><strong>Your private note</strong> (only you see this)</p>\n'
                '        <div class="private-note-body">{}</div>\n'
                '        <a class="small" href="{}">Edit your private note</a>',
                linebreaks_filter(meeting.my_note), note(meeting.pk))
        else:
            private = format_html(
                '<a class="small" href="{}">Add a private note (only you see it)</a>',
                note(meeting.pk))
        parts.append(format_html(
            '      <div class="private-note border-start border-3 ps-2">\n'
            "        {}\n      </div>\n    </div>\n  </article>", private))
        cards.append("\n".join(parts))
    return mark_safe("\n  ".join(cards))


@register.simple_tag
def action_summary_items(items: Iterable[ActionItem]) -> SafeString:
    """The page's list of every action item, each linking to the meeting it came from."""
    lines = []
    for item in items:
        if item.done:
            state = format_html('<span class="badge text-bg-success">Done</span> <s>{}</s>',
                                item.text)
        else:
            state = format_html('<span class="badge text-bg-secondary">Open</span> {}',
                                item.text)
        lines.append(format_html(
            '<li class="mentorship-action-item">\n      {}\n'
            '      <span class="small text-body-secondary">· <a href="#meeting-{}">'
            "meeting of {}</a></span>\n    </li>",
            state, item.meeting_id, _day_mon_year(item.meeting.held_on)))
    return mark_safe("\n    ".join(lines))



@register.simple_tag
def planned_meetings(planned: Sequence[PlannedMeeting], mentorship: Mentorship) -> SafeString:
    """The planned meetings (checkins.selectors.planned.upcoming_planned), each with its
    calendar file, and for one still to come a link to change or cancel it."""
    ics = url_maker("checkins:planned_ics")
    edit = url_maker("checkins:planned_edit")
    cancel = url_maker("checkins:planned_cancel")
    active = mentorship.is_active
    entries = []
    for plan in planned:
        starts_at = timezone.localtime(plan.starts_at)  # as the template's date filter shows it
        if plan.is_cancelled:
            body = format_html(
                '<span class="badge text-bg-secondary">Cancelled</span> <s>{}</s>\n'
                '      · <a href="{}" download>Cancellation for your calendar (.ics)</a>',
                date_filter(starts_at, "l j F Y, H:i"), ics(plan.pk))
        else:
            parts = [format_html(
                "{} · {} min · {}{}\n"
                '      · <a href="{}" download>Add to calendar (.ics)</a>',
                date_filter(starts_at, "l j F Y, H:i"), plan.duration_minutes,
                plan.get_mode_display(),
                mark_safe(' <span class="badge text-bg-light border">changed</span>')
                if plan.sequence else "",
                ics(plan.pk))]
            if plan.video_link:
                parts.append(format_html(
                    '<br><span class="small">Video link: <a href="{}" rel="noopener noreferrer">'
                    "{}</a></span>", plan.video_link, plan.video_link))
            if plan.agenda:
                parts.append(format_html(
                    '<br><span class="small text-body-secondary">Agenda: {}\n        ({})</span>',
                    plan.agenda, "also in the calendar invitation" if plan.agenda_in_invitation
                    else "not in the calendar invitation"))
            if plan.may_change and active:
                when = date_filter(starts_at, "j F Y, H:i")
                parts.append(format_html(
                    '<br><span class="small">\n'
                    '        <a href="{}">Change<span class="visually-hidden"> the meeting of {}'
                    "</span></a> ·\n"
                    '        <a href="{}">Cancel<span class="visually-hidden"> the meeting of {}'
                    "</span></a></span>", edit(plan.pk), when, cancel(plan.pk), when))
            body = mark_safe("\n      ".join(parts))
        entries.append(format_html(
            '<li class="planned-meeting mb-2" id="planned-{}">\n      {}\n    </li>',
            plan.pk, body))
    return mark_safe("\n    ".join(entries))
