"""Asking confidentially for a different or additional mentor; ending a mentorship."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programs import access
from programs.forms.requests import (
    ChangeRequestForm,
    ChangeRequestResolveForm,
    MentorshipEndForm,
)
from programs.models import ChangeRequest, Mentorship
from programs.services.requests import (
    RequestError,
    change_request_create,
    change_request_resolve,
    mentorship_close,
)


@login_required
@require_http_methods(["GET", "POST"])
def change_request_new(request: HttpRequest) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    if viewer.faculty is None:
        raise Http404
    mentee = viewer.faculty
    open_request = ChangeRequest.objects.filter(mentee=mentee, status="open").first()
    mentorships = Mentorship.objects.active().filter(mentee=mentee).select_related("mentor__user")
    form = ChangeRequestForm(request.POST or None, mentorships=mentorships)
    if request.method == "POST" and form.is_valid():
        change_request, created = change_request_create(
            mentee=mentee, kind=form.cleaned_data["kind"],
            mentorship=form.cleaned_data["mentorship"], reason=form.cleaned_data["reason"],
            audience=form.cleaned_data["audience"],
        )
        if created and change_request.is_facilitators_only:
            messages.success(request, "Your request was sent confidentially to your division's "
                             "Mentorship Facilitators and the program office. Your Division "
                             "Director is not told.")
        elif created:
            messages.success(request, "Your request was sent confidentially to your division's "
                             "Mentorship Facilitators and Division Director, and the program "
                             "office.")
        else:
            messages.info(request, "You already have an open request; here it is.")
        return redirect("programs:change_request_detail", pk=change_request.pk)
    return render(request, "programs/requests/change_request_new.html", {
        "form": form, "open_request": open_request,
        "has_history": ChangeRequest.objects.filter(mentee=mentee).exists(),
    })


@login_required
@require_GET
def my_change_requests(request: HttpRequest) -> HttpResponse:
    """The person's own requests for a different or additional mentor, and their status."""
    viewer = access.viewer_for(request.user)
    if viewer.faculty is None:
        raise Http404
    return render(request, "programs/requests/my_change_requests.html", {
        "my_requests": ChangeRequest.objects.filter(mentee=viewer.faculty)
        .select_related("mentorship__mentor__user").order_by("-created_at"),
    })


@login_required
@require_GET
def change_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    change_request = access.get_change_request_for_viewer(viewer, pk)
    can_resolve = change_request.is_open and access.can_resolve_change_request(
        viewer, change_request)
    form = None
    if can_resolve:
        form = ChangeRequestResolveForm(can_end=_can_end(change_request))
    return render(request, "programs/requests/change_request_detail.html", {
        "change_request": change_request, "form": form,
        "is_mentee": not access.can_resolve_change_request(viewer, change_request),
    })


def _can_end(change_request: ChangeRequest) -> bool:
    mentorship = change_request.mentorship
    return mentorship is not None and mentorship.end_date is None


@login_required
@require_POST
def change_request_resolve_view(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    change_request = access.get_change_request_for_viewer(viewer, pk)
    if not access.can_resolve_change_request(viewer, change_request):
        raise PermissionDenied
    if not change_request.is_open:
        messages.info(request, "This request was already resolved.")
        return redirect("programs:change_request_detail", pk=pk)
    form = ChangeRequestResolveForm(request.POST, can_end=_can_end(change_request))
    if form.is_valid():
        try:
            change_request_resolve(
                change_request=change_request, by=request.user,
                outcome=form.cleaned_data["outcome"],
                end_mentorship=form.cleaned_data.get("end_mentorship", False))
        except RequestError as error:
            messages.error(request, str(error))
            if error.code == "already_resolved":
                return redirect("programs:change_request_detail", pk=pk)
        else:
            messages.success(request, "Resolved. The mentee has been told the outcome.")
            return redirect("programs:change_request_detail", pk=pk)
    return render(request, "programs/requests/change_request_detail.html", {
        "change_request": change_request, "form": form, "is_mentee": False,
    })


@login_required
@require_GET
def change_requests(request: HttpRequest) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    if not access.handles_change_requests(viewer):
        raise Http404
    visible = access.change_requests_visible_to(viewer).select_related(
        "mentee__user", "division")
    if viewer.faculty is not None:
        visible = visible.exclude(mentee=viewer.faculty)
    return render(request, "programs/requests/change_requests.html", {
        "open_requests": [r for r in visible if r.is_open],
        "resolved_requests": [r for r in visible if not r.is_open][:50],
    })


@login_required
@require_http_methods(["GET", "POST"])
def mentorship_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Says what ending does, and ends only with the box ticked: a click on its own (or a
    form sent without the confirmation) ends nothing and keeps what was chosen."""
    viewer = access.viewer_for(request.user)
    mentorship = access.get_mentorship_to_end(viewer, pk)
    if mentorship.end_date is not None:
        messages.info(request, "This mentorship has already ended.")
        return _after_end(viewer, mentorship)
    page = reverse("checkins:mentorship_detail", kwargs={"pk": mentorship.pk})
    form = MentorshipEndForm(request.POST if request.method == "POST" else None, back_to=page)
    if request.method == "POST" and form.is_valid():
        mentorship = mentorship_close(mentorship=mentorship, reason=form.cleaned_data["reason"],
                                      note=form.cleaned_data["note"])
        messages.success(request, "The mentorship has ended and moved to history. Each member "
                         "finds the exit questions on their home page.")
        return _after_end(viewer, mentorship)
    return render(request, "programs/requests/mentorship_end.html", {
        "mentorship": mentorship, "form": form, "side": _side(viewer, mentorship),
    })


def _side(viewer, mentorship: Mentorship) -> str:
    """Which member the viewer is ("" for a facilitator or admin): what the end page says
    about who learns why depends on it (programs.access.end_reasons_visible_to)."""
    me = viewer.faculty.pk if viewer.faculty is not None else None
    return {mentorship.mentee_id: "mentee", mentorship.mentor_id: "mentor"}.get(me, "")


def _after_end(viewer, mentorship: Mentorship) -> HttpResponse:
    """A member goes home, where the exit questions wait (put there by the surveys app,
    which programs does not know: programs.signals.mentorship_ended)."""
    if access.is_member(viewer, mentorship):
        return redirect("home")
    return redirect("programs:faculty_detail", pk=mentorship.mentee_id)
