"""Who owes what, and when, read for many people at once in a fixed number of queries
(the rules themselves are in checkins/schedules.py, without the database).

For the reminders: `obligations_due(on, ...)` lists every open obligation (due or
overdue): the person, their division and department, and the `Obligation` (kind, due
date, window, program year). Check-in notices go to the person and the department's
Vice-Chairs; review notices to the Division Director of `division_id` (the division the
person is in now). Seven queries, however many people.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from checkins import schedules
from checkins.models import AnnualReview, LeavePeriod, ViceChairCheckin
from checkins.schedules import Obligation, Rules
from programs.dates import today
from programs.models import AcademicPlan, Department, FacultyMember
from programs.selectors.development import orientation_completion_dates


@dataclass(frozen=True)
class Owed:
    person_id: int
    division_id: int
    department_id: int
    obligation: Obligation


def rules_by_department(department_ids: Iterable[int]) -> dict[int, tuple[Department, Rules]]:
    """Each department with its schedule rules (the defaults without a row). One query."""
    departments = Department.objects.filter(pk__in=list(department_ids)).select_related(
        "schedule_rules")
    found = {}
    for department in departments:
        rules = getattr(department, "schedule_rules", None)
        found[department.pk] = (department, Rules.of(rules))
    return found


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment is not None else None


def obligations_of(people: QuerySet[FacultyMember], on: datetime.date | None = None,
                   ) -> dict[int, list[Obligation]]:
    """Person id -> every obligation of this program year (check-in, review, plan,
    orientation), whatever its state, for the people of `people` (a queryset, so the
    queries below filter by it rather than by a list of ids). Seven queries."""
    on = on or today()
    rows = list(people.order_by().values("pk", "appointment_date", "department_id",
                                         "departure_date", "status"))
    if not rows:
        return {}
    ids = people.order_by().values("pk")
    departments = rules_by_department({row["department_id"] for row in rows})
    leaves: dict[int, list] = defaultdict(list)
    for person_id, start, end in LeavePeriod.objects.filter(person__in=ids).values_list(
            "person_id", "start_date", "end_date"):
        leaves[person_id].append((start, end))
    checked_in = dict(ViceChairCheckin.objects.filter(person__in=ids).values_list(
        "person_id").annotate(last=Max("held_on")).order_by())
    years = {pk: department.program_year(on) for pk, (department, _) in departments.items()}
    reviewed_q = Q(pk__in=[])
    for department_id, (start, _) in years.items():
        reviewed_q |= Q(person__department_id=department_id, program_year_start=start)
    reviewed = dict(AnnualReview.objects.filter(reviewed_q, person__in=ids).values_list(
        "person_id", "held_on"))
    plans = {row[0]: row[1:] for row in AcademicPlan.objects.filter(faculty__in=ids)
             .values_list("faculty_id", "submitted_at", "approved_at", "status")}
    oriented = orientation_completion_dates([row["pk"] for row in rows])
    found: dict[int, list[Obligation]] = {}
    for row in rows:
        pk = row["pk"]
        department, rules = departments[row["department_id"]]
        departed = row["departure_date"] if row["status"] == "departed" else None
        common = {"appointed": row["appointment_date"], "on": on, "rules": rules,
                  "leaves": leaves.get(pk, ()), "departed_on": departed}
        submitted_at, approved_at, status = plans.get(pk, (None, None, None))
        approved_on = _local_date(approved_at) if status == "approved" else None
        found[pk] = [
            schedules.checkin_obligation(
                done_on=checked_in.get(pk),
                asked_for_years=department.early_career_max_years, **common),
            schedules.review_obligation(year=years[row["department_id"]],
                                        done_on=reviewed.get(pk), **common),
            *schedules.plan_obligations(
                early_career_years=department.early_career_max_years,
                submitted_on=_local_date(submitted_at) or approved_on,
                approved_on=approved_on, **common),
            schedules.orientation_obligation(appointed=row["appointment_date"], on=on,
                                             attended_on=oriented.get(pk),
                                             departed_on=departed),
        ]
    return found


def obligations_due(on: datetime.date | None = None, *,
                    department_ids: Iterable[int] | None = None,
                    division_ids: Iterable[int] | None = None,
                    kinds: Iterable[str] | None = None) -> list[Owed]:
    """Every open obligation (due or overdue) of current faculty, for the reminders:
    who owes what, due when. Narrow it by department, division or kind. Seven queries
    plus one, however many people."""
    people = FacultyMember.objects.current()
    if department_ids is not None:
        people = people.filter(department_id__in=list(department_ids))
    if division_ids is not None:
        people = people.filter(division_id__in=list(division_ids))
    where = {row[0]: row[1:] for row in people.values_list("pk", "division_id",
                                                           "department_id")}
    wanted = set(kinds) if kinds is not None else None
    owed = []
    for person_id, obligations in obligations_of(people, on).items():
        division_id, department_id = where[person_id]
        for obligation in obligations:
            if obligation.is_open and (wanted is None or obligation.kind in wanted):
                owed.append(Owed(person_id, division_id, department_id, obligation))
    return owed
