"""Faculty development events: the list, one event, registering, the calendar file,
scheduling (program admins) and recording attendance (the organiser)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from programs import access
from programs.forms.development import AttendanceForm, EventForm
from programs.selectors import development as selectors
from programs.services.development import (
    DevelopmentError,
    attendance_record,
    event_create,
    event_register,
    event_registration_cancel,
)


@login_required
@require_GET
def events(request: HttpRequest) -> HttpResponse:
    """Upcoming sessions to register for, and the person's own training record."""
    viewer = access.viewer_for(request.user)
    context = {
        "upcoming": selectors.upcoming_events(viewer),
        "past": selectors.past_events(viewer),
        "may_schedule": viewer.is_program_admin,
        "now": timezone.now(),
    }
    if viewer.faculty is not None:
        context["record"] = selectors.training_record(viewer.faculty)
    return render(request, "programs/development/events.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def event_new(request: HttpRequest) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    department = access.departments_administered_by(viewer).first()
    if department is None:
        raise Http404
    form = EventForm(request.POST if request.method == "POST" else None, department=department)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event, created = event_create(
                department=department, by=request.user,
                submission_token=data["submission_token"], kind=data["kind"],
                title=data["title"], starts_at=data["starts_at"],
                duration_minutes=data["duration_minutes"], description=data["description"],
                location=data["location"], capacity=data["capacity"],
                organiser=data["organiser_email"] or viewer.faculty)
        except DevelopmentError as error:
            form.add_error(None, error.message)
        else:
            if created:
                messages.success(request, "The event is scheduled; the department can register.")
            else:
                messages.info(request, "This form already scheduled the event; here it is.")
            return redirect("programs:event_detail", pk=event.pk)
    return render(request, "programs/development/event_new.html", {"form": form})


@login_required
@require_GET
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    event = access.get_event_for_viewer(viewer, pk)
    mine = (event.registrations.filter(person=viewer.faculty).first()
            if viewer.faculty is not None else None)
    records = access.may_record_attendance(viewer, event)
    return render(request, "programs/development/event_detail.html", {
        "event": event, "mine": mine, "started": event.starts_at <= timezone.now(),
        "registered_count": event.registrations.count(),
        "may_record": records,
        "registrations": selectors.registrations_for_attendance(event) if records else [],
    })


@login_required
@require_POST
def event_register_view(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    event = access.get_event_for_viewer(viewer, pk)
    if viewer.faculty is None:
        raise PermissionDenied("Only faculty members register for events.")
    try:
        _, created = event_register(event=event, person=viewer.faculty)
    except DevelopmentError as error:
        messages.error(request, error.message)
    else:
        if created:
            messages.success(request, "You are registered. A confirmation email is on its way, "
                             "with the calendar invitation.")
        else:
            messages.info(request, "You were already registered.")
    return redirect("programs:event_detail", pk=event.pk)


@login_required
@require_POST
def event_cancel_view(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    event = access.get_event_for_viewer(viewer, pk)
    if viewer.faculty is None:
        raise PermissionDenied("Only faculty members register for events.")
    try:
        cancelled = event_registration_cancel(event=event, person=viewer.faculty)
    except DevelopmentError as error:
        messages.error(request, error.message)
    else:
        if cancelled:
            messages.success(request, "Your place is given up.")
        else:
            messages.info(request, "You were not registered; nothing changed.")
    return redirect("programs:event_detail", pk=event.pk)


@login_required
@require_GET
def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    viewer = access.viewer_for(request.user)
    event = access.get_event_for_viewer(viewer, pk)
    response = HttpResponse(selectors.event_ics(event, attendee=viewer.faculty),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def event_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """The organiser (or a program admin) ticks who came."""
    viewer = access.viewer_for(request.user)
    event = access.get_event_for_viewer(viewer, pk)
    if not access.may_record_attendance(viewer, event):
        raise Http404("No such event.")
    if event.starts_at > timezone.now():
        raise PermissionDenied("Attendance is recorded once the event has started. Come back "
                               "after it begins.")
    registrations = selectors.registrations_for_attendance(event)
    form = AttendanceForm(request.POST if request.method == "POST" else None,
                          registrations=registrations)
    if request.method == "POST" and form.is_valid():
        try:
            changed = attendance_record(event=event, by=request.user,
                                        attended_ids=set(form.cleaned_data["attended"]),
                                        registration_ids=set(form.cleaned_data["shown"]))
        except DevelopmentError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Attendance saved ({changed} changed).")
            return redirect("programs:event_detail", pk=event.pk)
    return render(request, "programs/development/event_attendance.html", {
        "event": event, "form": form, "registrations": registrations})
