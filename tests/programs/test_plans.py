"""Five-year academic plans: editing together, submit, review, versions, progress."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from programs.models import (
    AcademicPlan,
    Mentorship,
    PlanGoal,
    PlanMilestone,
    PlanProgress,
    PlanSnapshot,
)
from programs.selectors.plans import compare_goals, compare_milestones, division_plan_statuses
from programs.services.plans import PlanError, plan_review, plan_submit
from tests.programs.factories import MentorshipFactory
from tests.programs.plan_helpers import goal, milestone, plan_post, revision_of


def url(name: str, person) -> str:
    return reverse(f"programs:{name}", kwargs={"pk": person.pk})


def test_the_mentee_starts_a_plan_with_goals_and_a_milestone(client, world, login):
    login(world.mentee)
    response = client.post(url("plan_edit", world.mentee), plan_post(
        [goal("Submit a first CIHR grant"), goal("Teaching dossier", domain="education")],
        [{"kind": "promotion", "title": "", "target_year": str(datetime.date.today().year + 4)}],
    ))
    assert response.status_code == 302
    plan = AcademicPlan.objects.get(faculty=world.mentee)
    assert plan.status == AcademicPlan.Status.DRAFT
    assert sorted(plan.goals.values_list("domain", flat=True)) == ["education", "research"]
    assert plan.milestones.count() == 1
    page = client.get(url("plan_detail", world.mentee)).content.decode()
    assert "Submit a first CIHR grant" in page and "Promotion" in page


def test_the_formal_mentor_edits_the_plan_with_the_mentee(client, world, login):
    login(world.mentor)
    response = client.post(url("plan_edit", world.mentee), plan_post([goal("Mentor's idea")]))
    assert response.status_code == 302
    assert PlanGoal.objects.filter(plan__faculty=world.mentee, description="Mentor's idea").exists()


def test_the_ddd_reads_the_plan_but_may_not_edit_it(client, world, login):
    login(world.director)
    assert client.get(url("plan_detail", world.mentee)).status_code == 200
    assert client.get(url("plan_edit", world.mentee)).status_code == 403


@pytest.mark.parametrize("persona", ["facilitator", "otherdirector", "outsider", "newfaculty"])
def test_people_outside_the_plan_get_404(client, world, login, persona):
    login(world.person(persona))
    assert client.get(url("plan_detail", world.mentee)).status_code == 404
    assert client.post(url("plan_edit", world.mentee), plan_post([goal("x")])).status_code == 404


def test_an_informal_mentor_gets_404(client, world, login):
    MentorshipFactory(mentee=world.mentee, mentor=world.outsider, kind=Mentorship.Kind.INFORMAL)
    login(world.outsider)
    assert client.get(url("plan_detail", world.mentee)).status_code == 404


def test_a_form_with_an_error_keeps_what_was_typed(client, world, login):
    login(world.mentee)
    response = client.post(url("plan_edit", world.mentee), plan_post(
        [goal("Write the K-award aims page", year=1999)]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Write the K-award aims page" in page
    assert "Choose a year between" in page
    assert not AcademicPlan.objects.filter(faculty=world.mentee).exists()


def test_a_double_submitted_edit_adds_each_goal_once(client, world, login):
    login(world.mentee)
    data = plan_post([goal("Only once")])
    client.post(url("plan_edit", world.mentee), data)
    client.post(url("plan_edit", world.mentee), data)
    assert PlanGoal.objects.filter(description="Only once").count() == 1


def _submitted_plan(client, world, login) -> AcademicPlan:
    login(world.mentee)
    client.post(url("plan_edit", world.mentee), plan_post([goal("Grant"), goal("Course")]))
    client.post(url("plan_submit", world.mentee))
    return AcademicPlan.objects.get(faculty=world.mentee)


def test_submit_return_resubmit_approve(client, world, login):
    plan = _submitted_plan(client, world, login)
    assert plan.status == AcademicPlan.Status.SUBMITTED and plan.version == 1
    # A submitted plan is locked while the DDD reviews it.
    assert client.get(url("plan_edit", world.mentee)).status_code == 302

    login(world.director)
    client.post(url("plan_review", world.mentee), {"decision": "return",
                                                   "comment": "Add a wellness goal."})
    plan.refresh_from_db()
    assert plan.status == AcademicPlan.Status.RETURNED
    assert plan.review_comment == "Add a wellness goal."

    login(world.mentee)
    assert "Add a wellness goal." in client.get(url("plan_detail", world.mentee)).content.decode()
    goals = list(plan.goals.order_by("pk"))
    rows = [goal(g.description, id=str(g.pk)) for g in goals]
    rows.append(goal("Protected clinic-free day", domain="wellness"))
    client.post(url("plan_edit", world.mentee), plan_post(rows, initial_goals=len(goals),
                                                           revision=revision_of(world.mentee)))
    client.post(url("plan_submit", world.mentee))
    plan.refresh_from_db()
    assert plan.status == AcademicPlan.Status.SUBMITTED and plan.version == 2

    login(world.director)
    client.post(url("plan_review", world.mentee), {"decision": "approve", "comment": ""})
    plan.refresh_from_db()
    assert plan.status == AcademicPlan.Status.APPROVED
    assert plan.approved_at is not None
    assert list(plan.snapshots.values_list("version", flat=True)) == [2, 1]


def test_returning_a_plan_needs_a_comment(client, world, login):
    plan = _submitted_plan(client, world, login)
    login(world.director)
    client.post(url("plan_review", world.mentee), {"decision": "return", "comment": " "})
    plan.refresh_from_db()
    assert plan.status == AcademicPlan.Status.SUBMITTED


def test_only_the_ddd_reviews(client, world, login):
    _submitted_plan(client, world, login)
    for persona in ("mentee", "mentor", "vicechair"):
        login(world.person(persona))
        response = client.post(url("plan_review", world.mentee), {"decision": "approve"})
        assert response.status_code == 403, persona
    assert AcademicPlan.objects.get(faculty=world.mentee).status == "submitted"


def test_only_the_mentee_submits(client, world, login):
    login(world.mentee)
    client.post(url("plan_edit", world.mentee), plan_post([goal("Grant")]))
    login(world.mentor)
    assert client.post(url("plan_submit", world.mentee)).status_code == 403
    assert AcademicPlan.objects.get(faculty=world.mentee).status == "draft"


def test_a_double_submit_keeps_one_snapshot(client, world, login):
    _submitted_plan(client, world, login)
    client.post(url("plan_submit", world.mentee))
    assert PlanSnapshot.objects.filter(plan__faculty=world.mentee).count() == 1


def test_an_empty_plan_cannot_be_submitted(world):
    plan = AcademicPlan.objects.create(faculty=world.mentee)
    with pytest.raises(PlanError) as error:
        plan_submit(plan=plan, by=world.mentee.user)
    assert error.value.code == "empty"


def test_a_later_version_is_compared_with_an_earlier_one(client, world, login):
    plan = _submitted_plan(client, world, login)
    plan_review(plan=plan, by=world.director.user, approve=False, comment="More detail")
    grant, course = plan.goals.order_by("pk")
    login(world.mentee)
    client.post(url("plan_edit", world.mentee), plan_post([
        goal("Grant", id=str(grant.pk), status="in_progress"),
        goal("Course", id=str(course.pk), DELETE="on"),
        goal("New leadership course", domain="leadership"),
    ], initial_goals=2, revision=revision_of(world.mentee)))
    client.post(url("plan_submit", world.mentee))
    old, new = PlanSnapshot.objects.filter(plan=plan).order_by("version")
    diff = compare_goals(old.goals, new.goals)
    assert [g["description"] for g in diff.added] == ["New leadership course"]
    assert [g["description"] for g in diff.removed] == ["Course"]
    assert [(b["status"], a["status"], f) for b, a, f in diff.changed] == [
        ("not_started", "in_progress", ["status"])]
    login(world.director)
    page = client.get(url("plan_versions", world.mentee)).content.decode()
    assert "New leadership course" in page and "Not started → In progress" in page


def test_progress_is_recorded_once_a_year(client, world, login):
    _submitted_plan(client, world, login)
    client.post(url("plan_progress", world.mentee), {"note": "Grant submitted."})
    client.post(url("plan_progress", world.mentee), {"note": "Grant submitted and funded."})
    progress = PlanProgress.objects.get(plan__faculty=world.mentee)
    assert progress.note == "Grant submitted and funded."
    login(world.mentor)
    assert client.post(url("plan_progress", world.mentee), {"note": "x"}).status_code == 403


def test_division_status_covers_every_state(world):
    today = datetime.date.today()
    year_start, _ = world.department.program_year(today)
    AcademicPlan.objects.create(faculty=world.mentee, status="approved",
                                approved_at=timezone.now())
    stale = AcademicPlan.objects.create(
        faculty=world.mentor, status="approved",
        approved_at=timezone.make_aware(datetime.datetime.combine(
            year_start - datetime.timedelta(days=30), datetime.time(12))))
    AcademicPlan.objects.create(faculty=world.facilitator, status="returned")
    AcademicPlan.objects.create(faculty=world.newfaculty, status="submitted")
    states = {p.pk: p.plan_state for p in division_plan_statuses(world.division)}
    assert states[world.mentee.pk] == "approved"
    assert states[world.mentor.pk] == "out_of_date"
    assert states[world.facilitator.pk] == "returned"
    assert states[world.newfaculty.pk] == "submitted"
    assert states[world.director.pk] == "missing"
    PlanProgress.objects.create(plan=stale, program_year_start=year_start, note="On track")
    states = {p.pk: p.plan_state for p in division_plan_statuses(world.division)}
    assert states[world.mentor.pk] == "approved"


def test_the_division_page_lists_states_for_the_ddd(client, world, login):
    AcademicPlan.objects.create(faculty=world.mentee, status="submitted")
    login(world.director)
    page = client.get(reverse("programs:division_plans", kwargs={"pk": world.division.pk}))
    assert page.status_code == 200
    assert "Submitted" in page.content.decode() and "Missing" in page.content.decode()
    login(world.otherdirector)
    assert client.get(reverse("programs:division_plans",
                              kwargs={"pk": world.division.pk})).status_code == 404


# --- What an edit does to an approved plan --------------------------------------------


def _approved_plan(world) -> AcademicPlan:
    """An approved plan with one goal and one milestone."""
    plan = AcademicPlan.objects.create(faculty=world.mentee)
    year = datetime.date.today().year
    PlanGoal.objects.create(plan=plan, domain="research", description="Grant",
                            target_year=year + 2)
    PlanMilestone.objects.create(plan=plan, kind="promotion", title="", target_year=year + 4)
    plan_submit(plan=plan, by=world.mentee.user)
    plan_review(plan=plan, by=world.director.user, approve=True)
    plan.refresh_from_db()
    assert plan.status == AcademicPlan.Status.APPROVED
    return plan


def _edit(client, world, plan, goal_changes=None, milestone_changes=None, new_goal=None,
          new_milestone=None):
    """Post the plan's one goal and one milestone, with `*_changes` applied to them."""
    existing_goal = plan.goals.get()
    existing_milestone = plan.milestones.get()
    goals = [goal(existing_goal.description, domain=existing_goal.domain,
                  year=existing_goal.target_year, status=existing_goal.status,
                  id=str(existing_goal.pk)) | (goal_changes or {})]
    milestones = [milestone(existing_milestone.kind, title=existing_milestone.title,
                            year=existing_milestone.target_year, done=existing_milestone.done,
                            id=str(existing_milestone.pk)) | (milestone_changes or {})]
    if new_goal:
        goals.append(new_goal)
    if new_milestone:
        milestones.append(new_milestone)
    response = client.post(url("plan_edit", world.mentee), plan_post(
        goals, milestones, initial_goals=1, initial_milestones=1,
        revision=revision_of(world.mentee)))
    assert response.status_code == 302
    plan.refresh_from_db()
    return plan


