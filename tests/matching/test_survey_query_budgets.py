"""Query budgets for the survey, directory, introduction and import pages; the directory
costs the same with three cards as with a full page of twelve, whatever each offers."""

import pytest
from django.urls import reverse

from matching.models import MentorProfile
from programs.models import EventRegistration
from tests.matching.survey import ask, make_needs, make_offer, topic
from tests.matching.test_permissions import setup
from tests.programs.factories import DevelopmentEventFactory
from tests.programs.test_query_budgets import (
    assert_same,
    assert_within,
    bulk_faculty,
    count_queries,
)

# (url name, kwargs from the world, persona, ceiling). Each: session, user, the viewer
# (faculty, roles), then the page's reads.
PAGE_BUDGETS = [
    ("matching:me", lambda w: setup(w) and {}, "mentor", 8),
    ("matching:offer", lambda w: setup(w) and {}, "mentor", 9),
    ("matching:needs", lambda w: setup(w) and {}, "newfaculty", 8),
    ("matching:person_needs", lambda w: {"pk": setup(w).needs.faculty_id}, "facilitator", 7),
    ("matching:directory", lambda w: setup(w) and {}, "newfaculty", 12),
    ("matching:introduce", lambda w: setup(w) and {"pk": w.mentor.pk}, "director", 14),
    ("matching:introductions", lambda w: setup(w) and {}, "facilitator", 7),
    ("matching:introduction_detail", lambda w: {"pk": setup(w).introduction.pk}, "mentor", 6),
    ("matching:survey_import", lambda w: {}, "admin", 6),
    ("matching:survey_import_sample", lambda w: {}, "admin", 6),
]


@pytest.mark.parametrize(("name", "kwargs", "persona", "ceiling"), PAGE_BUDGETS,
                         ids=[f"{row[0]}-{row[2]}" for row in PAGE_BUDGETS])
def test_page_stays_within_its_budget(client, world, login, name, kwargs, persona, ceiling):
    login(world.person(persona))
    assert_within(count_queries(client, reverse(name, kwargs=kwargs(world))), ceiling,
                  f"{name} as {persona}")


def _offers(people, *, trained: bool) -> None:
    event = (DevelopmentEventFactory(kind="mentor_workshop", department=people[0].department)
             if trained else None)
    for index, person in enumerate(people):
        make_offer(person, "Grant writing", "Teaching", f"Topic {index}", capacity=3,
                   formats="one_to_one,group")
        MentorProfile.objects.get(faculty=person).sites.add(person.site)
        if event is not None:
            EventRegistration.objects.create(event=event, person=person, attended=True)


@pytest.mark.parametrize("query", [{}, {"topic": "grant"}, {"open": "yes", "format": "group"}])
def test_the_directory_costs_the_same_for_three_cards_and_a_full_page(client, world, login,
                                                                       query):
    if "topic" in query:
        query = {"topic": topic("Grant writing").pk}
    _offers(bulk_faculty(world.division, 3, senior=True), trained=False)
    login(world.newfaculty)
    url = reverse("matching:directory")
    small = count_queries(client, url, query)
    _offers(bulk_faculty(world.other_division, 40, senior=True), trained=True)
    large = count_queries(client, url, query)
    assert_same(small, large, f"directory {query}")


def test_the_introductions_list_costs_the_same_for_one_request_and_thirty(client, world,
                                                                          login):
    make_needs(world.newfaculty, "Teaching")
    mentors = bulk_faculty(world.division, 30, senior=True)
    ask(world.newfaculty, mentors[0])
    login(world.facilitator)
    url = reverse("matching:introductions")
    small = count_queries(client, url)
    for mentor in mentors[1:]:
        ask(world.newfaculty, mentor)
    assert_same(small, count_queries(client, url), "introductions")
