import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from programs import access
from programs.filters import MultiFieldOrderingFilter, RosterFilter
from programs.forms.roster import RosterUploadForm
from programs.models import RosterImport
from programs.selectors.people import roster_for_division
from programs.services.roster import (
    RosterFileError,
    decode_upload,
    export_rows,
    known_columns_only,
    plan_import,
    roster_import_apply,
)

ROSTER_PAGE_SIZE = 100


@login_required
@require_GET
def division_roster(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    division = access.get_division_for_viewer(viewer, pk)
    roster = RosterFilter(request.GET, queryset=roster_for_division(division),
                          division=division)
    queryset = roster.qs
    if not request.GET.get("sort"):
        queryset = queryset.order_by(*MultiFieldOrderingFilter.TIEBREAK)
    page = Paginator(queryset, ROSTER_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "programs/division_roster.html", {
        "division": division,
        "filter": roster,
        "page": page,
        "query": query.urlencode(),
        "today": timezone.localdate(),
    })


@login_required
@require_http_methods(["GET", "POST"])
def roster_import(request: HttpRequest) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    access.require_program_admin(viewer)
    departments = access.departments_administered_by(viewer)
    form = RosterUploadForm(request.POST or None, request.FILES or None, departments=departments)
    file_error = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        department = form.cleaned_data["department"]
        try:
            text, dropped = known_columns_only(decode_upload(upload.read()))
            plan_import(text, department)  # a file that cannot be read is not stored
        except RosterFileError as error:
            file_error = str(error)
        else:
            record = RosterImport.objects.create(
                department=department, uploaded_by=request.user,
                filename=upload.name[:255], content=text,
            )
            if dropped:
                messages.info(request, "These columns are not used and were not kept: "
                              + ", ".join(dropped) + ".")
            return redirect("programs:roster_import_preview", pk=record.pk)
    recent = RosterImport.objects.filter(department__in=departments).select_related(
        "uploaded_by", "department").defer("content")[:10]
    return render(request, "programs/roster_import.html", {
        "form": form, "file_error": file_error, "recent": recent,
    })


@login_required
@require_http_methods(["GET", "POST"])
def roster_import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    access.require_program_admin(viewer)
    record = get_object_or_404(
        RosterImport.objects.select_related("department"),
        pk=pk, department__in=access.departments_administered_by(viewer),
    )
    if request.method == "POST":
        already_applied = record.status == RosterImport.Status.APPLIED
        plan = roster_import_apply(roster_import=record)
        if plan.is_clean and not already_applied:
            messages.success(request, (
                f"Roster imported: {record.created_count} added, {record.updated_count} "
                f"updated, {record.unchanged_count} unchanged."))
        elif plan.is_clean:
            messages.info(request, "This file was already imported; nothing changed.")
        else:
            messages.error(request, "The roster changed since the preview, and the file "
                           "no longer imports cleanly. Nothing was written.")
        return redirect("programs:roster_import_preview", pk=record.pk)
    plan = plan_import(record.content, record.department)
    return render(request, "programs/roster_import_preview.html", {
        "record": record,
        "plan": plan,
        "counts": {action: plan.count(action) for action in ("create", "update", "unchanged")},
        "changes": [row for row in plan.rows if row.action != "unchanged"][:500],
    })


@login_required
@require_GET
def roster_export(request: HttpRequest) -> StreamingHttpResponse:
    viewer = access.viewer_for(request.user)
    access.require_program_admin(viewer)
    department = access.departments_administered_by(viewer).order_by("pk").first()
    if request.GET.get("department"):
        department = get_object_or_404(access.departments_administered_by(viewer),
                                        slug=request.GET["department"])
    if department is None:
        return HttpResponse("No department to export.", status=404)

    class Echo:
        def write(self, value):
            return value

    writer = csv.writer(Echo())
    filename = f"roster-{department.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    return StreamingHttpResponse(
        (writer.writerow(row) for row in export_rows(department)),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )

