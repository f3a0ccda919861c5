"""Faculty development: creating events, registering, recording attendance, reminders.

Emails go through the outbox (`programs.notifications.notify`) under keys that name the
person, the event and which version of it, so a double click, a retried task or a second
beat tick never sends anything twice.
"""

import datetime
import uuid

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from programs.dates import long_date
from programs.models import DevelopmentEvent, EventRegistration, FacultyMember, User
from programs.models.development import (
    DESCRIPTION_LENGTH,
    LOCATION_LENGTH,
    MAX_CAPACITY,
    MAX_MINUTES,
    TITLE_LENGTH,
)
from programs.notifications import absolute_url, notify
from programs.validators import text_problem

# Registered people are reminded once, when the event is this close.
REMINDER_HOURS = 48
# An event is created at most this far ahead, and not in the past.
PLAN_AHEAD_DAYS = 2 * 366


class DevelopmentError(Exception):
    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def _check_text(text: str, *, limit: int, what: str, multiline: bool) -> None:
    """The forms check first; this keeps other callers (the demo, a job) honest."""
    if len(text) > limit:
        raise DevelopmentError(f"The {what} has {len(text):,} characters: keep it to "
                               f"{limit:,} or fewer.", "too_long")
    problem = text_problem(text, multiline=multiline)
    if problem:
        raise DevelopmentError(f"{what.capitalize()}: {problem}", "bad_text")


def when(event: DevelopmentEvent) -> str:
    start = timezone.localtime(event.starts_at)
    return f"{long_date(start.date())} at {start:%H:%M}"


@transaction.atomic
def event_create(
    *,
    department,
    by: User,
    submission_token: uuid.UUID,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    duration_minutes: int,
    description: str = "",
    location: str = "",
    capacity: int | None = None,
    organiser: FacultyMember | None = None,
) -> tuple[DevelopmentEvent, bool]:
    """Schedule an event; (the event, True), or the one this form already created."""
    existing = DevelopmentEvent.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        return existing, False
    title, description, location = title.strip(), description.strip(), location.strip()
    if not title:
        raise DevelopmentError("Give the event a title.", "no_title")
    _check_text(title, limit=TITLE_LENGTH, what="title", multiline=False)
    _check_text(description, limit=DESCRIPTION_LENGTH, what="description", multiline=True)
    _check_text(location, limit=LOCATION_LENGTH, what="location", multiline=False)
    if kind not in DevelopmentEvent.Kind.values:
        raise DevelopmentError("Choose what kind of event this is.", "kind")
    if starts_at <= timezone.now():
        raise DevelopmentError("Schedule the event in the future.", "past")
    if starts_at > timezone.now() + datetime.timedelta(days=PLAN_AHEAD_DAYS):
        raise DevelopmentError("Schedule the event within the next two years.", "too_far")
    if not 0 < duration_minutes <= MAX_MINUTES:
        raise DevelopmentError(f"An event lasts from 1 minute to {MAX_MINUTES // 60} hours.",
                               "duration")
    if capacity is not None and not 0 < capacity <= MAX_CAPACITY:
        raise DevelopmentError(f"Capacity is from 1 to {MAX_CAPACITY:,}, or empty for no "
                               "limit.", "capacity")
    if organiser is not None and organiser.department_id != department.pk:
        raise DevelopmentError("The organiser must be in the department.", "organiser")
    try:
        with transaction.atomic():
            event = DevelopmentEvent.objects.create(
                department=department, created_by=by, submission_token=submission_token,
                kind=kind, title=title, description=description, starts_at=starts_at,
                duration_minutes=duration_minutes, location=location, capacity=capacity,
                organiser=organiser)
    except IntegrityError:  # the same form, submitted twice at once
        return DevelopmentEvent.objects.get(submission_token=submission_token), False
    return event, True


