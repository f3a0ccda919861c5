"""Planned meetings change and get cancelled (issue 8, section 6): either member changes or
cancels; the invitation is the same calendar event (same UID) one SEQUENCE higher, sent
again to both once per version; a cancellation is METHOD:CANCEL; a video link goes into
the invitation; a reused form token with different entries is refused truthfully."""

import datetime
import uuid
from html import unescape
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from checkins.models import InvitationSent, PlannedMeeting
from checkins.services import MeetingError
from checkins.services import planned as planned_services
from checkins.tasks import send_invitations, send_missing_invitations
from tests.checkins.factories import PlannedMeetingFactory
from tests.programs.factories import MentorshipFactory

ROOM = "https://video.example.org/j/4815162342?pwd=room-for-two"


def at(days: int, hour: int = 10) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def planned_for(world, **fields) -> PlannedMeeting:
    fields = {"starts_at": at(9), "duration_minutes": 45, "mode": "video", "agenda": "Aims",
              "created_by": world.mentor, **fields}
    return PlannedMeetingFactory(mentorship=world.mentorship, **fields)


def edit_url(planned) -> str:
    return reverse("checkins:planned_edit", kwargs={"pk": planned.pk})


def cancel_url(planned) -> str:
    return reverse("checkins:planned_cancel", kwargs={"pk": planned.pk})


def ics_url(planned) -> str:
    return reverse("checkins:planned_ics", kwargs={"pk": planned.pk})


def page_url(world) -> str:
    return reverse("checkins:mentorship_detail", kwargs={"pk": world.mentorship.pk})


def change_data(planned, **overrides) -> dict:
    data = {"starts_at": local(planned.starts_at),
            "duration_minutes": str(planned.duration_minutes), "mode": planned.mode,
            "video_link": planned.video_link, "agenda": planned.agenda,
            "sequence": str(planned.sequence)}
    if planned.agenda_in_invitation:
        data["agenda_in_invitation"] = "on"
    return {**data, **overrides}


def post_queued(client, url: str, data: dict, capture) -> tuple:
    """POST with the invitation task mocked: (response, planned meeting ids it queued)."""
    with mock.patch("checkins.tasks.send_invitations.delay") as delay, capture(execute=True):
        response = client.post(url, data, follow=True)
    return response, [call.args[0] for call in delay.call_args_list]


def event_of(response):
    calendar = Calendar.from_ical(response.content)
    return calendar, next(iter(calendar.walk("VEVENT")))


# --- Changing ------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["mentee", "mentor"])
def test_either_member_moves_the_meeting_and_both_get_the_same_event_one_version_up(
        client, world, login, persona, django_capture_on_commit_callbacks):
    planned = planned_for(world)
    uid = planned.uid
    login(world.person(persona))
    response, queued = post_queued(client, edit_url(planned), change_data(
        planned, starts_at=local(at(12, 14)), duration_minutes="30"),
        django_capture_on_commit_callbacks)
    assert "Meeting changed. You both get the updated calendar invitation." in unescape(
        response.content.decode())
    planned.refresh_from_db()
    assert planned.starts_at == at(12, 14) and planned.duration_minutes == 30
    assert (planned.uid, planned.sequence) == (uid, 1)
    assert queued == [planned.pk]
    calendar, event = event_of(client.get(ics_url(planned)))
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == uid and int(event["SEQUENCE"]) == 1
    assert event.decoded("DTSTART") == at(12, 14)


def test_the_change_form_opens_on_the_current_version(client, world, login):
    planned = planned_for(world, video_link=ROOM, sequence=3)
    login(world.mentee)
    response = client.get(edit_url(planned))
    form = response.context["form"]
    assert f'value="{local(planned.starts_at)}"' in response.content.decode()
    assert form["video_link"].value() == ROOM
    assert form["sequence"].value() == 3


def test_a_double_submitted_change_makes_one_version_and_says_it_changed(
        client, world, login, django_capture_on_commit_callbacks):
    planned = planned_for(world)
    login(world.mentor)
    data = change_data(planned, starts_at=local(at(15)))
    post_queued(client, edit_url(planned), data, django_capture_on_commit_callbacks)
    response, queued = post_queued(client, edit_url(planned), data,
                                   django_capture_on_commit_callbacks)
    planned.refresh_from_db()
    assert planned.sequence == 1
    assert queued == []
    assert "Meeting changed." in response.content.decode()


