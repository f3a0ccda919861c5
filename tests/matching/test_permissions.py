"""The permission matrix for every matching URL.

The world gets (`setup`): an offer from the mentor (room for three), needs from the
newcomer, and the newcomer's pending request for an introduction to the mentor.
Needs are for the person, their division's facilitators and Director, and program admins;
an introduction for its two people, the mentee's division's facilitators and Director,
and program admins; only the mentor answers it, only the mentee withdraws it.
"""

from dataclasses import dataclass

import pytest

from matching.models import Introduction, MenteeNeeds, MentorProfile
from tests.conftest import World
from tests.matching.survey import ask, make_needs, make_offer
from tests.permissions import PERSONAS, Row, cells, check_cell, no_kwargs, only
from tests.programs.factories import DepartmentFactory, DivisionFactory, FacultyFactory

EVERYONE = PERSONAS
NEEDS_READERS = ("newfaculty", "director", "facilitator", "admin")
INTRODUCTION_READERS = ("newfaculty", "mentor", "director", "facilitator", "admin")


def all_but(*names: str) -> tuple[str, ...]:
    return tuple(persona for persona in EVERYONE if persona not in names)


@dataclass
class Setup:
    offer: MentorProfile
    needs: MenteeNeeds
    introduction: Introduction


def setup(world: World) -> Setup:
    if not hasattr(world, "_survey"):
        world._survey = Setup(
            offer=make_offer(world.mentor, "Grant writing", capacity=3),
            needs=make_needs(world.newfaculty, "Grant writing"),
            introduction=ask(world.newfaculty, world.mentor))
    return world._survey


def mentor_kwargs(world: World) -> dict:
    setup(world)
    return {"pk": world.mentor.pk}


def elsewhere_mentor(world: World) -> dict:
    """A mentor of another department: in nobody's directory here."""
    department = DepartmentFactory(name="Department of Surgery", slug="surgery")
    person = FacultyFactory(division=DivisionFactory(department=department),
                            department=department)
    make_offer(person, "Grant writing")
    return {"pk": person.pk}


def introduction(world: World) -> dict:
    return {"pk": setup(world).introduction.pk}


def newcomer(world: World) -> dict:
    setup(world)
    return {"pk": world.newfaculty.pk}


MATRIX: list[Row] = [
    Row("matching:me", no_kwargs, only(*EVERYONE)),
    Row("matching:offer", no_kwargs, only(*EVERYONE)),
    # An empty post: the form again, saying what is missing.
    Row("matching:offer", no_kwargs, only(*EVERYONE), method="post"),
    Row("matching:needs", no_kwargs, only(*EVERYONE)),
    Row("matching:needs", no_kwargs, only(*EVERYONE), method="post"),
    Row("matching:person_needs", newcomer, only(*NEEDS_READERS)),
    Row("matching:directory", no_kwargs, only(*EVERYONE)),
    # The newcomer already asked (sent to their request); the others see the form, or
    # why they cannot ask (the mentor themself, the mentee already mentored by them).
    Row("matching:introduce", mentor_kwargs, only(*all_but("newfaculty"), newfaculty=302)),
    Row("matching:introduce", mentor_kwargs,
        only(*all_but("mentor", "mentee"), status=302, mentor=200, mentee=200), method="post",
        data=lambda world: {"message": "Could we meet?"}),
    Row("matching:introduce", elsewhere_mentor, only(), label="nobody"),
    Row("matching:introductions", no_kwargs, only(*EVERYONE)),
    Row("matching:introduction_detail", introduction, only(*INTRODUCTION_READERS)),
    Row("matching:introduction_accept", introduction,
        only("mentor", status=302, newfaculty=403, director=403, facilitator=403, admin=403),
        method="post"),
    Row("matching:introduction_decline", introduction,
        only("mentor", status=302, newfaculty=403, director=403, facilitator=403, admin=403),
        method="post"),
    Row("matching:introduction_withdraw", introduction,
        only("newfaculty", status=302, mentor=403, director=403, facilitator=403, admin=403),
        method="post"),
]

# Bulk-loading the survey: program admins only. An empty upload shows the form again; an
# empty confirm cannot be read back and returns to the upload page.
MATRIX += [
    Row("matching:survey_import", no_kwargs, only("admin")),
    Row("matching:survey_import", no_kwargs, only("admin"), method="post"),
    Row("matching:survey_import_confirm", no_kwargs, only("admin", status=302),
        method="post"),
    Row("matching:survey_import_sample", no_kwargs, only("admin")),
]