@transaction.atomic
def event_register(*, event: DevelopmentEvent,
                   person: FacultyMember) -> tuple[EventRegistration, bool]:
    """Register the person; (registration, True), or their existing one and False.

    The event row is locked while seats are counted, so two people taking the last seat
    at once cannot both get it."""
    event = DevelopmentEvent.objects.select_for_update().get(pk=event.pk)
    existing = EventRegistration.objects.filter(event=event, person=person).first()
    if existing is not None:
        return existing, False
    if event.starts_at <= timezone.now():
        raise DevelopmentError("This event has started: registration is closed.", "started")
    if person.department_id != event.department_id:
        raise DevelopmentError("This event is for another department.", "department")
    if person.status != FacultyMember.Status.ACTIVE:
        raise DevelopmentError("Only active faculty can register.", "inactive")
    if event.capacity is not None and event.registrations.count() >= event.capacity:
        raise DevelopmentError(f"All {event.capacity} places are taken.", "full")
    registration = EventRegistration.objects.create(event=event, person=person)
    link = absolute_url(reverse("programs:event_detail", args=[event.pk]))
    notify(key=f"development:registration-{registration.pk}:confirmed",
           to=person.email,
           subject=f"Registered: {event.title}, {when(event)}",
           body="\n".join([
               f"You are registered for {event.title} ({event.get_kind_display()}) on "
               f"{when(event)}, {event.duration_minutes} minutes"
               + (f", {event.location}." if event.location else "."),
               "",
               "Add it to your calendar: "
               + absolute_url(reverse("programs:event_ics", args=[event.pk])),
               f"The event page: {link}",
               "",
               "You will be reminded two days before.",
           ]))
    return registration, True


@transaction.atomic
def event_registration_cancel(*, event: DevelopmentEvent, person: FacultyMember) -> bool:
    """Give up one's place before the event starts; False if there was none."""
    event = DevelopmentEvent.objects.select_for_update().get(pk=event.pk)
    if event.starts_at <= timezone.now():
        raise DevelopmentError("This event has started: the registration stays as it is.",
                               "started")
    deleted, _ = EventRegistration.objects.filter(event=event, person=person).delete()
    return bool(deleted)


@transaction.atomic
def attendance_record(*, event: DevelopmentEvent, by: User, attended_ids: set[int],
                      registration_ids: set[int]) -> int:
    """Record who attended: each registration in `registration_ids` (those the organiser
    saw on the form) is marked attended if in `attended_ids`, absent otherwise. Someone
    who registered after the form was opened is left unrecorded, not marked absent.
    Returns how many changed."""
    if event.starts_at > timezone.now():
        raise DevelopmentError("Attendance is recorded once the event has started.",
                               "not_started")
    rows = list(EventRegistration.objects.select_for_update()
                .filter(event=event, pk__in=registration_ids))
    now = timezone.now()
    changed = []
    for registration in rows:
        attended = registration.pk in attended_ids
        if registration.attended is attended:
            continue
        registration.attended = attended
        registration.attendance_recorded_at = now
        registration.attendance_recorded_by = by
        changed.append(registration)
    EventRegistration.objects.bulk_update(
        changed, ["attended", "attendance_recorded_at", "attendance_recorded_by"])
    return len(changed)


def event_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind the people registered for each event that starts within REMINDER_HOURS.

    Keyed by event, its version and person: a second tick, or a retried task, sends
    nothing; a rescheduled event (a new sequence) is reminded again. Returns how many
    reminders are due (each recorded once, whenever that was)."""
    now = now or timezone.now()
    soon = (EventRegistration.objects
            .filter(event__starts_at__gt=now,
                    event__starts_at__lte=now + datetime.timedelta(hours=REMINDER_HOURS),
                    person__status=FacultyMember.Status.ACTIVE,
                    person__user__is_active=True)
            .select_related("event", "person__user"))
    due = 0
    for registration in soon:
        event, person = registration.event, registration.person
        notify(key=f"development:event-{event.pk}:v{event.sequence}:reminder:"
                   f"user-{person.user_id}",
               to=person.email,
               subject=f"Reminder: {event.title}, {when(event)}",
               body="\n".join([
                   f"{event.title} ({event.get_kind_display()}) is on {when(event)}"
                   + (f", {event.location}." if event.location else "."),
                   "",
                   "The event page: "
                   + absolute_url(reverse("programs:event_detail", args=[event.pk])),
                   "If you cannot come, please give up your place there.",
               ]))
        due += 1
    return due
