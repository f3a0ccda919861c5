"""What checkins puts on people's home pages (see `programs.attention`): meetings to
confirm, the next planned meeting, open action items, mentorships behind cadence;
follow-ups of reviews and check-ins (their owner), annual reviews to record (Division
Directors) and Vice-Chair check-ins to hold (Vice-Chairs).

Members see their own mentorships' items; leaders see counts and dates only, never
what was said. Each provider costs a fixed number of queries.
"""

import datetime

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone

from checkins.cadence import Status
from checkins.models import ActionItem, Meeting, PlannedMeeting
from checkins.selectors.cadence import attach_cadence
from checkins.selectors.reviews import (
    checkins_owed_counts,
    open_follow_ups_for,
    reviews_owed_counts,
)
from programs.access import Viewer
from programs.attention import Item, Role, register
from programs.models import Mentorship

BEHIND_LISTED = 5


def _role(viewer: Viewer, mentorship: Mentorship) -> str:
    return Role.MENTEE if mentorship.mentee_id == viewer.faculty.pk else Role.MENTOR


def _other(viewer: Viewer, mentorship: Mentorship):
    return mentorship.mentor if mentorship.mentee_id == viewer.faculty.pk else mentorship.mentee


def _my_mentorships(viewer: Viewer, on: datetime.date) -> dict[int, Mentorship]:
    person = viewer.faculty
    return Mentorship.objects.active(on).filter(Q(mentee=person) | Q(mentor=person)).select_related(
        "mentee__user", "mentor__user").in_bulk()


@register
def member_items(viewer: Viewer, on: datetime.date) -> list[Item]:
    """For each of the person's active mentorships: meetings the other member logged that
    wait for their confirmation, the next planned meeting, and open action items."""
    if viewer.faculty is None:
        return []
    mentorships = _my_mentorships(viewer, on)
    if not mentorships:
        return []
    ids = list(mentorships)
    to_confirm = (Meeting.objects.filter(mentorship_id__in=ids, confirmed_at__isnull=True)
                  .exclude(logged_by=viewer.faculty)
                  .values("mentorship_id").annotate(n=Count("pk"), oldest=Min("created_at"))
                  .order_by())
    open_items = (ActionItem.objects.filter(meeting__mentorship_id__in=ids, done=False)
                  .values("meeting__mentorship_id")
                  .annotate(n=Count("pk"), oldest=Min("meeting__held_on")).order_by())
    upcoming = (PlannedMeeting.objects.filter(mentorship_id__in=ids, cancelled_at__isnull=True,
                                              starts_at__gte=timezone.now())
                .values("mentorship_id").annotate(first=Min("starts_at")).order_by())
    items = []
    for row in to_confirm:
        mentorship = mentorships[row["mentorship_id"]]
        noun = "meeting" if row["n"] == 1 else "meetings"
        items.append(Item(
            role=_role(viewer, mentorship), count=row["n"], on=on,
            since=timezone.localdate(row["oldest"]),
            text=f"Confirm the {noun} {_other(viewer, mentorship).full_name} logged",
            url=reverse("checkins:mentorship_detail", args=[mentorship.pk])))
    for row in open_items:
        mentorship = mentorships[row["meeting__mentorship_id"]]
        items.append(Item(
            role=_role(viewer, mentorship), count=row["n"], on=on, since=row["oldest"],
            text=f"Open action items with {_other(viewer, mentorship).full_name}",
            url=reverse("checkins:mentorship_detail", args=[mentorship.pk]) + "#action-items"))
    for row in upcoming:
        mentorship = mentorships[row["mentorship_id"]]
        start = timezone.localtime(row["first"])
        items.append(Item(
            role=_role(viewer, mentorship), on=on,
            text=f"Next meeting with {_other(viewer, mentorship).full_name}: "
                 f"{start:%a %d %b %Y, %H:%M}",
            url=reverse("checkins:mentorship_detail", args=[mentorship.pk])))
    return items


