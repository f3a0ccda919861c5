"""The permission matrix for every awards URL: cycles, nominations, letters, scoring,
results, the wall and the portfolio.

The world gets (`setup`): a cycle open for nominations with the mentee's nomination of the
mentor; a cycle the committee (facilitator and director) is scoring, with the same
nomination and a letter; a cycle whose scoring closed, with a winner chosen; a published
cycle the mentor won. The nominee (the mentor) never opens their nomination or its letter.
"""

from dataclasses import dataclass

import pytest
from django.utils import timezone

from awards.models import Nomination, NominationLetter, Recognition
from tests.awards.factories import (
    AwardCycleFactory,
    cycle_for,
    departmental,
    nominate,
    pdf_bytes,
    recognise,
    upload,
)
from tests.conftest import World
from tests.permissions import PERSONAS, Row, cells, check_cell, no_kwargs, only

EVERYONE = PERSONAS
COMMITTEE = ("facilitator", "director")


@dataclass
class Setup:
    nominating: object
    scoring: object
    results: object
    open_nomination: Nomination
    scored_nomination: Nomination
    letter: NominationLetter
    recognition: Recognition


def setup(world: World) -> Setup:
    if hasattr(world, "_awards"):
        return world._awards
    nominating = cycle_for(world, "nominating", committee=COMMITTEE)
    scoring = cycle_for(world, "scoring", committee=COMMITTEE)
    results = cycle_for(world, "results", committee=COMMITTEE)
    nominate(results, world.mentor, world.mentee, winner=True)
    scored = nominate(scoring, world.mentor, world.mentee)
    letter = NominationLetter(nomination=scored, original_name="letter.pdf", size=1000, pages=1)
    letter.file.save("letter.pdf", upload(pdf_bytes()), save=True)
    published = cycle_for(world, "published")
    world._awards = Setup(
        nominating=nominating, scoring=scoring, results=results,
        open_nomination=nominate(nominating, world.mentor, world.mentee), scored_nomination=scored,
        letter=letter, recognition=recognise(departmental(published), world.mentor))
    return world._awards


def cycle(name: str):
    return lambda world: {"pk": getattr(setup(world), name).pk}


def other_department_cycle(world: World) -> dict:
    return {"pk": AwardCycleFactory(nominations_close=timezone.localdate()).pk}


MATRIX: list[Row] = [
    Row("awards:index", no_kwargs, only(*EVERYONE)),
    Row("awards:cycle_new", no_kwargs, only("admin")),
    # An empty post: the form again, saying what is missing.
    Row("awards:cycle_new", no_kwargs, only("admin"), method="post"),
    Row("awards:cycle_detail", cycle("nominating"), only(*EVERYONE)),
    Row("awards:cycle_detail", other_department_cycle, only(), label="nobody"),
    Row("awards:nominate", cycle("nominating"), only(*EVERYONE)),
    Row("awards:nominate", cycle("nominating"), only(*EVERYONE), method="post"),
    Row("awards:scoring", cycle("scoring"), only(*COMMITTEE)),
    Row("awards:cycle_close", cycle("scoring"), only("admin", status=302), method="post"),
    Row("awards:results", cycle("results"), only("admin")),
    Row("awards:results", cycle("results"), only("admin", status=302), method="post"),
    Row("awards:cycle_publish", cycle("results"), only("admin", status=302), method="post"),
    # The nominator reads their own back; the nominee (mentor) never does.
    Row("awards:nomination_detail", lambda w: {"pk": setup(w).scored_nomination.pk},
        only("mentee", *COMMITTEE, "admin")),
    # An empty score: the committee sees the form again; the admin is not on it.
    Row("awards:score", lambda w: {"pk": setup(w).scored_nomination.pk}, only(*COMMITTEE),
        method="post"),
    Row("awards:nomination_withdraw", lambda w: {"pk": setup(w).open_nomination.pk},
        only("mentee", status=302, admin=403, facilitator=403, director=403), method="post"),
    Row("awards:letter", lambda w: {"pk": setup(w).letter.pk}, only(*COMMITTEE, "admin")),
    Row("awards:wall", no_kwargs, only(*EVERYONE)),
    Row("awards:wall_choice", lambda w: {"pk": setup(w).recognition.pk},
        only("mentor", status=302), method="post"),
    # Each person's own portfolio: no id.
    Row("awards:portfolio", no_kwargs, only(*EVERYONE)),
    Row("awards:portfolio", no_kwargs, only(*EVERYONE, status=302), method="post"),
    Row("awards:portfolio_pdf", no_kwargs, only(*EVERYONE)),
    Row("awards:naming", lambda w: {"pk": w.mentorship.pk}, only("mentee")),
    Row("awards:naming", lambda w: {"pk": w.mentorship.pk}, only("mentee"), method="post"),
]


@pytest.mark.parametrize(("row", "persona"), cells(MATRIX))
def test_status(client, world, login, row: Row, persona: str):
    check_cell(client, world, login, row, persona)


def test_a_withdrawal_by_anyone_but_the_nominator_withdraws_nothing(client, world, login):
    from django.urls import reverse

    nomination = setup(world).open_nomination
    for persona in ("admin", "facilitator", "mentor"):
        login(world.person(persona))
        client.post(reverse("awards:nomination_withdraw", args=[nomination.pk]))
    assert Nomination.objects.filter(pk=nomination.pk).exists()
