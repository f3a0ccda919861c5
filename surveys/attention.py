"""What surveys put on people's home pages (see `programs.attention`): each open survey the
person was invited to and has not answered, with its closing date. One query, and none for
someone without a faculty record. Nothing about anyone else's answers."""

import datetime

from django.urls import reverse

from programs.access import Viewer
from programs.attention import Item, Role, register
from surveys.selectors.runs import waiting_for


@register
def surveys_waiting(viewer: Viewer, on: datetime.date) -> list[Item]:
    if viewer.faculty is None:
        return []
    return [Item(role=Role.MENTEE, on=on, since=run.opens_on,
                 urgent=(run.closes_on - on).days <= 3,
                 text=f"Survey waiting: {run.title} (until {run.closes_on:%d %b})",
                 url=reverse("surveys:answer", args=[run.pk]))
            for run in waiting_for(viewer.faculty, on)]
