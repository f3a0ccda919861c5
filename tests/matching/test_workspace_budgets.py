"""The workspace, candidates, proposal and cohort pages: each within a ceiling, and the
same number of queries for a few people as for many (no query per person or mentor)."""

import datetime

import pytest
from django.urls import reverse

from matching.models import CohortPair, CohortRun, MentorProfile, Proposal
from matching.services.cohorts import cohort_start
from matching.services.proposals import proposal_create
from tests.matching.helpers import needs, offer
from tests.programs.factories import FacultyFactory
from tests.programs.test_query_budgets import assert_same, assert_within, count_queries


def grow(world, n: int) -> None:
    """n newcomers in the mentee's division with needs, and n mentors with offers."""
    today = datetime.date.today()
    for i in range(n):
        person = FacultyFactory(division=world.division, department=world.department,
                                appointment_date=today - datetime.timedelta(days=i + 1),
                                new_to_country=bool(i % 2))
        needs(person, "grant writing", "teaching")
        mentor = FacultyFactory(division=world.other_division, department=world.department,
                                appointment_date=today.replace(year=today.year - 15),
                                rank="full")
        offer(mentor, "grant writing" if i % 2 else "teaching", capacity=2)


@pytest.fixture
def base(world):
    needs(world.newfaculty, "grant writing")
    offer(world.mentor, "grant writing", capacity=3)
    offer(world.director, "teaching")
    return world


def pages(world) -> list[tuple[str, str]]:
    run = cohort_start(department=world.department, division=world.division, kind="formal",
                       appointed_since=datetime.date.today().replace(
                           year=datetime.date.today().year - 1), by=None)
    pair = run.pairs.get(mentee=world.newfaculty)
    proposal = proposal_create(mentee=world.newfaculty, mentor=world.mentor, kind="formal",
                               by=None)
    return [
        ("workspace", reverse("matching:workspace", args=[world.division.pk])),
        ("candidates", reverse("matching:candidates",
                               args=[world.division.pk, world.newfaculty.pk])),
        ("buddy candidates", reverse("matching:candidates",
                                     args=[world.division.pk, world.newfaculty.pk])
         + "?kind=buddy"),
        ("proposal", reverse("matching:proposal", args=[proposal.pk])),
        ("cohorts", reverse("matching:cohorts")),
        ("cohort", reverse("matching:cohort", args=[run.pk])),
        ("cohort pair", reverse("matching:cohort_pair", args=[run.pk, pair.pk])),
    ]


CEILINGS = {"workspace": 22, "candidates": 20, "buddy candidates": 20, "proposal": 10,
            "cohorts": 10, "cohort": 10, "cohort pair": 20}


def measure(client, world) -> dict:
    return {name: count_queries(client, url) for name, url in pages(world)}


def test_each_page_within_its_ceiling_and_constant_in_people(client, base, login):
    login(base.facilitator)
    small = measure(client, base)
    for name, counted in small.items():
        assert_within(counted, CEILINGS[name], name)
    CohortPair.objects.all().delete()
    CohortRun.objects.all().delete()
    Proposal.objects.all().delete()
    grow(base, 12)
    large = measure(client, base)
    assert MentorProfile.objects.count() > 12
    for name in small:
        assert_same(small[name], large[name], name)
