"""The mentorship page, logging, confirming and notes: validation and confidentiality."""

import datetime
import uuid
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import escape

from checkins.forms.meetings import MeetingForm
from checkins.models import ActionItem, Meeting, PlannedMeeting, PrivateNote
from tests.checkins.factories import ActionItemFactory, MeetingFactory, PrivateNoteFactory

SECRET = "my confidential worry about the division"
SUMMARY = "Shared: we reworked aim two"


def meeting_url(world) -> str:
    return reverse("checkins:meeting_new", kwargs={"pk": world.mentorship.pk})


def page_url(world) -> str:
    return reverse("checkins:mentorship_detail", kwargs={"pk": world.mentorship.pk})


def form_data(**overrides) -> dict:
    data = {"held_on": datetime.date.today().isoformat(), "duration_minutes": "60",
            "mode": "in_person", "shared_summary": SUMMARY, "action_items": "Send aims\nBook room",
            "private_note": SECRET, "submission_token": str(uuid.uuid4())}
    data.update(overrides)
    return data


def test_the_form_defaults_to_today_an_hour_in_person(client, world, login):
    login(world.mentee)
    form = client.get(meeting_url(world)).context["form"]
    assert form["held_on"].value() == datetime.date.today()
    assert form["duration_minutes"].value() == 60
    assert form["mode"].value() == "in_person"


def test_either_member_logs_a_meeting(client, world, login):
    login(world.mentor)
    response = client.post(meeting_url(world), form_data())
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.logged_by == world.mentor
    assert list(meeting.action_items.values_list("text", flat=True)) == ["Send aims", "Book room"]
    assert PrivateNote.objects.get().author == world.mentor


def test_a_double_submitted_form_creates_one_meeting(client, world, login):
    login(world.mentee)
    data = form_data()
    client.post(meeting_url(world), data)
    client.post(meeting_url(world), data)
    assert Meeting.objects.count() == 1
    assert ActionItem.objects.count() == 2


@pytest.mark.parametrize(("field", "value"), [
    ("held_on", (datetime.date.today() + datetime.timedelta(days=2)).isoformat()),
    ("duration_minutes", "-30"),
    ("duration_minutes", "0"),
])
def test_bad_input_is_refused_and_what_was_typed_is_kept(client, world, login, field, value):
    login(world.mentee)
    response = client.post(meeting_url(world), form_data(**{field: value}))
    assert response.status_code == 200
    assert not Meeting.objects.exists()
    form = response.context["form"]
    assert field in form.errors
    html = response.content.decode()
    assert SUMMARY in html and SECRET in html and value in html


def test_the_mentor_never_sees_the_mentees_private_note(client, world, login):
    meeting = MeetingFactory(mentorship=world.mentorship, shared_summary=SUMMARY)
    PrivateNoteFactory(meeting=meeting, author=world.mentee, body=SECRET)
    login(world.mentor)
    html = client.get(page_url(world)).content.decode()
    assert SUMMARY in html
    assert SECRET not in html
    note_page = client.get(reverse("checkins:private_note", kwargs={"pk": meeting.pk}))
    assert SECRET not in note_page.content.decode()


def test_the_author_sees_their_own_private_note(client, world, login):
    meeting = MeetingFactory(mentorship=world.mentorship)
    PrivateNoteFactory(meeting=meeting, author=world.mentee, body=SECRET)
    login(world.mentee)
    assert SECRET in client.get(page_url(world)).content.decode()


@pytest.mark.parametrize("persona", ["director", "facilitator", "vicechair", "admin"])
def test_leaders_see_dates_and_modes_but_never_summaries_action_items_or_notes(
        client, world, login, persona):
    meeting = MeetingFactory(mentorship=world.mentorship, shared_summary=SUMMARY,
                             mode="video")
    ActionItemFactory(meeting=meeting, text="Confidential action")
    PrivateNoteFactory(meeting=meeting, author=world.mentee, body=SECRET)
    PrivateNoteFactory(meeting=meeting, author=world.mentor, body="mentor's own thoughts")
    login(world.person(persona))
    response = client.get(page_url(world))
    html = response.content.decode()
    assert response.status_code == 200
    assert meeting.held_on.strftime("%-d %b %Y") in html and "Video" in html
    for hidden in (SUMMARY, SECRET, "Confidential action", "mentor's own thoughts"):
        assert hidden not in html and escape(hidden) not in html
    assert "meetings" in response.context and not response.context["is_member"]
    assert not hasattr(response.context["meetings"][0], "shared_summary")


