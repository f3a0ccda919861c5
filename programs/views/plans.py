"""Five-year academic plans: the plan page, editing, submit, review, progress, versions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programs import access
from programs.dates import today
from programs.forms import read_query
from programs.forms.plans import (
    DivisionPlansQuery,
    PlanEdit,
    PlanProgressForm,
    PlanReviewForm,
    PlanVersionsQuery,
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

DIVISION_PLANS_PAGE_SIZE = 50
ADD_ROW = {"goals": "A new goal is at the end of the goals.",
           "milestones": "A new milestone is at the end of the milestones."}


@login_required
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    return plan_detail_page(request, viewer, access.get_plan_owner_for_viewer(viewer, pk))


def plan_detail_page(request: HttpRequest, viewer: access.Viewer, person,
                     review_form: PlanReviewForm | None = None,
                     progress_form: PlanProgressForm | None = None) -> HttpResponse:
    """The plan page; after a review or progress note with an error, with that form as
    it was typed and its message."""
    plan = plan_selectors.plan_of(person)
    is_self = access.is_self(viewer, person)
    on = today()
    year_start, _ = person.department.program_year(on)
    context = {
        **_trail(viewer, person),
        "person": person, "plan": plan, "is_self": is_self,
        "can_edit": access.can_edit_plan(viewer, person) and (plan is None or plan.is_editable),
        "can_review": plan is not None and access.can_review_plan(viewer, person)
        and plan.status == AcademicPlan.Status.SUBMITTED,
        "year_start": year_start,
    }
    if plan is not None:
        progress = list(plan.progress.all())
        chart = plan_selectors.timeline_chart(plan, this_year=on.year)
        context.update({
            "goals_by_domain": plan_selectors.goals_by_domain(plan),
            "timeline": plan_selectors.timeline(plan),
            "chart": chart and {"id": "chart-plan-timeline", "spec": chart,
                                "rows": len(chart["data"]["labels"])},
            "snapshots": list(plan.snapshots.all()),
            "progress": progress,
            "can_submit": is_self and plan.is_editable and plan.status != "approved",
            "review_form": review_form or PlanReviewForm(),
            "progress_form": progress_form or PlanProgressForm(initial={"note": next(
                (p.note for p in progress if p.program_year_start == year_start), "")}),
        })
    return render(request, "programs/plans/plan_detail.html", context)


def _trail(viewer: access.Viewer, person) -> dict:
    """The breadcrumbs up to the plan page (`crumbs`, each (label, url name, pk)), and
    what the plan page is called (`plan_title`). A leader who reads the division's
    plan-status list goes back to it; the faculty member reads "My academic plan"."""
    if access.is_self(viewer, person):
        return {"crumbs": [], "plan_title": "My academic plan", "division_list": None}
    division = person.division
    listed = access.sees_plan_status_of(viewer, division)
    crumbs = ([(f"Plan status: {division.name}", "programs:division_plans", division.pk)]
              if listed else [])
    return {"crumbs": crumbs, "plan_title": f"Academic plan: {person.full_name}",
            "division_list": division if listed else None}


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    person = access.get_plan_owner_for_viewer(viewer, pk)
    if not access.can_edit_plan(viewer, person):
        raise PermissionDenied(f"Only {person.full_name} and their formal mentors edit this "
                               "plan. You can read it on the plan page.")
    plan = plan_selectors.plan_to_edit(person)
    if not plan.is_editable:
        messages.info(request, "The plan is with the Division Director for review.")
        return redirect("programs:plan_detail", pk=person.pk)
    if request.method == "GET":
        return _edit_page(request, person, PlanEdit(None, plan=plan))
    edit = PlanEdit(request.POST, plan=plan)
    adding = request.POST.get("add")
    if adding in ADD_ROW:
        # "Add a goal" without JavaScript (with it, static/js/plan_edit.js adds the card
        # in the page): the page again, as typed, with one more card; nothing saved.
        edit, added = edit.with_row_added(adding)
        if added:
            messages.info(request, f"{ADD_ROW[adding]} Nothing is saved until you press "
                          "“Save the plan”.")
        return _edit_page(request, person, edit)
    if edit.is_stale():
        return _stale_edit(request, person, edit)
    if edit.is_valid():
        try:
            plan_save_edits(faculty=person, by=request.user, revision=edit.posted_revision(),
                            goal_formset=edit.goals, milestone_formset=edit.milestones)
        except PlanError as error:
            if error.code == "stale":  # saved by someone else in the instant since
                return _stale_edit(request, person, edit)
            if error.code == "submitted":
                messages.error(request, str(error))
                return redirect("programs:plan_detail", pk=person.pk)
            edit.error = str(error)
        else:
            messages.success(request, "Plan saved.")
            return redirect("programs:plan_detail", pk=person.pk)
    return _edit_page(request, person, edit)


def _stale_edit(request: HttpRequest, person, edit: PlanEdit) -> HttpResponse:
    """Someone saved since this page was read: nothing is saved, and the page comes back
    with their changes merged in and everything this person typed kept."""
    plan = plan_selectors.plan_to_edit(person)
    if not plan.is_editable:
        messages.error(request, "The plan was submitted to the Division Director while you "
                       "were editing it, so your changes were not saved.")
        return redirect("programs:plan_detail", pk=person.pk)
    editor = plan.revised_by
    by = ("You, in another tab or window," if editor == request.user
          else editor.get_full_name() or editor.email if editor else "Someone")
    rebase = edit.rebased(plan, by=by)
    if not rebase.differs:
        # The plan already says everything this page wanted (a double submit).
        messages.success(request, "Plan saved.")
        return redirect("programs:plan_detail", pk=person.pk)
    return _edit_page(request, person, rebase.edit, stale_by=by, stale_notes=rebase.notes)


def _edit_page(request: HttpRequest, person, edit: PlanEdit, **stale) -> HttpResponse:
    return render(request, "programs/plans/plan_edit.html", {
        **_trail(access.viewer_for(request.user), person),
        "person": person, "plan": edit.plan, "edit": edit, **stale,
    })


@login_required
@require_POST
def plan_submit_view(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    person = access.get_plan_owner_for_viewer(viewer, pk)
    if not access.is_self(viewer, person):
        raise PermissionDenied(f"Only {person.full_name} submits their plan to the Division "
                               "Director.")
    plan = AcademicPlan.objects.filter(faculty=person).first()
    try:
        if plan is None:
            raise PlanError("Add at least one goal before submitting.", "empty")
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
    if not access.can_review_plan(viewer, person):
        raise PermissionDenied(f"Only the Division Director of {person.division.name} reviews "
                               "this plan.")
    plan = AcademicPlan.objects.filter(faculty=person).first()
    if plan is None or plan.status != AcademicPlan.Status.SUBMITTED:
        messages.error(request, "Only a submitted plan can be reviewed, and this one is not "
                       "waiting for a review.")
        return redirect("programs:plan_detail", pk=person.pk)
    form = PlanReviewForm(request.POST)
    if not form.is_valid():
        return plan_detail_page(request, viewer, person, review_form=form)
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
    if not access.is_self(viewer, person):
        raise PermissionDenied(f"Only {person.full_name} records progress on their plan.")
    plan = AcademicPlan.objects.filter(faculty=person).first()
    if plan is None:
        messages.error(request, "Start the plan before recording progress on it.")
        return redirect("programs:plan_detail", pk=person.pk)
    form = PlanProgressForm(request.POST)
    if form.is_valid():
        plan_progress_record(plan=plan, by=request.user, note=form.cleaned_data["note"])
        messages.success(request, "Progress for this program year saved.")
        return redirect("programs:plan_detail", pk=person.pk)
    # The page again, with the message beside the note and the note as typed.
    return plan_detail_page(request, viewer, person, progress_form=form)


@login_required
@require_GET
def plan_versions(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    person = access.get_plan_owner_for_viewer(viewer, pk)
    plan = AcademicPlan.objects.filter(faculty=person).first()
    wanted = read_query(PlanVersionsQuery, request.GET)
    old = new = diff = None
    versions: list[int] = []
    if plan is not None:
        old, new, versions = plan_selectors.snapshot_pair(plan, wanted["old"], wanted["new"])
        if old is not None:
            diff = plan_selectors.compare_snapshots(old, new)
    return render(request, "programs/plans/plan_versions.html", {
        **_trail(viewer, person), "person": person, "plan": plan, "old": old, "new": new,
        "diff": diff, "versions": versions,
    })


class _CountedPaginator(Paginator):
    """A paginator told its count: the state counts above the list already hold it, so
    the page costs no separate COUNT over the division."""

    def __init__(self, object_list, per_page: int, *, count: int):
        super().__init__(object_list, per_page)
        self.count = count  # overrides Paginator.count, a cached_property


@login_required
@require_GET
def division_plans(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    division = access.get_division_for_plan_status(viewer, pk)
    wanted = read_query(DivisionPlansQuery, request.GET)
    state = wanted["state"] if wanted["state"] in plan_selectors.PLAN_STATES else ""
    rows = plan_selectors.division_plan_rows(division)
    counts = plan_selectors.plan_state_counts(rows)
    total = sum(n for key, _, n in counts if key == state or not state)
    if state:
        rows = rows.filter(plan_state=state)
    page = _CountedPaginator(rows, DIVISION_PLANS_PAGE_SIZE, count=total).get_page(
        wanted["page"])
    return render(request, "programs/plans/division_plans.html", {
        "division": division, "page": page, "state": state, "counts": counts,
        "total": total, "everyone": sum(n for *_, n in counts),
    })
