"""Cohort runs: start one, watch it solve, compare the draft with greedy, edit a pair,
publish the draft as proposals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from matching import access
from matching.forms.proposals import CohortPairForm, CohortStartForm
from matching.models import CohortRun
from matching.selectors.cohorts import cohort_page, pair_choices
from matching.services.cohorts import CohortError, cohort_pair_set, cohort_publish, cohort_start
from programs.access import Viewer, viewer_for


def _require_role(viewer: Viewer) -> None:
    if not access.runs_cohorts(viewer):
        raise PermissionDenied("Cohort runs are for facilitators and program admins.")


@login_required
@require_http_methods(["GET", "POST"])
def cohorts(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    _require_role(viewer)
    divisions = access.matching_divisions(viewer).select_related("department").order_by("name")
    form = CohortStartForm(request.POST if request.method == "POST" else None,
                           divisions=divisions, whole_department=viewer.is_program_admin)
    if request.method == "POST" and form.is_valid():
        division = form.cleaned_data["division"]
        department = division.department if division else (
            viewer.faculty.department if viewer.faculty else None)
        if department is None:
            form.add_error("division", "Choose a division.")
        else:
            run = cohort_start(department=department, division=division,
                               kind=form.cleaned_data["kind"],
                               appointed_since=form.cleaned_data["appointed_since"],
                               by=request.user)
            return redirect("matching:cohort", pk=run.pk)
    runs = (access.cohort_runs_visible_to(viewer).select_related("division", "created_by")
            .order_by("-created_at")[:20])
    return render(request, "matching/cohorts.html",
                  {"form": form, "runs": runs, "divisions": divisions})


@login_required
@require_GET
def cohort(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    run = access.get_cohort_run_for_viewer(viewer, pk)
    return render(request, "matching/cohort.html", cohort_page(run))


@login_required
@require_GET
def cohort_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Polled by the page while the run solves; reloads the page when the draft is ready."""
    viewer = viewer_for(request.user)
    run = access.get_cohort_run_for_viewer(viewer, pk)
    response = render(request, "matching/includes/cohort_progress.html", {"run": run})
    if run.state not in (CohortRun.State.QUEUED, CohortRun.State.RUNNING):
        response["HX-Refresh"] = "true"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def cohort_pair(request: HttpRequest, pk: int, pair_pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    run = access.get_cohort_run_for_viewer(viewer, pk)
    pair = (run.pairs.select_related("mentee__user", "mentee__position", "mentee__site",
                                     "mentor__user").filter(pk=pair_pk).first())
    if pair is None:
        raise Http404("No such pair.")
    choices = pair_choices(run, pair)
    form = CohortPairForm(request.POST if request.method == "POST" else None,
                          mentors=choices["mentors"],
                          initial={"mentor": pair.mentor_id})
    if request.method == "POST" and form.is_valid():
        try:
            cohort_pair_set(run=run, pair=pair, mentor=form.cleaned_data["mentor"],
                            by=request.user)
        except CohortError as error:
            form.add_error("mentor", error.message)
        else:
            messages.success(request, f"Changed the pair for {pair.mentee.full_name}.")
            return redirect("matching:cohort", pk=run.pk)
    return render(request, "matching/cohort_pair.html",
                  {"run": run, "pair": pair, "form": form, **choices})


@login_required
@require_POST
def cohort_publish_view(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    run = access.get_cohort_run_for_viewer(viewer, pk)
    try:
        made, refused = cohort_publish(run=run, by=request.user)
    except CohortError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Published: {made} proposal{'s' if made != 1 else ''} sent "
                         "to both sides.")
        for line in refused[:10]:
            messages.warning(request, line)
    return redirect("matching:cohort", pk=pk)
