"""Meetings, planned meetings and private notes: every input bounded before anything is
written, and nothing saved silently wrong (issue 7, sections 5 and 7)."""

import datetime
import uuid
from html import unescape

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from checkins.forms.meetings import MeetingForm, PrivateNoteForm
from checkins.forms.planned import PlannedMeetingForm
from checkins.models import ActionItem, Meeting, PlannedMeeting, PrivateNote
from checkins.services import MeetingError
from checkins.services import meetings as meeting_services
from checkins.services import planned as planned_services
from programs.validators import text_problem
from tests.checkins.factories import MeetingFactory, PlannedMeetingFactory, PrivateNoteFactory
from tests.inputs import (
    FUZZ,
    data_for,
    dates,
    datetimes,
    mostly,
    numbers,
    post_raw,
    refused,
    row_counts,
)

TODAY = datetime.date.today()


def meeting_url(world) -> str:
    return reverse("checkins:meeting_new", kwargs={"pk": world.mentorship.pk})


def planned_url(world) -> str:
    return reverse("checkins:planned_new", kwargs={"pk": world.mentorship.pk})


def note_url(meeting) -> str:
    return reverse("checkins:private_note", kwargs={"pk": meeting.pk})


def meeting_data(**overrides) -> dict:
    data = {"held_on": TODAY.isoformat(), "duration_minutes": "60", "mode": "in_person",
            "shared_summary": "We reworked aim two", "action_items": "Send aims\nBook room",
            "private_note": "", "submission_token": str(uuid.uuid4())}
    return {**data, **overrides}


def planned_data(**overrides) -> dict:
    starts = (timezone.localtime() + datetime.timedelta(days=5)).strftime("%Y-%m-%dT10:00")
    data = {"starts_at": starts, "duration_minutes": "45", "mode": "video", "agenda": "Aims",
            "submission_token": str(uuid.uuid4())}
    return {**data, **overrides}


def meeting_rows() -> dict:
    return row_counts(Meeting, ActionItem, PrivateNote)


# --- Sizes: refused with a message, never cut ---------------------------------------


def test_an_action_item_over_500_characters_is_refused_not_cut(client, world, login):
    login(world.mentee)
    long_item = "Draft the aims " + "x" * 600
    response = client.post(meeting_url(world), meeting_data(action_items=f"Short\n{long_item}"))
    assert response.status_code == 200
    assert "Action item 2 has 615 characters" in response.context["form"].errors[
        "action_items"][0]
    assert long_item in response.content.decode()  # what was typed is kept, all of it
    assert meeting_rows() == {"Meeting": 0, "ActionItem": 0, "PrivateNote": 0}


def test_more_than_30_action_items_are_refused(client, world, login):
    login(world.mentee)
    items = "\n".join(f"Item {n}" for n in range(31))
    response = client.post(meeting_url(world), meeting_data(action_items=items))
    assert response.status_code == 200
    assert "There are 31 action items: keep it to 30 or fewer" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_summary_of_a_megabyte_is_refused_with_its_size(client, world, login):
    login(world.mentee)
    response = client.post(meeting_url(world), meeting_data(shared_summary="a" * 1_000_000))
    assert response.status_code == 200
    assert ("Keep this to 2000 characters or fewer (it has 1000000)"
            in response.context["form"].errors["shared_summary"][0])
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(("field", "value", "message"), [
    ("shared_summary", "Aims\x01two", "an invisible control character (U+0001) after “Aims”"),
    ("shared_summary", "Aims \u202eowt", "turns the direction of the text"),
    ("private_note", "\u200b\u200b", "only invisible characters"),
    ("action_items", "Book room\nSend\x00aims", "U+0000) on line 2, after “Send”"),
])
def test_control_and_invisible_characters_are_refused_where_they_are(
        client, world, login, field, value, message):
    login(world.mentee)
    response = client.post(meeting_url(world), meeting_data(**{field: value}))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not Meeting.objects.exists()


def test_the_service_refuses_what_the_form_would(world):
    for kwargs, code in [({"action_items": ["x" * 501]}, "too_long"),
                         ({"action_items": ["a"] * 31}, "too_many_items"),
                         ({"shared_summary": "a\x00b"}, "bad_text")]:
        with pytest.raises(MeetingError) as error:
            meeting_services.meeting_log(mentorship=world.mentorship, by=world.mentee,
                                 submission_token=uuid.uuid4(), held_on=TODAY,
                                 duration_minutes=60, mode="video", **kwargs)
        assert error.value.code == code
    assert not Meeting.objects.exists()


