"""Reads for faculty development: the events list, a person's training record, and what
other parts of the program ask of it.

For other apps (they call these, never the models):
- `trained_mentor_ids(person_ids)` / `is_trained(person)`: "mentor trained" means the
  organiser recorded the person as attending a mentor workshop (the mentor directory and
  the portfolio show it);
- `orientation_attended(person)` / `orientation_completion_dates(person_ids)`: the date of
  the New Faculty orientation a person attended, for the orientation obligation (a
  check-ins schedule can read it);
- `orientation_obligation(person, on)`: whether the first-year obligation is met, due or
  overdue;
- `completed_events(person)`: the sessions a person attended, for the portfolio.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, Min, OuterRef, Q, QuerySet
from django.utils import timezone

from programs.access import Viewer, events_visible_to
from programs.dates import long_date, today
from programs.models import DevelopmentEvent, EventRegistration, FacultyMember

Kind = DevelopmentEvent.Kind
# New Faculty orientation is required in the first year (shared/PRODUCT.md). A year later
# it is shown as overdue for another year, then no longer asked of the person.
ORIENTATION_DUE_DAYS = 365
ORIENTATION_ASKED_DAYS = 2 * 365


def _attended(kind: str) -> QuerySet[EventRegistration]:
    return EventRegistration.objects.filter(attended=True, event__kind=kind)


def trained_mentor_ids(person_ids: Iterable[int] | None = None) -> set[int]:
    """Ids of the people (among `person_ids`, or everyone) recorded as attending a mentor
    workshop. One query, however many people."""
    rows = _attended(Kind.MENTOR_WORKSHOP)
    if person_ids is not None:
        rows = rows.filter(person_id__in=list(person_ids))
    return set(rows.values_list("person_id", flat=True).distinct())


def is_trained(person: FacultyMember) -> bool:
    return _attended(Kind.MENTOR_WORKSHOP).filter(person=person).exists()


def mentor_training_dates(person_ids: Iterable[int]) -> dict[int, datetime.date]:
    """Person id -> the date of the first mentor workshop they attended. One query."""
    rows = (_attended(Kind.MENTOR_WORKSHOP).filter(person_id__in=list(person_ids))
            .values("person_id").annotate(first=Min("event__starts_at")).order_by())
    return {row["person_id"]: timezone.localdate(row["first"]) for row in rows}


def orientation_completion_dates(person_ids: Iterable[int]) -> dict[int, datetime.date]:
    """Person id -> the date of the first New Faculty orientation they attended. One query."""
    rows = (_attended(Kind.ORIENTATION).filter(person_id__in=list(person_ids))
            .values("person_id").annotate(first=Min("event__starts_at")).order_by())
    return {row["person_id"]: timezone.localdate(row["first"]) for row in rows}


def orientation_attended(person: FacultyMember) -> datetime.date | None:
    """The date of the New Faculty orientation the person attended, or None."""
    return orientation_completion_dates([person.pk]).get(person.pk)


@dataclass(frozen=True)
class Obligation:
    """The first-year orientation obligation for one person on one day."""

    status: str  # "met", "due", "overdue" or "not_required"
    due_by: datetime.date
    met_on: datetime.date | None = None

    @property
    def is_open(self) -> bool:
        return self.status in ("due", "overdue")

    @property
    def text(self) -> str:
        if self.status == "met":
            return f"New Faculty orientation attended on {long_date(self.met_on)}."
        if self.status == "due":
            return ("New Faculty orientation: required in your first year, by "
                    f"{long_date(self.due_by)}.")
        if self.status == "overdue":
            return (f"New Faculty orientation: it was due by {long_date(self.due_by)}; "
                    "register for the next one.")
        return "New Faculty orientation: not required of you."


def obligation_for(appointed: datetime.date, met_on: datetime.date | None,
                   on: datetime.date) -> Obligation:
    """The rule, without the database: required of whoever was appointed less than two
    years ago, due within the first year, met by any orientation attended."""
    due_by = appointed + datetime.timedelta(days=ORIENTATION_DUE_DAYS)
    if met_on is not None:
        return Obligation("met", due_by, met_on)
    if (on - appointed).days >= ORIENTATION_ASKED_DAYS:
        return Obligation("not_required", due_by)
    return Obligation("due" if on <= due_by else "overdue", due_by)


def orientation_obligation(person: FacultyMember,
                           on: datetime.date | None = None) -> Obligation:
    return obligation_for(person.appointment_date, orientation_attended(person), on or today())


# --- Pages ------------------------------------------------------------------------------


def with_counts(events: QuerySet[DevelopmentEvent], viewer: Viewer) -> QuerySet:
    """Each event with how many registered and whether the viewer did."""
    mine = EventRegistration.objects.filter(
        event=OuterRef("pk"), person_id=viewer.faculty.pk if viewer.faculty else None)
    return events.annotate(registered=Count("registrations"), is_mine=Exists(mine))


def upcoming_events(viewer: Viewer, now: datetime.datetime | None = None) -> list:
    now = now or timezone.now()
    return list(with_counts(events_visible_to(viewer), viewer)
                .filter(starts_at__gte=now).select_related("organiser__user"))


def past_events(viewer: Viewer, now: datetime.datetime | None = None,
                limit: int = 20) -> list:
    now = now or timezone.now()
    return list(with_counts(events_visible_to(viewer), viewer)
                .filter(starts_at__lt=now).order_by("-starts_at")[:limit])


def registrations_of(person: FacultyMember) -> list[EventRegistration]:
    """The person's registrations, newest event first, each with its event. One query."""
    return list(EventRegistration.objects.filter(person=person).select_related("event")
                .order_by("-event__starts_at"))


