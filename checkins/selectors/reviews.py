"""The Division Director's annual review screen, a review, and a person's own reviews.

`review_rows(division, viewer)` reads one row per current faculty member of the division
in a fixed number of queries, however big the division: counts and dates only. Open
change requests are a count of those the viewer may see (a request the mentee kept from
their Division Director is not counted for them), never a reason.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from checkins.models import (
    AnnualReview,
    CheckinFollowUp,
    Meeting,
    ReviewFollowUp,
    ViceChairCheckin,
)
from checkins.models.reviews import FollowUp
from checkins.schedules import Rules, State, add_months, months_between, review_due_in
from checkins.selectors.cadence import attach_cadence
from checkins.selectors.schedules import obligations_of, rules_by_department
from programs.access import Viewer, change_requests_visible_to
from programs.dates import today, years_before
from programs.models import ChangeRequest, Department, Division, FacultyMember, Mentorship
from programs.selectors.plans import PLAN_STATES, plan_state_of

NEW_DAYS = 365  # "new and unmatched": appointed within the last year, no formal mentor

SORTS = {
    "needs": "Needs review first",
    "name": "Name",
    "appointed": "Appointment (newest first)",
    "meetings": "Fewest meetings first",
    "last_review": "Longest since review",
}
FILTERS = {
    "": "Everyone",
    "needs": "Needs review this year",
    "flagged": "Flagged",
    "reviewed": "Reviewed this year",
}


@dataclass
class ReviewRow:
    person: FacultyMember
    has_formal_mentor: bool
    held: int  # meetings this program year, in formal mentorships
    expected: str  # "3–4", or "" without a formal mentor
    cadence: str  # "On track", "Behind", ... or ""
    plan_state: str
    last_review: datetime.date | None
    reviewed_this_year: bool
    last_checkin: datetime.date | None
    open_requests: int
    last_meeting: datetime.date | None
    review_state: str  # checkins.schedules.State of this year's review
    review_due: datetime.date | None
    flags: list[str] = field(default_factory=list)

    @property
    def needs_review(self) -> bool:
        return self.review_state in State.OPEN

    @property
    def plan_label(self) -> str:
        return PLAN_STATES[self.plan_state]


def _people(division: Division, viewer: Viewer, year_start: datetime.date):
    requests = (change_requests_visible_to(viewer)
                .filter(mentee_id=OuterRef("pk"), status=ChangeRequest.Status.OPEN)
                .order_by().values("mentee_id").annotate(n=Count("pk")).values("n"))
    formal = Mentorship.objects.active().formal().filter(mentee_id=OuterRef("pk"))
    return (FacultyMember.objects.current().filter(division=division)
            .select_related("user")
            .only("pk", "appointment_date", "status", "department_id", "division_id",
                  "user__first_name", "user__last_name")
            .annotate(
                has_formal=Exists(formal),
                plan_state=plan_state_of(year_start),
                # A subquery, not Max() over a join: no GROUP BY over every column.
                last_review=Subquery(AnnualReview.objects.filter(person_id=OuterRef("pk"))
                                     .order_by("-held_on").values("held_on")[:1]),
                reviewed_now=Exists(AnnualReview.objects.filter(
                    person_id=OuterRef("pk"), program_year_start=year_start)),
                last_checkin=Subquery(ViceChairCheckin.objects.filter(
                    person_id=OuterRef("pk")).values("held_on")[:1]),
                open_requests=Coalesce(Subquery(requests, output_field=IntegerField()), 0),
                last_meeting=Subquery(
                    Meeting.objects.filter(mentorship__mentee_id=OuterRef("pk"))
                    .order_by("-held_on").values("held_on")[:1]),
            )
            .order_by("user__last_name", "user__first_name", "pk"))


def review_rows(division: Division, viewer: Viewer,
                on: datetime.date | None = None) -> list[ReviewRow]:
    """Every current faculty member of the division with what the screen shows, flags
    included. Fixed queries: the people, their formal mentorships (with the cadence's
    four), the schedule's seven, the rules."""
    on = on or today()
    department = division.department
    year_start = department.program_year(on)[0]
    people = list(_people(division, viewer, year_start))
    mentorships = list(Mentorship.objects.active(on).formal()
                       .filter(mentee__division=division, mentee__status__in=["active",
                                                                            "on_leave"]))
    attach_cadence(mentorships, on)
    by_mentee = defaultdict(list)
    for mentorship in mentorships:
        by_mentee[mentorship.mentee_id].append(mentorship)
    obligations = obligations_of(
        FacultyMember.objects.current().filter(division=division), on)
    rules = rules_by_department([department.pk])[department.pk][1]
    rows = []
    for person in people:
        cadences = [m.cadence for m in by_mentee[person.pk] if m.cadence is not None]
        review = next(o for o in obligations[person.pk] if o.kind == "review")
        row = ReviewRow(
            person=person, has_formal_mentor=person.has_formal,
            held=sum(c.held for c in cadences),
            expected=(f"{sum(c.min_per_year for c in cadences)}–"
                      f"{sum(c.max_per_year for c in cadences)}" if cadences else ""),
            cadence=("Behind" if any(c.status == "behind" for c in cadences)
                     else cadences[0].label if cadences else ""),
            plan_state=person.plan_state, last_review=person.last_review,
            reviewed_this_year=person.reviewed_now, last_checkin=person.last_checkin,
            open_requests=person.open_requests, last_meeting=person.last_meeting,
            review_state=State.DONE if person.reviewed_now else review.state,
            review_due=review.due_on)
        row.flags = _flags(row, on=on, quiet_months=rules.quiet_months)
        rows.append(row)
    return rows


