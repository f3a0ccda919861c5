"""Planned meetings: plan, change, cancel, and the calendar file."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from checkins.access import get_planned_for_member
from checkins.forms.planned import PlannedMeetingChangeForm, PlannedMeetingForm
from checkins.ics import ics_method, invitation_ics
from checkins.services import MeetingError
from checkins.services import planned as planned_services
from checkins.views.meetings import posted, refuse_unless_active
from programs import access


@login_required
@require_http_methods(["GET", "POST"])
def planned_new(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    mentorship = access.get_mentorship_for_member(viewer, pk)
    refuse_unless_active(mentorship, "plan a meeting on it")
    form = PlannedMeetingForm(posted(request), mentorship=mentorship)
    if request.method == "POST" and form.is_valid():
        try:
            planned_services.planned_meeting_create(mentorship=mentorship, by=viewer.faculty,
                                            **form.cleaned_data)
        except MeetingError as error:
            if error.code == "token_used":
                form = form.with_new_token()
            form.add_error(None, error.message)
        else:
            messages.success(request, "Meeting planned. You both get a calendar invitation.")
            return redirect("checkins:mentorship_detail", pk=mentorship.pk)
    return render(request, "checkins/planned_form.html", {"form": form, "mentorship": mentorship})


@login_required
@require_http_methods(["GET", "POST"])
def planned_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Either member changes the time, length, mode, video link or agenda; both get the
    updated invitation (the same calendar event, one version higher)."""
    viewer = access.viewer_for(request.user)
    planned = get_planned_for_member(viewer, pk)
    refuse_unless_active(planned.mentorship, "change its meetings")
    _refuse_unless_changeable(planned, "change")
    form = PlannedMeetingChangeForm(posted(request), planned=planned)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            current, changed = planned_services.planned_meeting_change(
                planned=planned, by=viewer.faculty, **data)
        except MeetingError as error:
            if error.code == "changed":
                planned.refresh_from_db()
                form = form.on_current_version()
            form.add_error(None, error.message)
        else:
            # Not changed, yet a newer version than the page showed: this same form was
            # sent twice, and the first one made the change.
            if changed or current.sequence != data["sequence"]:
                messages.success(request, "Meeting changed. You both get the updated "
                                 "calendar invitation.")
            else:
                messages.info(request, "Nothing was changed, so no new invitation was sent.")
            return redirect("checkins:mentorship_detail", pk=planned.mentorship_id)
    return render(request, "checkins/planned_form.html", {
        "form": form, "mentorship": planned.mentorship, "planned": planned})


@login_required
@require_http_methods(["GET", "POST"])
def planned_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks first (GET), cancels on POST: both get a cancellation for their calendars."""
    viewer = access.viewer_for(request.user)
    planned = get_planned_for_member(viewer, pk)
    if planned.is_cancelled:
        messages.info(request, "This meeting was already cancelled; nothing changed.")
        return redirect("checkins:mentorship_detail", pk=planned.mentorship_id)
    _refuse_unless_changeable(planned, "cancel")
    if request.method == "POST":
        try:
            _, cancelled = planned_services.planned_meeting_cancel(planned=planned,
                                                                   by=viewer.faculty)
        except MeetingError as error:
            raise PermissionDenied(error.message) from None
        if cancelled:
            messages.success(request, "Meeting cancelled. You both get a cancellation for "
                             "your calendars.")
        else:
            messages.info(request, "This meeting was already cancelled; nothing changed.")
        return redirect("checkins:mentorship_detail", pk=planned.mentorship_id)
    return render(request, "checkins/planned_cancel.html", {
        "planned": planned, "mentorship": planned.mentorship})


@login_required
@require_GET
def planned_ics(request: HttpRequest, pk: int) -> HttpResponse:
    """The current version of the invitation, or its cancellation (METHOD:CANCEL)."""
    viewer = access.viewer_for(request.user)
    planned = get_planned_for_member(viewer, pk)
    response = HttpResponse(
        invitation_ics(planned),
        content_type=f"text/calendar; method={ics_method(planned)}; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="invite.ics"'
    return response


def _refuse_unless_changeable(planned, doing: str) -> None:
    """A 403 page that says why: a cancelled meeting, or one that has started, is history."""
    if planned.is_cancelled:
        raise PermissionDenied("This meeting was cancelled, so it can no longer be changed. "
                               "Plan a new meeting instead.")
    if not planned.may_change:
        raise PermissionDenied(f"This meeting has already started, so you can no longer "
                               f"{doing} it. Log it once it has happened, or plan the next "
                               "one.")
