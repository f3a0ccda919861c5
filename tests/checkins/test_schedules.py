"""checkins.schedules: obligations from the appointment date, at their boundaries."""

import datetime

import pytest

from checkins.schedules import (
    Kind,
    Rules,
    State,
    add_months,
    checkin_obligation,
    merged_leave,
    orientation_obligation,
    paused_due,
    plan_obligations,
    program_year,
    review_due_in,
    review_obligation,
)

D = datetime.date
RULES = Rules()


@pytest.mark.parametrize(("day", "months", "expected"), [
    (D(2024, 2, 29), 18, D(2025, 8, 29)),
    (D(2024, 2, 29), 12, D(2025, 2, 28)),  # no 29 February in 2025
    (D(2024, 2, 29), 48, D(2028, 2, 29)),
    (D(2023, 8, 31), 18, D(2025, 2, 28)),
    (D(2023, 12, 15), 1, D(2024, 1, 15)),
])
def test_months_are_added_calendar_wise_and_a_missing_day_becomes_the_months_last(
        day, months, expected):
    assert add_months(day, months) == expected


def test_a_29_february_appointment_is_checked_in_on_29_august_a_year_and_a_half_later():
    due = checkin_obligation(appointed=D(2024, 2, 29), on=D(2025, 6, 1), rules=RULES)
    assert due.due_on == D(2025, 8, 29)
    assert due.opens_on == D(2025, 6, 30)
    assert due.state == State.NOT_YET
    assert checkin_obligation(appointed=D(2024, 2, 29), on=D(2025, 6, 30),
                              rules=RULES).state == State.DUE


def test_the_checkin_window_opens_before_and_turns_overdue_after_the_due_date():
    appointed = D(2024, 1, 10)  # due 10 July 2025
    state = lambda on: checkin_obligation(appointed=appointed, on=on, rules=RULES).state  # noqa: E731
    assert state(D(2025, 5, 10)) == State.NOT_YET
    assert state(D(2025, 5, 11)) == State.DUE  # 60 days before
    assert state(D(2025, 10, 8)) == State.DUE  # the 90th day after
    assert state(D(2025, 10, 9)) == State.OVERDUE


def test_a_checkin_held_is_done_whatever_the_date():
    done = checkin_obligation(appointed=D(2020, 1, 1), on=D(2026, 1, 1), rules=RULES,
                              done_on=D(2021, 7, 2))
    assert done.state == State.DONE


def test_leave_moves_the_checkin_by_the_days_taken():
    leave = [(D(2024, 9, 1), D(2024, 12, 1))]  # 91 days
    due = checkin_obligation(appointed=D(2024, 1, 10), on=D(2025, 1, 1), rules=RULES,
                             leaves=leave)
    assert due.due_on == D(2025, 7, 10) + datetime.timedelta(days=91)


def test_open_ended_leave_pauses_the_clock():
    paused = checkin_obligation(appointed=D(2024, 1, 10), on=D(2025, 9, 1), rules=RULES,
                                leaves=[(D(2025, 3, 1), None)])
    assert paused.state == State.PAUSED and paused.due_on is None


def test_departure_ends_what_was_not_yet_due():
    ended = checkin_obligation(appointed=D(2024, 1, 10), on=D(2025, 9, 1), rules=RULES,
                               departed_on=D(2025, 6, 30))
    assert ended.state == State.ENDED


@pytest.mark.parametrize(("day", "year"), [
    (D(2026, 6, 30), (D(2025, 7, 1), D(2026, 7, 1))),
    (D(2026, 7, 1), (D(2026, 7, 1), D(2027, 7, 1))),  # the rollover
    (D(2027, 1, 1), (D(2026, 7, 1), D(2027, 7, 1))),
])
def test_the_program_year_rolls_over_on_1_july(day, year):
    assert program_year(day) == year
    assert review_due_in(year, RULES) == year[1] - datetime.timedelta(days=1)


def test_the_review_of_a_year_is_owed_from_its_first_day_and_overdue_after_30_june():
    year = program_year(D(2026, 3, 1))
    review = lambda on: review_obligation(  # noqa: E731
        appointed=D(2010, 1, 1), on=on, rules=RULES, year=year)
    assert review(D(2025, 7, 1)).state == State.DUE
    assert review(D(2026, 6, 30)).state == State.DUE
    assert review(D(2026, 6, 30)).due_on == D(2026, 6, 30)
    assert review(D(2026, 7, 1)).state == State.OVERDUE
    # The next day is also the first of the next year: a new review is owed, nothing done.
    following = review_obligation(appointed=D(2010, 1, 1), on=D(2026, 7, 1), rules=RULES,
                                  year=program_year(D(2026, 7, 1)))
    assert following.state == State.DUE and following.period == D(2026, 7, 1)


