"""Recording one person's answers to one run.

In one transaction, under a lock on the person's invitation, the completion (who answered,
with no time) and then:
- for an anonymous run, a sealed ballot (surveys.services.ballots), counted later in a
  shuffled batch by a transaction of its own, so no response shares one with a completion;
- for an identified run, the response, its answers, the breakdown counters and an
  attribution row that says whose response it is.
A second submission of the same form finds the completion and records nothing.
"""

import datetime
from typing import Any

from django.conf import settings
from django.db import transaction

from programs.models import FacultyMember
from surveys.models import (
    Answer,
    Attribution,
    Ballot,
    Completion,
    Invitation,
    PulseFollowUp,
    Question,
    QuestionKind,
    Response,
    Run,
    SurveyKind,
)
from surveys.models.runs import Audience
from surveys.rules import groups_of
from surveys.services import SurveyError
from surveys.services.ballots import ballot_seal, ballots_count, tally_add, tally_counts
from surveys.services.interest import interest_profile_update


def _answer_row(response: Response | None, question: Question, value: Any) -> Answer | None:
    if value in (None, "", []):
        return None
    if question.kind == QuestionKind.TEXT:
        return Answer(response=response, question=question, text=value)
    if question.kind in (QuestionKind.MULTIPLE, QuestionKind.RANKED_TOPICS):
        return Answer(response=response, question=question, choices=[int(v) for v in value])
    return Answer(response=response, question=question, number=int(value))


def response_record(*, run: Run, person: FacultyMember, answers: dict[Question, Any],
                    on: datetime.date, consented: bool = False,
                    update_profile: bool = True) -> Response | None:
    """Record a person's answers once: the response of an identified run, None for an
    anonymous run (its answers wait in a sealed ballot until counted). SurveyError
    ("answered") on a second try, ("closed") outside the run's dates, ("not_invited") for
    someone the run did not invite. The interest survey also updates the person's matching
    profile (surveys.services.interest) unless `update_profile` is off (the demo, whose
    profiles matching seeds itself)."""
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
        if run.anonymous:
            rows = [row for question, value in answers.items()
                    if (row := _answer_row(None, question, value)) is not None]
            Ballot.objects.create(run=run, sealed=ballot_seal(
                run=run, on=_submitted_on(run, on), groups=groups_of(person, on),
                answers=rows))
            # After the commit, in a transaction of its own; nothing while others wait.
            transaction.on_commit(lambda: ballots_count(run_id=run.pk), robust=True)
            return None
        response = Response.objects.create(run=run, submitted_on=_submitted_on(run, on))
        rows = [row for question, value in answers.items()
                if (row := _answer_row(response, question, value)) is not None]
        Answer.objects.bulk_create(rows)
        tally_add(run.pk, tally_counts(rows, groups_of(person, on)))
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
