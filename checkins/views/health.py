"""Relationship health: the division's mentorships ranked by risk, for its facilitators."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from checkins import access as checkins_access
from checkins.selectors.health import health_rows
from programs import access


@login_required
@require_GET
def relationship_health(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    division = checkins_access.get_division_for_health(viewer, pk)
    return render(request, "checkins/health/relationship_health.html", {
        "division": division, "rows": health_rows(division, viewer)})