def test_someone_appointed_in_the_last_months_of_a_year_owes_no_review_that_year():
    year = program_year(D(2026, 5, 1))
    late = review_obligation(appointed=D(2026, 4, 1), on=D(2026, 5, 1), rules=RULES,
                             year=year)
    assert late.state == State.NOT_REQUIRED
    early = review_obligation(appointed=D(2026, 3, 30), on=D(2026, 5, 1), rules=RULES,
                              year=year)
    assert early.state == State.DUE


def test_leave_spanning_a_year_end_delays_both_years_reviews_by_their_share():
    leave = [(D(2026, 5, 1), D(2026, 9, 1))]  # 61 days before 1 July, 62 after
    before = review_obligation(appointed=D(2010, 1, 1), on=D(2026, 6, 1), rules=RULES,
                               year=program_year(D(2026, 6, 1)), leaves=leave)
    # The clock stopped on 1 May with 60 days to run (1 May to 30 June): back on 1 September.
    assert before.due_on == D(2026, 9, 1) + datetime.timedelta(days=60)
    after = review_obligation(appointed=D(2010, 1, 1), on=D(2026, 8, 1), rules=RULES,
                              year=program_year(D(2026, 8, 1)), leaves=leave)
    assert after.due_on == D(2027, 6, 30) + datetime.timedelta(days=62)
    assert after.state == State.DUE


def test_a_review_recorded_by_the_old_division_counts_after_a_move():
    """Obligations belong to the person: the review done in October by the old division's
    director settles the year, and nothing is owed to the new director."""
    year = program_year(D(2026, 10, 1))
    moved = review_obligation(appointed=D(2015, 1, 1), on=D(2027, 2, 1), rules=RULES,
                              year=year, done_on=D(2026, 10, 15))
    assert moved.state == State.DONE
    unreviewed = review_obligation(appointed=D(2015, 1, 1), on=D(2027, 2, 1), rules=RULES,
                                   year=year)
    assert unreviewed.state == State.DUE


def test_the_plan_is_submitted_then_approved_and_only_asked_of_early_career_faculty():
    appointed = D(2026, 1, 15)
    submitted, approved = plan_obligations(appointed=appointed, on=D(2026, 8, 1),
                                           rules=RULES, early_career_years=5)
    assert (submitted.kind, submitted.due_on, submitted.state) == (
        Kind.PLAN_SUBMITTED, D(2026, 7, 15), State.OVERDUE)
    assert (approved.kind, approved.due_on, approved.state) == (
        Kind.PLAN_APPROVED, D(2027, 1, 15), State.DUE)
    done = plan_obligations(appointed=appointed, on=D(2026, 8, 1), rules=RULES,
                            early_career_years=5, submitted_on=D(2026, 6, 1))
    assert done[0].state == State.DONE
    assert plan_obligations(appointed=D(2015, 1, 1), on=D(2026, 8, 1), rules=RULES,
                            early_career_years=5) == []


def test_orientation_follows_the_programs_rule():
    assert orientation_obligation(appointed=D(2026, 1, 1), on=D(2026, 6, 1),
                                  attended_on=None).state == State.DUE
    assert orientation_obligation(appointed=D(2026, 1, 1), on=D(2027, 6, 1),
                                  attended_on=None).state == State.OVERDUE
    assert orientation_obligation(appointed=D(2026, 1, 1), on=D(2026, 6, 1),
                                  attended_on=D(2026, 2, 1)).state == State.DONE


def test_leave_periods_that_overlap_are_counted_once():
    assert merged_leave([(D(2025, 3, 1), D(2025, 5, 1)), (D(2025, 1, 1), D(2025, 4, 1))]) == [
        (D(2025, 1, 1), D(2025, 5, 1))]
    assert paused_due(D(2025, 1, 1), D(2025, 1, 11),
                      [(D(2025, 1, 5), D(2025, 1, 7)), (D(2025, 1, 6), D(2025, 1, 8))]
                      ) == D(2025, 1, 14)


def test_the_checkin_is_not_asked_of_someone_appointed_long_ago():
    old = checkin_obligation(appointed=D(2005, 1, 1), on=D(2026, 1, 1), rules=RULES,
                             asked_for_years=5)
    assert old.state == State.NOT_REQUIRED
    recent = checkin_obligation(appointed=D(2023, 1, 1), on=D(2026, 1, 1), rules=RULES,
                                asked_for_years=5)
    assert recent.state == State.OVERDUE