@register
def mentorships_behind(viewer: Viewer, on: datetime.date) -> list[Item]:
    """Formal mentorships behind their cadence in the divisions a DDD or facilitator
    leads: meeting counts only, never content."""
    if not viewer.division_lead_ids:
        return []
    mentorships = list(
        Mentorship.objects.active(on).formal()
        .filter(mentee__division_id__in=viewer.division_lead_ids)
        .select_related("mentee__user", "mentor__user"))
    attach_cadence(mentorships, on)
    behind = [m for m in mentorships if m.cadence is not None and m.cadence.status == Status.BEHIND]
    items = []
    for mentorship in behind[:BEHIND_LISTED]:
        role = (Role.FACILITATOR if mentorship.mentee.division_id
                in viewer.facilitated_division_ids else Role.DIRECTOR)
        items.append(Item(
            role=role, urgent=True, on=on,
            text=f"{mentorship.mentee.full_name} and {mentorship.mentor.full_name} are behind "
                 f"their meeting cadence ({mentorship.cadence.held} meetings this program "
                 f"year, {mentorship.cadence.expected_by_now} expected by now)",
            url=reverse("checkins:mentorship_detail", args=[mentorship.pk])))
    if len(behind) > BEHIND_LISTED:
        items.append(Item(role=items[0].role, count=len(behind), on=on,
                          text="Formal mentorships behind cadence in all",
                          url=reverse("programs:division_roster",
                                      args=[min(viewer.division_lead_ids)])))
    return items


# --- The program's rhythm: follow-ups, reviews due, check-ins due ----------------------


@register
def follow_ups_owned(viewer: Viewer, on: datetime.date) -> list[Item]:
    """Follow-ups of a review or check-in the person owns, until done. Two queries. The
    owner is the faculty member or the leader who recorded it, both of whom read it."""
    if viewer.faculty is None:
        return []
    items = []
    for follow_up in open_follow_ups_for(viewer.faculty):
        parent = follow_up.parent
        review = follow_up.KIND == "review"
        own = parent.person_id == viewer.faculty.pk
        what = "annual review" if review else "Vice-Chair check-in"
        whose = "your" if own else f"{parent.person.full_name}'s"
        url = reverse("checkins:review_detail" if review else "checkins:checkin_detail",
                      args=[parent.pk])
        items.append(Item(
            role=Role.MENTEE if own else (Role.DIRECTOR if review else Role.DEPARTMENT),
            on=on, since=parent.held_on, urgent=follow_up.due_on < on,
            text=f"Follow-up from {whose} {what}, due {follow_up.due_on:%-d %b %Y}: "
                 f"{follow_up.text}",
            url=f"{url}#follow-ups-heading"))
    return items


@register
def reviews_due(viewer: Viewer, on: datetime.date) -> list[Item]:
    """Per division a Division Director leads: annual reviews still owed this program year
    (the review screen says exactly who). Two queries."""
    if not viewer.directed_division_ids:
        return []
    owed = reviews_owed_counts(viewer.directed_division_ids, on)
    return [Item(role=Role.DIRECTOR, count=n, on=on, since=start, urgent=overdue,
                 text=f"{n} annual mentorship review{'s' if n != 1 else ''} to record in "
                      f"{name}" + (" (overdue)" if overdue else ""),
                 url=reverse("checkins:review_screen", args=[division_id]) + "?show=needs")
            for division_id, name, n, start, overdue in owed if n]


@register
def checkins_due(viewer: Viewer, on: datetime.date) -> list[Item]:
    """For Vice-Chairs: check-ins due or overdue across the department. Two queries."""
    if not viewer.vice_chair_department_ids:
        return []
    due, overdue = checkins_owed_counts(viewer.vice_chair_department_ids, on)
    if not due + overdue:
        return []
    text = f"{due + overdue} Vice-Chair check-in{'s' if due + overdue != 1 else ''} to hold"
    return [Item(role=Role.DEPARTMENT, count=due + overdue, on=on, urgent=bool(overdue),
                 text=text + (f", {overdue} overdue" if overdue else ""),
                 url=reverse("checkins:checkins_due"))]
