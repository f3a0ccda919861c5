"""A change request never reaches anyone who has mentored the mentee, whatever their role."""

import datetime

from django.urls import reverse

from programs.models import ChangeRequest, LeadershipRole
from programs.services.mentorships import mentorship_end
from programs.services.requests import change_request_recipients
from tests.factories import MentorshipFactory, RoleFactory


def open_request(world) -> ChangeRequest:
    return ChangeRequest.objects.create(
        mentee=world.mentee, division=world.division, kind="different",
        mentorship=world.mentorship, reason="I do not feel heard")


def detail(request) -> str:
    return reverse("programs:change_request_detail", kwargs={"pk": request.pk})


def test_a_mentor_who_is_also_a_facilitator_never_sees_it_even_after_it_ends(
        client, world, login):
    RoleFactory(person=world.mentor, kind=LeadershipRole.Kind.FACILITATOR)
    request = open_request(world)
    login(world.mentor)
    assert client.get(detail(request)).status_code == 404
    mentorship_end(mentorship=world.mentorship, reason="mentor_change")
    assert client.get(detail(request)).status_code == 404
    assert "I do not feel heard" not in client.get(reverse("programs:change_requests")
                                                    ).content.decode()
    assert world.mentor.user_id not in {uid for uid, _ in change_request_recipients(request)}


def test_a_mentor_whose_mentorship_starts_later_is_left_out_too(client, world, login):
    RoleFactory(person=world.outsider, kind=LeadershipRole.Kind.FACILITATOR,
                division=world.division)
    MentorshipFactory(mentee=world.mentee, mentor=world.outsider, kind="informal",
                      start_date=datetime.date.today() + datetime.timedelta(days=30))
    request = open_request(world)
    login(world.outsider)
    assert client.get(detail(request)).status_code == 404
    assert world.outsider.user_id not in {uid for uid, _ in change_request_recipients(request)}


def test_the_facilitator_who_never_mentored_the_mentee_still_handles_it(client, world, login):
    request = open_request(world)
    login(world.facilitator)
    assert client.get(detail(request)).status_code == 200
    assert world.facilitator.user_id in {uid for uid, _ in change_request_recipients(request)}


def test_the_mentor_sees_a_neutral_ending_in_the_history_but_the_mentee_sees_why(
        client, world, login):
    mentorship_end(mentorship=world.mentorship, reason="mentor_change")
    profile = reverse("programs:faculty_detail", kwargs={"pk": world.mentor.pk})
    login(world.mentor)
    history = client.get(profile).content.decode().split('id="mentorship-history"')[1]
    assert "Changed to a different mentor" not in history
    assert "ended" in history
    client.logout()
    login(world.mentee)
    mentee_profile = reverse("programs:faculty_detail", kwargs={"pk": world.mentee.pk})
    history = client.get(mentee_profile).content.decode().split('id="mentorship-history"')[1]
    assert "Changed to a different mentor" in history
