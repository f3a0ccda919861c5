"""Services that change five-year academic plans. Reads live in selectors/plans.py."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from programs.dates import today
from programs.models import (
    AcademicPlan,
    FacultyMember,
    Mentorship,
    PlanGoal,
    PlanMilestone,
    PlanProgress,
    PlanSnapshot,
    User,
)
from programs.notifications import absolute_url, notify


class PlanError(Exception):
    """A plan cannot make this move. `code` says why, for tests and messages."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


def plan_for(*, faculty: FacultyMember) -> AcademicPlan:
    """The faculty member's plan, started as an empty draft the first time it is written."""
    plan, _ = AcademicPlan.objects.get_or_create(faculty=faculty)
    return plan


def _lock(plan: AcademicPlan) -> AcademicPlan:
    return AcademicPlan.objects.select_for_update().get(pk=plan.pk)


# What a goal or milestone *is*. Its status (a goal's status, a milestone's "done") is
# progress against the approved plan, not a change to it.
CONTENT_FIELDS = {
    PlanGoal: ("domain", "description", "target_year"),
    PlanMilestone: ("kind", "title", "target_year"),
}


@transaction.atomic
def plan_mark_edited(*, plan: AcademicPlan, content_changed: bool = True) -> AcademicPlan:
    """Record an edit. A change to the plan's content makes an approved plan a draft again,
    to be resubmitted; progress on it (statuses) leaves it approved. See `plan_save_edits`."""
    locked = _lock(plan)
    if locked.status == AcademicPlan.Status.SUBMITTED:
        raise PlanError("The plan is with the Division Director for review.", "submitted")
    if content_changed and locked.status == AcademicPlan.Status.APPROVED:
        locked.status = AcademicPlan.Status.DRAFT
        locked.save(update_fields=["status", "updated_at"])
    return locked


def plan_snapshot_rows(plan: AcademicPlan) -> tuple[list[dict], list[dict]]:
    """The goals and milestones as a version keeps them (plan_submit, the demo)."""
    goals = [
        {"id": g.pk, "domain": g.domain, "domain_label": g.get_domain_display(),
         "description": g.description, "target_year": g.target_year, "status": g.status,
         "status_label": g.get_status_display()}
        for g in plan.goals.all()
    ]
    milestones = [
        {"id": m.pk, "kind": m.kind, "kind_label": m.get_kind_display(), "title": m.title,
         "target_year": m.target_year, "done": m.done}
        for m in plan.milestones.all()
    ]
    return goals, milestones


@transaction.atomic
def plan_submit(*, plan: AcademicPlan, by: User) -> AcademicPlan:
    """The mentee submits: a frozen snapshot is kept and the DDD is asked to review.

    Submitting twice (a double click) keeps one snapshot: the second call finds the plan
    already submitted and changes nothing.
    """
    locked = _lock(plan)
    if locked.status == AcademicPlan.Status.SUBMITTED:
        return locked
    if not locked.goals.exists():
        raise PlanError("Add at least one goal before submitting.", "empty")
    goals, milestones = plan_snapshot_rows(locked)
    locked.version += 1
    locked.status = AcademicPlan.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(update_fields=["version", "status", "submitted_at", "updated_at"])
    PlanSnapshot.objects.create(plan=locked, version=locked.version, submitted_by=by,
                                goals=goals, milestones=milestones)
    return locked


@transaction.atomic
def plan_review(*, plan: AcademicPlan, by: User, approve: bool, comment: str = "") -> AcademicPlan:
    """The DDD approves the submitted plan, or returns it with comments."""
    locked = _lock(plan)
    if locked.status != AcademicPlan.Status.SUBMITTED:
        raise PlanError("Only a submitted plan can be reviewed.", "not_submitted")
    if not approve and not comment.strip():
        raise PlanError("Say what should change when returning a plan.", "no_comment")
    now = timezone.now()
    locked.status = AcademicPlan.Status.APPROVED if approve else AcademicPlan.Status.RETURNED
    locked.reviewed_at = now
    locked.reviewed_by = by
    locked.review_comment = comment.strip()
    if approve:
        locked.approved_at = now
    locked.save(update_fields=["status", "reviewed_at", "reviewed_by", "review_comment",
                               "approved_at", "updated_at"])
    _tell_about_review(locked, by=by)
    return locked


