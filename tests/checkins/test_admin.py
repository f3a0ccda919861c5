"""Django admin: a superuser fixing data never sees what the two members wrote.

Private note bodies, shared summaries, action-item text and planned-meeting agendas stay
out of every admin page for every checkins model: changelists, searches, change pages,
history and delete confirmations (which list related objects by their __str__).
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from checkins.models import InvitationSent
from tests.checkins.factories import (
    ActionItemFactory,
    MeetingFactory,
    PlannedMeetingFactory,
    PrivateNoteFactory,
)

SUMMARY = "Shared summary: the tenure file is thin"
ACTION = "Action item text: call the ombudsperson"
AGENDA = "Agenda text: how to leave this division"
NOTE = "Private note body: I distrust my director"
CONTENT = (SUMMARY, ACTION, AGENDA, NOTE)


@pytest.fixture
def objects(world) -> dict:
    meeting = MeetingFactory(mentorship=world.mentorship, shared_summary=SUMMARY)
    planned = PlannedMeetingFactory(mentorship=world.mentorship, agenda=AGENDA)
    return {
        "meeting": meeting,
        "actionitem": ActionItemFactory(meeting=meeting, text=ACTION),
        "privatenote": PrivateNoteFactory(meeting=meeting, author=world.mentee, body=NOTE),
        "plannedmeeting": planned,
        "invitationsent": InvitationSent.objects.create(
            planned_meeting=planned, recipient=world.mentee.email, sequence=0),
        "mentorship": world.mentorship,
    }


@pytest.fixture
def superuser_client(db, client):
    user = get_user_model().objects.create_superuser(email="root@test.example",
                                                     password="x-long-pass-2026")
    assert user.is_staff and user.is_superuser
    client.force_login(user)
    return client


def assert_no_content(response) -> None:
    html = response.content.decode()
    for text in CONTENT:
        assert text not in html, f"{text!r} shown at {response.request['PATH_INFO']}"


def admin_url(model: str, view: str, obj=None) -> str:
    app = "programs" if model == "mentorship" else "checkins"
    return reverse(f"admin:{app}_{model}_{view}", args=[obj.pk] if obj is not None else [])


MODELS = ["meeting", "actionitem", "privatenote", "plannedmeeting", "invitationsent",
          "mentorship"]


@pytest.mark.parametrize("model", MODELS)
def test_the_changelist_never_shows_meeting_content(superuser_client, objects, model):
    response = superuser_client.get(admin_url(model, "changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1
    assert_no_content(response)


@pytest.mark.parametrize("model", MODELS)
def test_searching_for_meeting_content_finds_nothing(superuser_client, objects, model):
    for text in CONTENT:
        response = superuser_client.get(admin_url(model, "changelist"), {"q": text.split(":")[1]})
        assert response.status_code == 200
        assert response.context["cl"].result_count == 0
        assert_no_content(response)


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("view", ["change", "history"])
def test_the_change_and_history_pages_never_show_meeting_content(
        superuser_client, objects, model, view):
    response = superuser_client.get(admin_url(model, view, objects[model]))
    assert response.status_code == 200
    assert_no_content(response)


@pytest.mark.parametrize("model", ["actionitem", "privatenote", "plannedmeeting",
                                   "invitationsent"])
def test_the_delete_confirmation_never_shows_meeting_content(superuser_client, objects, model):
    response = superuser_client.get(admin_url(model, "delete", objects[model]))
    assert response.status_code == 200
    assert_no_content(response)


def test_the_action_item_delete_confirmation_names_it_by_number(superuser_client, objects):
    item = objects["actionitem"]
    response = superuser_client.get(admin_url("actionitem", "delete", item))
    assert f"Action item #{item.pk}" in response.content.decode()


@pytest.mark.parametrize("model", ["meeting", "mentorship"])
def test_meetings_and_mentorships_cannot_be_deleted_so_their_cascade_is_never_listed(
        superuser_client, objects, model):
    response = superuser_client.get(admin_url(model, "delete", objects[model]))
    assert response.status_code == 403
    assert_no_content(response)


def test_the_planned_meeting_change_page_has_no_agenda_field(superuser_client, objects):
    response = superuser_client.get(admin_url("plannedmeeting", "change",
                                              objects["plannedmeeting"]))
    assert "agenda" not in response.context["adminform"].form.fields


# --- the two holes of issue 7, section 1, as a staff user would try them ------------------


def test_a_private_note_cannot_be_read_back_letter_by_letter_from_the_row_count(
        superuser_client, objects):
    changelist = admin_url("privatenote", "changelist")
    right = superuser_client.get(changelist, {"body__startswith": NOTE[:12]})
    wrong = superuser_client.get(changelist, {"body__startswith": "Zzz"})
    assert (right.status_code, wrong.status_code) == (400, 400)
    for model, lookup in (("meeting", "shared_summary__contains"),
                          ("actionitem", "text__startswith"),
                          ("actionitem", "meeting__shared_summary__contains"),
                          ("actionitem", "meeting__private_notes__body__startswith"),
                          ("plannedmeeting", "agenda__lt")):
        response = superuser_client.get(admin_url(model, "changelist"), {lookup: "Sh"})
        assert response.status_code == 400, lookup
    # From the people and accounts lists too, however far the relation.
    response = superuser_client.get(
        reverse("admin:programs_facultymember_changelist"),
        {"mentorships_as_mentee__meetings__private_notes__body__startswith": "P"})
    assert response.status_code == 400


def test_moving_a_meeting_to_the_viewers_own_mentorship_is_refused_and_changes_nothing(
        superuser_client, objects, world):
    from tests.admin_privacy import change_form_data
    from tests.programs.factories import MentorshipFactory

    meeting = objects["meeting"]
    theirs = MentorshipFactory(mentee=world.newfaculty, mentor=world.admin)
    url = admin_url("meeting", "change", meeting)
    data = change_form_data(superuser_client.get(url))
    response = superuser_client.post(url, {**data, "mentorship": theirs.pk})
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "Mentorship cannot be changed here" in errors
    meeting.refresh_from_db()
    assert meeting.mentorship_id == world.mentorship.pk


def test_moving_a_private_note_to_another_meeting_or_author_is_refused(
        superuser_client, objects, world):
    note = objects["privatenote"]
    other_meeting = MeetingFactory(mentorship=world.mentorship)
    url = admin_url("privatenote", "change", note)
    for field, value in (("meeting", other_meeting.pk), ("author", world.admin.pk)):
        response = superuser_client.post(url, {field: value})
        assert response.status_code == 200
        assert "cannot be changed here" in response.content.decode()
    note.refresh_from_db()
    assert (note.meeting_id, note.author_id) == (objects["meeting"].pk, world.mentee.pk)
