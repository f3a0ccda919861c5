"""The relationship pulse: a low score asks the facilitator to check in, saying "low pulse",
never the answer; the other member of the mentorship never sees it."""

import pytest
from django.urls import reverse

from surveys.models import PulseFollowUp
from tests.surveys.factories import answer, launch, survey_for

pytestmark = pytest.mark.django_db


def pulse(world):
    return launch(world, survey_for(world, "pulse"), anonymous=False, title="Pulse 2026")


def test_a_low_score_tells_the_facilitator_low_pulse_and_nothing_more(client, world, login):
    run = pulse(world)
    answer(run, world.mentee, {"pulse_helpful": 1, "pulse_cadence": 4,
                               "pulse_note": "My mentor cancels every meeting."})
    assert PulseFollowUp.objects.filter(run=run, person=world.mentee).count() == 1
    login(world.facilitator)
    html = client.get(reverse("home")).content.decode()
    assert "Low pulse: check in with Mentee Tester" in html
    assert "cancels" not in html
    # The other member, and the mentee's Division Director, see nothing of it.
    for persona in ("mentor", "director", "mentee"):
        login(world.person(persona))
        assert "Low pulse" not in client.get(reverse("home")).content.decode()


def test_a_good_pulse_raises_nothing(world):
    run = pulse(world)
    answer(run, world.mentee, {"pulse_helpful": 4, "pulse_cadence": 5})
    assert not PulseFollowUp.objects.exists()


def test_a_facilitator_who_mentors_the_person_is_not_told(client, world, login):
    from tests.programs.factories import MentorshipFactory
    MentorshipFactory(mentee=world.mentee, mentor=world.facilitator, kind="informal")
    run = pulse(world)
    answer(run, world.mentee, {"pulse_helpful": 2, "pulse_cadence": 2})
    login(world.facilitator)
    assert "Low pulse" not in client.get(reverse("home")).content.decode()


def test_an_identified_pulse_answer_is_never_in_the_report_of_a_small_group(client, world,
                                                                            login):
    run = pulse(world)
    answer(run, world.mentee, {"pulse_helpful": 1, "pulse_cadence": 1})
    login(world.admin)
    html = client.get(reverse("surveys:run_results", args=[run.pk])).content.decode()
    assert "Hidden: fewer than 5 answers" in html


def test_three_months_in_and_then_yearly_each_side_is_invited_once(world):
    import datetime

    from surveys.models import Invitation
    from surveys.services.pulse import is_due, pulse_invitations_send

    today = datetime.date(2026, 11, 15)
    assert is_due(datetime.date(2026, 8, 3), today)
    assert is_due(datetime.date(2024, 11, 30), today)
    assert not is_due(datetime.date(2026, 9, 1), today)
    world.mentorship.start_date = datetime.date(2026, 8, 3)
    world.mentorship.save()
    survey_for(world, "pulse")
    assert pulse_invitations_send(on=today) == 2
    assert pulse_invitations_send(on=today) == 0
    invitations = Invitation.objects.filter(run__title="Relationship pulse, November 2026")
    assert {i.person for i in invitations} == {world.mentee, world.mentor}
    assert {i.mentorship for i in invitations} == {world.mentorship}