def test_ticking_statuses_keeps_an_approved_plan_approved(client, world, login):
    plan = _approved_plan(world)
    approved_at = plan.approved_at
    login(world.mentee)
    _edit(client, world, plan, goal_changes={"status": "done"},
          milestone_changes={"done": "on"})
    assert plan.status == AcademicPlan.Status.APPROVED
    assert plan.approved_at == approved_at
    assert plan.goals.get().status == "done" and plan.milestones.get().done
    client.post(url("plan_progress", world.mentee), {"note": "Grant funded."})
    plan.refresh_from_db()
    assert plan.status == AcademicPlan.Status.APPROVED


def test_the_mentor_updating_progress_also_keeps_it_approved(client, world, login):
    plan = _approved_plan(world)
    login(world.mentor)
    _edit(client, world, plan, goal_changes={"status": "in_progress"})
    assert plan.status == AcademicPlan.Status.APPROVED


@pytest.mark.parametrize("change", [
    {"goal_changes": {"description": "Two grants"}},
    {"goal_changes": {"domain": "education"}},
    {"goal_changes": {"target_year": str(datetime.date.today().year + 3)}},
    {"goal_changes": {"DELETE": "on"}},
    {"new_goal": goal("A new goal")},
    {"milestone_changes": {"title": "Full professor"}},
    {"milestone_changes": {"kind": "continuing_appointment"}},
    {"milestone_changes": {"target_year": str(datetime.date.today().year + 5)}},
    {"milestone_changes": {"DELETE": "on"}},
    {"new_milestone": milestone("other", title="Sabbatical")},
], ids=["goal-description", "goal-domain", "goal-year", "goal-removed", "goal-added",
        "milestone-title", "milestone-kind", "milestone-year", "milestone-removed",
        "milestone-added"])
