"""Meetings, for the mentorship page (members and leaders) and other apps."""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery

from checkins.cadence import Cadence, expected_band, expected_range
from checkins.models import ActionItem, Meeting, Mode, PrivateNote
from checkins.selectors.cadence import career_stage_on
from programs.access import Viewer
from programs.dates import today
from programs.models import Department, Mentorship

Rules = dict[int, dict[tuple[str, str], tuple[int, int]]]


def meetings_for_member(mentorship: Mentorship, viewer: Viewer) -> list[Meeting]:
    """Meetings with shared content: `.items` (the action items, each knowing its
    meeting), `.topic_names` (catalogue order), and the viewer's own private note as
    `.my_note` (its text, or None). The note is read only filtered by its author.
    Three queries, whatever the history."""
    own_note = PrivateNote.objects.filter(
        meeting=OuterRef("pk"), author=viewer.faculty).values("body")[:1]
    meetings = list(Meeting.objects.filter(mentorship=mentorship)
                    .annotate(my_note=Subquery(own_note)))
    by_pk = {meeting.pk: meeting for meeting in meetings}
    # By the meetings' ids rather than a join on the meeting table: PostgreSQL plans each
    # join for longer than it takes to run these queries.
    items = defaultdict(list)
    meeting_cache = ActionItem._meta.get_field("meeting")
    for item in ActionItem.objects.filter(meeting_id__in=list(by_pk)):
        meeting_cache.set_cached_value(item, by_pk[item.meeting_id])
        items[item.meeting_id].append(item)
    # Names only, from the join table: no Topic objects to build for every meeting.
    names = defaultdict(list)
    for meeting_id, name in (Meeting.topics.through.objects
                             .filter(meeting_id__in=list(by_pk))
                             .order_by("topic__ordering", "topic__name")
                             .values_list("meeting_id", "topic__name")):
        names[meeting_id].append(name)
    # Whoever logged or confirmed a meeting is one of the two members, both already
    # fetched with the mentorship: no join, no query.
    members = {person.pk: person for person in (mentorship.mentee, mentorship.mentor)}
    for meeting in meetings:
        meeting.items = items[meeting.pk]
        meeting.topic_names = names[meeting.pk]
        for field in ("logged_by", "confirmed_by"):
            person = members.get(getattr(meeting, f"{field}_id"))
            if person is not None:
                setattr(meeting, field, person)
    return meetings


def action_items_of(meetings: list[Meeting]) -> list[ActionItem]:
    """Every action item of the mentorship, open ones first, each group newest meeting
    first. Reads the `.items` that `meetings_for_member` attached, so this costs no query
    however long the history is."""
    items = [item for meeting in meetings for item in meeting.items]
    # `meetings` is newest first and sorted() is stable, so each group keeps that order.
    return sorted(items, key=lambda item: item.done)


def action_items_for(mentorship: Mentorship) -> list[ActionItem]:
    """What `action_items_of` lists, in the same order, read on its own (one query): for
    the summary a "Mark done" sends back. For the two members only, like the items."""
    return list(ActionItem.objects.filter(meeting__mentorship=mentorship)
                .select_related("meeting").only("text", "done", "meeting__held_on")
                .order_by("done", "-meeting__held_on", "-meeting__pk", "pk"))


@dataclass(frozen=True)
class MeetingFacts:
    """What a leader may know about a meeting: that it happened, when, how."""

    held_on: datetime.date
    duration_minutes: int
    mode: str
    confirmed: bool

    def get_mode_display(self) -> str:
        return Mode(self.mode).label


def meetings_for_leader(mentorship: Mentorship) -> list[MeetingFacts]:
    rows = Meeting.objects.filter(mentorship=mentorship).values_list(
        "held_on", "duration_minutes", "mode", "confirmed_at")
    return [MeetingFacts(held_on, minutes, mode, confirmed_at is not None)
            for held_on, minutes, mode, confirmed_at in rows]


@dataclass(frozen=True)
class YearOfMeetings:
    """One program year of a mentorship: meetings held against the expected range."""

    label: str
    held: int
    minimum: int
    maximum: int
    current: bool  # the year in progress: "so far"
    status: str

    @property
    def expected(self) -> str:
        return f"{self.minimum}–{self.maximum}" if self.minimum != self.maximum else (
            str(self.minimum))


