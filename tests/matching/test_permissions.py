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
    """A mentor of another department: not in anyone's directory here."""
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
    Row("matching:introduce", elsewhere_mentor, only(), label="other department"),
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
