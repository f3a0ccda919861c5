"""Calendar invitations (RFC 5545) built with the icalendar library."""

import datetime

from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from checkins.models import PlannedMeeting
from programs.notifications import absolute_url

PRODID = "-//Faculty Mentorship Program//Meetings//EN"
NO_AGENDA = "Mentorship meeting. Details for the two of you are on the mentorship page: {link}"


def _address(person, role: str | None = None) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["cn"] = vText(person.full_name)
    if role:
        address.params["role"] = vText(role)
        address.params["partstat"] = vText("NEEDS-ACTION")
        address.params["rsvp"] = vText("TRUE")
    return address


def invitation_ics(planned: PlannedMeeting) -> bytes:
    """METHOD:REQUEST with a stable UID and SEQUENCE, times in UTC, so Outlook and Google
    Calendar import it and update it in place when it changes."""
    mentorship = planned.mentorship
    organizer = planned.created_by or mentorship.mentor
    start = planned.starts_at.astimezone(datetime.UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "REQUEST")
    event = Event()
    event.add("uid", planned.uid)
    event.add("sequence", planned.sequence)
    event.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    event.add("dtstart", start)
    event.add("dtend", start + datetime.timedelta(minutes=planned.duration_minutes))
    event.add("summary", f"Mentorship meeting: {mentorship.mentee.full_name} and "
                         f"{mentorship.mentor.full_name}")
    # The agenda only when opted in; otherwise the same words whether there is an agenda
    # or not, so a calendar's other readers cannot tell.
    event.add("description", planned.invitation_agenda or NO_AGENDA.format(
        link=absolute_url(reverse("checkins:mentorship_detail",
                                  kwargs={"pk": mentorship.pk}))))
    event.add("location", planned.get_mode_display())
    event.add("status", "CONFIRMED")
    event.add("organizer", _address(organizer))
    for person in (mentorship.mentee, mentorship.mentor):
        event.add("attendee", _address(person, role="REQ-PARTICIPANT"), encode=0)
    calendar.add_component(event)
    return calendar.to_ical()
