"""Meetings held: logging, confirming, private notes, action items."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from checkins.access import get_action_item_for_member, get_meeting_for_member
from checkins.forms.meetings import MeetingForm, PrivateNoteForm
from checkins.selectors import meetings as meeting_selectors
from checkins.services import MeetingError
from checkins.services import meetings as meeting_services
from checkins.views.mentorships import action_summary
from programs import access
from programs.dates import long_date, today


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    mentorship = access.get_mentorship_for_member(viewer, pk)
    refuse_unless_active(mentorship, "log a meeting on it")
    form = MeetingForm(posted(request), mentorship=mentorship)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting_services.meeting_log(
                mentorship=mentorship, by=viewer.faculty,
                submission_token=data["submission_token"], held_on=data["held_on"],
                duration_minutes=data["duration_minutes"], mode=data["mode"],
                topics=list(data["topics"]), protected_time=data["protected_time"],
                shared_summary=data["shared_summary"], action_items=data["action_items"],
                private_note=data["private_note"])
        except MeetingError as error:
            if error.code == "token_used":
                form = form.with_new_token()
            form.add_error(None, error.message)
        else:
            messages.success(request, "Meeting logged.")
            return redirect("checkins:mentorship_detail", pk=mentorship.pk)
    return render(request, "checkins/meeting_form.html", {"form": form, "mentorship": mentorship})


@login_required
@require_POST
def meeting_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    meeting = get_meeting_for_member(viewer, pk)
    try:
        meeting_services.meeting_confirm(meeting=meeting, by=viewer.faculty)
    except MeetingError as error:
        raise PermissionDenied(f"{error.message} It is confirmed once they do.") from None
    messages.success(request, "Meeting confirmed.")
    return redirect("checkins:mentorship_detail", pk=meeting.mentorship_id)


@login_required
@require_http_methods(["GET", "POST"])
def private_note(request: HttpRequest, pk: int) -> HttpResponse:
    """The viewer's own note on a meeting. There is no URL for anyone else's."""
    viewer = access.viewer_for(request.user)
    meeting = get_meeting_for_member(viewer, pk)
    own = meeting.private_notes.filter(author=viewer.faculty).first()
    if request.method == "POST" and "delete" in request.POST:
        if meeting_services.private_note_delete(meeting=meeting, author=viewer.faculty):
            messages.success(request, "Your private note is deleted.")
        else:
            messages.info(request, "You had no private note on this meeting; nothing changed.")
        return redirect("checkins:mentorship_detail", pk=meeting.mentorship_id)
    form = PrivateNoteForm(posted(request), initial={"body": own.body if own else ""},
                           has_note=own is not None, mentorship=meeting.mentorship)
    if request.method == "POST" and form.is_valid():
        try:
            meeting_services.private_note_save(meeting=meeting, author=viewer.faculty,
                                       body=form.cleaned_data["body"])
        except MeetingError as error:
            form.add_error("body", error.message)
        else:
            messages.success(request, "Your private note is saved.")
            return redirect("checkins:mentorship_detail", pk=meeting.mentorship_id)
    return render(request, "checkins/private_note_form.html", {
        "form": form, "meeting": meeting, "mentorship": meeting.mentorship, "own": own})


@login_required
@require_POST
def action_item_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    item = meeting_services.action_item_toggle(item=get_action_item_for_member(viewer, pk),
                                       by=viewer.faculty)
    if request.headers.get("HX-Request"):
        # The item in place, and the page's summary of every item swapped out of band
        # (hx-swap-oob), so its counts and list do not go stale until a reload.
        return render(request, "checkins/_action_item_toggled.html", {
            "item": item,
            **action_summary(meeting_selectors.action_items_for(item.meeting.mentorship)),
        })
    return redirect("checkins:mentorship_detail", pk=item.meeting.mentorship_id)


def refuse_unless_active(mentorship, doing: str) -> None:
    """A member may see an ended (or not yet started) mentorship, but not add to it: a
    403 page that says why and what to do instead."""
    if mentorship.end_date is not None and mentorship.end_date <= today():
        raise PermissionDenied(
            f"This mentorship ended on {long_date(mentorship.end_date)}, so you can no longer "
            f"{doing}. Its meetings stay in its history. To keep meeting, ask your "
            "division's Mentorship Facilitator about a new mentorship.")
    if mentorship.start_date > today():
        raise PermissionDenied(
            f"This mentorship starts on {long_date(mentorship.start_date)}: you can "
            f"{doing} from then on.")


def posted(request: HttpRequest):
    """Bind the form on every POST, even an empty one (`request.POST or None` would not)."""
    return request.POST if request.method == "POST" else None