def meetings_per_year(mentorship: Mentorship, dates: list[datetime.date], rules: dict,
                      cadence: Cadence | None, on: datetime.date | None = None
                      ) -> list[YearOfMeetings]:
    """Every program year of the mentorship, oldest first, years without a meeting
    included: how many meetings were held, and how many were expected (the range for the
    mentee's career stage at the end of that year, prorated for a year the mentorship
    spanned in part). The year in progress takes its status from the cadence, which is
    prorated over the part of the year gone by. Counts only: leaders see it too."""
    on = on or today()
    department = mentorship.mentee.department
    counts = Counter(department.program_year(day)[0] for day in dates)
    last = min(on, mentorship.end_date) if mentorship.end_date else on
    if mentorship.start_date > last:
        return []
    year = department.program_year(mentorship.start_date)
    starts = set(counts)
    while year[0] <= last:
        starts.add(year[0])
        year = department.program_year(year[1])
    rows = []
    for start in sorted(starts):
        year = department.program_year(start)
        current = year[0] <= on < year[1] and cadence is not None
        as_of = min(on, year[1] - datetime.timedelta(days=1))
        stage = career_stage_on(department, mentorship.mentee.appointment_date, as_of)
        minimum, maximum = expected_range(mentorship.kind, stage, rules)
        low, high = expected_band(minimum=minimum, maximum=maximum, year=year,
                                  started=mentorship.start_date, ended=mentorship.end_date)
        held = counts[start]
        if current:
            status = cadence.label
        else:
            status = ("Below the range" if held < low else "Above the range" if held > high
                      else "Within the range")
        rows.append(YearOfMeetings(label=_year_label(start), held=held, minimum=low,
                                   maximum=high, current=current, status=status))
    return rows


def meetings_per_year_chart(years: list[YearOfMeetings]) -> dict:
    """A Chart.js spec (drawn by static/js/charts.js): a bar per program year for the
    meetings held, in front of a wider pale bar from the fewest to the most expected.
    The table under the chart has the same figures for screen readers."""
    return {
        "type": "bar",
        "data": {
            "labels": [f"{y.label} (so far)" if y.current else y.label for y in years],
            "datasets": [
                {"label": "Meetings held", "data": [y.held for y in years],
                 "backgroundColor": "#0b3d77", "barPercentage": 0.45, "grouped": False,
                 "order": 1},
                {"label": "Expected range", "data": [[y.minimum, y.maximum] for y in years],
                 "backgroundColor": "rgba(25, 135, 84, 0.25)", "borderColor": "#146c43",
                 "borderWidth": 1, "barPercentage": 0.9, "grouped": False, "order": 2},
            ],
        },
        "options": {"scales": {"y": {"beginAtZero": True, "ticks": {"precision": 0},
                                     "title": {"display": True, "text": "Meetings"}}}},
    }


def topics_over_time(department: Department,
                     meetings: list[Meeting]) -> list[tuple[str, list[tuple[str, int]]]]:
    """Per program year, the topics discussed and how often, from the `.topic_names`
    that `meetings_for_member` read."""
    by_year: dict[datetime.date, Counter] = defaultdict(Counter)
    for meeting in meetings:
        start = department.program_year(meeting.held_on)[0]
        by_year[start].update(meeting.topic_names)
    return [(_year_label(start), by_year[start].most_common())
            for start in sorted(by_year, reverse=True) if by_year[start]]


def _year_label(start: datetime.date) -> str:
    return f"{start.year}–{str(start.year + 1)[-2:]}"



# --- For other apps (the mentor portfolio) ---------------------------------------------------


def meeting_time_by_day(mentorship_ids: list[int]) -> list[tuple[datetime.date, int, int]]:
    """(day, meetings, minutes) for the meetings of these mentorships, in one query however
    long the history: dates and durations only, never what was said."""
    from django.db.models import Sum

    return list(Meeting.objects.filter(mentorship_id__in=mentorship_ids)
                .values("held_on").annotate(n=Count("pk"), minutes=Sum("duration_minutes"))
                .order_by("held_on").values_list("held_on", "n", "minutes"))