def test_the_other_member_confirms_and_adds_a_private_note(client, world, login):
    meeting = MeetingFactory(mentorship=world.mentorship, logged_by=world.mentee)
    login(world.mentor)
    client.post(reverse("checkins:meeting_confirm", kwargs={"pk": meeting.pk}))
    client.post(reverse("checkins:private_note", kwargs={"pk": meeting.pk}),
                {"body": "Mentor's note"})
    meeting.refresh_from_db()
    assert meeting.confirmed_by == world.mentor
    assert PrivateNote.objects.get(meeting=meeting).author == world.mentor


def test_toggling_an_action_item_with_htmx_returns_the_item(client, world, login):
    item = ActionItemFactory(meeting=MeetingFactory(mentorship=world.mentorship))
    login(world.mentor)
    url = reverse("checkins:action_item_toggle", kwargs={"pk": item.pk})
    response = client.post(url, headers={"HX-Request": "true"})
    assert response.status_code == 200 and "Reopen" in response.content.decode()
    item.refresh_from_db()
    assert item.done and item.done_at
    client.post(url)
    item.refresh_from_db()
    assert not item.done and item.done_at is None


def test_the_mentees_home_page_shows_cadence_and_links_the_mentorship(client, world, login):
    login(world.mentee)
    html = client.get(reverse("home")).content.decode()
    assert page_url(world) in html
    assert 'data-testid="home-cadence"' in html


def test_planning_a_meeting_in_the_past_is_refused(client, world, login):
    login(world.mentor)
    url = reverse("checkins:planned_new", kwargs={"pk": world.mentorship.pk})
    response = client.post(url, {"starts_at": "2020-01-01T10:00", "duration_minutes": "30",
                                 "mode": "video", "agenda": "Keep me"})
    assert response.status_code == 200 and "Keep me" in response.content.decode()


def test_django_admin_never_shows_or_searches_a_private_note_body(client, world):
    PrivateNoteFactory(meeting=MeetingFactory(mentorship=world.mentorship), body=SECRET)
    superuser = get_user_model().objects.create_superuser(email="root@test.example",
                                                          password="x-long-pass-2026")
    client.force_login(superuser)
    changelist = reverse("admin:checkins_privatenote_changelist")
    assert SECRET not in client.get(changelist).content.decode()
    searched = client.get(changelist, {"q": "confidential"})
    assert searched.status_code == 200
    assert "0 private notes" in searched.content.decode() or SECRET not in searched.content.decode()
    assert searched.context["cl"].result_count == 0
    change = reverse("admin:checkins_privatenote_change",
                     args=[PrivateNote.objects.get().pk])
    assert SECRET not in client.get(change).content.decode()