def test_changing_content_makes_an_approved_plan_a_draft(client, world, login, change):
    plan = _approved_plan(world)
    login(world.mentee)
    _edit(client, world, plan, **change)
    assert plan.status == AcademicPlan.Status.DRAFT
    page = client.get(url("plan_detail", world.mentee)).content.decode()
    assert url("plan_submit", world.mentee) in page


def test_a_status_change_with_a_content_change_still_needs_resubmitting(client, world, login):
    plan = _approved_plan(world)
    login(world.mentee)
    _edit(client, world, plan, goal_changes={"status": "done"},
          milestone_changes={"title": "Associate professor"})
    assert plan.status == AcademicPlan.Status.DRAFT


def test_a_returned_plan_stays_returned_after_an_edit(client, world, login):
    plan = _submitted_plan(client, world, login)
    plan_review(plan=plan, by=world.director.user, approve=False, comment="More")
    client.post(url("plan_edit", world.mentee), plan_post([goal("Another")],
                                                          revision=revision_of(world.mentee)))
    plan.refresh_from_db()
    assert plan.status == AcademicPlan.Status.RETURNED


# --- Comparing milestones between versions --------------------------------------------


def test_milestones_are_compared_between_versions(client, world, login):
    plan = AcademicPlan.objects.create(faculty=world.mentee)
    year = datetime.date.today().year
    PlanGoal.objects.create(plan=plan, domain="research", description="Grant",
                            target_year=year + 2)
    promotion = PlanMilestone.objects.create(plan=plan, kind="promotion", title="",
                                             target_year=year + 4)
    review = PlanMilestone.objects.create(plan=plan, kind="continuing_appointment",
                                          title="CAR dossier", target_year=year + 1)
    plan_submit(plan=plan, by=world.mentee.user)
    plan_review(plan=plan, by=world.director.user, approve=False, comment="Move promotion")
    login(world.mentee)
    goal_row = plan.goals.get()
    client.post(url("plan_edit", world.mentee), plan_post(
        [goal("Grant", year=year + 2, id=str(goal_row.pk))],
        [milestone("promotion", year=year + 5, done=True, id=str(promotion.pk)),
         milestone("continuing_appointment", title="CAR dossier", year=year + 1,
                   id=str(review.pk), DELETE="on"),
         milestone("other", title="Sabbatical", year=year + 3)],
        initial_goals=1, initial_milestones=2, revision=revision_of(world.mentee)))
    client.post(url("plan_submit", world.mentee))
    old, new = PlanSnapshot.objects.filter(plan=plan).order_by("version")
    diff = compare_milestones(old.milestones, new.milestones)
    assert [m["title"] for m in diff.added] == ["Sabbatical"]
    assert [m["title"] for m in diff.removed] == ["CAR dossier"]
    assert [f for _b, _a, f in diff.changed] == [["target_year", "done"]]
    assert not compare_goals(old.goals, new.goals).has_changes

    login(world.director)
    page = client.get(url("plan_versions", world.mentee)).content.decode()
    assert "Added milestones" in page and "Sabbatical" in page
    assert "Removed milestones" in page and "CAR dossier" in page
    assert f"target year: {year + 4} → {year + 5}" in page
    assert "not done → done" in page
    assert "did not change" not in page


def test_versions_with_identical_milestones_and_goals_say_nothing_changed(
        client, world, login):
    plan = _approved_plan(world)
    plan.status = AcademicPlan.Status.DRAFT
    plan.save()
    plan_submit(plan=plan, by=world.mentee.user)
    login(world.director)
    page = client.get(url("plan_versions", world.mentee)).content.decode()
    assert "The goals and milestones did not change." in page


# --- Finding the division plan-status page --------------------------------------------


@pytest.mark.parametrize("persona", ["vicechair", "admin"])
def test_department_leaders_find_each_division_plans_page_from_home(
        client, world, login, persona):
    login(world.person(persona))
    page = client.get(reverse("home")).content.decode()
    for division in (world.division, world.other_division):
        link = reverse("programs:division_plans", kwargs={"pk": division.pk})
        assert f'href="{link}"' in page
        assert client.get(link).status_code == 200
