"""What the reminders need to know about a whole department, in a fixed number of queries
however many faculty it has: the facts only (dates, counts, addresses), never a summary,
a note or a request's reason."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q

from checkins.models import Meeting
from checkins.selectors.cadence import cadence_rules
from programs.models import AcademicPlan, Department, LeadershipRole, Mentorship

Kind = LeadershipRole.Kind


@dataclass
class MentorshipFacts:
    pk: int
    kind: str
    start_date: datetime.date
    division_id: int
    appointed: datetime.date
    mentee_user_id: int
    mentee_email: str
    mentee_name: str
    mentor_name: str
    held_this_year: int = 0
    last_meeting: datetime.date | None = None


@dataclass
class Leader:
    user_id: int
    email: str


@dataclass
class DepartmentFacts:
    department: Department
    on: datetime.date
    mentorships: list[MentorshipFacts]
    rules: dict[tuple[str, str], tuple[int, int]]
    # division id -> its directors / facilitators; the department's Vice-Chairs
    directors: dict[int, list[Leader]] = field(default_factory=dict)
    facilitators: dict[int, list[Leader]] = field(default_factory=dict)
    vice_chairs: list[Leader] = field(default_factory=list)
    # (plan id, version, division id, submitted on, faculty name) waiting for a director
    plans_waiting: list[tuple[int, int, int, datetime.date, str]] = field(
        default_factory=list)


def _name(first: str, last: str, email: str) -> str:
    return f"{first} {last}".strip() or email


def department_facts(department: Department, on: datetime.date) -> DepartmentFacts:
    """Five queries for the whole department: mentorships with their people, meeting
    counts and last dates, cadence rules, leaders, plans waiting."""
    start, _ = department.program_year(on)
    rows = (Mentorship.objects.active(on)
            .filter(mentee__department=department, mentee__status="active")
            .values_list("pk", "kind", "start_date", "mentee__division_id",
                         "mentee__appointment_date", "mentee__user_id",
                         "mentee__user__email", "mentee__user__first_name",
                         "mentee__user__last_name", "mentor__user__email",
                         "mentor__user__first_name", "mentor__user__last_name")
            .order_by("pk"))
    mentorships = {
        row[0]: MentorshipFacts(pk=row[0], kind=row[1], start_date=row[2], division_id=row[3],
                                appointed=row[4], mentee_user_id=row[5], mentee_email=row[6],
                                mentee_name=_name(row[7], row[8], row[6]),
                                mentor_name=_name(row[10], row[11], row[9]))
        for row in rows}
    counts = (Meeting.objects
              .filter(mentorship__mentee__department=department, held_on__lte=on,
                      mentorship__in=Mentorship.objects.active(on)
                      .filter(mentee__department=department).values("pk"))
              .values_list("mentorship_id")
              .annotate(held=Count("pk", filter=Q(held_on__gte=start)), last=Max("held_on"))
              .order_by())
    for mentorship_id, held, last in counts:
        if mentorship_id in mentorships:
            mentorships[mentorship_id].held_this_year = held
            mentorships[mentorship_id].last_meeting = last
    facts = DepartmentFacts(department=department, on=on, mentorships=list(mentorships.values()),
                            rules=cadence_rules({department.pk})[department.pk])
    roles = (LeadershipRole.objects.active(on).filter(department=department)
             .filter(kind__in=[Kind.DIVISION_DIRECTOR, Kind.FACILITATOR, Kind.VICE_CHAIR])
             .values_list("kind", "division_id", "person__user_id", "person__user__email"))
    for kind, division_id, user_id, email in roles:
        leader = Leader(user_id=user_id, email=email)
        if kind == Kind.VICE_CHAIR:
            facts.vice_chairs.append(leader)
        else:
            target = facts.directors if kind == Kind.DIVISION_DIRECTOR else facts.facilitators
            target.setdefault(division_id, []).append(leader)
    facts.plans_waiting = [
        (pk, version, division_id, submitted.date() if submitted else on,
         _name(first, last, email))
        for pk, version, division_id, submitted, first, last, email in
        AcademicPlan.objects.filter(status=AcademicPlan.Status.SUBMITTED,
                                    faculty__department=department)
        .exclude(faculty__status="departed")
        .values_list("pk", "version", "faculty__division_id", "submitted_at",
                     "faculty__user__first_name", "faculty__user__last_name",
                     "faculty__user__email").order_by("pk")]
    return facts
