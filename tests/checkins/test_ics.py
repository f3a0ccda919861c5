"""The calendar invitation: a METHOD:REQUEST file that Outlook and Google import."""

import datetime
import re
import uuid
from unittest import mock

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from checkins.models import PlannedMeeting
from checkins.tasks import send_invitations
from tests.checkins.factories import PlannedMeetingFactory


def download(client, world, login, **fields) -> tuple:
    fields = {"agenda": "Grant aims\nPromotion", "agenda_in_invitation": True, **fields}
    planned = PlannedMeetingFactory(mentorship=world.mentorship, **fields)
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


# --- The agenda goes into calendars and invitation emails only when asked for -----------

SECRET_AGENDA = "How to leave this division (planted-agenda-5d1e)"


def description(response) -> str:
    return str(next(iter(Calendar.from_ical(response.content).walk("VEVENT")))["DESCRIPTION"])


def test_without_the_opt_in_the_invitation_carries_no_agenda(client, world, login):
    planned, response = download(client, world, login, agenda=SECRET_AGENDA,
                                 agenda_in_invitation=False)
    assert "planted-agenda-5d1e" not in response.content.decode()
    text = description(response)
    assert "mentorship page" in text
    assert reverse("checkins:mentorship_detail", kwargs={"pk": world.mentorship.pk}) in text


def test_an_invitation_without_an_agenda_reads_the_same_as_one_with_a_withheld_agenda(
        client, world, login):
    _, withheld = download(client, world, login, agenda=SECRET_AGENDA,
                           agenda_in_invitation=False)
    _, empty = download(client, world, login, agenda="", agenda_in_invitation=True)
    assert description(withheld) == description(empty)


def test_with_the_opt_in_the_invitation_carries_the_agenda(client, world, login):
    _, response = download(client, world, login, agenda=SECRET_AGENDA)
    assert description(response) == SECRET_AGENDA


def plan(client, world, login, capture, **extra):
    login(world.mentor)
    starts = (timezone.localtime() + datetime.timedelta(days=5)).strftime("%Y-%m-%dT10:00")
    data = {"starts_at": starts, "duration_minutes": "30", "mode": "video",
            "agenda": SECRET_AGENDA, "submission_token": str(uuid.uuid4()), **extra}
    with mock.patch("checkins.tasks.send_invitations.delay") as delay, capture(execute=True):
        response = client.post(reverse("checkins:planned_new",
                                       kwargs={"pk": world.mentorship.pk}), data)
    assert response.status_code == 302
    planned = PlannedMeeting.objects.get(submission_token=data["submission_token"])
    delay.assert_called_once_with(planned.pk)
    send_invitations(planned.pk)  # what the worker does with the queued task
    return planned


def test_the_form_leaves_the_agenda_out_of_the_invitation_email_by_default(
        client, world, login, django_capture_on_commit_callbacks):
    planned = plan(client, world, login, django_capture_on_commit_callbacks)
    assert planned.agenda == SECRET_AGENDA and not planned.agenda_in_invitation
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "planted-agenda-5d1e" not in message.body
        ics = message.attachments[0][1]
        ics = ics.decode() if isinstance(ics, bytes) else ics
        assert "planted-agenda-5d1e" not in ics
    # The two members still see it on the mentorship page, with where it went.
    page = client.get(reverse("checkins:mentorship_detail", kwargs={"pk": world.mentorship.pk}))
    body = page.content.decode()
    assert SECRET_AGENDA in body and "not in the calendar invitation" in body


def test_ticking_the_box_puts_the_agenda_in_the_email_and_the_invitation(
        client, world, login, django_capture_on_commit_callbacks):
    planned = plan(client, world, login, django_capture_on_commit_callbacks,
                   agenda_in_invitation="on")
    assert planned.agenda_in_invitation
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert SECRET_AGENDA in message.body
        ics = message.attachments[0][1]
        ics = ics.decode() if isinstance(ics, bytes) else ics
        assert "planted-agenda-5d1e" in ics


def test_the_plan_form_shows_the_opt_in_unticked(client, world, login):
    login(world.mentee)
    html = client.get(reverse("checkins:planned_new",
                              kwargs={"pk": world.mentorship.pk})).content.decode()
    assert re.search(r'<input type="checkbox" name="agenda_in_invitation"[^>]*>', html)
    assert not re.search(r'name="agenda_in_invitation"[^>]*\bchecked\b', html)


def test_leaders_never_see_the_agenda_on_the_mentorship_page(client, world, login):
    PlannedMeetingFactory(mentorship=world.mentorship, agenda=SECRET_AGENDA,
                          agenda_in_invitation=True)
    for persona in ("director", "facilitator", "vicechair", "admin"):
        login(world.person(persona))
        page = client.get(reverse("checkins:mentorship_detail",
                                  kwargs={"pk": world.mentorship.pk}))
        assert "planted-agenda-5d1e" not in page.content.decode(), persona