def _tell_about_review(plan: AcademicPlan, *, by: User) -> None:
    """Email the faculty member, and their active formal mentors (who write the plan with
    them and read the same comments on the plan page), that the plan was returned or
    approved.

    The email says what happened, who decided and where to read more, never the
    comment: an email may be read on a shared screen or forwarded, and the comment
    stays behind the plan page's access rules. The key names the plan, the version
    reviewed and the person, so a retried request never emails twice and the next
    version's review is a new email."""
    Status = AcademicPlan.Status
    outcome = "returned" if plan.status == Status.RETURNED else "approved"
    owner = FacultyMember.objects.select_related("user").get(pk=plan.faculty_id)
    mentors = [m.mentor for m in Mentorship.objects.active().formal()
               .filter(mentee=owner, mentor__user__is_active=True)
               .exclude(mentor__user=by).select_related("mentor__user")]
    link = absolute_url(reverse("programs:plan_detail", args=[owner.pk]))
    reviewer = by.get_full_name() or by.email
    version = f"version {plan.version}"
    if outcome == "returned":
        owner_text = (f"{reviewer} returned {version} of your five-year academic plan with "
                      "comments.\n\nRead the comments on the plan page, change the plan with "
                      f"your mentors and submit it again:\n{link}\n")
        mentor_text = (f"{reviewer} returned {version} of {owner.full_name}'s five-year "
                       "academic plan, which you write together, with comments.\n\nRead them "
                       f"on the plan page:\n{link}\n")
        subjects = ("Your academic plan was returned with comments",
                    f"{owner.full_name}'s academic plan was returned with comments")
    else:
        owner_text = (f"{reviewer} approved {version} of your five-year academic plan.\n\n"
                      "Record your progress on it once each program year, on the plan page:"
                      f"\n{link}\n")
        mentor_text = (f"{reviewer} approved {version} of {owner.full_name}'s five-year "
                       f"academic plan, which you write together.\n\n{link}\n")
        subjects = ("Your academic plan was approved",
                    f"{owner.full_name}'s academic plan was approved")
    people = [(owner, subjects[0], owner_text)] + [(m, subjects[1], mentor_text)
                                                   for m in mentors]
    for person, subject, body in people:
        if person.user.is_active and person.user.email:
            notify(key=f"plan:{plan.pk}:v{plan.version}:{outcome}:user-{person.user_id}",
                   to=person.user.email, subject=f"[Mentorship] {subject}", body=body)


@transaction.atomic
def plan_progress_record(
    *, plan: AcademicPlan, by: User, note: str, on: datetime.date | None = None
) -> PlanProgress:
    """This program year's progress note: one per year, a second save updates it.

    Progress never changes the plan's status: an approved plan stays approved."""
    start, _ = plan.faculty.department.program_year(on or today())
    progress, _ = PlanProgress.objects.update_or_create(
        plan=plan, program_year_start=start, defaults={"note": note, "recorded_by": by},
    )
    return progress


@transaction.atomic
def plan_save_edits(
    *, faculty: FacultyMember, by: User, revision: int, goal_formset, milestone_formset
) -> AcademicPlan:
    """Save validated goal and milestone formsets onto the faculty member's plan.

    `revision` is the plan's revision when the edit page was read. If someone saved an
    edit since, nothing is saved and PlanError("stale") is raised: the page then shows
    their changes beside what this person typed (programs.forms.plans.PlanEdit.rebased).
    The lock makes two saves take turns, so the second always sees the first's revision.

    What an edit does to an approved plan (the DDD approved *what* the plan says):
    - progress keeps it approved: changing a goal's status or ticking a milestone done,
      like the yearly progress note (`plan_progress_record`), records how the approved
      plan is going, so the DDD need not review it again;
    - a change to its content makes it a draft that must be resubmitted: adding or
      removing a goal or milestone, or changing a goal's domain, description or target
      year, or a milestone's kind, title or target year.
    A returned plan or a draft keeps its status either way. A submitted plan cannot be
    edited while the DDD reviews it.

    A new row identical to one already on the plan is skipped (and, being no change,
    keeps the plan approved).
    """
    plan = _lock(plan_for(faculty=faculty))
    if plan.status == AcademicPlan.Status.SUBMITTED:
        raise PlanError("The plan is with the Division Director for review.", "submitted")
    if revision != plan.revision:
        raise PlanError("Someone saved changes to this plan since you opened it.", "stale")
    content_changed = False
    for formset in (goal_formset, milestone_formset):
        content_changed |= _save_rows(plan, formset)
    for model, limit, noun in ((PlanGoal, AcademicPlan.MAX_GOALS, "goals"),
                               (PlanMilestone, AcademicPlan.MAX_MILESTONES, "milestones")):
        if model.objects.filter(plan=plan).count() > limit:
            # Rolled back with everything else in this transaction.
            raise PlanError(f"A plan holds at most {limit} {noun}. Delete some before "
                            "adding more.", "too_many")
    plan.revision += 1
    plan.revised_by = by
    plan.save(update_fields=["revision", "revised_by", "updated_at"])
    return plan_mark_edited(plan=plan, content_changed=content_changed)


def _save_rows(plan: AcademicPlan, formset) -> bool:
    """Save one formset's rows; True when a row was added, removed or its content changed.

    What changed is read against the database, never against the values the page says
    it showed (those only tell a stale page's merge what this person typed): a tampered
    page must not reword an approved plan and keep it approved."""
    key = CONTENT_FIELDS[formset.model]
    before = {row["pk"]: row for row in formset.model.objects.filter(plan=plan).values(
        "pk", *key)}
    formset.instance = plan
    items = formset.save(commit=False)
    content_changed = bool(formset.deleted_objects)
    for obj in formset.deleted_objects:
        obj.delete()
    for item in items:
        if item.pk is None:
            if formset.model.objects.filter(
                    plan=plan, **{name: getattr(item, name) for name in key}).exists():
                continue
            content_changed = True
        elif any(getattr(item, name) != before[item.pk][name] for name in key):
            content_changed = True
        item.plan = plan
        item.save()
    return content_changed
