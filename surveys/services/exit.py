"""The exit questions: when a mentorship ends, each side is asked, separately.

programs sends `mentorship_ended` (programs.signals) inside the transaction that ends the
mentorship; surveys.receivers calls `exit_invitations_send`. Each department has one exit
run per program year, made on the first ending of the year from the department's latest
exit survey (copied from the shipped "Exit questions" template if it has none). Both
members are invited to it with the mentorship named on the invitation, so their home
pages say "Exit questions about your mentorship with X".

The run is anonymous: a response has no link to its author (surveys.models.responses),
its date is kept to the month (an exit run's invitations trickle in one by one, so a day
would point at the ending it follows), and the program office reads the answers only in
aggregate on the run's results, under the report thresholds. Nobody, and so never the
other member of the mentorship, can read one person's answers.

Invitations are unique per run and person: someone who ends a second mentorship in the
same program year is not asked a second time (their first invitation stands).
"""

import datetime
import uuid

from django.db import transaction

from programs.models import Department, FacultyMember, Mentorship
from surveys.models import Run, Survey, SurveyKind
from surveys.models.runs import Audience
from surveys.services.builder import survey_from_template

# An ending late in the program year still leaves this long to answer.
EXIT_GRACE = datetime.timedelta(days=60)


def exit_survey_of(department: Department) -> Survey | None:
    """The department's latest exit survey with questions, or a copy of the template."""
    survey = (Survey.objects.filter(department=department, kind=SurveyKind.EXIT,
                                    is_template=False,
                                    versions__sections__questions__isnull=False)
              .distinct().order_by("-pk").first())
    if survey is not None:
        return survey
    template = Survey.objects.filter(is_template=True, kind=SurveyKind.EXIT).first()
    if template is None:
        return None
    survey, _ = survey_from_template(template=template, department=department, by=None,
                                     title="", submission_token=uuid.uuid4())
    return survey


def exit_run_for(survey: Survey, department: Department, on: datetime.date) -> Run:
    """The department's exit run for the program year of `on`, locked."""
    start, next_start = department.program_year(on)
    run = (Run.objects.select_for_update().filter(
        survey__department=department, audience=Audience.EXIT, opens_on=start).first())
    if run is None:
        run = Run.objects.create(
            survey=survey, version=survey.current_version, audience=Audience.EXIT,
            title=f"Exit questions, {start.year}–{next_start.year}", opens_on=start,
            closes_on=next_start - datetime.timedelta(days=1) + EXIT_GRACE,
            anonymous=True, submission_token=uuid.uuid4())
    return run


@transaction.atomic
def exit_invitations_send(*, mentorship: Mentorship, on: datetime.date) -> int:
    """Invite both members of an ended mentorship (current faculty with an account) to
    the exit questions; the number invited (0 for someone already invited this year)."""
    from surveys.services.runs import _invite

    department = Department.objects.select_for_update().get(pk=mentorship.mentee.department_id)
    survey = exit_survey_of(department)
    if survey is None:
        return 0
    run = exit_run_for(survey, department, on)
    people = list(FacultyMember.objects.current()
                  .filter(pk__in=[mentorship.mentee_id, mentorship.mentor_id])
                  .select_related("user").order_by("pk"))
    return _invite(run, on, people, {person.pk: mentorship.pk for person in people})
