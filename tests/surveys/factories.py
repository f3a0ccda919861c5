"""Builders for surveys: a department's copy of a shipped template, a launched run,
invitations with known tokens, and answers recorded through the service."""

import datetime
import uuid

from django.utils import timezone

from programs.models import FacultyMember
from surveys.access import hash_token
from surveys.models import Invitation, Question, Run, Survey
from surveys.models.runs import Audience
from surveys.services.ballots import ballots_count
from surveys.services.builder import survey_from_template
from surveys.services.responses import response_record
from surveys.services.runs import run_launch
from tests.conftest import World
from tests.programs.factories import FacultyFactory

DAY = datetime.timedelta(days=1)


def template(kind: str = "evaluation") -> Survey:
    return Survey.objects.get(is_template=True, kind=kind)


def survey_for(world: World, kind: str = "evaluation") -> Survey:
    survey, _ = survey_from_template(template=template(kind), department=world.department,
                                     by=world.admin.user, title="", submission_token=uuid.uuid4())
    return survey


def launch(world: World, survey: Survey | None = None, *, anonymous: bool = True,
           audience: str = Audience.DEPARTMENT, division=None, title: str = "Evaluation 2026",
           opens_on: datetime.date | None = None, closes_on: datetime.date | None = None
           ) -> Run:
    today = timezone.localdate()
    survey = survey or survey_for(world)
    run, _ = run_launch(survey=survey, by=world.admin.user, submission_token=uuid.uuid4(),
                        title=title, audience=audience, division=division,
                        opens_on=opens_on or today, closes_on=closes_on or today + 14 * DAY,
                        anonymous=anonymous)
    return run


def invite(run: Run, person: FacultyMember, token: str | None = None) -> str:
    token = token or uuid.uuid4().hex
    Invitation.objects.create(run=run, person=person, token_hash=hash_token(token),
                              invited_on=timezone.localdate())
    return token


def question(run: Run, key: str) -> Question:
    return Question.objects.get(section__version=run.version, key=key)


def answer(run: Run, person: FacultyMember, values: dict[str, object], *,
           invite_first: bool = True, on: datetime.date | None = None):
    """Record `values` (question key -> value) for `person`."""
    if invite_first and not Invitation.objects.filter(run=run, person=person).exists():
        invite(run, person)
    answers = {question(run, key): value for key, value in values.items()}
    return response_record(run=run, person=person, answers=answers,
                           on=on or timezone.localdate(), consented=not run.anonymous)


def people_in(division, n: int, **kwargs) -> list[FacultyMember]:
    return [FacultyFactory(division=division, department=division.department, **kwargs)
            for _ in range(n)]


def counted(run: Run) -> int:
    """Count every sealed ballot of an anonymous run, as the hourly job does once it closes
    (while a run is open they are counted in shuffled batches: surveys.services.ballots)."""
    return ballots_count(run_id=run.pk, everything=True)