def test_saving_without_changing_anything_sends_nothing_and_says_so(
        client, world, login, django_capture_on_commit_callbacks):
    planned = planned_for(world)
    login(world.mentee)
    response, queued = post_queued(client, edit_url(planned), change_data(planned),
                                   django_capture_on_commit_callbacks)
    planned.refresh_from_db()
    assert planned.sequence == 0 and queued == []
    assert "Nothing was changed, so no new invitation was sent." in response.content.decode()


def test_a_change_made_on_an_older_version_is_refused_with_the_entries_kept(
        client, world, login, django_capture_on_commit_callbacks):
    planned = planned_for(world)
    opened = change_data(planned)  # the mentee opens the form on version 0 ...
    planned_services.planned_meeting_change(  # ... and the mentor moves the meeting meanwhile
        planned=planned, by=world.mentor, sequence=0, starts_at=at(20), duration_minutes=45,
        mode="video", agenda="Aims")
    login(world.mentee)
    mine = {**opened, "starts_at": local(at(21, 16)), "agenda": "My own agenda"}
    response = client.post(edit_url(planned), mine)
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "changed by someone else since you opened this page" in html
    assert local(at(21, 16)) in html and "My own agenda" in html
    planned.refresh_from_db()
    assert planned.starts_at == at(20) and planned.sequence == 1
    # The form now stands on the current version: pressing again replaces it.
    assert response.context["form"]["sequence"].value() == "1"
    again, _ = post_queued(client, edit_url(planned), {**mine, "sequence": "1"},
                           django_capture_on_commit_callbacks)
    planned.refresh_from_db()
    assert planned.starts_at == at(21, 16) and planned.sequence == 2


def test_a_meeting_that_has_started_cannot_be_changed_or_cancelled(client, world, login):
    planned = planned_for(world, starts_at=timezone.now() - datetime.timedelta(minutes=5))
    login(world.mentor)
    for url in (edit_url(planned), cancel_url(planned)):
        response = client.get(url)
        assert response.status_code == 403
        assert "already started" in unescape(response.content.decode())


def test_the_service_refuses_a_change_to_the_past(world):
    planned = planned_for(world)
    with pytest.raises(MeetingError) as error:
        planned_services.planned_meeting_change(
            planned=planned, by=world.mentee, sequence=0,
            starts_at=timezone.now() - datetime.timedelta(hours=1), duration_minutes=45,
            mode="video", agenda="Aims")
    assert error.value.code == "past"


def test_someone_outside_the_mentorship_cannot_change_it_through_the_service(world):
    with pytest.raises(MeetingError) as error:
        planned_services.planned_meeting_cancel(planned=planned_for(world), by=world.director)
    assert error.value.code == "not_member"


# --- Cancelling ----------------------------------------------------------------------


def test_cancelling_asks_first_then_sends_a_cancellation_of_the_same_event(
        client, world, login, django_capture_on_commit_callbacks):
    planned = planned_for(world)
    login(world.mentee)
    ask = client.get(cancel_url(planned))
    assert ask.status_code == 200
    assert "Cancel the meeting" in ask.content.decode()
    planned.refresh_from_db()
    assert not planned.is_cancelled  # opening the page cancels nothing
    response, queued = post_queued(client, cancel_url(planned), {},
                                   django_capture_on_commit_callbacks)
    assert "Meeting cancelled." in response.content.decode()
    planned.refresh_from_db()
    assert planned.is_cancelled and planned.sequence == 1 and queued == [planned.pk]
    download = client.get(ics_url(planned))
    assert "method=CANCEL" in download["Content-Type"]
    calendar, event = event_of(download)
    assert calendar["METHOD"] == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == planned.uid and int(event["SEQUENCE"]) == 1


def test_cancelling_twice_sends_one_cancellation(
        client, world, login, django_capture_on_commit_callbacks):
    planned = planned_for(world)
    login(world.mentor)
    post_queued(client, cancel_url(planned), {}, django_capture_on_commit_callbacks)
    response, queued = post_queued(client, cancel_url(planned), {},
                                   django_capture_on_commit_callbacks)
    planned.refresh_from_db()
    assert planned.sequence == 1 and queued == []
    assert "already cancelled" in response.content.decode()


