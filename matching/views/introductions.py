"""Introductions: the list (mine, and my divisions' as facilitator or Director), one
introduction, and the mentor's answer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from matching import access
from matching.forms.introductions import DeclineForm
from matching.selectors.introductions import introduction_lists
from matching.services.introductions import (
    IntroductionError,
    introduction_accept,
    introduction_decline,
    introduction_withdraw,
)
from programs.access import viewer_for


@login_required
@require_GET
def introductions(request: HttpRequest) -> HttpResponse:
    viewer = viewer_for(request.user)
    return render(request, "matching/introductions.html", introduction_lists(viewer))


@login_required
@require_GET
def introduction_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    introduction = access.get_introduction_for_viewer(viewer, pk)
    return render(request, "matching/introduction_detail.html", {
        "introduction": introduction,
        "is_mentor": access.is_the_mentor(viewer, introduction),
        "is_mentee": access.is_the_mentee(viewer, introduction),
        "is_party": access.is_party(viewer, introduction),
        "reads_needs": access.may_read_needs(viewer, introduction.mentee),
        "decline_form": DeclineForm()})


def _mentors_introduction(request: HttpRequest, pk: int):
    viewer = viewer_for(request.user)
    introduction = access.get_introduction_for_viewer(viewer, pk)
    if not access.is_the_mentor(viewer, introduction):
        raise PermissionDenied("Only the mentor asked answers an introduction.")
    return introduction


@login_required
@require_POST
def introduction_accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = _mentors_introduction(request, pk)
    try:
        introduction = introduction_accept(introduction=introduction, by=request.user)
    except IntroductionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"You are now {introduction.mentee.full_name}'s mentor. "
                                  "The mentorship is on your home page.")
    return redirect("matching:introduction_detail", pk=pk)


@login_required
@require_POST
def introduction_decline_view(request: HttpRequest, pk: int) -> HttpResponse:
    introduction = _mentors_introduction(request, pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return render(request, "matching/introduction_detail.html", {
            "introduction": introduction, "is_mentor": True, "is_party": True,
            "decline_form": form}, status=400)
    try:
        introduction_decline(introduction=introduction, reason=form.cleaned_data["reason"])
    except IntroductionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Declined. They have been told.")
    return redirect("matching:introduction_detail", pk=pk)


@login_required
@require_POST
def introduction_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = viewer_for(request.user)
    introduction = access.get_introduction_for_viewer(viewer, pk)
    if not access.is_the_mentee(viewer, introduction):
        raise PermissionDenied("Only the person who asked withdraws a request.")
    try:
        introduction_withdraw(introduction=introduction)
    except IntroductionError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Your request is withdrawn.")
    return redirect("matching:introduction_detail", pk=pk)
