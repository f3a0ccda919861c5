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


def ics_method(planned: PlannedMeeting) -> str:
    """REQUEST adds or updates the event; CANCEL removes it (RFC 5546)."""
    return "CANCEL" if planned.is_cancelled else "REQUEST"


def invitation_ics(planned: PlannedMeeting) -> bytes:
    """METHOD:REQUEST with a stable UID and SEQUENCE, times in UTC, so Outlook and Google
    Calendar import it and update it in place when it changes; a cancelled meeting is
    the same event with METHOD:CANCEL and STATUS:CANCELLED, one SEQUENCE higher."""
    mentorship = planned.mentorship
    organizer = planned.created_by or mentorship.mentor
    start = planned.starts_at.astimezone(datetime.UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", ics_method(planned))
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
    if planned.video_link:
        # LOCATION is what calendars show and make clickable; URL is the standard field.
        event.add("location", planned.video_link)
        event.add("url", planned.video_link)
    else:
        event.add("location", planned.get_mode_display())
    event.add("status", "CANCELLED" if planned.is_cancelled else "CONFIRMED")
    event.add("organizer", _address(organizer))
    for person in (mentorship.mentee, mentorship.mentor):
        event.add("attendee", _address(person, role="REQ-PARTICIPANT"), encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def invitation_email(planned: PlannedMeeting) -> tuple[str, str]:
    """Subject and body of the email that carries the invitation (or its cancellation).

    Mailboxes, like calendars, are often read by assistants: the agenda only if the
    planner opted in; the video link, which both of them need to join, always."""
    mentorship = planned.mentorship
    start = timezone.localtime(planned.starts_at)
    when = f"{start:%A %d %B %Y at %H:%M}"
    pair = f"{mentorship.mentee.full_name} and {mentorship.mentor.full_name}"
    if planned.is_cancelled:
        return (f"Cancelled: mentorship meeting on {start:%A %d %B, %H:%M}",
                f"The meeting of {pair} on {when} is cancelled.\n\n"
                "The attached file removes it from your calendar.")
    details = (f"({planned.duration_minutes} minutes, "
               f"{planned.get_mode_display().lower()})")
    if planned.sequence:
        subject = f"Changed: mentorship meeting on {start:%A %d %B, %H:%M}"
        lines = [f"The meeting of {pair} has changed. It is now on {when} {details}.", "",
                 "The attached invitation updates it in your calendar."]
    else:
        subject = f"Mentorship meeting on {start:%A %d %B, %H:%M}"
        lines = [f"{pair} meet on {when} {details}.", "",
                 "The attached invitation adds it to your calendar."]
    if planned.video_link:
        lines += ["", f"Video link: {planned.video_link}"]
    if planned.invitation_agenda:
        lines += ["", "Agenda:", planned.invitation_agenda]
    return subject, "\n".join(lines)
