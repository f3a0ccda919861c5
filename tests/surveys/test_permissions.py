"""The permission matrix for every surveys URL. Building and launching: program admins.
Progress and results: program admins and Vice-Chairs (read-only), 404 for everyone else,
whatever else they lead. Answering: the person invited; the personal link: whoever holds
it, signed in or not."""

from dataclasses import dataclass

import pytest

from surveys.models import Run, Survey
from tests.conftest import World
from tests.permissions import PERSONAS, Row, cells, check_cell, no_kwargs, only
from tests.programs.factories import DepartmentFactory, DivisionFactory, FacultyFactory
from tests.surveys.factories import invite, launch, question, survey_for, template

READERS = ("admin", "vicechair")


@dataclass
class Setup:
    survey: Survey
    run: Run
    token: str


def setup(world: World) -> Setup:
    if hasattr(world, "_surveys"):
        return world._surveys
    survey = survey_for(world)
    run = launch(world, survey)
    token = invite(run, world.mentee)
    world._surveys = Setup(survey=survey, run=run, token=token)
    return world._surveys


def survey(world: World) -> dict:
    return {"pk": setup(world).survey.pk}


def shipped(world: World) -> dict:
    return {"pk": template().pk}


def run(world: World) -> dict:
    return {"pk": setup(world).run.pk}


def elsewhere_survey(world: World) -> dict:
    division = DivisionFactory(department=DepartmentFactory())
    other = World(**{**world.__dict__, "department": division.department,
                     "admin": FacultyFactory(division=division)})
    return {"pk": survey_for(other).pk}


def a_question(world: World) -> dict:
    data = setup(world)
    return {"pk": data.survey.pk, "question": question(data.run, "eval_recommend").pk}


def token(world: World) -> dict:
    return {"token": setup(world).token}


def section_id(world: World) -> dict:
    return {"section": setup(world).survey.current_version.sections.first().pk,
            "text": "Anything else?", "kind": "text"}


def exit_run(world: World) -> dict:
    """The exit questions of world.mentorship, ended (both members invited)."""
    from programs.services.requests import mentorship_close
    from surveys.models.runs import Audience

    if not Run.objects.filter(audience=Audience.EXIT).exists():
        mentorship_close(mentorship=world.mentorship, reason="completed")
    return {"pk": Run.objects.get(audience=Audience.EXIT).pk}


EVERYONE = PERSONAS

MATRIX: list[Row] = [
    Row("surveys:index", no_kwargs, only(*EVERYONE)),
    Row("surveys:survey_new", no_kwargs, only("admin")),
    Row("surveys:survey_new", no_kwargs, only("admin"), method="post"),
    Row("surveys:survey_detail", survey, only("admin")),
    Row("surveys:survey_detail", shipped, only("admin"), label="template"),
    Row("surveys:survey_detail", elsewhere_survey, only(), label="nobody"),
    Row("surveys:section_new", survey, only("admin", status=302), method="post",
        data=lambda world: {"title": "More"}),
    Row("surveys:question_new", survey, only("admin", status=302), method="post",
        data=section_id),
    Row("surveys:question_move", a_question, only("admin", status=302), method="post",
        data=lambda world: {"direction": "up"}),
    Row("surveys:question_delete", a_question, only("admin", status=302), method="post"),
    Row("surveys:preview", survey, only("admin")),
    Row("surveys:run_new", survey, only("admin")),
    Row("surveys:run_new", survey, only("admin"), method="post"),
    Row("surveys:run_progress", run, only(*READERS)),
    Row("surveys:run_results", run, only(*READERS)),
    Row("surveys:run_results_csv", run, only(*READERS)),
    Row("surveys:topic_supply", no_kwargs, only(*READERS)),
    Row("surveys:answer", run, only("mentee")),
    # The exit questions: each member of the ended mentorship answers their own; the
    # results are the program office's (and Vice-Chairs'), never a member's.
    Row("surveys:answer", exit_run, only("mentee", "mentor"), label="exit"),
    Row("surveys:run_results", exit_run, only(*READERS), label="exit"),
    Row("surveys:run_progress", exit_run, only(*READERS), label="exit"),
    # The personal link needs no account: whoever holds it answers, once.
    Row("surveys:answer_link", token, only(*EVERYONE, anonymous=200)),
]


@pytest.mark.parametrize(("row", "persona"), cells(MATRIX))
def test_permission_matrix(client, world, login, row, persona):
    check_cell(client, world, login, row, persona)