def test_a_cancelled_meeting_stays_on_the_page_as_cancelled_and_cannot_be_changed(
        client, world, login):
    planned = planned_for(world)
    planned_services.planned_meeting_cancel(planned=planned, by=world.mentor)
    login(world.mentee)
    html = client.get(page_url(world)).content.decode()
    entry = html[html.index(f'id="planned-{planned.pk}"'):]
    entry = entry[:entry.index("</li>")]
    assert "Cancelled" in entry and "Cancellation for your calendar (.ics)" in entry
    assert edit_url(planned) not in entry
    response = client.get(edit_url(planned))
    assert response.status_code == 403
    assert "was cancelled" in unescape(response.content.decode())


def test_a_cancelled_meeting_is_not_the_next_meeting_on_the_home_page(client, world, login):
    planned = planned_for(world)
    planned_services.planned_meeting_cancel(planned=planned, by=world.mentor)
    login(world.mentee)
    html = client.get(reverse("home")).content.decode()
    assert "Next meeting with" not in html


# --- The emails, one per member and version --------------------------------------------


def test_each_version_is_emailed_to_both_once_and_a_retry_sends_nothing_more(world):
    planned = planned_for(world, agenda="Promotion dossier", agenda_in_invitation=False)
    send_invitations(planned.pk)
    planned_services.planned_meeting_change(planned=planned, by=world.mentee, sequence=0,
                                    starts_at=at(11), duration_minutes=45, mode="video",
                                    agenda="Promotion dossier", video_link=ROOM)
    send_invitations(planned.pk)
    send_invitations(planned.pk)  # a retry
    planned_services.planned_meeting_cancel(planned=planned, by=world.mentee)
    send_invitations(planned.pk)
    subjects = [message.subject for message in mail.outbox]
    assert len(subjects) == 6
    assert [s.split(":")[0] for s in subjects[2:]] == ["[Mentorship] Changed"] * 2 + [
        "[Mentorship] Cancelled"] * 2
    assert set(InvitationSent.objects.values_list("sequence", flat=True)) == {0, 1, 2}
    changed, cancelled = mail.outbox[2], mail.outbox[4]
    assert ROOM in changed.body
    assert "Promotion dossier" not in changed.body  # the agenda opt-in still holds
    assert changed.attachments[0][2].startswith("text/calendar; method=REQUEST")
    assert cancelled.attachments[0][2].startswith("text/calendar; method=CANCEL")
    ics = cancelled.attachments[0][1]
    assert b"METHOD:CANCEL" in (ics if isinstance(ics, bytes) else ics.encode())


def test_the_catch_up_job_sends_a_recent_change_of_a_meeting_planned_long_ago(world):
    planned = planned_for(world)
    send_invitations(planned.pk)
    PlannedMeeting.objects.filter(pk=planned.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=30),
        changed_at=timezone.now() - datetime.timedelta(days=30))
    planned.refresh_from_db()
    mail.outbox.clear()
    # The broker was down when the mentee moved it: nothing was queued.
    with mock.patch("checkins.services.planned.queue_invitations"):
        planned_services.planned_meeting_change(planned=planned, by=world.mentee, sequence=0,
                                        starts_at=at(13), duration_minutes=45, mode="video",
                                        agenda="Aims")
    assert send_missing_invitations() == 2
    assert all(message.subject.startswith("[Mentorship] Changed") for message in mail.outbox)


# --- The video link ----------------------------------------------------------------------


def test_the_video_link_is_shown_to_the_members_and_carried_by_the_invitation(
        client, world, login):
    planned = planned_for(world, video_link=ROOM)
    login(world.mentee)
    html = client.get(page_url(world)).content.decode()
    assert f'href="{ROOM.replace("&", "&amp;")}"' in html or f'href="{ROOM}"' in html
    _, event = event_of(client.get(ics_url(planned)))
    assert str(event["URL"]) == ROOM and str(event["LOCATION"]) == ROOM


def test_leaders_never_see_the_video_link(client, world, login):
    planned_for(world, video_link=ROOM)
    for persona in ("director", "facilitator", "vicechair", "admin"):
        login(world.person(persona))
        assert "room-for-two" not in client.get(page_url(world)).content.decode(), persona


