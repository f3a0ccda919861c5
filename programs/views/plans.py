"""Five-year academic plans: the plan page, editing, submit, review, progress, versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programs import access
from programs.dates import today
from programs.forms.plans import (
    GoalFormSet,
    MilestoneFormSet,
    PlanProgressForm,
    PlanReviewForm,
    table_helper,
)
from programs.models import AcademicPlan
from programs.selectors import plans as plan_selectors
from programs.services.plans import (
    PlanError,
    plan_progress_record,
    plan_review,
    plan_save_edits,
    plan_submit,
)


@login_required
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    person = access.get_plan_owner_for_viewer(viewer, pk)
    plan = plan_selectors.plan_of(person)
    is_self = access.is_self(viewer, person)
    year_start, _ = person.department.program_year(today())
    context = {
        "person": person, "plan": plan, "is_self": is_self,
        "can_edit": access.can_edit_plan(viewer, person) and (plan is None or plan.is_editable),
        "can_review": plan is not None and access.can_review_plan(viewer, person)
        and plan.status == AcademicPlan.Status.SUBMITTED,
        "year_start": year_start,
    }
    if plan is not None:
        progress = list(plan.progress.all())
        context.update({
            "goals_by_domain": plan_selectors.goals_by_domain(plan),
            "timeline": plan_selectors.timeline(plan),
            "snapshots": list(plan.snapshots.all()),
            "progress": progress,
            "can_submit": is_self and plan.is_editable and plan.status != "approved",
            "review_form": PlanReviewForm(),
            "progress_form": PlanProgressForm(initial={"note": next(
                (p.note for p in progress if p.program_year_start == year_start), "")}),
        })
    return render(request, "programs/plans/plan_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    person = access.get_plan_owner_for_viewer(viewer, pk)
    if not access.can_edit_plan(viewer, person):
        raise PermissionDenied
    plan = AcademicPlan.objects.filter(faculty=person).first() or AcademicPlan(faculty=person)
    if not plan.is_editable:
        messages.info(request, "The plan is with the Division Director for review.")
        return redirect("programs:plan_detail", pk=person.pk)
    data = request.POST if request.method == "POST" else None
    goals = GoalFormSet(data, instance=plan, prefix="goals")
    milestones = MilestoneFormSet(data, instance=plan, prefix="milestones")
    if data is not None and goals.is_valid() and milestones.is_valid():
        try:
            plan_save_edits(faculty=person, goal_formset=goals, milestone_formset=milestones)
        except PlanError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Plan saved.")
        return redirect("programs:plan_detail", pk=person.pk)
    return render(request, "programs/plans/plan_edit.html", {
        "person": person, "plan": plan, "goals": goals, "milestones": milestones,
        "helper": table_helper(),
    })


@login_required
@require_POST
def plan_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    person = access.get_plan_owner_for_viewer(viewer, pk)
    plan = AcademicPlan.objects.filter(faculty=person).first()
    if not access.is_self(viewer, person) or plan is None:
        raise PermissionDenied
    try:
        plan = plan_submit(plan=plan, by=request.user)
    except PlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Version {plan.version} submitted to your Division Director.")
    return redirect("programs:plan_detail", pk=person.pk)


@login_required
@require_POST
def plan_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    person = access.get_plan_owner_for_viewer(viewer, pk)
    plan = AcademicPlan.objects.filter(faculty=person).first()
    if not access.can_review_plan(viewer, person) or plan is None:
        raise PermissionDenied
    form = PlanReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say what should change when returning a plan.")
        return redirect("programs:plan_detail", pk=person.pk)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        plan_review(plan=plan, by=request.user, approve=approve,
                    comment=form.cleaned_data["comment"])
    except PlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Plan approved." if approve else "Plan returned with comments.")
    return redirect("programs:plan_detail", pk=person.pk)


@login_required
@require_POST
def plan_progress(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    person = access.get_plan_owner_for_viewer(viewer, pk)
    plan = AcademicPlan.objects.filter(faculty=person).first()
    if not access.is_self(viewer, person) or plan is None:
        raise PermissionDenied
    form = PlanProgressForm(request.POST)
    if form.is_valid():
        plan_progress_record(plan=plan, by=request.user, note=form.cleaned_data["note"])
        messages.success(request, "Progress for this program year saved.")
    else:
        messages.error(request, "Write a few words about your progress.")
    return redirect("programs:plan_detail", pk=person.pk)


@login_required
@require_GET
def plan_versions(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    person = access.get_plan_owner_for_viewer(viewer, pk)
    plan = AcademicPlan.objects.filter(faculty=person).first()

    def version(name: str) -> int | None:
        value = request.GET.get(name, "")
        return int(value) if value.isdigit() else None

    old = new = diff = None
    versions: list[int] = []
    if plan is not None:
        old, new, versions = plan_selectors.snapshot_pair(plan, version("old"), version("new"))
        if old is not None:
            diff = plan_selectors.compare_snapshots(old, new)
    return render(request, "programs/plans/plan_versions.html", {
        "person": person, "plan": plan, "old": old, "new": new, "diff": diff,
        "versions": versions,
    })


@login_required
@require_GET
def division_plans(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    division = access.get_division_for_plan_status(viewer, pk)
    rows = plan_selectors.division_plan_statuses(division)
    state = request.GET.get("state", "")
    shown = [r for r in rows if r.plan_state == state] if state else rows
    return render(request, "programs/plans/division_plans.html", {
        "division": division, "rows": shown, "state": state,
        "counts": plan_selectors.plan_state_counts(rows),
    })
