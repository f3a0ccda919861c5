import datetime
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from programs.dates import today
from programs.models import (
    AcademicPlan,
    Division,
    FacultyMember,
    PlanGoal,
    PlanProgress,
    PlanSnapshot,
)

PLAN_STATES = {
    "missing": "Missing",
    "draft": "Draft",
    "submitted": "Submitted",
    "returned": "Returned",
    "approved": "Approved",
    "out_of_date": "Out of date",
}


def plan_of(person: FacultyMember) -> AcademicPlan | None:
    """The plan with its goals, milestones, snapshots and progress, in a fixed 5 queries."""
    return (
        AcademicPlan.objects.filter(faculty=person)
        .select_related("reviewed_by")
        .prefetch_related(
            "goals", "milestones",
            Prefetch("snapshots", queryset=PlanSnapshot.objects.only(
                "id", "plan_id", "version", "submitted_at")),
            "progress",
        )
        .first()
    )


def plan_to_edit(person: FacultyMember) -> AcademicPlan:
    """The plan and who last edited it; an unsaved draft when there is none yet."""
    return (AcademicPlan.objects.select_related("revised_by").filter(faculty=person).first()
            or AcademicPlan(faculty=person))


def goals_by_domain(plan: AcademicPlan) -> list[tuple[str, list[PlanGoal]]]:
    goals = list(plan.goals.all())
    return [(label, [g for g in goals if g.domain == value])
            for value, label in PlanGoal.Domain.choices
            if any(g.domain == value for g in goals)]


def timeline(plan: AcademicPlan) -> list[tuple[int, list]]:
    """Goals and milestones together, by target year."""
    years: dict[int, list] = {}
    for item in [*plan.milestones.all(), *plan.goals.all()]:
        years.setdefault(item.target_year, []).append(item)
    return sorted(years.items())


# One colour per goal domain and one for milestones, each at least 3:1 against the white
# page (WCAG 1.4.11); the legend and the timeline list name them in words.
DOMAIN_COLOURS = {
    PlanGoal.Domain.RESEARCH: "#0b3d77",
    PlanGoal.Domain.EDUCATION: "#c2410c",
    PlanGoal.Domain.CLINICAL: "#15803d",
    PlanGoal.Domain.QUALITY: "#7e22ce",
    PlanGoal.Domain.LEADERSHIP: "#0e7490",
    PlanGoal.Domain.WELLNESS: "#a16207",
}
MILESTONE_COLOUR = "#1f2937"
# A timeline this many years long shows every year; a longer one only the years in use.
TIMELINE_SPAN = 20


def timeline_chart(plan: AcademicPlan, this_year: int) -> dict | None:
    """A Chart.js spec (drawn by static/js/charts.js) of the plan's timeline: one bar per
    target year, its goals stacked by domain and its milestones as a dark segment of
    their own. From the rows `plan_of` prefetched: no query. None when the plan is empty.
    The timeline list on the plan page holds the same items in words."""
    goals, milestones = list(plan.goals.all()), list(plan.milestones.all())
    used = sorted({item.target_year for item in [*goals, *milestones]})
    if not used:
        return None
    years = (list(range(used[0], used[-1] + 1)) if used[-1] - used[0] < TIMELINE_SPAN
             else used)
    datasets = [
        {"label": label, "backgroundColor": DOMAIN_COLOURS[value],
         "data": [sum(1 for g in goals if g.domain == value and g.target_year == year)
                  for year in years]}
        for value, label in PlanGoal.Domain.choices if any(g.domain == value for g in goals)
    ]
    if milestones:
        datasets.append({
            "label": "Milestones", "backgroundColor": MILESTONE_COLOUR,
            "data": [sum(1 for m in milestones if m.target_year == year) for year in years]})
    busiest = max(sum(d["data"][i] for d in datasets) for i in range(len(years)))
    return {
        "type": "bar",
        "data": {"labels": [f"{year} (this year)" if year == this_year else str(year)
                            for year in years],
                 "datasets": datasets},
        "options": {"indexAxis": "y",
                    # Room past the busiest year, so a bar's length reads as a count.
                    "scales": {"x": {"stacked": True, "suggestedMax": busiest + 1,
                                     "ticks": {"precision": 0},
                                     "title": {"display": True,
                                               "text": "Goals and milestones"}},
                               "y": {"stacked": True, "title": {"display": True,
                                                                "text": "Target year"}}}},
    }


