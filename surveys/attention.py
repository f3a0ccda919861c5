"""What surveys put on people's home pages (see `programs.attention`):
- each open survey the person was invited to and has not answered, with its closing date
  (one query; none without a faculty record);
- a facilitator: "low pulse" for people of their division whose relationship pulse scored
  low in the last 60 days, never the answers, and never a person the facilitator mentors
  (the other member of the mentorship never learns of it). One query, none for others."""

import datetime

from django.urls import reverse

from programs.access import Viewer
from programs.attention import Item, Role, register
from surveys.selectors.runs import low_pulses_for, waiting_for


@register
def surveys_waiting(viewer: Viewer, on: datetime.date) -> list[Item]:
    if viewer.faculty is None:
        return []
    return [Item(role=Role.MENTEE, on=on, since=run.opens_on,
                 urgent=(run.closes_on - on).days <= 3,
                 text=f"Survey waiting: {run.title} (until {run.closes_on:%d %b})",
                 url=reverse("surveys:answer", args=[run.pk]))
            for run in waiting_for(viewer.faculty, on)]


@register
def low_pulses(viewer: Viewer, on: datetime.date) -> list[Item]:
    if not viewer.facilitated_division_ids or viewer.faculty is None:
        return []
    return [Item(role=Role.FACILITATOR, on=on, since=follow_up.raised_on, urgent=True,
                 text=f"Low pulse: check in with {follow_up.person.full_name}",
                 url=reverse("programs:faculty_detail", args=[follow_up.person_id]))
            for follow_up in low_pulses_for(viewer.faculty, viewer.facilitated_division_ids,
                                            on)]