# --- Workspace, proposals and cohort runs -------------------------------------------------
# The workspace of a division and its cohort runs: the division's facilitators and program
# admins. A proposal: its two people and those who run the workspace; each side answers
# (403 for the managers), only the managers record an offline agreement or withdraw.
RUNNERS = ("facilitator", "admin")


def proposal(world: World) -> dict:
    from matching.services.proposals import proposal_create

    setup(world)
    if not hasattr(world, "_proposal"):
        world._proposal = proposal_create(mentee=world.newfaculty, mentor=world.mentor,
                                          kind="formal", by=world.facilitator.user)
    return {"pk": world._proposal.pk}


def cohort_run(world: World):
    from matching.models import CohortPair, CohortRun

    setup(world)
    if not hasattr(world, "_run"):
        run = CohortRun.objects.create(
            department=world.department, division=world.division, kind="formal",
            appointed_since=world.newfaculty.appointment_date, state=CohortRun.State.READY,
            mentees=1, mentors=1, optimal_matched=1, greedy_matched=1,
            greedy_pairs=[[world.newfaculty.pk, world.mentor.pk, 30.0]])
        world._run = run
        world._pair = CohortPair.objects.create(run=run, mentee=world.newfaculty,
                                                mentor=world.mentor, score=30)
    return world._run


def run_kwargs(world: World) -> dict:
    return {"pk": cohort_run(world).pk}


def pair_kwargs(world: World) -> dict:
    cohort_run(world)
    return {"pk": world._run.pk, "pair_pk": world._pair.pk}


def division(world: World) -> dict:
    setup(world)
    return {"pk": world.division.pk}


def candidates_kwargs(world: World) -> dict:
    setup(world)
    return {"pk": world.division.pk, "person_pk": world.newfaculty.pk}


MANAGERS_403 = {"newfaculty": 403, "mentor": 403}
SIDES_403 = {"facilitator": 403, "admin": 403}

MATRIX += [
    Row("matching:workspace", division, only(*RUNNERS)),
    Row("matching:workspace", lambda world: {"pk": world.other_division.pk}, only("admin"),
        label="another division"),
    Row("matching:candidates", candidates_kwargs, only(*RUNNERS)),
    Row("matching:candidates", lambda world: {"pk": world.division.pk,
                                              "person_pk": world.outsider.pk},
        only(), label="nobody"),
    Row("matching:candidates", candidates_kwargs, only(*RUNNERS, status=302), method="post",
        data=lambda world: {"mentor": world.mentor.pk, "kind": "formal"}),
    Row("matching:proposal", proposal, only("newfaculty", "mentor", *RUNNERS)),
    Row("matching:proposal", proposal,
        only("newfaculty", "mentor", status=302, **SIDES_403), method="post",
        data=lambda world: {"answer": "accept"}),
    Row("matching:proposal_offline", proposal, only(*RUNNERS, status=302, **MANAGERS_403),
        method="post"),
    Row("matching:proposal_withdraw", proposal, only(*RUNNERS, status=302, **MANAGERS_403),
        method="post"),
    Row("matching:cohorts", no_kwargs, only(*RUNNERS, **{p: 403 for p in all_but(*RUNNERS)})),
    # An empty post: the form again, saying what is missing.
    Row("matching:cohorts", no_kwargs, only(*RUNNERS, **{p: 403 for p in all_but(*RUNNERS)}),
        method="post"),
    Row("matching:cohort", run_kwargs, only(*RUNNERS)),
    Row("matching:cohort_progress", run_kwargs, only(*RUNNERS)),
    Row("matching:cohort_pair", pair_kwargs, only(*RUNNERS)),
    Row("matching:cohort_pair", pair_kwargs, only(*RUNNERS, status=302), method="post",
        data=lambda world: {"mentor": ""}),
    Row("matching:cohort_publish", run_kwargs, only(*RUNNERS, status=302), method="post"),
]


@pytest.mark.parametrize(("row", "persona"), cells(MATRIX))
def test_status(client, world, login, row: Row, persona: str):
    check_cell(client, world, login, row, persona)


def test_nobody_but_the_mentor_answers_an_introduction(client, world, login):
    from django.urls import reverse

    pending = setup(world).introduction
    for persona in ("newfaculty", "facilitator", "admin", "outsider"):
        login(world.person(persona))
        client.post(reverse("matching:introduction_accept", args=[pending.pk]))
        client.post(reverse("matching:introduction_decline", args=[pending.pk]))
    pending.refresh_from_db()
    assert pending.status == Introduction.Status.PENDING
