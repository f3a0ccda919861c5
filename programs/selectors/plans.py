import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Prefetch
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


def plan_state(*, status: str | None, approved_at: datetime.datetime | None,
               progress_this_year: bool, year_start: datetime.date) -> str:
    """Approved before this program year, with no progress recorded in it: out of date."""
    if status is None:
        return "missing"
    if (status == AcademicPlan.Status.APPROVED and not progress_this_year and approved_at
            and timezone.localtime(approved_at).date() < year_start):
        return "out_of_date"
    return status


def division_plan_statuses(
    division: Division, on: datetime.date | None = None
) -> list[FacultyMember]:
    """Each current faculty member with `plan_state`: one query, whatever the division's size."""
    year_start, _ = division.department.program_year(on or today())
    rows = list(
        FacultyMember.objects.current().filter(division=division)
        .select_related("user")
        .annotate(
            plan_status=F("academic_plan__status"),
            plan_approved_at=F("academic_plan__approved_at"),
            plan_submitted_at=F("academic_plan__submitted_at"),
            progress_this_year=Exists(PlanProgress.objects.filter(
                plan__faculty_id=OuterRef("pk"), program_year_start=year_start)),
        )
        .order_by("user__last_name", "user__first_name")
    )
    for person in rows:
        person.plan_state = plan_state(
            status=person.plan_status, approved_at=person.plan_approved_at,
            progress_this_year=person.progress_this_year, year_start=year_start)
        person.plan_state_label = PLAN_STATES[person.plan_state]
    return rows


def plan_state_counts(rows: list[FacultyMember]) -> list[tuple[str, str, int]]:
    return [(key, label, sum(1 for r in rows if r.plan_state == key))
            for key, label in PLAN_STATES.items()]


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

