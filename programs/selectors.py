"""Reads for pages. Each returns what a page needs in a fixed number of queries."""

import datetime
import functools
import operator

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import RowNumber

from programs.access import Viewer
from programs.dates import today
from programs.models import Department, Division, FacultyMember, LeadershipRole, Mentorship

PERSON_RELATED = ("user", "department", "division", "site", "position")


def active_formal_mentorships() -> QuerySet[Mentorship]:
    return Mentorship.objects.active().formal()


def has_formal_mentor() -> Exists:
    return Exists(active_formal_mentorships().filter(mentee_id=OuterRef("pk")))


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


def division_summaries(divisions: QuerySet[Division]) -> list[Division]:
    """Divisions with headline counts, in one query however many faculty (or departments)
    there are."""
    divisions = list(divisions.select_related("department"))
    if not divisions:
        return []
    counts: dict[int, dict] = {d.pk: {} for d in divisions}
    early = early_career_in(divisions)
    current = ~Q(status=FacultyMember.Status.DEPARTED)
    rows = (
        FacultyMember.objects.filter(division__in=[d.pk for d in divisions])
        .annotate(mentored=has_formal_mentor())
        .values("division_id")
        .annotate(
            faculty=Count("pk", filter=current),
            early=Count("pk", filter=current & early),
            early_without_mentor=Count("pk", filter=current & early & Q(mentored=False)),
            without_mentor=Count("pk", filter=current & Q(mentored=False)),
            departed=Count("pk", filter=~current),
        )
        .order_by()
    )
    for row in rows:
        counts[row.pop("division_id")] = row
    for division in divisions:
        row = counts[division.pk]
        for key in ("faculty", "early", "early_without_mentor", "without_mentor", "departed"):
            setattr(division, key, row.get(key, 0))
    return divisions


def mentors_of(person: FacultyMember) -> list[Mentorship]:
    return list(
        Mentorship.objects.active().filter(mentee=person)
        .select_related("mentor__user", "mentor__division", "mentor__site")
        .prefetch_related("topics")
        .order_by("kind", "start_date")
    )


def mentees_of(person: FacultyMember) -> list[Mentorship]:
    return list(
        Mentorship.objects.active().filter(mentor=person)
        .select_related("mentee__user", "mentee__division", "mentee__department")
        .prefetch_related("topics")
        .order_by("mentee__user__last_name")
    )


def past_mentorships_of(person: FacultyMember) -> list[Mentorship]:
    """Ended mentorships, as mentee or mentor: the history that is never deleted."""
    return list(
        Mentorship.objects.filter(Q(mentee=person) | Q(mentor=person))
        .filter(end_date__lte=today())
        .select_related("mentee__user", "mentor__user")
        .order_by("-end_date")
    )


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


def home_context(viewer: Viewer) -> dict:
    """What each role's panel on the home page needs."""
    context: dict = {"today": today()}
    person = viewer.faculty
    if person is not None:
        context["my_mentors"] = mentors_of(person)
        context["my_mentees"] = mentees_of(person)
        if not any(m.kind == Mentorship.Kind.FORMAL for m in context["my_mentors"]):
            # The next step names the people to contact: never the person themselves.
            context["division_leads"] = [role for role in division_leads(person.division_id)
                                         if role.person_id != person.pk]
    if viewer.division_lead_ids:
        led = Division.objects.filter(pk__in=viewer.division_lead_ids)
        context["led_divisions"] = division_summaries(led)
        unmatched = unmatched_early_career_by_division(context["led_divisions"])
        for division in context["led_divisions"]:
            division.unmatched = unmatched[division.pk]
    if viewer.department_wide_ids or viewer.is_superuser:
        departments = (
            Department.objects.all() if viewer.is_superuser
            else Department.objects.filter(pk__in=viewer.department_wide_ids)
        )
        departments = list(departments)
        summaries = division_summaries(Division.objects.filter(department__in=departments))
        context["departments"] = [
            (department, [d for d in summaries if d.department_id == department.pk])
            for department in departments
        ]
    return context
