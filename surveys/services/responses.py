"""Recording one person's answers to one run.

In one transaction, under a lock on the person's invitation: the completion (who answered,
with no time), the response (no person, random key, the date only), its answers, and the
breakdown counters. For an identified run, an attribution row says whose response it is.
A second submission of the same form finds the completion and records nothing.
"""

import datetime
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from programs.models import FacultyMember
from surveys.models import (
    Answer,
    Attribution,
    Completion,
    Invitation,
    PulseFollowUp,
    Question,
    QuestionKind,
    Response,
    Run,
    SurveyKind,
    Tally,
)
from surveys.models.runs import Audience
from surveys.rules import groups_of
from surveys.services import SurveyError
from surveys.services.interest import interest_profile_update


def _answer_row(response: Response, question: Question, value: Any) -> Answer | None:
    if value in (None, "", []):
        return None
    if question.kind == QuestionKind.TEXT:
        return Answer(response=response, question=question, text=value)
    if question.kind in (QuestionKind.MULTIPLE, QuestionKind.RANKED_TOPICS):
        return Answer(response=response, question=question, choices=[int(v) for v in value])
    return Answer(response=response, question=question, number=int(value))


def _options(answer: Answer) -> list[str]:
    """The options an answer counts under ("" counts that the question was answered)."""
    if answer.number is not None:
        return ["", str(answer.number)]
    if answer.choices:
        return ["", *(str(choice) for choice in answer.choices)]
    return [""]


def _count(run: Run, answers: list[Answer], groups: dict[str, str]) -> None:
    """Add one respondent to every counter their answers touch, in one statement."""
    rows = []
    for answer in answers:
        for dimension, group in (("all", ""), *groups.items()):
            for option in _options(answer):
                rows.append((run.pk, answer.question_id, dimension, group[:200], option, 1))
    if not rows:
        return
    table = Tally._meta.db_table
    values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO {table} (run_id, question_id, dimension, "group", option, count) '
            f"VALUES {values} ON CONFLICT (run_id, question_id, dimension, \"group\", option) "
            f"DO UPDATE SET count = {table}.count + 1",
            [value for row in rows for value in row])


def response_record(*, run: Run, person: FacultyMember, answers: dict[Question, Any],
                    on: datetime.date, consented: bool = False,
                    update_profile: bool = True) -> Response:
    """Record a person's answers once. SurveyError("answered") on a second try, ("closed")
    outside the run's dates, ("not_invited") for someone the run did not invite. The
    interest survey also updates the person's matching profile (surveys.services.interest)
    unless `update_profile` is off (the demo, whose profiles matching seeds itself)."""
    with transaction.atomic():
        invitation = (Invitation.objects.select_for_update()
                      .filter(run=run, person=person).first())
        if invitation is None:
            raise SurveyError("This survey was not sent to you.", "not_invited")
        if not run.is_open(on):
            raise SurveyError("This survey has closed.", "closed")
        if Completion.objects.filter(run=run, person=person).exists():
            raise SurveyError("You have already answered this survey: thank you.", "answered")
        if not run.anonymous and not consented:
            raise SurveyError("This survey is identified: tick the box to agree before "
                              "sending.", "consent")
        Completion.objects.create(run=run, person=person)
        response = Response.objects.create(run=run, submitted_on=_submitted_on(run, on))
        rows = [row for question, value in answers.items()
                if (row := _answer_row(response, question, value)) is not None]
        Answer.objects.bulk_create(rows)
        _count(run, rows, groups_of(person, on))
        if not run.anonymous:
            Attribution.objects.create(response=response, person=person, consented=True)
            if _is_low_pulse(run, rows):
                PulseFollowUp.objects.get_or_create(run=run, person=person,
                                                    defaults={"raised_on": on})
            if update_profile and run.survey.kind == SurveyKind.INTEREST:
                interest_profile_update(person=person,
                                        answers={row.question.key: row for row in rows})
    return response


def _submitted_on(run: Run, on: datetime.date) -> datetime.date:
    """The date a response keeps. An exit run's invitations come one ending at a time, so
    a day could match a response to the ending it follows: exit answers keep the month."""
    if run.audience == Audience.EXIT:
        return on.replace(day=1)
    return on


def _is_low_pulse(run: Run, answers: list[Answer]) -> bool:
    """An identified pulse with any agreement score at or under SURVEY_LOW_PULSE."""
    if run.survey.kind != SurveyKind.PULSE:
        return False
    return any(answer.number is not None and answer.number <= settings.SURVEY_LOW_PULSE
               and answer.question.kind == QuestionKind.LIKERT for answer in answers)