def test_the_leader_page_never_reads_summaries_action_items_or_notes(client, world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    PrivateNoteFactory(meeting=MeetingFactory(mentorship=world.mentorship), body=SECRET)
    login(world.director)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(page_url(world)).status_code == 200
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert "checkins_meeting" in sql
    for forbidden in ("shared_summary", "checkins_privatenote", "checkins_actionitem"):
        assert forbidden not in sql
    # Only the agreement's flags are read (programs.selectors.agreements.agreement_flags).
    for content in ("goals", "meeting_plan", "confidentiality", "raising_concerns"):
        assert f'"programs_mentorshipagreement"."{content}"' not in sql


def planned_url(world) -> str:
    return reverse("checkins:planned_new", kwargs={"pk": world.mentorship.pk})


def test_the_plan_form_carries_a_hidden_submission_token(client, world, login):
    login(world.mentor)
    html = client.get(planned_url(world)).content.decode()
    assert 'type="hidden" name="submission_token"' in html


def test_a_double_submitted_plan_form_creates_one_planned_meeting_and_invites_once(
        client, world, login, django_capture_on_commit_callbacks):
    login(world.mentor)
    starts = (datetime.datetime.now() + datetime.timedelta(days=5)).strftime("%Y-%m-%dT10:00")
    data = {"starts_at": starts, "duration_minutes": "30", "mode": "video", "agenda": "Aims",
            "submission_token": str(uuid.uuid4())}
    with mock.patch("checkins.tasks.send_invitations.delay") as delay, \
            django_capture_on_commit_callbacks(execute=True):
        assert client.post(planned_url(world), data).status_code == 302
        assert client.post(planned_url(world), data).status_code == 302
    assert PlannedMeeting.objects.count() == 1
    delay.assert_called_once_with(PlannedMeeting.objects.get().pk)


def test_a_meeting_before_the_mentorship_started_is_refused_and_what_was_typed_is_kept(
        client, world, login):
    login(world.mentee)
    before = (world.mentorship.start_date - datetime.timedelta(days=1)).isoformat()
    response = client.post(meeting_url(world), form_data(held_on=before))
    assert response.status_code == 200
    assert not Meeting.objects.exists()
    assert "started on" in response.context["form"].errors["held_on"][0]
    html = response.content.decode()
    assert SUMMARY in html and SECRET in html and before in html


def test_the_meeting_form_refuses_a_date_after_the_mentorship_ended(world):
    world.mentorship.end_date = datetime.date.today() - datetime.timedelta(days=30)
    after = world.mentorship.end_date + datetime.timedelta(days=1)
    form = MeetingForm(form_data(held_on=after.isoformat()), mentorship=world.mentorship)
    assert not form.is_valid()
    assert "ended on" in form.errors["held_on"][0]
    on_the_last_day = MeetingForm(form_data(held_on=world.mentorship.end_date.isoformat()),
                                  mentorship=world.mentorship)
    assert on_the_last_day.is_valid(), on_the_last_day.errors


@pytest.mark.parametrize("persona", ["mentee", "mentor", "director"])
def test_an_ended_mentorship_shows_that_it_ended_instead_of_a_cadence(
        client, world, login, persona):
    # Five years without a meeting would be "Behind" if it were still counted.
    world.mentorship.start_date = datetime.date.today() - datetime.timedelta(days=5 * 365)
    world.mentorship.end_date = datetime.date.today() - datetime.timedelta(days=3)
    world.mentorship.save()
    login(world.person(persona))
    response = client.get(page_url(world))
    html = response.content.decode()
    assert response.context["cadence"] is None
    assert 'data-testid="cadence-ended"' in html and 'data-testid="cadence"' not in html
    assert "Behind" not in html and "On track" not in html
    assert "ended on " + world.mentorship.end_date.strftime("%-d %b %Y") in html


def test_a_mentorship_ending_later_still_shows_its_cadence(client, world, login):
    world.mentorship.end_date = datetime.date.today() + datetime.timedelta(days=30)
    world.mentorship.save()
    login(world.mentee)
    assert 'data-testid="cadence"' in client.get(page_url(world)).content.decode()


def test_the_members_see_every_action_item_open_first_with_its_meeting_date(
        client, world, login):
    old = MeetingFactory(mentorship=world.mentorship,
                         held_on=datetime.date.today() - datetime.timedelta(days=90))
    recent = MeetingFactory(mentorship=world.mentorship,
                            held_on=datetime.date.today() - datetime.timedelta(days=5))
    ActionItemFactory(meeting=old, text="Old open item")
    ActionItemFactory(meeting=old, text="Old done item", done=True)
    ActionItemFactory(meeting=recent, text="Recent done item", done=True)
    ActionItemFactory(meeting=recent, text="Recent open item")
    login(world.mentor)
    response = client.get(page_url(world))
    assert [item.text for item in response.context["action_items"]] == [
        "Recent open item", "Old open item", "Recent done item", "Old done item"]
    html = response.content.decode()
    section = html[html.index('data-testid="all-action-items"'):]
    section = section[:section.index("</section>")]
    assert "2 open, 2 done" in section
    assert section.index("Old open item") < section.index("Recent done item")
    assert old.held_on.strftime("%-d %b %Y") in section
    assert recent.held_on.strftime("%-d %b %Y") in section


def test_the_other_member_is_offered_the_confirm_button_with_a_csrf_token(client, world, login):
    meeting = MeetingFactory(mentorship=world.mentorship, logged_by=world.mentee)
    confirm = reverse("checkins:meeting_confirm", kwargs={"pk": meeting.pk})
    login(world.mentor)
    html = client.get(page_url(world)).content.decode()
    form = html[html.index(f'action="{confirm}"'):]
    form = form[:form.index("</form>")]
    assert 'name="csrfmiddlewaretoken"' in form and "Confirm this meeting" in form
    assert f"Logged by {world.mentee.full_name}." in html
    login(world.mentee)  # who logged it waits for the other
    html = client.get(page_url(world)).content.decode()
    assert confirm not in html and "Awaiting confirmation" in html


def test_a_confirmed_meeting_names_who_confirmed_it(client, world, login):
    MeetingFactory(mentorship=world.mentorship, logged_by=world.mentee,
                   confirmed_by=world.mentor, confirmed_at=datetime.datetime.now(datetime.UTC))
    login(world.mentee)
    html = client.get(page_url(world)).content.decode()
    assert f"Confirmed</span> by {world.mentor.full_name}" in html
    assert "Awaiting confirmation" not in html and "Confirm this meeting" not in html


def test_a_meeting_whose_author_left_says_a_former_member_logged_it(client, world, login):
    MeetingFactory(mentorship=world.mentorship, logged_by=None)
    login(world.mentee)
    assert "Logged by a former member." in client.get(page_url(world)).content.decode()


def test_what_members_wrote_is_escaped_on_the_page(client, world, login):
    meeting = MeetingFactory(mentorship=world.mentorship,
                             shared_summary='<script>alert("summary")</script>\nline two')
    ActionItemFactory(meeting=meeting, text="<b>open item</b> & co")
    ActionItemFactory(meeting=meeting, text="<i>done item</i>", done=True)
    PrivateNoteFactory(meeting=meeting, author=world.mentee, body="<img src=x onerror=1>")
    login(world.mentee)
    html = client.get(page_url(world)).content.decode()
    for written in ('<script>alert("summary")</script>', "<b>open item</b> & co",
                    "<i>done item</i>", "<img src=x onerror=1>"):
        assert written not in html
        assert escape(written) in html
    assert "<br>line two" in html  # line breaks kept, as the linebreaks filter writes them


def test_a_planned_meeting_shows_its_local_time_link_agenda_and_who_may_change_it(
        client, world, login):
    from django.utils import timezone

    from tests.checkins.factories import PlannedMeetingFactory

    starts_at = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(days=3)
    planned = PlannedMeetingFactory(
        mentorship=world.mentorship, starts_at=starts_at, mode="video", sequence=2,
        video_link="https://video.example.org/j/a?b=1&c=2",
        agenda="<b>Aims</b> & budget", agenda_in_invitation=True)
    login(world.mentee)
    html = client.get(page_url(world)).content.decode()
    entry = html[html.index(f'id="planned-{planned.pk}"'):]
    entry = entry[:entry.index("</li>")]
    local = timezone.localtime(starts_at)
    when = f"{local.day} {local:%B %Y, %H:%M}"
    assert f"{local:%A} {when} · 45 min · Video" in entry
    assert '<span class="badge text-bg-light border">changed</span>' in entry
    assert reverse("checkins:planned_ics", kwargs={"pk": planned.pk}) in entry
    assert 'href="https://video.example.org/j/a?b=1&amp;c=2"' in entry
    assert "Agenda: &lt;b&gt;Aims&lt;/b&gt; &amp; budget" in entry
    assert "(also in the calendar invitation)" in entry
    for name in ("checkins:planned_edit", "checkins:planned_cancel"):
        assert reverse(name, kwargs={"pk": planned.pk}) in entry
    assert f'<span class="visually-hidden"> the meeting of {when}</span>' in entry
