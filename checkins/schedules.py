"""What each faculty member owes the program, and when: pure functions, no database.

Obligations run from the appointment date under the department's `ScheduleRules`:

- the Vice-Chair check-in, `checkin_after_months` after appointment (1.5 years), with a
  window that opens `checkin_window_before_days` earlier and turns overdue
  `checkin_window_after_days` later;
- the Division Director's annual review, once every program year, due by
  `review_due_month`/`review_due_day` within it (30 June of a year starting 1 July), owed
  by everyone appointed at least `review_after_months` before that day;
- the five-year academic plan, submitted within `plan_due_months` and approved within
  `plan_approved_months` of appointment (early-career faculty only);
- New Faculty orientation, by `programs.selectors.development.obligation_for`.

Leave pauses a clock: each day on leave between its start and the due date moves the due
date a day later (`paused_due`), so leave that spans a program-year end delays both
years' reviews by the days it took from each. Departure ends every obligation that was
not due before the departure date. An obligation belongs to the person, not to their
division: a review recorded by the old division's director in the year they move counts,
and what is still owed is owed to the director of the division they are in now.

`checkins.selectors.schedules.obligations_due(...)` reads what these functions need for
a whole department in a fixed number of queries: the reminders call it.
"""

import calendar
import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from programs.dates import whole_years_between

Leave = tuple[datetime.date, datetime.date | None]  # (first day, first day back or None)


class Kind:
    CHECKIN = "checkin"
    REVIEW = "review"
    PLAN_SUBMITTED = "plan_submitted"
    PLAN_APPROVED = "plan_approved"
    ORIENTATION = "orientation"

    LABELS = {
        CHECKIN: "Vice-Chair check-in",
        REVIEW: "Annual mentorship review",
        PLAN_SUBMITTED: "Academic plan submitted",
        PLAN_APPROVED: "Academic plan approved",
        ORIENTATION: "New Faculty orientation",
    }


class State:
    NOT_YET = "not_yet"  # the window has not opened
    DUE = "due"
    OVERDUE = "overdue"
    DONE = "done"
    PAUSED = "paused"  # on leave with no return date
    ENDED = "ended"  # departed before it fell due
    NOT_REQUIRED = "not_required"

    OPEN = (DUE, OVERDUE)


@dataclass(frozen=True)
class Rules:
    """`ScheduleRules` as plain values (the model's defaults when a department has none)."""

    checkin_after_months: int = 18
    checkin_window_before_days: int = 60
    checkin_window_after_days: int = 90
    review_due_month: int = 6
    review_due_day: int = 30
    review_after_months: int = 3
    plan_due_months: int = 6
    plan_approved_months: int = 12
    quiet_months: int = 6

    @classmethod
    def of(cls, rules) -> "Rules":
        """From a ScheduleRules row (or None: the defaults)."""
        if rules is None:
            return cls()
        return cls(**{name: getattr(rules, name) for name in cls.__dataclass_fields__})


@dataclass(frozen=True)
class Obligation:
    kind: str
    state: str
    due_on: datetime.date | None
    opens_on: datetime.date | None = None
    done_on: datetime.date | None = None
    period: datetime.date | None = None  # the program year's first day, for reviews

    @property
    def label(self) -> str:
        return Kind.LABELS[self.kind]

    @property
    def is_open(self) -> bool:
        return self.state in State.OPEN


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; a day the month lacks (29 February, 31 April) becomes
    its last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def merged_leave(leaves: Iterable[Leave]) -> list[Leave]:
    """Leave periods sorted, overlapping or touching ones joined."""
    merged: list[list] = []
    for start, end in sorted(leaves, key=lambda leave: leave[0]):
        if merged and (merged[-1][1] is None or start <= merged[-1][1]):
            if merged[-1][1] is not None:
                merged[-1][1] = None if end is None else max(merged[-1][1], end)
            continue
        merged.append([start, end])
    return [(start, end) for start, end in merged]


def paused_due(start: datetime.date, due: datetime.date,
               leaves: Sequence[Leave]) -> datetime.date | None:
    """The due date of a clock that starts on `start` and runs `due - start` days of work:
    every day on leave in between moves it a day later. None while open-ended leave holds
    the clock (nobody knows yet when it will be due)."""
    remaining = (due - start).days
    cursor = start
    for leave_start, leave_end in merged_leave(leaves):
        if leave_end is not None and leave_end <= cursor:
            continue
        if leave_start > cursor:
            gap = (leave_start - cursor).days
            if gap >= remaining:
                return cursor + datetime.timedelta(days=remaining)
            remaining -= gap
        if leave_end is None:
            return None
        cursor = max(cursor, leave_end)
    return cursor + datetime.timedelta(days=remaining)


def on_leave(leaves: Sequence[Leave], day: datetime.date) -> bool:
    return any(start <= day and (end is None or day < end) for start, end in leaves)


def program_year(day: datetime.date, start_month: int = 7,
                 start_day: int = 1) -> tuple[datetime.date, datetime.date]:
    """(first day, first day of the next) of the program year holding `day`: the same
    rule as `Department.program_year`, without the department."""
    start = datetime.date(day.year, start_month, start_day)
    if start > day:
        start = start.replace(year=day.year - 1)
    return start, start.replace(year=start.year + 1)


