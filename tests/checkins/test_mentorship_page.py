"""The mentorship page ties meetings to the agreement and to ending; profiles keep history."""

import datetime

from django.urls import reverse
from django.utils import timezone

from programs.models import MentorshipAgreement
from programs.services.mentorships import mentorship_end
from tests.programs.factories import MentorshipFactory

GOALS = "Goals only the two of us read"


def page(world):
    return reverse("checkins:mentorship_detail", kwargs={"pk": world.mentorship.pk})


def agree(world, acknowledged: bool) -> MentorshipAgreement:
    now = timezone.now() if acknowledged else None
    return MentorshipAgreement.objects.create(
        mentorship=world.mentorship, goals=GOALS, meeting_plan="Quarterly",
        confidentiality="Between us", roles="Mentee drives",
        raising_concerns="Tell the facilitator",
        no_fault_ending="Either may end", review_date=datetime.date.today(),
        mentee_acknowledged_at=now, mentor_acknowledged_at=now)


def test_it_tells_a_leader_that_an_agreement_exists_but_not_what_it_says(client, world, login):
    agree(world, acknowledged=True)
    login(world.director)
    html = client.get(page(world)).content.decode()
    assert "in place, acknowledged by both" in html
    assert GOALS not in html
    assert reverse("programs:agreement", kwargs={"pk": world.mentorship.pk}) not in html


def test_it_says_when_there_is_no_agreement_yet(client, world, login):
    login(world.vicechair)
    assert "none yet" in client.get(page(world)).content.decode()


def test_it_links_members_to_their_agreement(client, world, login):
    agree(world, acknowledged=False)
    login(world.mentor)
    html = client.get(page(world)).content.decode()
    assert "drafted, not yet acknowledged by both" in html
    assert reverse("programs:agreement", kwargs={"pk": world.mentorship.pk}) in html


def test_it_offers_ending_to_members_and_the_facilitator_but_not_the_director(
        client, world, login):
    end_url = reverse("programs:mentorship_end", kwargs={"pk": world.mentorship.pk})
    for person, offered in ((world.mentee, True), (world.facilitator, True),
                            (world.director, False), (world.vicechair, False)):
        login(person)
        assert (end_url in client.get(page(world)).content.decode()) is offered, person
        client.logout()


def test_an_ended_mentorship_shows_in_the_profile_history_with_exit_feedback(
        client, world, login):
    mentorship_end(mentorship=world.mentorship, reason="completed")
    login(world.mentee)
    profile = client.get(reverse("programs:faculty_detail", kwargs={"pk": world.mentee.pk}))
    history = profile.content.decode().split('id="mentorship-history"')[1]
    assert world.mentor.full_name in history
    assert "Goals met" in history
    html = client.get(page(world)).content.decode()
    assert reverse("programs:exit_feedback", kwargs={"pk": world.mentorship.pk}) in html
    assert reverse("checkins:meeting_new", kwargs={"pk": world.mentorship.pk}) not in html


def test_a_mentor_reading_a_mentees_profile_gets_no_link_to_the_mentees_other_mentorship(
        client, world, login):
    other = MentorshipFactory(mentee=world.mentee, mentor=world.outsider, kind="informal")
    login(world.mentor)
    html = client.get(reverse("programs:faculty_detail", kwargs={"pk": world.mentee.pk})
                      ).content.decode()
    assert world.outsider.full_name in html
    assert reverse("checkins:mentorship_detail", kwargs={"pk": other.pk}) not in html
    assert reverse("checkins:mentorship_detail", kwargs={"pk": world.mentorship.pk}) in html
