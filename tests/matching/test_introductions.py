"""Introductions, the organic route: asking once, accepting under every rule, declining
with a reason only the mentee reads, and who is told."""

import pytest
from django.urls import reverse

from matching.models import Introduction
from matching.services.introductions import (
    IntroductionError,
    introduction_accept,
    introduction_ask,
    introduction_blocker,
    introduction_decline,
)
from programs.models import LeadershipRole, Mentorship, Notification
from tests.matching.survey import ask, make_offer


@pytest.fixture
def offer(world):
    return make_offer(world.mentor, "Grant writing", capacity=3)


def test_asking_twice_creates_one_request_and_one_email(world, offer):
    first, created = introduction_ask(mentee=world.newfaculty, mentor=world.mentor,
                                      message="Hello")
    second, again = introduction_ask(mentee=world.newfaculty, mentor=world.mentor,
                                     message="Hello")
    assert (created, again) == (True, False) and first == second
    assert Introduction.objects.count() == 1
    assert Notification.objects.filter(key__startswith=f"introduction-{first.pk}-").count() == 1


def test_a_double_submitted_form_asks_once(client, world, login, offer):
    login(world.newfaculty)
    url = reverse("matching:introduce", args=[world.mentor.pk])
    client.post(url, {"message": "Hello"})
    client.post(url, {"message": "Hello"})
    assert Introduction.objects.filter(mentee=world.newfaculty).count() == 1


def test_nobody_asks_their_own_division_director(world):
    make_offer(world.director, "Grant writing")
    reason = introduction_blocker(mentee=world.newfaculty, mentor=world.director)
    assert "Division Director" in reason
    with pytest.raises(IntroductionError):
        introduction_ask(mentee=world.newfaculty, mentor=world.director, message="")


def test_the_ask_page_says_why_and_offers_no_form(client, world, login):
    make_offer(world.director, "Grant writing")
    login(world.newfaculty)
    page = client.get(reverse("matching:introduce", args=[world.director.pk]))
    assert "Division Director" in page.content.decode()
    assert page.context["blocker"]
    client.post(reverse("matching:introduce", args=[world.director.pk]), {"message": "x"})
    assert not Introduction.objects.exists()


def test_accepting_starts_a_formal_mentorship_and_tells_the_facilitator(world, offer):
    pending = ask(world.newfaculty, world.mentor)
    accepted = introduction_accept(introduction=pending, by=world.mentor.user)
    assert accepted.status == Introduction.Status.ACCEPTED
    mentorship = accepted.mentorship
    assert (mentorship.mentee, mentorship.mentor, mentorship.kind) == (
        world.newfaculty, world.mentor, Mentorship.Kind.FORMAL)
    recipients = set(Notification.objects.filter(key__startswith=f"introduction-{pending.pk}-")
                     .values_list("recipient", flat=True))
    assert recipients == {world.newfaculty.email, world.facilitator.email}
    with pytest.raises(IntroductionError, match="already answered"):
        introduction_accept(introduction=pending, by=world.mentor.user)
    assert Mentorship.objects.filter(mentee=world.newfaculty).count() == 1


def test_a_full_or_closed_mentor_cannot_accept(world):
    make_offer(world.mentor, "Grant writing", capacity=1)  # mentor already mentors mentee@
    pending = ask(world.newfaculty, world.mentor)
    with pytest.raises(IntroductionError, match="no free place"):
        introduction_accept(introduction=pending, by=world.mentor.user)
    assert not Mentorship.objects.filter(mentee=world.newfaculty).exists()
    pending.refresh_from_db()
    assert pending.status == Introduction.Status.PENDING


def test_a_mentor_who_became_the_director_cannot_accept(world, offer):
    pending = ask(world.newfaculty, world.mentor)
    LeadershipRole.objects.filter(person=world.director).delete()
    LeadershipRole.objects.create(person=world.mentor, department=world.department,
                                  division=world.division,
                                  kind=LeadershipRole.Kind.DIVISION_DIRECTOR)
    with pytest.raises(IntroductionError, match="Division Director"):
        introduction_accept(introduction=pending, by=world.mentor.user)


def test_the_decline_reason_is_for_the_mentee_only(client, world, login, offer):
    pending = ask(world.newfaculty, world.mentor, message="My private hopes")
    introduction_decline(introduction=pending, reason="My plate is full this year")
    url = reverse("matching:introduction_detail", args=[pending.pk])
    for persona, sees in (("newfaculty", True), ("mentor", True), ("facilitator", False),
                          ("director", False), ("admin", False)):
        login(world.person(persona))
        html = client.get(url).content.decode()
        assert ("My plate is full this year" in html) is sees, persona
        assert ("My private hopes" in html) is sees, persona
        assert "Declined" in html


def test_the_decline_email_carries_no_reason(world, offer):
    pending = ask(world.newfaculty, world.mentor)
    introduction_decline(introduction=pending, reason="Too busy")
    note = Notification.objects.get(key=f"introduction-{pending.pk}-declined")
    assert "Too busy" not in note.body and note.recipient == world.newfaculty.email


def test_the_mentor_accepts_from_the_page(client, world, login, offer):
    pending = ask(world.newfaculty, world.mentor)
    login(world.mentor)
    client.post(reverse("matching:introduction_accept", args=[pending.pk]))
    assert Mentorship.objects.active().filter(mentee=world.newfaculty,
                                              mentor=world.mentor).exists()