def review_due_in(year: tuple[datetime.date, datetime.date], rules: Rules) -> datetime.date:
    """The first `review_due_month`/`review_due_day` on or after the year's first day (the
    day clamped to the month's length), kept inside the year."""
    first, next_first = year
    for year_number in (first.year, first.year + 1):
        last = calendar.monthrange(year_number, rules.review_due_month)[1]
        day = datetime.date(year_number, rules.review_due_month,
                            min(rules.review_due_day, last))
        if first <= day < next_first:
            return day
    return next_first - datetime.timedelta(days=1)


def _ended(due: datetime.date, departed_on: datetime.date | None) -> bool:
    return departed_on is not None and departed_on <= due


def _state(*, on: datetime.date, opens: datetime.date, due: datetime.date | None,
           overdue_from: datetime.date | None, done_on: datetime.date | None,
           departed_on: datetime.date | None) -> str:
    if done_on is not None:
        return State.DONE
    if due is None:
        return State.PAUSED
    if _ended(due, departed_on):
        return State.ENDED
    if on < opens:
        return State.NOT_YET
    return State.OVERDUE if overdue_from is not None and on >= overdue_from else State.DUE


def checkin_obligation(*, appointed: datetime.date, on: datetime.date, rules: Rules,
                       leaves: Sequence[Leave] = (), done_on: datetime.date | None = None,
                       departed_on: datetime.date | None = None,
                       asked_for_years: int | None = None) -> Obligation:
    """The 1.5-year check-in. Asked of people appointed fewer than `asked_for_years` ago
    (the department's early-career span): nobody is chased for it at year twenty."""
    if (done_on is None and asked_for_years is not None
            and whole_years_between(appointed, on) >= asked_for_years):
        return Obligation(Kind.CHECKIN, State.NOT_REQUIRED, None)
    due = paused_due(appointed, add_months(appointed, rules.checkin_after_months), leaves)
    opens = (due - datetime.timedelta(days=rules.checkin_window_before_days)) if due else on
    overdue = (due + datetime.timedelta(days=rules.checkin_window_after_days + 1)
               if due else None)
    state = _state(on=on, opens=opens, due=due, overdue_from=overdue, done_on=done_on,
                   departed_on=departed_on)
    return Obligation(Kind.CHECKIN, state, due, opens_on=opens if due else None,
                      done_on=done_on)


def review_obligation(*, appointed: datetime.date, on: datetime.date, rules: Rules,
                      year: tuple[datetime.date, datetime.date],
                      leaves: Sequence[Leave] = (), done_on: datetime.date | None = None,
                      departed_on: datetime.date | None = None) -> Obligation:
    """The annual review of the program year `year` (the one holding `on`, usually)."""
    nominal = review_due_in(year, rules)
    if add_months(appointed, rules.review_after_months) > nominal:
        return Obligation(Kind.REVIEW, State.NOT_REQUIRED, None, period=year[0],
                          done_on=done_on)
    due = paused_due(year[0], nominal, leaves)
    state = _state(on=on, opens=year[0], due=due,
                   overdue_from=due + datetime.timedelta(days=1) if due else None,
                   done_on=done_on, departed_on=departed_on)
    return Obligation(Kind.REVIEW, state, due, opens_on=year[0], done_on=done_on,
                      period=year[0])


def plan_obligations(*, appointed: datetime.date, on: datetime.date, rules: Rules,
                     early_career_years: int, leaves: Sequence[Leave] = (),
                     submitted_on: datetime.date | None = None,
                     approved_on: datetime.date | None = None,
                     departed_on: datetime.date | None = None) -> list[Obligation]:
    """The plan submitted, then approved: asked of early-career faculty only."""
    if whole_years_between(appointed, on) >= early_career_years:
        return []
    found = []
    for kind, months, done in ((Kind.PLAN_SUBMITTED, rules.plan_due_months, submitted_on),
                               (Kind.PLAN_APPROVED, rules.plan_approved_months, approved_on)):
        due = paused_due(appointed, add_months(appointed, months), leaves)
        state = _state(on=on, opens=appointed, due=due,
                       overdue_from=due + datetime.timedelta(days=1) if due else None,
                       done_on=done, departed_on=departed_on)
        found.append(Obligation(kind, state, due, opens_on=appointed, done_on=done))
    return found


def orientation_obligation(*, appointed: datetime.date, on: datetime.date,
                           attended_on: datetime.date | None,
                           departed_on: datetime.date | None = None) -> Obligation:
    """programs' rule (`obligation_for`), in this module's terms."""
    from programs.selectors.development import obligation_for

    rule = obligation_for(appointed, attended_on, on)
    state = {"met": State.DONE, "due": State.DUE, "overdue": State.OVERDUE,
             "not_required": State.NOT_REQUIRED}[rule.status]
    if state in State.OPEN and _ended(rule.due_by, departed_on):
        state = State.ENDED
    return Obligation(Kind.ORIENTATION, state, rule.due_by, opens_on=appointed,
                      done_on=attended_on)


def months_between(earlier: datetime.date, later: datetime.date) -> int:
    """Whole months from `earlier` to `later` (0 if later is not after)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)
