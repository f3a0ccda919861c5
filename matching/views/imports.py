"""Bulk-loading the interest survey from a CSV export (program admins): upload, preview
with every bad line, confirm. The confirm carries the checked file, signed, and checks it
again before writing anything."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from matching import access
from matching.forms.imports import (
    COLUMN_HELP,
    COLUMNS,
    SurveyConfirmForm,
    SurveyUploadForm,
    read_survey,
)
from matching.selectors.imports import CREATE, UPDATE, plan_survey
from matching.services.imports import survey_import_apply
from programs.access import departments_administered_by, viewer_for
from programs.forms.roster import RosterFileError
from programs.models import Department, Site, Topic

SALT = "matching.survey-import"


def _departments(request: HttpRequest) -> QuerySet[Department]:
    viewer = viewer_for(request.user)
    access.require_program_admin(viewer)
    return departments_administered_by(viewer)


def _preview(request: HttpRequest, department, text: str, filename: str,
             form: SurveyUploadForm | None = None) -> HttpResponse:
    context = {"form": form, "filename": filename, "columns": _column_rows()}
    try:
        survey = read_survey(text, department)
    except RosterFileError as error:
        context["file_errors"] = error.problems
        return render(request, "matching/survey_import.html", context)
    plan = plan_survey(survey)
    context.update({
        "survey": survey, "plan": plan, "changes": plan.changes[:500],
        "counts": {part: {CREATE: plan.count(part, CREATE), UPDATE: plan.count(part, UPDATE)}
                   for part in ("offer", "needs")},
    })
    if not survey.problems:
        payload = signing.dumps({"department": department.pk, "text": text,
                                 "filename": filename}, salt=SALT, compress=True)
        context["confirm"] = SurveyConfirmForm(initial={"payload": payload})
    return render(request, "matching/survey_import.html", context)


def _column_rows() -> list[tuple[str, str]]:
    return [(name, COLUMN_HELP[name]) for name in COLUMNS]


@login_required
@require_http_methods(["GET", "POST"])
def survey_import(request: HttpRequest) -> HttpResponse:
    departments = _departments(request)
    form = SurveyUploadForm(request.POST or None, request.FILES or None,
                            departments=departments)
    if request.method == "POST" and form.is_valid():
        return _preview(request, form.cleaned_data["department"], form.text, form.filename,
                        form=SurveyUploadForm(departments=departments))
    return render(request, "matching/survey_import.html",
                  {"form": form, "columns": _column_rows()})


@login_required
@require_POST
def survey_import_confirm(request: HttpRequest) -> HttpResponse:
    departments = _departments(request)
    form = SurveyConfirmForm(request.POST)
    try:
        if not form.is_valid():
            raise signing.BadSignature
        payload = signing.loads(form.cleaned_data["payload"], salt=SALT)
    except signing.BadSignature:
        messages.error(request, "This preview could not be read back. Upload the file again.")
        return redirect("matching:survey_import")
    department = departments.filter(pk=payload.get("department")).first()
    if department is None:
        raise Http404
    try:
        survey = read_survey(payload["text"], department)
    except RosterFileError:
        survey = None
    if survey is None or survey.problems:
        # The roster or the catalogue changed since the preview: show it again.
        messages.error(request, "The file no longer checks clean; nothing was written.")
        return _preview(request, department, payload["text"], payload.get("filename", ""),
                        form=SurveyUploadForm(departments=departments))
    counts = survey_import_apply(plan=plan_survey(survey), problems=0)
    if counts["offers"] or counts["needs"]:
        messages.success(request, f"Survey imported: {counts['offers']} mentor offer"
                                  f"{'s' if counts['offers'] != 1 else ''} and "
                                  f"{counts['needs']} mentee need"
                                  f"{'s' if counts['needs'] != 1 else ''} written.")
    else:
        messages.info(request, "Everything in this file was already stored; nothing changed.")
    return redirect("matching:survey_import")


@login_required
@require_GET
def survey_import_sample(request: HttpRequest) -> HttpResponse:
    """An example file, valid for the catalogue as it is (the emails are placeholders)."""
    _departments(request)
    topics = list(Topic.objects.filter(is_active=True).order_by("ordering", "name")
                  .values_list("name", flat=True)[:4])
    sites = list(Site.objects.order_by("name").values_list("name", flat=True)[:2])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow(["senior.mentor@example.org", "; ".join(topics[:3]), "One-to-one; Group",
                     "3", "yes", "; ".join(sites), "I can help with grants and promotion.",
                     "", "", ""])
    writer.writerow(["new.colleague@example.org", "", "", "", "", "", "",
                     "; ".join(reversed(topics[:2])), "One-to-one", "yes"])
    writer.writerow(["both.ways@example.org", topics[-1] if topics else "", "Peer", "1", "no",
                     "", "", topics[0] if topics else "", "", "no"])
    return HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": 'attachment; filename="interest-survey-sample.csv"'})