def _start_of(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day`, local time: approved before it means approved on
    an earlier local date."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def plan_state_of(year_start: datetime.date) -> Case:
    """A FacultyMember's plan state (a key of PLAN_STATES), in SQL, so the list can be
    filtered, counted and paginated by the database whatever the division's size.

    The plan's status, except: no plan is "missing", and a plan approved before this
    program year, with no progress recorded in it, is "out of date"."""
    Status = AcademicPlan.Status
    progress = Exists(PlanProgress.objects.filter(plan_id=OuterRef("academic_plan"),
                                                  program_year_start=year_start))
    return Case(
        When(academic_plan__isnull=True, then=Value("missing")),
        When(~progress, academic_plan__status=Status.APPROVED,
             academic_plan__approved_at__lt=_start_of(year_start),
             then=Value("out_of_date")),
        default=F("academic_plan__status"),
        output_field=CharField(),
    )


def division_plan_rows(division: Division, on: datetime.date | None = None) -> QuerySet:
    """Current faculty of the division with their `plan_state`, by name: filter it by
    state, count it, take a page of it (the plan-status list)."""
    year_start, _ = division.department.program_year(on or today())
    return (
        FacultyMember.objects.current().filter(division=division)
        .select_related("user")
        .only("pk", "appointment_date", "user__first_name", "user__last_name")
        .annotate(
            plan_state=plan_state_of(year_start),
            plan_approved_at=F("academic_plan__approved_at"),
            plan_submitted_at=F("academic_plan__submitted_at"),
        )
        .order_by("user__last_name", "user__first_name", "pk")
    )


def plan_state_for(person: FacultyMember, on: datetime.date | None = None) -> str:
    """The person's own plan state, as the division's list shows it: one query."""
    year_start, _ = person.department.program_year(on or today())
    return (FacultyMember.objects.filter(pk=person.pk)
            .annotate(plan_state=plan_state_of(year_start))
            .values_list("plan_state", flat=True).get())


def division_plan_statuses(
    division: Division, on: datetime.date | None = None
) -> list[FacultyMember]:
    """Each current faculty member with `plan_state` and its label: one query."""
    rows = list(division_plan_rows(division, on))
    for person in rows:
        person.plan_state_label = PLAN_STATES[person.plan_state]
    return rows


def plan_state_counts(rows: QuerySet) -> list[tuple[str, str, int]]:
    """(state, label, how many) for every state, in one grouped query over `rows`."""
    found = dict(rows.order_by().values_list("plan_state").annotate(n=Count("pk")))
    return [(key, label, found.get(key, 0)) for key, label in PLAN_STATES.items()]


@dataclass
class ItemDiff:
    """How one kind of plan row (goals or milestones) differs between two versions."""

    added: list[dict] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)
    changed: list[tuple[dict, dict, list[str]]] = field(default_factory=list)
    unchanged: list[dict] = field(default_factory=list)

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class PlanDiff:
    goals: ItemDiff
    milestones: ItemDiff

    @property
    def has_changes(self) -> bool:
        return self.goals.has_changes or self.milestones.has_changes


GOAL_FIELDS = ("domain", "description", "target_year", "status")

MILESTONE_FIELDS = ("kind", "title", "target_year", "done")


def _compare(old: list[dict], new: list[dict], compared: tuple[str, ...]) -> ItemDiff:
    """Rows are matched by their id, so an edited row shows as changed, not replaced."""
    diff = ItemDiff()
    before = {row["id"]: row for row in old}
    after_ids = {row["id"] for row in new}
    for row in new:
        previous = before.get(row["id"])
        if previous is None:
            diff.added.append(row)
            continue
        fields = [name for name in compared if previous.get(name) != row.get(name)]
        if fields:
            diff.changed.append((previous, row, fields))
        else:
            diff.unchanged.append(row)
    diff.removed = [row for row in old if row["id"] not in after_ids]
    return diff


def compare_goals(old: list[dict], new: list[dict]) -> ItemDiff:
    return _compare(old, new, GOAL_FIELDS)


def compare_milestones(old: list[dict], new: list[dict]) -> ItemDiff:
    return _compare(old, new, MILESTONE_FIELDS)


def compare_snapshots(old: PlanSnapshot, new: PlanSnapshot) -> PlanDiff:
    """Goals and milestones of two submitted versions, each matched by id."""
    return PlanDiff(goals=compare_goals(old.goals, new.goals),
                    milestones=compare_milestones(old.milestones, new.milestones))


def snapshot_pair(plan: AcademicPlan, old: int | None, new: int | None):
    """Two snapshots to compare; by default the last two submitted versions."""
    snapshots = {s.version: s for s in PlanSnapshot.objects.filter(plan=plan)}
    versions = sorted(snapshots)
    if len(versions) < 2:
        return None, None, versions
    new = new if new in snapshots else versions[-1]
    old = old if old in snapshots and old != new else next(
        (v for v in reversed(versions) if v < new), versions[0])
    if old == new:
        return None, None, versions
    return snapshots[min(old, new)], snapshots[max(old, new)], versions