def _flags(row: ReviewRow, *, on: datetime.date, quiet_months: int) -> list[str]:
    flags = []
    if row.has_formal_mentor and (row.last_meeting is None
                                  or months_between(row.last_meeting, on) >= quiet_months):
        flags.append(f"No meeting in {quiet_months} months")
    if not row.has_formal_mentor and (on - row.person.appointment_date).days < NEW_DAYS:
        flags.append("New and unmatched")
    if row.plan_state == "submitted":
        flags.append("Plan waiting for you")
    if row.cadence == "Behind":
        flags.append("Behind cadence")
    if row.review_state == State.OVERDUE:
        flags.append("Review overdue")
    return flags


def filter_and_sort(rows: list[ReviewRow], *, show: str, sort: str) -> list[ReviewRow]:
    if show == "needs":
        rows = [row for row in rows if row.needs_review]
    elif show == "flagged":
        rows = [row for row in rows if row.flags]
    elif show == "reviewed":
        rows = [row for row in rows if row.reviewed_this_year]
    far = datetime.date.min
    keys = {
        "name": lambda r: 0,
        "appointed": lambda r: -r.person.appointment_date.toordinal(),
        "meetings": lambda r: (not r.has_formal_mentor, r.held),
        "last_review": lambda r: r.last_review or far,
        "needs": lambda r: (not r.needs_review, r.review_state != State.OVERDUE,
                            not r.flags),
    }
    # `rows` come by name, and sorted() is stable: ties stay in name order.
    return sorted(rows, key=keys.get(sort, keys["needs"]))


def progress(rows: list[ReviewRow]) -> tuple[int, int]:
    """(reviewed this year, out of those who owe or had a review this year)."""
    owed = [row for row in rows if row.reviewed_this_year or row.needs_review
            or row.review_state in (State.NOT_YET, State.PAUSED)]
    return sum(row.reviewed_this_year for row in owed), len(owed)


CSV_HEADER = ["Last name", "First name", "Appointed", "Formal mentor",
              "Meetings this program year", "Expected", "Cadence", "Plan", "Last review",
              "Reviewed this year", "Last check-in", "Open change requests", "Flags"]


def csv_rows(rows: list[ReviewRow]):
    from programs.spreadsheets import guard_formula

    yield CSV_HEADER
    for row in rows:
        yield [guard_formula(value) for value in (
            row.person.user.last_name, row.person.user.first_name,
            row.person.appointment_date.isoformat(),
            "yes" if row.has_formal_mentor else "no", str(row.held), row.expected,
            row.cadence, row.plan_label,
            row.last_review.isoformat() if row.last_review else "",
            "yes" if row.reviewed_this_year else "no",
            row.last_checkin.isoformat() if row.last_checkin else "",
            str(row.open_requests), "; ".join(row.flags))]


# --- One review, and a person's own ----------------------------------------------------


def follow_ups_of(review=None, checkin=None) -> list[FollowUp]:
    if review is not None:
        return list(ReviewFollowUp.objects.filter(review=review).select_related("owner__user"))
    return list(CheckinFollowUp.objects.filter(checkin=checkin).select_related("owner__user"))


