"""Query budgets for the rhythm's pages: a division of 10 costs what a division of 40 does."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.checkins.factories import MeetingFactory, checkin_of, review_of
from tests.programs.factories import FacultyFactory, MentorshipFactory

PAGES = [
    # (url name, kwargs, persona, ceiling)
    ("checkins:review_screen", lambda w: {"pk": w.division.pk}, "director", 24),
    ("checkins:review_export", lambda w: {"pk": w.division.pk}, "director", 24),
    ("checkins:review_new", lambda w: {"pk": w.newfaculty.pk}, "director", 10),
    ("checkins:review_detail", lambda w: {"pk": w._review.pk}, "mentee", 10),
    ("checkins:my_reviews", lambda w: {}, "mentee", 10),
    ("checkins:checkins_due", lambda w: {}, "vicechair", 18),
    ("checkins:checkin_new", lambda w: {"pk": w.newfaculty.pk}, "vicechair", 10),
    ("checkins:checkin_detail", lambda w: {"pk": w._checkin.pk}, "mentee", 10),
    ("checkins:relationship_health", lambda w: {"pk": w.division.pk}, "facilitator", 16),
]


def grow(world, people: int) -> None:
    """More faculty in the division, each with a mentor, meetings, a review, a check-in."""
    today = datetime.date.today()
    for n in range(people):
        person = FacultyFactory(division=world.division,
                                appointment_date=today - datetime.timedelta(days=400 + n))
        mentorship = MentorshipFactory(mentee=person, mentor=world.mentor)
        MeetingFactory(mentorship=mentorship)
        if n % 2:
            review_of(world, person)
            checkin_of(world, person)


def count(client, url: str) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(("name", "kwargs", "persona", "ceiling"), PAGES,
                         ids=[row[0] for row in PAGES])
def test_the_page_costs_the_same_for_a_small_and_a_larger_division(
        client, world, login, name, kwargs, persona, ceiling):
    world._review, world._checkin = review_of(world), checkin_of(world)
    login(world.person(persona))
    url = reverse(name, kwargs=kwargs(world))
    grow(world, 3)
    few = count(client, url)
    grow(world, 30)
    many = count(client, url)
    print(f"{name}: {few} queries, then {many}")
    assert few == many
    assert many <= ceiling
