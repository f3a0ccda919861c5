"""Cadence: meetings held this program year against what the program expects."""

import datetime
from collections import defaultdict

from django.db.models import Count, Max, Q

from checkins.cadence import Cadence, cadence_status, expected_range
from checkins.models import CadenceRule, Meeting
from programs.dates import today
from programs.models import Department, FacultyMember, Mentorship

Rules = dict[int, dict[tuple[str, str], tuple[int, int]]]




def cadence_rules(department_ids: set[int]) -> Rules:
    rules: Rules = defaultdict(dict)
    # Unordered: one rule per department, kind and stage, so order cannot matter, and the
    # model's ordering (by department name) would join the department table for nothing.
    for rule in CadenceRule.objects.filter(department_id__in=department_ids).order_by():
        rules[rule.department_id][(rule.kind, rule.career_stage)] = (
            rule.min_per_year, rule.max_per_year)
    return rules


def attach_cadence(mentorships: list[Mentorship], on: datetime.date | None = None) -> None:
    """Set `.cadence` on each mentorship, for the current program year of the mentee's
    department. Four queries however many mentorships there are.

    A mentorship that has ended gets `.cadence = None`: nothing is expected of it any
    more, and calling it "behind" would be wrong. Templates show that it ended instead.
    """
    on = on or today()
    for mentorship in mentorships:
        if has_ended(mentorship, on):
            mentorship.cadence = None
    mentorships = [m for m in mentorships if not has_ended(m, on)]
    if not mentorships:
        return
    mentees = {
        row["pk"]: row for row in FacultyMember.objects.filter(
            pk__in={m.mentee_id for m in mentorships}
        ).values("pk", "appointment_date", "department_id")
    }
    departments = Department.objects.in_bulk({row["department_id"] for row in mentees.values()})
    years = {pk: department.program_year(on) for pk, department in departments.items()}
    window = Q(pk__in=[])
    for department_id, (start, _end) in years.items():
        ids = [m.pk for m in mentorships if mentees[m.mentee_id]["department_id"] == department_id]
        window |= Q(mentorship_id__in=ids, held_on__gte=start, held_on__lte=on)
    held = dict(Meeting.objects.filter(window).values_list("mentorship_id").annotate(n=Count("pk")))
    rules = cadence_rules(set(departments))
    for mentorship in mentorships:
        mentee = mentees[mentorship.mentee_id]
        department = departments[mentee["department_id"]]
        mentorship.cadence = _cadence(
            mentorship, department=department, appointed=mentee["appointment_date"],
            held=held.get(mentorship.pk, 0), rules=rules[department.pk], on=on)


def _cadence(mentorship: Mentorship, *, department: Department, appointed: datetime.date,
             held: int, rules: dict, on: datetime.date) -> Cadence:
    stage = career_stage_on(department, appointed, on)
    minimum, maximum = expected_range(mentorship.kind, stage, rules)
    return cadence_status(held=held, minimum=minimum, maximum=maximum,
                          year=department.program_year(on), started=mentorship.start_date,
                          on=on)


def attach_last_meeting(mentorships: list[Mentorship]) -> None:
    """Set `.last_meeting` (a date, or None) on each mentorship, in one query."""
    last = dict(Meeting.objects.filter(mentorship__in=[m.pk for m in mentorships])
                .values_list("mentorship_id").annotate(last=Max("held_on")).order_by())
    for mentorship in mentorships:
        mentorship.last_meeting = last.get(mentorship.pk)


def career_stage_on(department: Department, appointed: datetime.date, on: datetime.date) -> str:
    early_from, mid_from = department.stage_cutoffs(on)
    if appointed >= early_from:
        return "early"
    return "mid" if appointed >= mid_from else "late"


def has_ended(mentorship: Mentorship, on: datetime.date) -> bool:
    # Mentorship.is_active: the end date is the first day it is no longer active.
    return mentorship.end_date is not None and mentorship.end_date <= on


def cadence_for(mentorship: Mentorship) -> Cadence | None:
    """The cadence for this program year, or None once the mentorship has ended."""
    attach_cadence([mentorship])
    return mentorship.cadence


# --- The mentorship page ----------------------------------------------------------
# The page reads each thing once: the mentorship comes from the access layer with its
# mentee, mentor and department; the meetings are read once, and the cadence, the
# meetings per year and the topics are worked out from them in Python.


def department_rules(department: Department) -> dict[tuple[str, str], tuple[int, int]]:
    """The department's cadence rules, for `page_cadence` and `meetings_per_year`."""
    return cadence_rules({department.pk})[department.pk]


def page_cadence(mentorship: Mentorship, dates: list[datetime.date], rules: dict,
                 on: datetime.date | None = None) -> Cadence | None:
    """What `cadence_for` says, without its queries: from the dates of every meeting of
    the mentorship (already read for the page) and the mentee and department fetched
    with it. None once the mentorship has ended."""
    on = on or today()
    if has_ended(mentorship, on):
        return None
    department = mentorship.mentee.department
    start = department.program_year(on)[0]
    held = sum(1 for day in dates if start <= day <= on)
    return _cadence(mentorship, department=department,
                    appointed=mentorship.mentee.appointment_date, held=held, rules=rules,
                    on=on)
