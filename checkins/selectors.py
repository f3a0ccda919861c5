"""Reads for the mentorship page and the home page, in a fixed number of queries.

Leaders get `meetings_for_leader`, which selects dates, durations, modes and
confirmation only: summaries, action items and private notes are never read for them.
A private note is read only filtered by its author (`meetings_for_member`).
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Max, Prefetch, Q
from django.utils import timezone

from checkins.cadence import Cadence, cadence_status, expected_range
from checkins.models import (
    ActionItem,
    CadenceRule,
    Meeting,
    Mode,
    PlannedMeeting,
    PrivateNote,
)
from programs.access import Viewer
from programs.dates import today
from programs.models import Department, FacultyMember, Mentorship

Rules = dict[int, dict[tuple[str, str], tuple[int, int]]]


def cadence_rules(department_ids: set[int]) -> Rules:
    rules: Rules = defaultdict(dict)
    for rule in CadenceRule.objects.filter(department_id__in=department_ids):
        rules[rule.department_id][(rule.kind, rule.career_stage)] = (
            rule.min_per_year, rule.max_per_year)
    return rules


def attach_cadence(mentorships: list[Mentorship], on: datetime.date | None = None) -> None:
    """Set `.cadence` on each mentorship, for the current program year of the mentee's
    department. Four queries however many mentorships there are.

    A mentorship that has ended gets `.cadence = None`: nothing is expected of it any
    more, and calling it "behind" would be wrong. Templates show that it ended instead.
    """
    on = on or today()
    for mentorship in mentorships:
        if has_ended(mentorship, on):
            mentorship.cadence = None
    mentorships = [m for m in mentorships if not has_ended(m, on)]
    if not mentorships:
        return
    mentees = {
        row["pk"]: row for row in FacultyMember.objects.filter(
            pk__in={m.mentee_id for m in mentorships}
        ).values("pk", "appointment_date", "department_id")
    }
    departments = Department.objects.in_bulk({row["department_id"] for row in mentees.values()})
    years = {pk: department.program_year(on) for pk, department in departments.items()}
    window = Q(pk__in=[])
    for department_id, (start, _end) in years.items():
        ids = [m.pk for m in mentorships if mentees[m.mentee_id]["department_id"] == department_id]
        window |= Q(mentorship_id__in=ids, held_on__gte=start, held_on__lte=on)
    held = dict(Meeting.objects.filter(window).values_list("mentorship_id").annotate(n=Count("pk")))
    rules = cadence_rules(set(departments))
    for mentorship in mentorships:
        mentee = mentees[mentorship.mentee_id]
        department = departments[mentee["department_id"]]
        stage = _stage(department, mentee["appointment_date"], on)
        minimum, maximum = expected_range(mentorship.kind, stage, rules[department.pk])
        mentorship.cadence = cadence_status(
            held=held.get(mentorship.pk, 0), minimum=minimum, maximum=maximum,
            year=years[department.pk], started=mentorship.start_date, on=on)


def attach_last_meeting(mentorships: list[Mentorship]) -> None:
    """Set `.last_meeting` (a date, or None) on each mentorship, in one query."""
    last = dict(Meeting.objects.filter(mentorship__in=[m.pk for m in mentorships])
                .values_list("mentorship_id").annotate(last=Max("held_on")).order_by())
    for mentorship in mentorships:
        mentorship.last_meeting = last.get(mentorship.pk)


def _stage(department: Department, appointed: datetime.date, on: datetime.date) -> str:
    early_from, mid_from = department.stage_cutoffs(on)
    if appointed >= early_from:
        return "early"
    return "mid" if appointed >= mid_from else "late"


def has_ended(mentorship: Mentorship, on: datetime.date) -> bool:
    # Mentorship.is_active: the end date is the first day it is no longer active.
    return mentorship.end_date is not None and mentorship.end_date <= on


def cadence_for(mentorship: Mentorship) -> Cadence | None:
    """The cadence for this program year, or None once the mentorship has ended."""
    attach_cadence([mentorship])
    return mentorship.cadence


# --- The mentorship page ----------------------------------------------------------


def meetings_for_member(mentorship: Mentorship, viewer: Viewer) -> list[Meeting]:
    """Meetings with shared content, and the viewer's own private note as `.my_note`."""
    own_notes = PrivateNote.objects.filter(author=viewer.faculty)
    meetings = list(
        Meeting.objects.filter(mentorship=mentorship)
        .select_related("logged_by__user", "confirmed_by__user")
        .prefetch_related(
            "topics", "action_items",
            Prefetch("private_notes", queryset=own_notes, to_attr="own_notes"),
        )
    )
    for meeting in meetings:
        meeting.my_note = meeting.own_notes[0] if meeting.own_notes else None
    return meetings


def action_items_of(meetings: list[Meeting]) -> list[ActionItem]:
    """Every action item of the mentorship, open ones first, each group newest meeting
    first. Reads the items `meetings_for_member` prefetched (each already knows its
    meeting), so this costs no query however long the history is."""
    items = [item for meeting in meetings for item in meeting.action_items.all()]
    # `meetings` is newest first and sorted() is stable, so each group keeps that order.
    return sorted(items, key=lambda item: item.done)


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


def counts_by_program_year(department: Department,
                           dates: list[datetime.date]) -> list[tuple[str, int]]:
    counts = Counter(department.program_year(day)[0] for day in dates)
    return [(_year_label(start), counts[start]) for start in sorted(counts, reverse=True)]


def topics_over_time(department: Department,
                     meetings: list[Meeting]) -> list[tuple[str, list[tuple[str, int]]]]:
    """Per program year, the topics discussed and how often. Uses prefetched topics."""
    by_year: dict[datetime.date, Counter] = defaultdict(Counter)
    for meeting in meetings:
        start = department.program_year(meeting.held_on)[0]
        by_year[start].update(topic.name for topic in meeting.topics.all())
    return [(_year_label(start), by_year[start].most_common())
            for start in sorted(by_year, reverse=True) if by_year[start]]


def upcoming_planned(mentorship: Mentorship) -> list[PlannedMeeting]:
    return list(PlannedMeeting.objects.filter(
        mentorship=mentorship, starts_at__gte=timezone.now() - datetime.timedelta(hours=12)))


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
