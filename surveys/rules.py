"""Rules that span rows: who is in a run's audience, and which group a respondent counts in."""

import datetime

from django.db.models import Exists, OuterRef, Q, QuerySet

from programs.models import Department, FacultyMember, Mentorship
from programs.models.people import CareerStage
from surveys.models.runs import Audience, Run


def audience_of(run: Run, on: datetime.date) -> QuerySet[FacultyMember]:
    """The people a run invites: current faculty of its department in its audience."""
    department: Department = run.survey.department
    people = FacultyMember.objects.current().filter(department=department)
    if run.audience == Audience.DIVISION:
        return people.filter(division_id=run.division_id)
    if run.audience in (Audience.PULSE, Audience.EXIT):
        # invited by the pulse job, or as a mentorship ends, mentorship by mentorship
        return people.none()
    if run.audience == Audience.STAGES:
        early_from, mid_from = department.stage_cutoffs(on)
        stage_q = Q(pk__in=[])
        if CareerStage.EARLY in run.stages:
            stage_q |= Q(appointment_date__gte=early_from)
        if CareerStage.MID in run.stages:
            stage_q |= Q(appointment_date__lt=early_from, appointment_date__gte=mid_from)
        if CareerStage.LATE in run.stages:
            stage_q |= Q(appointment_date__lt=mid_from)
        return people.filter(stage_q)
    if run.audience == Audience.MENTEES:
        return people.filter(Exists(Mentorship.objects.active(on).filter(
            mentee=OuterRef("pk"))))
    if run.audience == Audience.MENTORS:
        return people.filter(Exists(Mentorship.objects.active(on).filter(
            mentor=OuterRef("pk"))))
    if run.audience == Audience.INTAKE and run.intake_year:
        start = datetime.date(run.intake_year, department.program_year_start_month,
                              department.program_year_start_day)
        return people.filter(appointment_date__gte=start,
                             appointment_date__lt=start.replace(year=start.year + 1))
    return people


def groups_of(person: FacultyMember, on: datetime.date) -> dict[str, str]:
    """The breakdown groups a respondent's answers are counted in (not stored on the
    response: see surveys.models.responses.Tally)."""
    return {"division": person.division.name,
            "stage": person.career_stage(on).label,
            "site": person.site.name}
