"""Reads for the role-aware home page, in a fixed number of queries."""

from django.db.models import (
    Count,
    Q,
    QuerySet,
)

from programs.access import Viewer
from programs.dates import today
from programs.models import Department, Division, FacultyMember, Mentorship
from programs.models.people import CareerStage
from programs.selectors.mentorships import has_formal_mentor, mentees_of, mentors_of
from programs.selectors.people import (
    division_leads,
    early_career_in,
    unmatched_early_career_by_division,
)
from programs.selectors.plans import plan_state_for


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


COUNTS = ("faculty", "early", "early_without_mentor", "without_mentor", "departed")


def _percent(part: int, whole: int) -> int | None:
    return round(100 * part / whole) if whole else None


def with_totals(divisions: list[Division]) -> tuple[list[Division], dict]:
    """Each division's share of early-career faculty with a formal mentor, and the
    department's totals (the headline figures a Vice-Chair or program admin reads)."""
    totals = {key: sum(getattr(d, key) for d in divisions) for key in COUNTS}
    for row in [*divisions, None]:
        counts = totals if row is None else {key: getattr(row, key) for key in COUNTS}
        mentored = counts["early"] - counts["early_without_mentor"]
        share = _percent(mentored, counts["early"])
        if row is None:
            totals["early_mentored"] = mentored
            totals["early_mentored_percent"] = share
        else:
            row.early_mentored = mentored
            row.early_mentored_percent = share
    return divisions, totals


def early_career_chart(divisions: list[Division]) -> dict:
    """A Chart.js spec (drawn by static/js/charts.js): per division, early-career faculty
    with and without a formal mentor, as stacked bars. The table beside it has the same
    figures for screen readers."""
    return {
        "type": "bar",
        "data": {
            "labels": [division.name for division in divisions],
            "datasets": [
                {"label": "With a formal mentor", "backgroundColor": "#0b3d77",
                 "data": [division.early_mentored for division in divisions]},
                {"label": "Without a formal mentor", "backgroundColor": "#c2410c",
                 "data": [division.early_without_mentor for division in divisions]},
            ],
        },
        "options": {"indexAxis": "y",
                    "scales": {"x": {"stacked": True, "title": {
                        "display": True, "text": "Early-career faculty"}},
                               "y": {"stacked": True}}},
    }


def home_context(viewer: Viewer) -> dict:
    """What each role's panel on the home page needs."""
    context: dict = {"today": today()}
    person = viewer.faculty
    if person is not None:
        context["my_mentors"] = mentors_of(person)
        context["my_mentees"] = mentees_of(person)
        context["my_plan_state"] = plan_state_for(person)
        if not any(m.kind == Mentorship.Kind.FORMAL for m in context["my_mentors"]):
            # Only early-career faculty are expected to have a formal mentor: they get the
            # next step, naming the people to contact (never the person themselves); anyone
            # else gets one quiet line.
            context["no_formal_mentor"] = True
            if person.career_stage() == CareerStage.EARLY:
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
        context["departments"] = []
        for department in departments:
            rows, totals = with_totals([d for d in summaries if d.department_id == department.pk])
            context["departments"].append((department, rows, totals, {
                "id": f"chart-department-{department.pk}", "spec": early_career_chart(rows)}))
    return context

