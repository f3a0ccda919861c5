"""Topics mentors offer against topics mentees want (seed 002, Figures 1 and 2)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from programs.access import viewer_for
from programs.models import Department
from surveys import access
from surveys.forms.interest import TopicSupplyQuery
from surveys.selectors.interest import supply_chart, topics_offered_and_wanted


@login_required
@require_GET
def topic_supply(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    department_id = next(iter(sorted(viewer.admin_department_ids
                                     | viewer.vice_chair_department_ids)), None)
    if department_id is None or not access.reads_results(viewer, department_id):
        raise Http404
    department = Department.objects.get(pk=department_id)
    form = TopicSupplyQuery(request.GET or None, department=department)
    division = form.cleaned_data.get("division") if form.is_valid() else None
    rows = topics_offered_and_wanted(department, division)
    return render(request, "surveys/topic_supply.html", {
        "form": form, "division": division, "rows": rows,
        "chart": supply_chart(rows) if rows else None})
