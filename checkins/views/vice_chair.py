"""The Vice-Chair's check-in lists, recording a check-in, and reading one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from checkins import access as checkins_access
from checkins.forms.reviews import ViceChairCheckinForm
from checkins.selectors import reviews as review_selectors
from checkins.selectors.vice_chair import checkin_lists
from checkins.services import reviews as review_services
from checkins.views.meetings import posted
from programs import access


@login_required
@require_GET
def checkins_due(request: HttpRequest) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    checkins_access.require_checkin_lists(viewer)
    return render(request, "checkins/vice_chair/checkin_lists.html", {
        **checkin_lists(viewer), "may_record": viewer.is_vice_chair})


@login_required
@require_http_methods(["GET", "POST"])
def checkin_new(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    person = checkins_access.get_person_to_check_in(viewer, pk)
    form = ViceChairCheckinForm(posted(request), owners=[person, viewer.faculty],
                                back_to=reverse("checkins:checkins_due"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            checkin, _ = review_services.vice_chair_checkin_record(
                person=person, by=viewer.faculty, submission_token=data["submission_token"],
                held_on=data["held_on"], satisfaction=data["satisfaction"],
                academic_progress=data["academic_progress"],
                work_life_balance=data["work_life_balance"], concerns=data["concerns"],
                follow_ups=data["follow_ups"])
        except review_services.ReviewError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Check-in with {person.full_name} recorded.")
            return redirect("checkins:checkin_detail", pk=checkin.pk)
    return render(request, "checkins/vice_chair/checkin_form.html", {
        "form": form, "person": person})


@login_required
@require_GET
def checkin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    checkin = checkins_access.get_checkin_for_viewer(viewer, pk)
    return render(request, "checkins/vice_chair/checkin_detail.html", {
        "checkin": checkin, "follow_ups": review_selectors.follow_ups_of(checkin=checkin),
        "is_own": viewer.faculty is not None and checkin.person_id == viewer.faculty.pk,
        "me": viewer.faculty,
        "sees_lists": checkins_access.may_see_checkin_lists(viewer),
    })
