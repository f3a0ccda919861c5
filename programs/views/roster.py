import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from programs import access
from programs.filters import MultiFieldOrderingFilter, RosterFilter
from programs.forms.roster import (
    COLUMN_HELP,
    COLUMNS,
    REQUIRED_COLUMNS,
    RosterConfirmForm,
    RosterExportForm,
    RosterUploadForm,
)
from programs.models import RosterImport
from programs.selectors.people import roster_for_division, roster_rows
from programs.selectors.roster import (
    RosterFileError,
    export_rows,
    plan_import,
    sample_rows,
)
from programs.services.roster import (
    RosterImportError,
    roster_import_apply,
    roster_import_create,
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
    if not queryset.query.order_by:  # no sort asked for, or one we do not have: by name
        queryset = queryset.order_by(*MultiFieldOrderingFilter.TIEBREAK)
    page = Paginator(queryset, ROSTER_PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    page.object_list = roster_rows(page.object_list, division, today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "programs/division_roster.html", {
        "division": division,
        "filter": roster,
        "columns": roster.sort_columns(request.GET),
        "page": page,
        "query": query.urlencode(),
        "today": today,
    })


@login_required
@require_http_methods(["GET", "POST"])
def roster_import(request: HttpRequest) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    access.require_program_admin(viewer)
    departments = access.departments_administered_by(viewer)
    form = RosterUploadForm(request.POST or None, request.FILES or None, departments=departments)
    file_errors = []
    if request.method == "POST" and form.is_valid():
        try:
            record, dropped = roster_import_create(
                department=form.cleaned_data["department"], uploaded_by=request.user,
                filename=form.filename, text=form.text)
        except RosterFileError as error:
            file_errors = error.problems
        else:
            if dropped:
                messages.info(request, "These columns are not used and were not kept: "
                              + ", ".join(dropped) + ".")
            return redirect("programs:roster_import_preview", pk=record.pk)
    recent = RosterImport.objects.filter(department__in=departments).select_related(
        "uploaded_by", "department").defer("content")[:10]
    return render(request, "programs/roster_import.html", {
        "form": form, "file_errors": file_errors, "recent": recent,
        "columns": [(name, name in REQUIRED_COLUMNS, COLUMN_HELP[name]) for name in COLUMNS],
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
        form = RosterConfirmForm(request.POST)
        # A confirm without the preview's fingerprint cannot say what it agreed to.
        expected = form.cleaned_data["plan"] if form.is_valid() else ""
        try:
            applied_now = roster_import_apply(roster_import=record, expected_plan=expected)
        except RosterImportError as error:
            messages.error(request, str(error))
        else:
            if applied_now:
                messages.success(request, (
                    f"Roster imported: {record.created_count} added, {record.updated_count} "
                    f"updated, {record.unchanged_count} unchanged."))
            else:
                messages.info(request, "This file was already imported; nothing changed.")
        return redirect("programs:roster_import_preview", pk=record.pk)
    if record.status == RosterImport.Status.APPLIED:
        # The stored counts say what happened; the file is not read again.
        return render(request, "programs/roster_import_preview.html", {"record": record})
    try:
        plan = plan_import(record.content, record.department)
    except RosterFileError as error:  # stored before the current checks existed
        return render(request, "programs/roster_import_preview.html", {
            "record": record, "file_errors": error.problems})
    return render(request, "programs/roster_import_preview.html", {
        "record": record,
        "plan": plan,
        "confirm": RosterConfirmForm(initial={"plan": plan.fingerprint}),
        "counts": {action: plan.count(action) for action in ("create", "update", "unchanged")},
        "changes": [row for row in plan.rows if row.action != "unchanged"][:500],
    })


def _department_asked(request: HttpRequest, viewer: access.Viewer):
    """The department named by ?department= among those the viewer administers, else the
    first of them; 404 for anyone else's, None when the viewer administers none."""
    form = RosterExportForm(request.GET)
    if not form.is_valid():  # e.g. ?department=%00: no such department, not a server error
        raise Http404("No such department.")
    departments = access.departments_administered_by(viewer)
    if form.cleaned_data["department"]:
        return get_object_or_404(departments, slug=form.cleaned_data["department"])
    return departments.order_by("pk").first()


class _Echo:
    """A file-like object whose write returns the line, for csv.writer to stream."""

    def write(self, value):
        return value


@login_required
@require_GET
def roster_export(request: HttpRequest) -> StreamingHttpResponse:
    viewer = access.viewer_for(request.user)
    access.require_program_admin(viewer)
    department = _department_asked(request, viewer)
    if department is None:
        return HttpResponse("No department to export.", status=404)
    writer = csv.writer(_Echo())
    filename = f"roster-{department.slug}-{timezone.localdate():%Y-%m-%d}.csv"
    return StreamingHttpResponse(
        (writer.writerow(row) for row in export_rows(department)),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@login_required
@require_GET
def roster_sample(request: HttpRequest) -> HttpResponse:
    """An example roster file with every column, valid for the department as it is."""
    viewer = access.viewer_for(request.user)
    access.require_program_admin(viewer)
    department = _department_asked(request, viewer)
    if department is None:
        return HttpResponse("No department to import into.", status=404)
    writer = csv.writer(_Echo())
    return HttpResponse(
        "".join(writer.writerow(row) for row in sample_rows(department, timezone.localdate())),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition":
                 f'attachment; filename="roster-sample-{department.slug}.csv"'},
    )
