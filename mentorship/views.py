from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from checkins.selectors.cadence import attach_cadence, attach_last_meeting
from programs.access import viewer_for
from programs.attention import items_for
from programs.selectors.home import home_context


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """One page, with a panel for each role the person holds."""
    viewer = viewer_for(request.user)
    context = home_context(viewer)
    # Each member sees whether each of their mentorships is on track this program year;
    # a mentor also sees when they last met each mentee.
    attach_cadence([*context.get("my_mentors", []), *context.get("my_mentees", [])])
    if context.get("my_mentees"):
        attach_last_meeting(context["my_mentees"])
    context["attention"] = items_for(viewer, context["today"])
    return render(request, "home.html", context)


def not_found(request: HttpRequest) -> HttpResponse:
    raise Http404
