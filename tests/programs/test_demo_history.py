"""`seed_demo` builds a realistic meeting history, and the demo keeps private notes private."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import F
from django.urls import reverse
from django.utils.html import escape

from checkins.demo.history import PERSONA_NOTES
from checkins.models import ActionItem, Meeting, PlannedMeeting, PrivateNote
from programs.demo.department import DEMO_PASSWORD, PERSONAS
from programs.models import Mentorship


@pytest.fixture
def demo(db):
    call_command("seed_demo", faculty=120, stdout=io.StringIO())
    mentorship = Mentorship.objects.select_related("mentee__user", "mentor__user").get(
        mentee__user__email=PERSONAS["mentee"].email,
        mentor__user__email=PERSONAS["mentor"].email)
    return mentorship


def sign_in(client, key: str) -> None:
    assert client.login(email=PERSONAS[key].email, password=DEMO_PASSWORD)


def test_it_builds_years_of_meetings_with_action_items_and_notes(demo):
    first, last = (Meeting.objects.order_by("held_on").first().held_on,
                   Meeting.objects.order_by("held_on").last().held_on)
    assert (last - first).days > 4 * 365
    assert Meeting.objects.dates("held_on", "year").count() >= 5
    assert ActionItem.objects.filter(done=True).exists()
    assert ActionItem.objects.filter(done=False).exists()
    assert PrivateNote.objects.count() >= 2
    # Nothing the seed writes breaks the rules the forms enforce.
    assert not Meeting.objects.filter(held_on__gt=datetime.date.today()).exists()
    assert not Meeting.objects.filter(held_on__lt=F("mentorship__start_date")).exists()
    assert not Meeting.objects.filter(held_on__gt=F("mentorship__end_date")).exists()


def test_the_persona_pair_has_a_history_notes_and_planned_meetings(demo):
    meetings = Meeting.objects.filter(mentorship=demo)
    assert meetings.count() >= 3
    assert meetings.dates("held_on", "year").count() >= 2
    assert ActionItem.objects.filter(meeting__mentorship=demo).exists()
    authors = set(PrivateNote.objects.filter(meeting__mentorship=demo)
                  .values_list("author_id", flat=True))
    assert {demo.mentee_id, demo.mentor_id} <= authors
    planned = PlannedMeeting.objects.filter(mentorship=demo)
    assert planned.count() == 2
    assert all(p.agenda and p.starts_at.date() > datetime.date.today() for p in planned)


def other_members_notes(mentorship: Mentorship, viewer_id: int) -> set[str]:
    """Bodies of notes the viewer did not write (less any the viewer also wrote)."""
    notes = PrivateNote.objects.filter(meeting__mentorship=mentorship)
    own = set(notes.filter(author_id=viewer_id).values_list("body", flat=True))
    return set(notes.exclude(author_id=viewer_id).values_list("body", flat=True)) - own


@pytest.mark.parametrize(("viewer", "author"), [("mentor", "mentee"), ("mentee", "mentor")])
def test_no_private_note_body_reaches_the_other_member(client, demo, viewer, author):
    sign_in(client, viewer)
    viewer_id = demo.mentor_id if viewer == "mentor" else demo.mentee_id
    hidden = other_members_notes(demo, viewer_id)
    assert PERSONA_NOTES[0 if author == "mentee" else 1] in hidden
    pages = [reverse("home"), reverse("checkins:mentorship_detail", args=[demo.pk])]
    pages += [reverse("checkins:private_note", args=[pk])
              for pk in Meeting.objects.filter(mentorship=demo).values_list("pk", flat=True)]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        for body in hidden:
            assert body not in html and escape(body) not in html, (url, body)
    # The author, on the other hand, reads their own note.
    own = PERSONA_NOTES[1 if author == "mentee" else 0]
    page = client.get(reverse("checkins:mentorship_detail", args=[demo.pk]))
    assert escape(own) in page.content.decode()


@pytest.mark.parametrize("leader", ["director", "facilitator", "vicechair", "admin"])
def test_leaders_see_no_private_note_on_the_demo_mentorship(client, demo, leader):
    sign_in(client, leader)
    response = client.get(reverse("checkins:mentorship_detail", args=[demo.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    for body in PrivateNote.objects.values_list("body", flat=True).distinct():
        assert body not in html and escape(body) not in html


def test_demo_plan_versions_are_kept_as_a_real_submission_keeps_them(demo):
    """The mentee's latest version lists the plan's own goals and milestones (by id), so
    comparing it with the next real submission lines them up instead of showing every
    goal as removed and added again."""
    from programs.models import AcademicPlan, PlanSnapshot
    from programs.services.plans import plan_snapshot_rows

    plan = AcademicPlan.objects.get(faculty=demo.mentee)
    latest = PlanSnapshot.objects.get(plan=plan, version=plan.version)
    goals, milestones = plan_snapshot_rows(plan)
    assert latest.goals == goals
    assert latest.milestones == milestones and milestones
