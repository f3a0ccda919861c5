"""What surveys put on people's home pages (see `programs.attention`):
- each open survey the person was invited to and has not answered, with its closing date
  (one query; none without a faculty record); the exit questions name the mentorship
  they ask about ("Exit questions about your mentorship with X");
- a facilitator: "low pulse" for people of their division whose relationship pulse scored
  low in the last 60 days, never the answers, and never a person the facilitator mentors
  (the other member of the mentorship never learns of it). One query, none for others."""

import datetime

from django.urls import reverse

from programs.access import Viewer
from programs.attention import Item, Role, register
from surveys.models import Invitation
from surveys.models.runs import Audience
from surveys.selectors.runs import invitations_waiting_for, low_pulses_for


def _waiting_text(invitation: Invitation) -> str:
    run = invitation.run
    if run.audience == Audience.EXIT and invitation.mentorship is not None:
        mentorship = invitation.mentorship
        other = (mentorship.mentor if mentorship.mentee_id == invitation.person_id
                 else mentorship.mentee)
        return (f"Exit questions about your mentorship with {other.full_name} "
                f"(anonymous, until {run.closes_on:%d %b})")
    return f"Survey waiting: {run.title} (until {run.closes_on:%d %b})"


@register
def surveys_waiting(viewer: Viewer, on: datetime.date) -> list[Item]:
    if viewer.faculty is None:
        return []
    return [Item(role=Role.MENTEE, on=on,
                 since=max(invitation.run.opens_on, invitation.invited_on),
                 urgent=(invitation.run.closes_on - on).days <= 3,
                 text=_waiting_text(invitation),
                 url=reverse("surveys:answer", args=[invitation.run_id]))
            for invitation in invitations_waiting_for(viewer.faculty, on)]


@register
def low_pulses(viewer: Viewer, on: datetime.date) -> list[Item]:
    if not viewer.facilitated_division_ids or viewer.faculty is None:
        return []
    return [Item(role=Role.FACILITATOR, on=on, since=follow_up.raised_on, urgent=True,
                 text=f"Low pulse: check in with {follow_up.person.full_name}",
                 url=reverse("programs:faculty_detail", args=[follow_up.person_id]))
            for follow_up in low_pulses_for(viewer.faculty, viewer.facilitated_division_ids,
                                            on)]
