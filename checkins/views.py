from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from checkins import selectors, services
from checkins.access import (
    get_action_item_for_member,
    get_meeting_for_member,
    get_mentorship_for_page,
    get_planned_for_member,
)
from checkins.forms import (
    MeetingForm,
    PlannedMeetingChangeForm,
    PlannedMeetingForm,
    PrivateNoteForm,
)
from checkins.ics import ics_method, invitation_ics
from programs import access
from programs.dates import long_date, today
from programs.selectors.agreements import agreement_flags


@login_required
@require_GET
def mentorship_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Members see the whole history; leaders in the metadata tier see only that
    meetings happen (dates, counts, modes, cadence), from a selector that reads nothing
    else. The meetings are read once; cadence and meetings per year come from them."""
    viewer = access.viewer_for(request.user)
    mentorship = get_mentorship_for_page(viewer, pk)
    department = mentorship.mentee.department
    context = {
        "mentorship": mentorship,
        # Everyone on this page may know whether an agreement exists; only members open it.
        "agreement": agreement_flags([mentorship.pk])[mentorship.pk],
        "may_end": mentorship.end_date is None and access.may_end_mentorship(viewer, mentorship),
    }
    if access.is_member(viewer, mentorship):
        meetings = selectors.meetings_for_member(mentorship, viewer)
        context.update(
            is_member=True,
            meetings=meetings,
            **_action_summary(selectors.action_items_of(meetings)),
            topics_over_time=selectors.topics_over_time(department, meetings),
            planned=selectors.upcoming_planned(mentorship),
        )
    else:
        meetings = selectors.meetings_for_leader(mentorship)
        context.update(is_member=False, meetings=meetings)
    dates = [meeting.held_on for meeting in meetings]
    rules = selectors.department_rules(department)
    cadence = selectors.page_cadence(mentorship, dates, rules)
    years = selectors.meetings_per_year(mentorship, dates, rules, cadence)
    context.update(cadence=cadence, years=years,
                   years_chart=selectors.meetings_per_year_chart(years) if years else None)
    return render(request, "checkins/mentorship_detail.html", context)


def _action_summary(action_items: list) -> dict:
    done = sum(item.done for item in action_items)
    return {"action_items": action_items, "open_action_items": len(action_items) - done,
            "done_action_items": done}


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    mentorship = access.get_mentorship_for_member(viewer, pk)
    _refuse_unless_active(mentorship, "log a meeting on it")
    form = MeetingForm(_posted(request), mentorship=mentorship)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_log(
                mentorship=mentorship, by=viewer.faculty,
                submission_token=data["submission_token"], held_on=data["held_on"],
                duration_minutes=data["duration_minutes"], mode=data["mode"],
                topics=list(data["topics"]), protected_time=data["protected_time"],
                shared_summary=data["shared_summary"], action_items=data["action_items"],
                private_note=data["private_note"])
        except services.MeetingError as error:
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
        services.meeting_confirm(meeting=meeting, by=viewer.faculty)
    except services.MeetingError as error:
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
        if services.private_note_delete(meeting=meeting, author=viewer.faculty):
            messages.success(request, "Your private note is deleted.")
        else:
            messages.info(request, "You had no private note on this meeting; nothing changed.")
        return redirect("checkins:mentorship_detail", pk=meeting.mentorship_id)
    form = PrivateNoteForm(_posted(request), initial={"body": own.body if own else ""},
                           has_note=own is not None, mentorship=meeting.mentorship)
    if request.method == "POST" and form.is_valid():
        try:
            services.private_note_save(meeting=meeting, author=viewer.faculty,
                                       body=form.cleaned_data["body"])
        except services.MeetingError as error:
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
    item = services.action_item_toggle(item=get_action_item_for_member(viewer, pk),
                                       by=viewer.faculty)
    if request.headers.get("HX-Request"):
        # The item in place, and the page's summary of every item swapped out of band
        # (hx-swap-oob), so its counts and list do not go stale until a reload.
        return render(request, "checkins/_action_item_toggled.html", {
            "item": item, **_action_summary(selectors.action_items_for(item.meeting.mentorship)),
        })
    return redirect("checkins:mentorship_detail", pk=item.meeting.mentorship_id)


@login_required
@require_http_methods(["GET", "POST"])
def planned_new(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    mentorship = access.get_mentorship_for_member(viewer, pk)
    _refuse_unless_active(mentorship, "plan a meeting on it")
    form = PlannedMeetingForm(_posted(request), mentorship=mentorship)
    if request.method == "POST" and form.is_valid():
        try:
            services.planned_meeting_create(mentorship=mentorship, by=viewer.faculty,
                                            **form.cleaned_data)
        except services.MeetingError as error:
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
    _refuse_unless_active(planned.mentorship, "change its meetings")
    _refuse_unless_changeable(planned, "change")
    form = PlannedMeetingChangeForm(_posted(request), planned=planned)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            current, changed = services.planned_meeting_change(
                planned=planned, by=viewer.faculty, **data)
        except services.MeetingError as error:
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
            _, cancelled = services.planned_meeting_cancel(planned=planned, by=viewer.faculty)
        except services.MeetingError as error:
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


def _refuse_unless_active(mentorship, doing: str) -> None:
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


def _posted(request: HttpRequest):
    """Bind the form on every POST, even an empty one (`request.POST or None` would not)."""
    return request.POST if request.method == "POST" else None
