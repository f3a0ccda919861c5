"""Query budgets for every awards page, and pages that cost the same however much history
there is: the portfolio of a mentor with one mentee and with thirty over fifteen years,
a cycle with two nominations and with forty."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.models import CriterionScore, Nomination, Recognition, Scorecard
from checkins.models import Meeting
from programs.models import DevelopmentEvent, EventRegistration, Mentorship
from tests.awards.factories import cycle_for, departmental, recognise
from tests.awards.test_permissions import setup
from tests.programs.test_query_budgets import (
    assert_same,
    assert_within,
    bulk_faculty,
    count_queries,
)

DAY = datetime.timedelta(days=1)

# (url name, kwargs from the world, persona, ceiling). Each: session, user, the viewer
# (faculty, roles), then the page's reads.
PAGE_BUDGETS = [
    ("awards:index", lambda w: {}, "mentee", 7),
    ("awards:cycle_new", lambda w: {}, "admin", 6),
    ("awards:cycle_detail", lambda w: {"pk": setup(w).nominating.pk}, "admin", 10),
    ("awards:nominate", lambda w: {"pk": setup(w).nominating.pk}, "mentee", 7),
    ("awards:scoring", lambda w: {"pk": setup(w).scoring.pk}, "facilitator", 9),
    ("awards:results", lambda w: {"pk": setup(w).results.pk}, "admin", 9),
    ("awards:nomination_detail", lambda w: {"pk": setup(w).scored_nomination.pk},
     "facilitator", 13),
    ("awards:nomination_detail", lambda w: {"pk": setup(w).scored_nomination.pk}, "admin", 10),
    ("awards:letter", lambda w: {"pk": setup(w).letter.pk}, "facilitator", 7),
    ("awards:wall", lambda w: {}, "outsider", 6),
    ("awards:portfolio", lambda w: {}, "mentor", 12),
    ("awards:portfolio_pdf", lambda w: {}, "mentor", 12),
    ("awards:naming", lambda w: {"pk": w.mentorship.pk}, "mentee", 6),
]


@pytest.mark.parametrize(("name", "kwargs", "persona", "ceiling"), PAGE_BUDGETS,
                         ids=[f"{row[0]}-{row[2]}" for row in PAGE_BUDGETS])
def test_page_stays_within_its_budget(client, world, login, name, kwargs, persona, ceiling):
    login(world.person(persona))
    assert_within(count_queries(client, reverse(name, kwargs=kwargs(world))), ceiling,
                  f"{name} as {persona}")


def test_every_awards_page_has_a_budget():
    from tests.awards.test_permissions import MATRIX

    pages = {row.name for row in MATRIX if row.method == "get"}
    assert pages <= {row[0] for row in PAGE_BUDGETS}


def add_history(world, mentees: int, years: int) -> None:
    """`mentees` mentorships of the mentor spread over `years` (most of them ended), with
    four meetings a year each, mentees who went on to mentor, plans, a workshop a year and
    an award every few years."""
    today = timezone.localdate()
    people = bulk_faculty(world.other_division, mentees)
    mentorships = Mentorship.objects.bulk_create([
        Mentorship(mentee=person, mentor=world.mentor, kind=["formal", "informal"][i % 2],
                   start_date=today - (365 * years * (i + 1) // mentees) * DAY,
                   end_date=None if i % 4 == 0 else today - (365 * years * i // mentees) * DAY)
        for i, person in enumerate(people)])
    meetings = []
    for mentorship in mentorships:
        day = mentorship.start_date
        while day < (mentorship.end_date or today):
            meetings.append(Meeting(mentorship=mentorship, held_on=day, duration_minutes=45,
                                    submission_token=uuid.uuid4()))
            day += 90 * DAY
    Meeting.objects.bulk_create(meetings, batch_size=2000)
    Mentorship.objects.bulk_create([
        Mentorship(mentee=world.newfaculty, mentor=person, kind="peer",
                   start_date=today - 10 * DAY) for person in people[::3]])
    for year in range(years):
        event = DevelopmentEvent.objects.create(
            department=world.department, kind=DevelopmentEvent.Kind.MENTOR_WORKSHOP,
            title=f"Workshop {year}", starts_at=timezone.now() - (365 * year + 20) * DAY)
        EventRegistration.objects.create(event=event, person=world.mentor, attended=True)
        if year % 4 == 0:
            recognise(departmental(cycle_for(world, "published")), world.mentor)


def test_the_portfolio_of_30_mentees_over_15_years_costs_what_one_mentee_does(
        client, world, login):
    login(world.mentor)
    pages = [reverse("awards:portfolio"), reverse("awards:portfolio_pdf")]
    small = [count_queries(client, url) for url in pages]
    add_history(world, mentees=30, years=15)
    assert Mentorship.objects.filter(mentor=world.mentor).count() == 31
    assert Recognition.objects.filter(person=world.mentor).count() == 4
    large = [count_queries(client, url) for url in pages]
    assert_same(small[0], large[0], "portfolio page")
    assert_same(small[1], large[1], "portfolio PDF")


def add_nominations(world, cycle, count: int) -> None:
    mentors = bulk_faculty(world.division, count, senior=True)
    Mentorship.objects.bulk_create([Mentorship(mentee=world.outsider, mentor=m, kind="informal",
                                               start_date=timezone.localdate() - DAY)
                                    for m in mentors])
    nominations = Nomination.objects.bulk_create([
        Nomination(award=departmental(cycle), nominee=m, nominator=world.newfaculty,
                   statement="s", submission_token=uuid.uuid4()) for m in mentors])
    criteria = list(cycle.rubric.all())
    for scorer in (world.director, world.vicechair):
        cards = Scorecard.objects.bulk_create([
            Scorecard(nomination=n, scorer=scorer, total=i % 10)
            for i, n in enumerate(nominations)])
        CriterionScore.objects.bulk_create([CriterionScore(scorecard=c, criterion=k, points=3)
                                            for c in cards for k in criteria])


@pytest.mark.parametrize(("name", "persona", "phase"), [
    ("awards:scoring", "facilitator", "scoring"),
    ("awards:results", "admin", "results"),
    ("awards:cycle_detail", "admin", "scoring"),
    ("awards:index", "facilitator", "scoring"),
    ("home", "facilitator", "scoring"),  # "score N nominations"
    ("home", "mentee", "nominating"),  # "nominate your mentor"
])
def test_cycle_pages_cost_the_same_for_2_nominations_as_for_40(
        client, world, login, name, persona, phase):
    cycle = cycle_for(world, phase, committee=("facilitator",))
    url = reverse(name, args=[cycle.pk]) if name.startswith("awards:c") or name in (
        "awards:scoring", "awards:results") else reverse(name)
    login(world.person(persona))
    add_nominations(world, cycle, 2)
    small = count_queries(client, url)
    add_nominations(world, cycle, 38)
    assert_same(small, count_queries(client, url), name)


def test_the_wall_costs_the_same_for_one_winner_as_for_twenty_cycles_of_them(
        client, world, login):
    login(world.outsider)
    recognise(departmental(cycle_for(world, "published")), world.mentor)
    small = count_queries(client, reverse("awards:wall"))
    for person in bulk_faculty(world.division, 20, senior=True):
        recognise(departmental(cycle_for(world, "published")), person)
    assert_same(small, count_queries(client, reverse("awards:wall")), "wall")
