"""What programs puts on people's home pages (see `programs.attention`): agreements to
acknowledge, plans returned or waiting for review, change requests, newcomers without a
formal mentor. Each provider costs a fixed number of queries.
"""

import datetime

from django.db.models import Count, Q, Window
from django.urls import reverse
from django.utils import timezone

from programs import access
from programs.attention import Item, Role, register
from programs.models import (
    AcademicPlan,
    ChangeRequest,
    Division,
    FacultyMember,
    MentorshipAgreement,
)
from programs.selectors.mentorships import has_formal_mentor
from programs.selectors.people import early_career_in

PLANS_LISTED = 5


def _day(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


@register
def agreements_to_acknowledge(viewer: access.Viewer, on: datetime.date) -> list[Item]:
    """Agreements of the person's active mentorships that they have not acknowledged
    (new, or changed since they last did)."""
    person = viewer.faculty
    if person is None:
        return []
    agreements = (
        MentorshipAgreement.objects
        .filter(Q(mentorship__mentee=person, mentee_acknowledged_at__isnull=True)
                | Q(mentorship__mentor=person, mentor_acknowledged_at__isnull=True))
        .filter(Q(mentorship__end_date__isnull=True) | Q(mentorship__end_date__gt=on))
        .select_related("mentorship__mentee__user", "mentorship__mentor__user")
    )
    items = []
    for agreement in agreements:
        mentorship = agreement.mentorship
        as_mentee = mentorship.mentee_id == person.pk
        other = mentorship.mentor if as_mentee else mentorship.mentee
        items.append(Item(
            role=Role.MENTEE if as_mentee else Role.MENTOR,
            text=f"Read and acknowledge your agreement with {other.full_name}",
            url=reverse("programs:agreement", args=[mentorship.pk]),
            since=_day(agreement.updated_at), on=on))
    return items


@register
def my_plan(viewer: access.Viewer, on: datetime.date) -> list[Item]:
    """The person's own plan when it was returned to them."""
    person = viewer.faculty
    if person is None:
        return []
    plan = (AcademicPlan.objects.filter(faculty=person, status=AcademicPlan.Status.RETURNED)
            .only("pk", "reviewed_at").first())
    if plan is None:
        return []
    return [Item(role=Role.MENTEE, urgent=True,
                 text="Your academic plan was returned: read the comment and resubmit",
                 url=reverse("programs:plan_detail", args=[person.pk]),
                 since=_day(plan.reviewed_at), on=on)]


@register
def my_change_request(viewer: access.Viewer, on: datetime.date) -> list[Item]:
    """The person's own open request for a different or additional mentor."""
    person = viewer.faculty
    if person is None:
        return []
    request = (ChangeRequest.objects.filter(mentee=person, status=ChangeRequest.Status.OPEN)
               .only("pk", "kind", "created_at").first())
    if request is None:
        return []
    return [Item(role=Role.MENTEE,
                 text=f"Your request for {request.get_kind_display().lower()} is open: "
                      "the facilitator will contact you",
                 url=reverse("programs:change_request_detail", args=[request.pk]),
                 since=_day(request.created_at), on=on)]


@register
def plans_to_review(viewer: access.Viewer, on: datetime.date) -> list[Item]:
    """Submitted plans in the divisions a DDD directs, oldest first, with days waiting."""
    if not viewer.directed_division_ids:
        return []
    waiting = (AcademicPlan.objects
               .filter(status=AcademicPlan.Status.SUBMITTED,
                       faculty__division_id__in=viewer.directed_division_ids)
               .select_related("faculty__user").order_by("submitted_at", "pk")
               # How many wait in all, in the same query as the oldest few.
               .annotate(waiting=Window(Count("pk"))))
    plans = list(waiting[:PLANS_LISTED + 1])
    items = [Item(role=Role.DIRECTOR, text=f"Review {plan.faculty.full_name}'s academic plan",
                  url=reverse("programs:plan_detail", args=[plan.faculty_id]),
                  since=_day(plan.submitted_at), on=on,
                  urgent=bool(plan.submitted_at) and (on - _day(plan.submitted_at)).days > 30)
             for plan in plans[:PLANS_LISTED]]
    if len(plans) > PLANS_LISTED:
        division_id = min(viewer.directed_division_ids)
        # The division's list, showing only the plans waiting for review.
        url = reverse("programs:division_plans", args=[division_id])
        items.append(Item(role=Role.DIRECTOR, text="More plans are waiting for your review",
                          url=f"{url}?state=submitted",
                          count=plans[0].waiting, on=on))
    return items


@register
def newcomers_without_mentor(viewer: access.Viewer, on: datetime.date) -> list[Item]:
    """Early-career faculty with no formal mentor, per division the person leads (DDD or
    facilitator): one grouped query for all their divisions."""
    if not viewer.division_lead_ids:
        return []
    divisions = list(Division.objects.filter(pk__in=viewer.division_lead_ids)
                     .select_related("department").order_by("name"))
    rows = (FacultyMember.objects.current().filter(early_career_in(divisions))
            .annotate(mentored=has_formal_mentor()).filter(mentored=False)
            .values_list("division_id", "appointment_date"))
    waiting: dict[int, list[datetime.date]] = {}
    for division_id, appointed in rows:
        waiting.setdefault(division_id, []).append(appointed)
    items = []
    for division in divisions:
        dates = waiting.get(division.pk)
        if not dates:
            continue
        role = (Role.FACILITATOR if division.pk in viewer.facilitated_division_ids
                else Role.DIRECTOR)
        url = reverse("programs:division_roster", args=[division.pk])
        items.append(Item(role=role, count=len(dates), since=min(dates), on=on, urgent=True,
                          text=f"Early-career faculty in {division.name} without a formal "
                               "mentor: match them",
                          url=f"{url}?stage=early&mentor=none"))
    return items


@register
def change_requests_to_handle(viewer: access.Viewer, on: datetime.date) -> list[Item]:
    """Open change requests this person may see and resolve (never their own)."""
    if not access.handles_change_requests(viewer):
        return []
    requests = access.change_requests_visible_to(viewer).filter(status=ChangeRequest.Status.OPEN)
    if viewer.faculty is not None:
        requests = requests.exclude(mentee=viewer.faculty)
    oldest = requests.order_by("created_at").values_list("created_at", flat=True)
    count = requests.count()
    if not count:
        return []
    role = Role.FACILITATOR if viewer.is_facilitator else (
        Role.DIRECTOR if viewer.is_division_director else Role.DEPARTMENT)
    return [Item(role=role, count=count, since=_day(oldest.first()), on=on,
                 text="Open requests for a different or additional mentor",
                 url=reverse("programs:change_requests"))]


# --- Faculty development ------------------------------------------------------------------


@register
def development_items(viewer: access.Viewer, on: datetime.date) -> list[Item]:
    """The person's next registered session; "register for the New Faculty orientation"
    during their first year, until they attend one or hold a place at one; and, for an
    organiser, sessions whose attendance is not recorded yet. Three queries at most."""
    from programs.models import DevelopmentEvent, EventRegistration
    from programs.selectors.development import obligation_for, unrecorded_attendance

    person = viewer.faculty
    if person is None:
        return []
    now = timezone.now()
    Kind = DevelopmentEvent.Kind
    registrations = list(EventRegistration.objects.filter(person=person).filter(
        Q(attended=True, event__kind=Kind.ORIENTATION) | Q(event__starts_at__gte=now))
        .select_related("event").order_by("event__starts_at"))
    items = []
    upcoming = [r for r in registrations if r.event.starts_at >= now]
    if upcoming:
        event = upcoming[0].event
        items.append(Item(
            role=Role.MENTOR if event.kind == Kind.MENTOR_WORKSHOP else Role.MENTEE,
            text=f"You are registered for {event.title}: "
                 f"{timezone.localtime(event.starts_at):%a %d %b %Y, %H:%M}",
            url=reverse("programs:event_detail", args=[event.pk]), on=on))
    attended = [timezone.localdate(r.event.starts_at) for r in registrations
                if r.attended and r.event.kind == Kind.ORIENTATION]
    obligation = obligation_for(person.appointment_date, min(attended, default=None), on)
    booked = any(r.event.kind == Kind.ORIENTATION for r in upcoming)
    # Asked on the home page during the first year, while it is required; after that the
    # events page still shows it as overdue.
    if obligation.status == "due" and not booked:
        items.append(Item(
            role=Role.MENTEE, since=person.appointment_date, on=on,
            text="Register for the New Faculty orientation (required in your first year)",
            url=reverse("programs:events")))
    for event in unrecorded_attendance(person, now):
        items.append(Item(
            role=Role.DEPARTMENT, count=event.unrecorded, on=on,
            since=timezone.localdate(event.starts_at),
            text=f"Record who attended {event.title}",
            url=reverse("programs:event_attendance", args=[event.pk])))
    return items
