"""What checkins puts under "Needs your attention": meetings to confirm, the next planned
meeting, open action items, and (for leaders) mentorships behind cadence."""

import datetime

from django.urls import reverse
from django.utils import timezone

from checkins.models import Meeting
from programs import attention
from programs.access import viewer_for
from programs.attention import Role
from tests.checkins.factories import ActionItemFactory, MeetingFactory, PlannedMeetingFactory
from tests.programs.factories import MentorshipFactory

TODAY = datetime.date.today()


def items(person) -> dict:
    person.user.__dict__.pop("_viewer", None)
    return dict(attention.items_for(viewer_for(person.user), TODAY))


def test_the_mentor_is_asked_to_confirm_what_the_mentee_logged_with_its_age(world):
    meeting = MeetingFactory(mentorship=world.mentorship, logged_by=world.mentee)
    Meeting.objects.filter(pk=meeting.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=6))
    MeetingFactory(mentorship=world.mentorship, logged_by=world.mentee)
    (item,) = [i for i in items(world.mentor)[Role.MENTOR] if i.text.startswith("Confirm")]
    assert item.text == "Confirm the meetings Mentee Tester logged"
    assert item.count == 2 and item.age_days == 6
    assert item.url == reverse("checkins:mentorship_detail", args=[world.mentorship.pk])
    # The one who logged them is not asked to confirm their own meetings.
    assert not any(i.text.startswith("Confirm") for group in items(world.mentee).values()
                   for i in group)


def test_a_confirmed_meeting_is_no_longer_waiting(world):
    from matching.models import MentorProfile

    MentorProfile.objects.create(faculty=world.mentor)  # no interest-survey prompt either
    MeetingFactory(mentorship=world.mentorship, logged_by=world.mentee,
                   confirmed_at=timezone.now(), confirmed_by=world.mentor)
    assert Role.MENTOR not in items(world.mentor)


def test_the_mentee_sees_the_next_planned_meeting_and_open_action_items(world):
    PlannedMeetingFactory(mentorship=world.mentorship,
                          starts_at=timezone.now() + datetime.timedelta(days=20))
    soon = PlannedMeetingFactory(mentorship=world.mentorship,
                                 starts_at=timezone.now() + datetime.timedelta(days=3))
    meeting = MeetingFactory(mentorship=world.mentorship, logged_by=world.mentor,
                             confirmed_at=timezone.now())
    ActionItemFactory(meeting=meeting)
    ActionItemFactory(meeting=meeting, done=True)
    found = {i.text.split(":")[0]: i for i in items(world.mentee)[Role.MENTEE]}
    nxt = found["Next meeting with Mentor Tester"]
    assert f"{timezone.localtime(soon.starts_at):%d %b %Y}" in nxt.text
    assert found["Open action items with Mentor Tester"].count == 1


def test_items_never_carry_what_was_said(world):
    meeting = MeetingFactory(mentorship=world.mentorship, logged_by=world.mentee,
                             shared_summary="Only the two of us know")
    ActionItemFactory(meeting=meeting, text="A private action")
    every = [i.text for person in (world.mentee, world.mentor, world.director,
                                   world.facilitator) for group in items(person).values()
             for i in group]
    assert every and not any("Only the two" in t or "private action" in t for t in every)


def test_leaders_see_mentorships_behind_cadence_in_their_division_only(world):
    # A formal early-career mentorship that started a year ago with no meeting is behind.
    world.mentorship.start_date = TODAY - datetime.timedelta(days=400)
    world.mentorship.save()
    for leader, role in ((world.director, Role.DIRECTOR), (world.facilitator, Role.FACILITATOR)):
        behind = [i for i in items(leader).get(role, []) if "behind" in i.text]
        assert [i.url for i in behind] == [
            reverse("checkins:mentorship_detail", args=[world.mentorship.pk])], leader
        assert behind[0].urgent
    assert not any("behind" in i.text for group in items(world.otherdirector).values()
                   for i in group)


def test_an_ended_mentorship_asks_nothing_of_anyone(world):
    MeetingFactory(mentorship=world.mentorship, logged_by=world.mentee)
    ended = MentorshipFactory(mentee=world.mentee, mentor=world.outsider,
                              start_date=TODAY - datetime.timedelta(days=300),
                              end_date=TODAY - datetime.timedelta(days=1))
    MeetingFactory(mentorship=ended, logged_by=world.mentee,
                   held_on=TODAY - datetime.timedelta(days=30))
    from matching.models import MenteeNeeds

    MenteeNeeds.objects.create(faculty=world.outsider)  # no interest-survey prompt either
    assert items(world.outsider) == {}
