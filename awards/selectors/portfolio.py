"""The mentor portfolio: what the program's own records say about a mentor, for a promotion
or continuing-appointment dossier.

Built for the mentor, by them, in a fixed number of queries however long the history:
their mentorships; meeting counts and minutes by day (checkins' selector: dates and
durations only, never what was said); mentees' approved plans and recorded milestones;
who went on to mentor; published awards; faculty development attended.

Mentees are counted, not named, unless the mentor asked to name them and they agreed
(awards.models.PortfolioNaming).
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Min
from django.utils import timezone

from awards.models import PortfolioNaming, Recognition
from checkins.selectors.meetings import meeting_time_by_day
from programs.dates import long_date, today, whole_years_between
from programs.models import (
    AcademicPlan,
    DevelopmentEvent,
    FacultyMember,
    Mentorship,
    PlanMilestone,
)
from programs.selectors.development import completed_events

MEETINGS = "Mentoring meetings"
ACTIVITIES = [MEETINGS, *[label for _, label in DevelopmentEvent.Kind.choices]]


@dataclass
class MenteeRow:
    mentorship: Mentorship
    naming: str  # "named", "waiting", "declined" or "counts"
    went_on_to_mentor: bool

    @property
    def named(self) -> bool:
        return self.naming == "named"

    @property
    def is_current(self) -> bool:
        return self.mentorship.end_date is None or self.mentorship.end_date > today()


@dataclass
class YearRow:
    label: str
    start: datetime.date
    meetings: int = 0
    meeting_minutes: int = 0
    development_minutes: dict[str, int] = field(default_factory=dict)

    @property
    def meeting_hours(self) -> float:
        return round(self.meeting_minutes / 60, 1)

    def minutes(self, activity: str) -> int:
        return (self.meeting_minutes if activity == MEETINGS
                else self.development_minutes.get(activity, 0))

    def hours(self, activity: str) -> float:
        return round(self.minutes(activity) / 60, 1)

    @property
    def activity_hours(self) -> list[float]:
        return [self.hours(activity) for activity in ACTIVITIES]

    @property
    def total_hours(self) -> float:
        return round(sum(self.minutes(activity) for activity in ACTIVITIES) / 60, 1)


@dataclass
class Portfolio:
    mentor: FacultyMember
    generated_on: datetime.date
    mentees: list[MenteeRow]
    years: list[YearRow]
    plans_approved: int
    promotions: int
    continuing_appointments: int
    went_on_to_mentor: int
    awards: list[Recognition]
    development: list
    trained_on: datetime.date | None
    first_start: datetime.date | None

    @property
    def current(self) -> list[MenteeRow]:
        return [row for row in self.mentees if row.is_current]

    @property
    def past(self) -> list[MenteeRow]:
        return [row for row in self.mentees if not row.is_current]

    @property
    def named(self) -> list[MenteeRow]:
        return [row for row in self.mentees if row.named]

    @property
    def unnamed_count(self) -> int:
        return len(self.mentees) - len(self.named)

    @property
    def by_kind(self) -> list[tuple[str, int]]:
        counts = Counter(row.mentorship.get_kind_display() for row in self.mentees)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    @property
    def years_mentoring(self) -> int:
        """Whole years since the first mentorship started (0 in the first year)."""
        if self.first_start is None:
            return 0
        return max(0, whole_years_between(self.first_start, self.generated_on))

    @property
    def mentoring_since(self) -> str:
        if self.first_start is None:
            return "none recorded"
        years = self.years_mentoring
        span = ("less than a year" if years == 0
                else f"{years} year{'s' if years != 1 else ''}")
        return f"{span}, since {long_date(self.first_start)}"

    @property
    def meetings(self) -> int:
        return sum(year.meetings for year in self.years)

    @property
    def meeting_hours(self) -> float:
        return round(sum(year.meeting_minutes for year in self.years) / 60, 1)

    @property
    def activities(self) -> list[str]:
        return ACTIVITIES

    @property
    def activity_totals(self) -> list[float]:
        """Hours per activity over all years, from the minutes (not the rounded years)."""
        return [round(sum(year.minutes(activity) for year in self.years) / 60, 1)
                for activity in ACTIVITIES]

    @property
    def total_hours(self) -> float:
        return round(sum(year.minutes(activity) for year in self.years
                         for activity in ACTIVITIES) / 60, 1)


def _naming(mentorship: Mentorship) -> str:
    try:
        naming = mentorship.portfolio_naming
    except PortfolioNaming.DoesNotExist:
        return "counts"
    if naming.named:
        return "named"
    if naming.waiting:
        return "waiting"
    if naming.mentor_wants_name and naming.mentee_declined_at is not None:
        return "declined"
    return "counts"


def _year_label(start: datetime.date) -> str:
    return f"{start.year}–{str(start.year + 1)[-2:]}"


def portfolio_for(mentor: FacultyMember, on: datetime.date | None = None) -> Portfolio:
    """Everything the portfolio shows. Seven queries, whatever the number of mentees or
    years."""
    on = on or today()
    department = mentor.department
    mentorships = list(Mentorship.objects.filter(mentor=mentor, start_date__lte=on)
                       .select_related("mentee__user", "portfolio_naming")
                       .order_by("-start_date", "pk"))
    mentee_ids = {m.mentee_id for m in mentorships}
    # Mentees who have mentored anyone since they first became this mentor's mentee.
    first_as_mentee: dict[int, datetime.date] = {}
    for m in mentorships:
        first_as_mentee[m.mentee_id] = min(m.start_date, first_as_mentee.get(m.mentee_id,
                                                                              m.start_date))
    mentoring_since = dict(Mentorship.objects.filter(mentor_id__in=mentee_ids)
                           .values("mentor_id").annotate(first=Min("start_date")).order_by()
                           .values_list("mentor_id", "first"))
    went_on = {pk for pk, first in mentoring_since.items()
               if pk in first_as_mentee and first >= first_as_mentee[pk]}
    rows = [MenteeRow(m, _naming(m), m.mentee_id in went_on) for m in mentorships]
    rows.sort(key=lambda row: (not row.is_current, -row.mentorship.start_date.toordinal()))

    years: dict[datetime.date, YearRow] = {}

    def year_of(day: datetime.date) -> YearRow:
        start = department.program_year(day)[0]
        if start not in years:
            years[start] = YearRow(_year_label(start), start)
        return years[start]

    first_start = min((m.start_date for m in mentorships), default=None)
    for day, count, minutes in meeting_time_by_day([m.pk for m in mentorships]):
        row = year_of(day)
        row.meetings += count
        row.meeting_minutes += minutes or 0
    attended = completed_events([mentor.pk])
    for registration in attended:
        event = registration.event
        row = year_of(timezone.localdate(event.starts_at))
        label = event.get_kind_display()
        row.development_minutes[label] = (row.development_minutes.get(label, 0)
                                          + event.duration_minutes)
    starts = [*years, *([first_start] if first_start else [])]
    if starts:  # every program year from the first on record to now, none skipped
        day = min(starts)
        while day <= on:
            row = year_of(day)
            day = row.start.replace(year=row.start.year + 1)
    approved = set(AcademicPlan.objects.filter(faculty_id__in=mentee_ids,
                                               approved_at__isnull=False)
                   .values_list("faculty_id", flat=True))
    milestones = defaultdict(int)
    for kind in (PlanMilestone.objects.filter(plan__faculty_id__in=mentee_ids, done=True)
                 .values_list("kind", flat=True)):
        milestones[kind] += 1
    awards = list(Recognition.objects.filter(person=mentor,
                                             award__cycle__published_at__isnull=False)
                  .select_related("award__cycle", "award__division")
                  .order_by("-award__cycle__nominations_open"))
    trained = [timezone.localdate(r.event.starts_at) for r in attended
               if r.event.kind == DevelopmentEvent.Kind.MENTOR_WORKSHOP]
    return Portfolio(
        mentor=mentor, generated_on=on, mentees=rows,
        years=[years[start] for start in sorted(years)],
        plans_approved=len(approved),
        promotions=milestones[PlanMilestone.Kind.PROMOTION],
        continuing_appointments=milestones[PlanMilestone.Kind.CONTINUING_APPOINTMENT],
        went_on_to_mentor=len(went_on), awards=awards, development=attended,
        trained_on=min(trained, default=None), first_start=first_start)


def naming_requests_for(mentee: FacultyMember) -> list[PortfolioNaming]:
    """Mentors waiting for this mentee's answer about being named. One query."""
    return list(PortfolioNaming.objects.filter(
        mentorship__mentee=mentee, mentor_wants_name=True, mentee_consented_at__isnull=True,
        mentee_declined_at__isnull=True).select_related("mentorship__mentor__user"))
