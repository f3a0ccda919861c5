"""The calendar invitation: a METHOD:REQUEST file that Outlook and Google import."""

import datetime

from django.urls import reverse
from icalendar import Calendar

from tests.checkins.factories import PlannedMeetingFactory


def download(client, world, login) -> tuple:
    planned = PlannedMeetingFactory(mentorship=world.mentorship, agenda="Grant aims\nPromotion")
    login(world.mentor)
    response = client.get(reverse("checkins:planned_ics", kwargs={"pk": planned.pk}))
    return planned, response


def test_the_download_is_a_calendar_attachment(client, world, login):
    _, response = download(client, world, login)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert 'filename="invite.ics"' in response["Content-Disposition"]


def test_the_invitation_parses_and_carries_what_calendars_need(client, world, login):
    planned, response = download(client, world, login)
    calendar = Calendar.from_ical(response.content)
    assert calendar["METHOD"] == "REQUEST"
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert str(event["UID"]) == planned.uid
    assert int(event["SEQUENCE"]) == 0
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.utcoffset() == datetime.timedelta(0)  # UTC
    assert start == planned.starts_at
    assert end - start == datetime.timedelta(minutes=45)
    assert event.decoded("DTSTAMP").utcoffset() == datetime.timedelta(0)
    assert "Mentee Tester" in str(event["SUMMARY"])
    assert str(event["DESCRIPTION"]) == "Grant aims\nPromotion"
    assert str(event["ORGANIZER"]) == "mailto:mentor@test.example"
    attendees = sorted(str(a) for a in event["ATTENDEE"])
    assert attendees == ["mailto:mentee@test.example", "mailto:mentor@test.example"]


def test_the_raw_file_uses_utc_times_and_crlf_lines(client, world, login):
    _, response = download(client, world, login)
    text = response.content.decode()
    assert "\r\n" in text
    assert any(line.startswith("DTSTART:") and line.endswith("Z")
               for line in text.split("\r\n"))
