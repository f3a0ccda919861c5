"""Reads of faculty for rosters and leaders' lists. Each takes a fixed number of queries."""

import datetime
import functools
import operator
from dataclasses import dataclass

from django.db.models import (
    Case,
    F,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from programs.models import Department, Division, FacultyMember, LeadershipRole
from programs.models.people import CareerStage
from programs.selectors.mentorships import active_formal_mentorships, has_formal_mentor


def roster_for_division(division: Division) -> QuerySet[FacultyMember]:
    """A division's faculty, for the roster page to filter and sort (programs.filters);
    `roster_rows` reads one page of it."""
    return FacultyMember.objects.filter(division=division)


def rank_order() -> Case:
    """Rank as seniority, to sort by ("full" after "lecturer", not before it)."""
    return Case(*(When(rank=value, then=Value(order)) for order, value in
                  enumerate(FacultyMember.Rank.values)), output_field=IntegerField())


@dataclass(frozen=True)
class RosterRow:
    """One line of the division roster: what the page shows, as plain values."""

    pk: int
    full_name: str
    appointment_date: datetime.date
    stage: CareerStage
    rank: str  # as shown ("Associate Professor")
    position: str
    site: str
    status: str
    mentors: tuple[str, ...]  # current formal mentors' names

    @property
    def early_career_without_mentor(self) -> bool:
        """"None" is a flag only where the program promises a formal mentor."""
        return not self.mentors and self.stage == CareerStage.EARLY


# The columns behind a roster row. Plain values, not model objects: at 100 rows a page,
# building six related objects per person was most of the page's server time.
ROSTER_ROW_FIELDS = ("pk", "user__first_name", "user__last_name", "user__email",
                     "appointment_date", "rank", "status", "position__name", "site__name")


def _full_name(first: str, last: str, email: str) -> str:
    """As FacultyMember.full_name: the name, or the email address when there is none."""
    return f"{first} {last}".strip() or email


def roster_rows(page: QuerySet[FacultyMember], division: Division,
                on: datetime.date) -> list[RosterRow]:
    """One page of the roster (`page`: filtered, ordered and sliced) with each person's
    current formal mentors: two queries, whatever the page size."""
    records = list(page.values_list(*ROSTER_ROW_FIELDS))
    mentors: dict[int, list[str]] = {}
    for mentee_id, first, last, email in (
            active_formal_mentorships().filter(mentee_id__in=[r[0] for r in records])
            .values_list("mentee_id", "mentor__user__first_name", "mentor__user__last_name",
                         "mentor__user__email")):
        mentors.setdefault(mentee_id, []).append(_full_name(first, last, email))
    cutoffs = division.department.stage_cutoffs(on)
    ranks = dict(FacultyMember.Rank.choices)
    statuses = dict(FacultyMember.Status.choices)
    return [
        RosterRow(pk, _full_name(first, last, email), appointed,
                  CareerStage.of(appointed, cutoffs), ranks.get(rank, rank), position or "",
                  site or "", statuses.get(status, status), tuple(mentors.get(pk, ())))
        for pk, first, last, email, appointed, rank, status, position, site in records
    ]


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

