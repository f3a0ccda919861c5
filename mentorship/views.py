from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from checkins.selectors import attach_cadence
from programs.access import viewer_for
from programs.selectors.home import home_context


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """One page, with a panel for each role the person holds."""
    viewer = viewer_for(request.user)
    context = home_context(viewer)
    # The mentee sees whether each of their mentorships is on track this program year.
    attach_cadence(context.get("my_mentors", []))
    return render(request, "home.html", context)


def not_found(request: HttpRequest) -> HttpResponse:
    raise Http404
