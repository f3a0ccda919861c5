"""Reads of faculty for rosters and leaders' lists. Each takes a fixed number of queries."""

import datetime
import functools
import operator

from django.db.models import (
    Case,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from programs.models import Department, Division, FacultyMember, LeadershipRole
from programs.selectors.mentorships import active_formal_mentorships, has_formal_mentor

PERSON_RELATED = ("user", "department", "division", "site", "position")


def roster_for_division(division: Division) -> QuerySet[FacultyMember]:
    """A division's current faculty with their formal mentors, for the roster page."""
    mentors = Prefetch(
        "mentorships_as_mentee",
        queryset=active_formal_mentorships().select_related("mentor__user"),
        to_attr="formal_mentorships",
    )
    Rank = FacultyMember.Rank
    return (
        FacultyMember.objects.filter(division=division)
        .select_related(*PERSON_RELATED)
        .annotate(
            has_formal_mentor=has_formal_mentor(),
            # Sort by seniority, not by the alphabet ("full" before "lecturer").
            rank_order=Case(*(When(rank=value, then=Value(order)) for order, value in
                              enumerate(Rank.values)), output_field=IntegerField()),
        )
        .prefetch_related(mentors)
    )


def stage_filter(department: Department, stage: str, on: datetime.date | None = None) -> Q:
    """A filter on appointment date equivalent to FacultyMember.career_stage()."""
    early_from, mid_from = department.stage_cutoffs(on)
    if stage == "early":
        return Q(appointment_date__gte=early_from)
    if stage == "mid":
        return Q(appointment_date__lt=early_from, appointment_date__gte=mid_from)
    if stage == "late":
        return Q(appointment_date__lt=mid_from)
    raise ValueError(f"Unknown career stage {stage!r}")


def early_career_in(divisions: list[Division]) -> Q:
    """Early career in any of `divisions`, each judged by its own department's cut-offs,
    as one filter (so many departments still take one query)."""
    by_department: dict[int, list[Division]] = {}
    for division in divisions:
        by_department.setdefault(division.department_id, []).append(division)
    return functools.reduce(operator.or_, (
        Q(division_id__in=[d.pk for d in group]) & stage_filter(group[0].department, "early")
        for group in by_department.values()
    ))


def division_leads(division_id: int) -> list[LeadershipRole]:
    """The DDD and facilitators a mentee without a mentor should contact."""
    return list(
        LeadershipRole.objects.active()
        .filter(division_id=division_id, person__status=FacultyMember.Status.ACTIVE)
        .select_related("person__user")
        .order_by("kind")
    )


def faculty_roles(person: FacultyMember) -> list[LeadershipRole]:
    return list(
        LeadershipRole.objects.active().filter(person=person)
        .select_related("division", "portfolio", "department")
    )


def unmatched_early_career(division: Division, limit: int = 10) -> list[FacultyMember]:
    """Early-career faculty in a division with no formal mentor: where to act first."""
    return list(
        FacultyMember.objects.current()
        .filter(division=division)
        .filter(stage_filter(division.department, "early"))
        .annotate(mentored=has_formal_mentor())
        .filter(mentored=False)
        .select_related("user")
        .order_by("appointment_date")[:limit]
    )


def unmatched_early_career_by_division(
    divisions: list[Division], limit: int = 10
) -> dict[int, list[FacultyMember]]:
    """`unmatched_early_career` for several divisions at once: one query, not one each."""
    if not divisions:
        return {}
    place = Window(RowNumber(), partition_by=F("division_id"),
                   order_by=[F("appointment_date").asc(), F("pk").asc()])
    waiting = (
        FacultyMember.objects.current()
        .filter(early_career_in(divisions))
        .annotate(mentored=has_formal_mentor())
        .filter(mentored=False)
        .annotate(place=place)
        .filter(place__lte=limit)
        .select_related("user")
        .order_by("division_id", "appointment_date", "pk")
    )
    grouped: dict[int, list[FacultyMember]] = {d.pk: [] for d in divisions}
    for person in waiting:
        grouped[person.division_id].append(person)
    return grouped