def own_reviews_and_checkins(person: FacultyMember) -> tuple[list, list]:
    """The person's own annual reviews (newest first) and Vice-Chair check-in. Two queries."""
    reviews = list(AnnualReview.objects.filter(person=person)
                   .select_related("division", "reviewer__user"))
    checkins = list(ViceChairCheckin.objects.filter(person=person)
                    .select_related("vice_chair__user"))
    return reviews, checkins


def open_follow_ups_for(owner: FacultyMember) -> list[FollowUp]:
    """The owner's follow-ups not done yet (of reviews, then of check-ins), each group
    soonest due first. Two queries."""
    return [*ReviewFollowUp.objects.filter(owner=owner, done_at__isnull=True)
            .select_related("review__person__user"),
            *CheckinFollowUp.objects.filter(owner=owner, done_at__isnull=True)
            .select_related("checkin__person__user")]


def reviewed_counts(division_ids: list[int], year_starts: dict[int, datetime.date]) -> dict:
    """Division id -> reviews recorded this program year. One query."""
    where = Q(pk__in=[])
    for division_id, start in year_starts.items():
        where |= Q(person__division_id=division_id, program_year_start=start)
    return dict(AnnualReview.objects.filter(where).values_list("person__division_id")
                .annotate(n=Count("pk")).order_by())


# --- For home pages: counts in two queries (the screens say exactly who) ----------------
# Leave periods are not read here: someone on leave today is left out, and the screen
# (which pauses the clocks precisely) is what a count links to.


def reviews_owed_counts(division_ids, on: datetime.date) -> list[tuple]:
    """(division id, name, reviews still owed this year, year start, overdue) for each
    division. Two queries."""
    divisions = list(Division.objects.filter(pk__in=list(division_ids))
                     .select_related("department__schedule_rules").order_by("name"))
    where = Q(pk__in=[])
    details = {}
    for division in divisions:
        department = division.department
        rules = Rules.of(getattr(department, "schedule_rules", None))
        year = department.program_year(on)
        due = review_due_in(year, rules)
        newest = add_months_back(due, rules.review_after_months)
        where |= Q(division_id=division.pk, appointment_date__lte=newest)
        details[division.pk] = (division.name, year[0], due)
    rows = (FacultyMember.objects.active().filter(where)
            .exclude(Exists(AnnualReview.objects.filter(
                person_id=OuterRef("pk"),
                program_year_start__in={start for _, start, _ in details.values()})))
            .values("division_id").annotate(n=Count("pk")).order_by())
    counts = {row["division_id"]: row["n"] for row in rows}
    return [(pk, name, counts.get(pk, 0), start, on > due)
            for pk, (name, start, due) in details.items()]


def checkins_owed_counts(department_ids, on: datetime.date) -> tuple[int, int]:
    """(due, overdue) Vice-Chair check-ins across these departments. Two queries."""
    departments = list(Department.objects.filter(pk__in=list(department_ids))
                       .select_related("schedule_rules"))
    due_q, overdue_q = Q(pk__in=[]), Q(pk__in=[])
    for department in departments:
        rules = Rules.of(getattr(department, "schedule_rules", None))
        # Appointed on or before `opens` -> the window has opened; on or before
        # `late` -> overdue; after `asked` -> still asked (early career).
        opens = add_months_back(on + datetime.timedelta(days=rules.checkin_window_before_days),
                                rules.checkin_after_months)
        late = add_months_back(on - datetime.timedelta(days=rules.checkin_window_after_days + 1),
                               rules.checkin_after_months)
        asked = years_before(on, department.early_career_max_years)
        base = Q(department_id=department.pk, appointment_date__gt=asked)
        due_q |= base & Q(appointment_date__lte=opens, appointment_date__gt=late)
        overdue_q |= base & Q(appointment_date__lte=late)
    found = (FacultyMember.objects.active()
             .exclude(Exists(ViceChairCheckin.objects.filter(person_id=OuterRef("pk"))))
             .aggregate(due=Count("pk", filter=due_q), overdue=Count("pk", filter=overdue_q)))
    return found["due"], found["overdue"]


def add_months_back(day: datetime.date, months: int) -> datetime.date:
    return add_months(day, -months)