# --- Dates --------------------------------------------------------------------------


@pytest.mark.parametrize("starts_at", ["9999-12-31T23:30", "2200-01-01T00:00"])
def test_a_planned_meeting_at_the_end_of_time_is_refused_and_the_page_still_opens(
        client, world, login, starts_at):
    login(world.mentor)
    response = client.post(planned_url(world), planned_data(starts_at=starts_at))
    assert response.status_code == 200
    assert "Plan a meeting within the next two years" in response.context["form"].errors[
        "starts_at"][0]
    assert starts_at in response.content.decode()
    assert not PlannedMeeting.objects.exists()
    page = reverse("checkins:mentorship_detail", kwargs={"pk": world.mentorship.pk})
    assert client.get(page).status_code == 200


def test_a_planned_meeting_may_be_two_years_ahead_but_no_further(world):
    near = timezone.now() + datetime.timedelta(days=700)
    form = PlannedMeetingForm(planned_data(
        starts_at=timezone.localtime(near).strftime("%Y-%m-%dT%H:%M")),
        mentorship=world.mentorship)
    assert form.is_valid(), form.errors
    with pytest.raises(MeetingError) as error:
        planned_services.planned_meeting_create(
            mentorship=world.mentorship, by=world.mentor, submission_token=uuid.uuid4(),
            starts_at=timezone.now() + datetime.timedelta(days=800), duration_minutes=30,
            mode="video")
    assert error.value.code == "too_far"


