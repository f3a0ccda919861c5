from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from programs.access import viewer_for
from programs.selectors import home_context


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """One page, with a panel for each role the person holds."""
    viewer = viewer_for(request.user)
    return render(request, "home.html", home_context(viewer))


def rate_limited(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "429.html", status=429)
