"""The relationship pulse: three months into a mentorship, then every year, each side is
asked separately. Each department with a pulse survey (the latest made from the template)
has one run a month; the hourly sweep invites both members of every active mentorship
whose 3-month or yearly mark falls in that month. Invitations are unique per run and
person, so a rerun invites nobody twice (someone due twice in one month is asked once)."""

import datetime
import uuid

from django.db import transaction

from programs.models import Mentorship
from surveys.models import Run, Survey, SurveyKind
from surveys.models.runs import Audience


def months_between(start: datetime.date, on: datetime.date) -> int:
    return (on.year - start.year) * 12 + on.month - start.month


def is_due(start: datetime.date, on: datetime.date) -> bool:
    months = months_between(start, on)
    return months == 3 or (months >= 12 and months % 12 == 0)


def _month_run(survey: Survey, on: datetime.date) -> Run:
    opens = on.replace(day=1)
    closes = (opens + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
    run = Run.objects.filter(survey=survey, audience=Audience.PULSE, opens_on=opens).first()
    if run is None:
        run = Run.objects.create(
            survey=survey, version=survey.current_version, audience=Audience.PULSE,
            title=f"Relationship pulse, {opens:%B %Y}", opens_on=opens,
            closes_on=closes + datetime.timedelta(days=14), anonymous=False,
            submission_token=uuid.uuid4())
    return run


def pulse_invitations_send(*, on: datetime.date) -> int:
    from surveys.services.runs import _invite

    invited = 0
    surveys = (Survey.objects.filter(kind=SurveyKind.PULSE, is_template=False,
                                     versions__sections__questions__isnull=False)
               .distinct().order_by("department_id", "-pk"))
    latest: dict[int, Survey] = {}
    for survey in surveys:
        latest.setdefault(survey.department_id, survey)
    for department_id, survey in latest.items():
        due = [m for m in Mentorship.objects.active(on)
               .filter(mentee__department_id=department_id)
               .select_related("mentee__user", "mentor__user").order_by("start_date", "pk")
               if is_due(m.start_date, on)]
        if not due:
            continue
        with transaction.atomic():
            run = _month_run(survey, on)
            Run.objects.select_for_update().filter(pk=run.pk).first()
            people, mentorships = [], {}
            for mentorship in due:
                for side in (mentorship.mentee, mentorship.mentor):
                    if side.pk not in mentorships:
                        mentorships[side.pk] = mentorship.pk
                        people.append(side)
            invited += _invite(run, on, people, mentorships)
    return invited