@pytest.mark.parametrize(("typed", "problem"), [
    ("http://video.example.org/j/1", "https://"),
    ("javascript:alert(1)", "https://"),
    ("ftp://video.example.org/room", "https://"),
    ("https://video.example.org/" + "x" * 500, "500 characters"),
    ("https://video.example.org/j/1\x00", "control character"),
])
def test_a_video_link_that_is_not_https_or_too_long_is_refused_and_kept(
        client, world, login, typed, problem):
    login(world.mentor)
    start = local(at(6))
    response = client.post(reverse("checkins:planned_new", kwargs={"pk": world.mentorship.pk}),
                           {"starts_at": start, "duration_minutes": "30", "mode": "video",
                            "video_link": typed, "agenda": "Keep me",
                            "submission_token": str(uuid.uuid4())})
    assert response.status_code == 200
    assert not PlannedMeeting.objects.exists()
    errors = " ".join(response.context["form"].errors["video_link"])
    assert problem in errors, errors
    assert "Keep me" in response.content.decode()


def test_a_link_typed_without_its_scheme_is_taken_as_https(client, world, login):
    login(world.mentor)
    client.post(reverse("checkins:planned_new", kwargs={"pk": world.mentorship.pk}),
                {"starts_at": local(at(6)), "duration_minutes": "30", "mode": "video",
                 "video_link": "video.example.org/j/77", "submission_token": str(uuid.uuid4())})
    assert PlannedMeeting.objects.get().video_link == "https://video.example.org/j/77"


def test_the_service_refuses_a_link_the_form_would(world):
    with pytest.raises(MeetingError) as error:
        planned_services.planned_meeting_create(
            mentorship=world.mentorship, by=world.mentor, submission_token=uuid.uuid4(),
            starts_at=at(5), duration_minutes=30, mode="video", video_link="http://x.example")
    assert error.value.code == "video_link"


# --- A reused planning form ------------------------------------------------------------------


def new_plan(client, world, **overrides):
    data = {"starts_at": local(at(8)), "duration_minutes": "30", "mode": "phone",
            "agenda": "Grant aims", "submission_token": str(uuid.uuid4()), **overrides}
    return data, client.post(reverse("checkins:planned_new",
                                     kwargs={"pk": world.mentorship.pk}), data)


def test_a_reused_planning_form_with_different_entries_is_refused_and_the_entries_kept(
        client, world, login):
    login(world.mentor)
    data, _ = new_plan(client, world)
    response = client.post(reverse("checkins:planned_new", kwargs={"pk": world.mentorship.pk}),
                           {**data, "starts_at": local(at(30)), "agenda": "Another meeting"})
    assert response.status_code == 200
    assert PlannedMeeting.objects.count() == 1
    html = unescape(response.content.decode())
    assert "This form already planned the meeting of" in html
    assert "Another meeting" in html
    # The form came back with a fresh token: pressing the button again plans it.
    form = response.context["form"]
    assert form["submission_token"].value() != data["submission_token"]
    client.post(reverse("checkins:planned_new", kwargs={"pk": world.mentorship.pk}),
                dict(form.data.items()))
    assert PlannedMeeting.objects.count() == 2


def test_a_reused_planning_form_for_a_meeting_since_cancelled_plans_nothing_silently(
        client, world, login):
    login(world.mentor)
    data, _ = new_plan(client, world)
    planned_services.planned_meeting_cancel(planned=PlannedMeeting.objects.get(), by=world.mentee)
    response = client.post(reverse("checkins:planned_new", kwargs={"pk": world.mentorship.pk}),
                           data)
    assert response.status_code == 200
    assert "already planned the meeting of" in unescape(response.content.decode())


def test_a_token_from_another_mentorships_meeting_says_nothing_about_it(client, world, login):
    other = PlannedMeetingFactory(mentorship=MentorshipFactory(mentee=world.outsider,
                                                               mentor=world.newfaculty),
                                  agenda="Their private plans")
    login(world.mentor)
    _, response = new_plan(client, world, submission_token=str(other.submission_token))
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "This form was already used" in html
    assert "Their private plans" not in html
    assert timezone.localtime(other.starts_at).strftime("%-d %B") not in html
    assert PlannedMeeting.objects.count() == 1