def test_the_database_refuses_a_planned_meeting_python_could_not_read_back(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlannedMeetingFactory(mentorship=world.mentorship,
                              starts_at=datetime.datetime(2200, 1, 1, tzinfo=datetime.UTC))


# --- A reused form token ------------------------------------------------------------


def test_a_reused_token_with_different_entries_is_refused_and_the_entries_kept(
        client, world, login):
    login(world.mentee)
    token = str(uuid.uuid4())
    client.post(meeting_url(world), meeting_data(submission_token=token))
    yesterday = (TODAY - datetime.timedelta(days=1)).isoformat()
    response = client.post(meeting_url(world), meeting_data(
        submission_token=token, held_on=yesterday, shared_summary="A different meeting"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "This form already logged the meeting of" in html
    assert "A different meeting" in html
    assert Meeting.objects.count() == 1
    # Pressing the button again logs it: the form came back with a fresh token.
    again = response.context["form"].data.copy()
    assert again["submission_token"] != token
    assert client.post(meeting_url(world), again).status_code == 302
    assert sorted(Meeting.objects.values_list("shared_summary", flat=True)) == [
        "A different meeting", "We reworked aim two"]


def test_a_token_from_someone_elses_meeting_says_nothing_about_that_meeting(
        client, world, login):
    other = MeetingFactory(held_on=TODAY - datetime.timedelta(days=40))
    login(world.mentee)
    response = client.post(meeting_url(world),
                           meeting_data(submission_token=str(other.submission_token)))
    html = response.content.decode()
    assert response.status_code == 200
    assert "This form was already used" in html
    assert f"{other.held_on.day} {other.held_on:%B %Y}" not in html
    assert not Meeting.objects.filter(mentorship=world.mentorship).exists()


def test_the_same_form_sent_twice_logs_one_meeting_and_says_logged(client, world, login):
    login(world.mentee)
    data = meeting_data(private_note="Mine")
    client.post(meeting_url(world), data)
    response = client.post(meeting_url(world), data, follow=True)
    assert "Meeting logged." in response.content.decode()
    assert meeting_rows() == {"Meeting": 1, "ActionItem": 2, "PrivateNote": 1}


# --- The private note ---------------------------------------------------------------


def test_a_note_of_only_spaces_is_refused_and_the_note_kept(client, world, login):
    note = PrivateNoteFactory(meeting__mentorship=world.mentorship, author=world.mentee)
    login(world.mentee)
    response = client.post(note_url(note.meeting), {"body": "   "})
    assert response.status_code == 200
    assert "To delete your note, use “Delete my note”" in response.content.decode()
    assert PrivateNote.objects.get().body == note.body


def test_deleting_the_note_is_asked_for_and_said(client, world, login):
    note = PrivateNoteFactory(meeting__mentorship=world.mentorship, author=world.mentee)
    login(world.mentee)
    page = client.get(note_url(note.meeting)).content.decode()
    assert "Delete my note" in page
    response = client.post(note_url(note.meeting), {"delete": "1"}, follow=True)
    assert "Your private note is deleted." in response.content.decode()
    assert not PrivateNote.objects.exists()
    response = client.post(note_url(note.meeting), {"delete": "1"}, follow=True)
    assert "You had no private note on this meeting; nothing changed." in (
        response.content.decode())


# --- Refusals -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ["checkins:meeting_new", "checkins:planned_new"])
def test_an_ended_mentorship_refuses_with_a_page_that_says_why_and_what_to_do(
        client, world, login, name):
    world.mentorship.end_date = TODAY - datetime.timedelta(days=3)
    world.mentorship.save()
    login(world.mentee)
    response = client.get(reverse(name, kwargs={"pk": world.mentorship.pk}))
    assert response.status_code == 403
    html = unescape(response.content.decode())
    ended = world.mentorship.end_date
    assert f"This mentorship ended on {ended.day} {ended:%B %Y}" in html
    assert "ask your division's Mentorship Facilitator about a new mentorship" in html
    assert 'id="main"' in html and "Sign out" in html  # the app's layout, not a bare 403


# --- Anything at all ----------------------------------------------------------------
# Mostly sensible dates, durations and modes, so that hostile text often meets a form
# that would otherwise accept it; the known cases of the issue are always tried first.

SOON = (timezone.localtime() + datetime.timedelta(days=9)).strftime("%Y-%m-%dT%H:%M")
MEETING_INPUT = data_for(MeetingForm.base_fields, {
    "submission_token": st.uuids().map(str),
    "held_on": mostly(TODAY.isoformat(), dates),
    "duration_minutes": mostly("60", numbers),
    "mode": mostly("video", st.sampled_from(["\x00", "teleport"])),
    "topics": st.just([]),
})
PLANNED_INPUT = data_for(PlannedMeetingForm.base_fields, {
    "submission_token": st.uuids().map(str),
    "starts_at": mostly(SOON, st.one_of(
        st.sampled_from(["9999-12-31T23:30", "9999-12-31T23:59"]), datetimes)),
    "duration_minutes": mostly("45", numbers),
    "mode": mostly("phone", st.just("\x00")),
})


@FUZZ
@example(posted=meeting_data(shared_summary="Aims\x01two", action_items="x" * 501))
@example(posted=meeting_data(action_items="\n".join(["item"] * 31)))
@given(posted=MEETING_INPUT)
def test_the_meeting_form_takes_anything_without_a_5xx_and_writes_only_what_it_shows(
        client, world, login, posted):
    login(world.mentee)
    before = meeting_rows()
    response = post_raw(client, meeting_url(world), posted)
    if refused(response):
        assert meeting_rows() == before
        return
    meeting = Meeting.objects.get(submission_token=posted["submission_token"])
    assert meeting.shared_summary == posted["shared_summary"].strip()
    items = [line.strip() for line in posted["action_items"].splitlines() if line.strip()]
    assert list(meeting.action_items.values_list("text", flat=True)) == items
    for text in [meeting.shared_summary, *items]:
        assert text_problem(text, multiline=True) == ""


@FUZZ
@example(posted=planned_data(starts_at="9999-12-31T23:30"))
@given(posted=PLANNED_INPUT)
def test_the_planned_meeting_form_takes_anything_without_a_5xx(client, world, login, posted):
    login(world.mentor)
    before = PlannedMeeting.objects.count()
    response = post_raw(client, planned_url(world), posted)
    if refused(response):
        assert PlannedMeeting.objects.count() == before
    else:
        planned = PlannedMeeting.objects.get(submission_token=posted["submission_token"])
        assert planned.agenda == posted["agenda"].strip()
    page = reverse("checkins:mentorship_detail", kwargs={"pk": world.mentorship.pk})
    assert client.get(page).status_code == 200


@FUZZ
@example(posted={"body": "   "})
@given(posted=data_for(PrivateNoteForm.base_fields))
def test_the_private_note_takes_anything_without_a_5xx(client, world, login, posted):
    meeting = Meeting.objects.filter(mentorship=world.mentorship).first() or MeetingFactory(
        mentorship=world.mentorship)
    PrivateNote.objects.get_or_create(meeting=meeting, author=world.mentee,
                                      defaults={"body": "Kept"})
    login(world.mentee)
    before = list(PrivateNote.objects.values_list("body", flat=True))
    response = post_raw(client, note_url(meeting), posted)
    if refused(response):
        assert list(PrivateNote.objects.values_list("body", flat=True)) == before
    else:
        assert PrivateNote.objects.get(meeting=meeting, author=world.mentee).body == (
            posted["body"].strip())
