"""The cohort solver against brute force on small random instances: optimal (same
matched count, same total score), never a forbidden pair, never over a capacity, and
never worse than the greedy baseline."""

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matching.solver import solve_greedy, solve_optimal


@st.composite
def instances(draw):
    n_mentees = draw(st.integers(0, 5))
    n_mentors = draw(st.integers(0, 4))
    cells = st.one_of(st.none(), st.integers(0, 20).map(float),
                      st.floats(0, 100, allow_nan=False, allow_infinity=False))
    rows = draw(st.lists(st.lists(cells, min_size=n_mentors, max_size=n_mentors),
                         min_size=n_mentees, max_size=n_mentees))
    scores = np.full((n_mentees, n_mentors), np.nan)
    for i, row in enumerate(rows):
        for j, cell in enumerate(row):
            if cell is not None:
                scores[i, j] = cell
    capacities = draw(st.lists(st.integers(0, 3), min_size=n_mentors, max_size=n_mentors))
    return scores, capacities


def brute_force(scores, capacities):
    """The best (matched, total) over every way to give each mentee a mentor or none."""
    n_mentees, n_mentors = scores.shape
    best = (0, 0.0)
    for choice in itertools.product([None, *range(n_mentors)], repeat=n_mentees):
        load = [0] * n_mentors
        total, matched, ok = 0.0, 0, True
        for mentee, mentor in enumerate(choice):
            if mentor is None:
                continue
            if math.isnan(scores[mentee, mentor]):
                ok = False
                break
            load[mentor] += 1
            matched += 1
            total += scores[mentee, mentor]
        fits = ok and all(load[j] <= capacities[j] for j in range(n_mentors))
        if fits and (matched, total) > (best[0], best[1] + 1e-9):
            best = (matched, total)
    return best


def assert_feasible(assignment, scores, capacities):
    for mentee, mentor in assignment.pairs.items():
        assert not math.isnan(scores[mentee, mentor]), "a hard rule was broken"
    assert all(load <= cap for load, cap in zip(assignment.load(len(capacities)), capacities,
                                                 strict=True))


@settings(max_examples=300, deadline=None)
@given(instances())
def test_it_matches_brute_force_on_count_then_total(instance):
    scores, capacities = instance
    result = solve_optimal(scores, capacities)
    assert_feasible(result, scores, capacities)
    matched, total = brute_force(scores, capacities)
    assert result.matched == matched
    assert result.total_score == pytest.approx(total, abs=1e-6)


@settings(max_examples=300, deadline=None)
@given(instances())
def test_it_is_never_worse_than_greedy(instance):
    scores, capacities = instance
    optimal = solve_optimal(scores, capacities)
    greedy = solve_greedy(scores, capacities)
    assert_feasible(greedy, scores, capacities)
    assert optimal.matched >= greedy.matched
    if optimal.matched == greedy.matched:
        assert optimal.total_score >= greedy.total_score - 1e-6


def test_one_more_match_beats_a_higher_score():
    # Mentee 0 scores 100 with mentor 0 but could also take mentor 1; mentee 1 can only
    # take mentor 0. Greedy gives mentor 0 to mentee 0 and leaves mentee 1 out.
    scores = np.array([[100.0, 1.0], [5.0, np.nan]])
    optimal = solve_optimal(scores, [1, 1])
    greedy = solve_greedy(scores, [1, 1])
    assert optimal.pairs == {0: 1, 1: 0}
    assert greedy.pairs == {0: 0}


def test_a_capacity_of_two_takes_two_mentees():
    scores = np.array([[9.0], [8.0], [7.0]])
    result = solve_optimal(scores, [2])
    assert result.pairs == {0: 0, 1: 0}
    assert result.total_score == 17.0


def test_bad_input_is_refused():
    with pytest.raises(ValueError):
        solve_optimal(np.array([[1.0]]), [1, 2])
    with pytest.raises(ValueError):
        solve_optimal(np.array([[-1.0]]), [1])
