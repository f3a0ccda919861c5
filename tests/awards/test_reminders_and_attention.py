"""Celery reminders through the outbox (each keyed, so a second tick sends nothing), and
what awards puts on home pages."""

import datetime

from django.utils import timezone

from awards.models import Scorecard
from awards.services.cycles import cycle_reminders_send
from awards.tasks import send_cycle_reminders
from programs.access import viewer_for
from programs.attention import items_for
from programs.models import Notification
from tests.awards.factories import cycle_for, nominate

DAY = datetime.timedelta(days=1)


def keys(kind: str) -> set[str]:
    return set(Notification.objects.filter(key__contains=f":{kind}:")
               .values_list("recipient", flat=True))


def everyone(world) -> set[str]:
    return {world.person(name).email for name in world.PERSONAS}


def test_the_opening_is_announced_to_the_department_once(world):
    cycle_for(world)  # opened ten days ago, closes in twenty
    cycle_reminders_send()
    assert keys("opening") == everyone(world)
    count = Notification.objects.count()
    send_cycle_reminders()  # the next beat tick
    assert Notification.objects.count() == count


def test_mentees_of_active_mentorships_are_nudged_to_nominate_their_mentor(world):
    cycle_for(world)
    cycle_reminders_send()
    nudges = Notification.objects.filter(key__contains=":nudge:")
    assert list(nudges.values_list("recipient", flat=True)) == [world.mentee.email]
    assert "Mentor Tester" in nudges.get().body


def test_nobody_is_nudged_in_the_first_week(world):
    cycle = cycle_for(world)
    cycle.nominations_open = timezone.localdate() - 2 * DAY
    cycle.save()
    cycle_reminders_send()
    assert keys("nudge") == set()


def test_the_closing_reminder_goes_to_those_who_have_not_nominated(world):
    cycle = cycle_for(world)
    cycle.nominations_close = timezone.localdate() + 2 * DAY
    cycle.save()
    nominate(cycle, world.mentor, world.mentee)
    cycle_reminders_send()
    assert keys("closing") == everyone(world) - {world.mentee.email}


def test_the_committee_is_called_to_score_once_nominations_close(world):
    cycle_for(world, "scoring", committee=("facilitator", "director"))
    cycle_reminders_send()
    assert keys("scoring") == {world.facilitator.email, world.director.email}
    assert keys("opening") == set()  # a window that closed is not announced


def test_nothing_is_sent_for_a_cycle_not_yet_open_or_already_published(world):
    cycle_for(world, "upcoming")
    cycle_for(world, "published")
    cycle_reminders_send()
    assert not Notification.objects.exists()


# --- Home page ------------------------------------------------------------------------------


def texts(person) -> list[str]:
    return [item.text for _, items in items_for(viewer_for(person.user), timezone.localdate())
            for item in items]


def test_a_mentee_is_asked_to_nominate_their_mentor_until_they_do(world):
    cycle = cycle_for(world)
    assert any(text.startswith("Nominate Mentor Tester for a mentorship award")
               for text in texts(world.mentee))
    nominate(cycle, world.mentor, world.mentee)
    assert not any(text.startswith("Nominate") for text in texts(world.mentee))


def test_a_committee_member_is_told_how_many_are_left_to_score_without_the_hidden_ones(world):
    cycle = cycle_for(world, "scoring", committee=("facilitator", "mentor"))
    of_mentor = nominate(cycle, world.mentor, world.mentee)
    nominate(cycle, world.director, world.outsider)
    assert "Score 2 nominations for " + cycle.title in texts(world.facilitator)
    assert "Score 1 nomination for " + cycle.title in texts(world.mentor)  # not about them
    Scorecard.objects.create(nomination=of_mentor, scorer=world.facilitator, total=8)
    assert "Score 1 nomination for " + cycle.title in texts(world.facilitator)


def test_the_program_admin_is_asked_to_close_and_then_to_publish(world):
    cycle = cycle_for(world, "scoring")
    assert any("close scoring" in text for text in texts(world.admin))
    cycle.scoring_closed_at = timezone.now()
    cycle.save()
    assert f"{cycle.title}: choose and publish the winners" in texts(world.admin)
    assert not any(cycle.title in text for text in texts(world.mentee))
