"""Launching a run, its progress, its results and their CSV (aggregates only)."""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from programs.access import viewer_for
from programs.spreadsheets import guard_formula
from surveys import access
from surveys.forms.runs import RunForm
from surveys.selectors import reports
from surveys.selectors.runs import progress
from surveys.services import SurveyError
from surveys.services.runs import run_launch


@login_required
@require_http_methods(["GET", "POST"])
def run_new(request: HttpRequest, pk: int) -> HttpResponse:
    survey = access.get_survey_to_manage(viewer_for(request.user), pk)
    if survey.is_template:
        raise Http404("Copy the template into a survey first.")
    form = RunForm(request.POST if request.method == "POST" else None,
                   department=survey.department, identified=survey.identified,
                   initial={"title": survey.title})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            run, created = run_launch(
                survey=survey, by=request.user, submission_token=data["submission_token"],
                title=data["title"], audience=data["audience"], division=data["division"],
                stages=data["stages"], intake_year=data["intake_year"],
                opens_on=data["opens_on"], closes_on=data["closes_on"],
                anonymous=data["anonymous"])
        except SurveyError as error:
            form.add_error("anonymous" if error.code == "interest_anonymous" else None,
                           error.message)
        else:
            if created:
                messages.success(request, "Launched. Invitations go out by email from the "
                                 "opening day.")
            return redirect("surveys:run_progress", pk=run.pk)
    return render(request, "surveys/run_new.html", {"survey": survey, "form": form})


@login_required
@require_GET
def run_progress(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    run = access.get_run_for_results(viewer, pk)
    return render(request, "surveys/run_progress.html", {
        "run": run, **progress(run),
        "manages": access.manages_surveys(viewer, run.survey.department_id)})


@login_required
@require_GET
def run_results(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    run = access.get_run_for_results(viewer, pk)
    results = reports.run_results(run)
    return render(request, "surveys/run_results.html", {
        "run": run, "results": results, "trends": reports.trends(run),
        "respondents": reports.respondent_count(run),
        "waiting": reports.waiting_count(run) if run.anonymous else 0,
        "mix_batch": reports.settings.SURVEY_MIX_BATCH,
        "min_scores": reports.settings.SURVEY_MIN_SCORES,
        "min_comments": reports.settings.SURVEY_MIN_COMMENTS,
        "has_charts": any(r.chart for r in results)})


@login_required
@require_GET
def run_results_csv(request: HttpRequest, pk: int) -> HttpResponse:
    run = access.get_run_for_results(viewer_for(request.user), pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="survey-run-{run.pk}-results.csv"'
    writer = csv.writer(response)
    for row in reports.csv_rows(reports.run_results(run)):
        writer.writerow([guard_formula(cell) for cell in row])
    return response