def completed_events(person_ids: Iterable[int]) -> list[EventRegistration]:
    """Attended sessions of these people, oldest first, each with its event. One query."""
    return list(EventRegistration.objects.filter(person_id__in=list(person_ids), attended=True)
                .select_related("event").order_by("event__starts_at", "pk"))


def training_record(person: FacultyMember, on: datetime.date | None = None) -> dict:
    """What the events page shows a person about themselves: two queries."""
    on = on or today()
    registrations = registrations_of(person)
    attended = [r for r in registrations if r.attended]
    orientation = min((timezone.localdate(r.event.starts_at) for r in attended
                       if r.event.kind == Kind.ORIENTATION), default=None)
    workshop = min((timezone.localdate(r.event.starts_at) for r in attended
                    if r.event.kind == Kind.MENTOR_WORKSHOP), default=None)
    return {
        "registrations": registrations,
        "attended": attended,
        "obligation": obligation_for(person.appointment_date, orientation, on),
        "trained_on": workshop,
    }


def registrations_for_attendance(event: DevelopmentEvent) -> list[EventRegistration]:
    return list(event.registrations.select_related("person__user", "person__division")
                .order_by("person__user__last_name", "person__user__first_name", "pk"))


def people_with_open_orientation(person_ids: Iterable[int], on: datetime.date) -> set[int]:
    """Among these people, those whose orientation obligation is open (due or overdue).
    Two queries."""
    people = list(FacultyMember.objects.filter(pk__in=list(person_ids)).values_list(
        "pk", "appointment_date"))
    met = orientation_completion_dates([pk for pk, _ in people])
    return {pk for pk, appointed in people
            if obligation_for(appointed, met.get(pk), on).is_open}


def unrecorded_attendance(organiser: FacultyMember, now: datetime.datetime,
                          since_days: int = 60) -> list:
    """Events this person organised that have started (in the last `since_days`) and have
    registrations whose attendance is not recorded yet, with how many. One query."""
    return list(DevelopmentEvent.objects.filter(
        organiser=organiser, starts_at__lte=now,
        starts_at__gte=now - datetime.timedelta(days=since_days))
        .annotate(unrecorded=Count("registrations",
                                   filter=Q(registrations__attended__isnull=True)))
        .filter(unrecorded__gt=0).order_by("starts_at"))


PRODID = "-//Faculty Mentorship Program//Faculty development//EN"


def event_ics(event: DevelopmentEvent, attendee: FacultyMember | None = None) -> bytes:
    """A calendar invitation (RFC 5545) for the event: a stable UID and SEQUENCE, times in
    UTC, so calendars update it in place if it changes."""
    from django.urls import reverse
    from icalendar import Calendar, Event, vCalAddress, vText

    from programs.notifications import absolute_url

    start = event.starts_at.astimezone(datetime.UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    entry = Event()
    entry.add("uid", event.uid)
    entry.add("sequence", event.sequence)
    entry.add("dtstamp", timezone.now().astimezone(datetime.UTC))
    entry.add("dtstart", start)
    entry.add("dtend", start + datetime.timedelta(minutes=event.duration_minutes))
    entry.add("summary", f"{event.title} ({event.get_kind_display()})")
    link = absolute_url(reverse("programs:event_detail", args=[event.pk]))
    entry.add("description", f"{event.description}\n\n{link}".strip())
    if event.location:
        entry.add("location", event.location)
    entry.add("url", link)
    entry.add("status", "CONFIRMED")
    if event.organiser is not None:
        organiser = vCalAddress(f"mailto:{event.organiser.email}")
        organiser.params["cn"] = vText(event.organiser.full_name)
        entry.add("organizer", organiser)
    if attendee is not None:
        address = vCalAddress(f"mailto:{attendee.email}")
        address.params["cn"] = vText(attendee.full_name)
        entry.add("attendee", address, encode=0)
    calendar.add_component(entry)
    return calendar.to_ical()
