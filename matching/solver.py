"""Cohort assignment: who mentors whom across a whole intake at once.

Pure Python and NumPy, no database: the cohort service builds a score matrix (one row
per mentee, one column per mentor, NaN where a hard rule forbids the pair) and the
mentors' free capacities, and this module answers with pairs.

`solve_optimal` is lexicographic: first the largest number of mentees matched that the
rules and capacities allow, then, among those assignments, the highest total score. It
is SciPy's `linear_sum_assignment` (a maintained shortest-augmenting-path solver) on a
matrix where each mentor is expanded into one column per free slot, and every allowed
pair is worth `MATCH_BONUS + score`. The bonus is larger than any total score the
whole cohort could reach, so one more match always beats any gain in score.

`solve_greedy` is the baseline shown beside it: each mentee in turn takes the best
mentor who still has a free slot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment


@dataclass(frozen=True)
class Assignment:
    """Pairs as {mentee row: mentor column}; a mentee left out is unmatched."""

    pairs: dict[int, int]
    total_score: float

    @property
    def matched(self) -> int:
        return len(self.pairs)

    def load(self, n_mentors: int) -> list[int]:
        counts = [0] * n_mentors
        for mentor in self.pairs.values():
            counts[mentor] += 1
        return counts


def _checked(scores: np.ndarray, capacities: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    scores = np.asarray(scores, dtype=float)
    if scores.ndim != 2:
        raise ValueError("scores must be a mentees × mentors matrix")
    capacity = np.asarray(capacities, dtype=int).reshape(-1)
    if capacity.shape[0] != scores.shape[1]:
        raise ValueError("one capacity per mentor column")
    if (capacity < 0).any():
        raise ValueError("a capacity cannot be negative")
    allowed = ~np.isnan(scores)
    if (scores[allowed] < 0).any():
        raise ValueError("scores must be zero or more")
    return scores, capacity


def _total(scores: np.ndarray, pairs: dict[int, int]) -> float:
    return float(sum(scores[row, col] for row, col in pairs.items()))


def solve_optimal(scores: np.ndarray, capacities: Sequence[int]) -> Assignment:
    """The most mentees matched, then the highest total score, within capacities.

    `scores[i, j]` is mentee i's score with mentor j (zero or more), NaN when a hard rule
    forbids the pair. `capacities[j]` is how many more mentees mentor j can take.
    """
    scores, capacity = _checked(scores, capacities)
    n_mentees, n_mentors = scores.shape
    allowed = ~np.isnan(scores)
    # A mentor needs no more slots than the mentees allowed to them: fewer columns,
    # same optimum (slots of one mentor are interchangeable).
    slots = np.minimum(capacity, allowed.sum(axis=0))
    if n_mentees == 0 or slots.sum() == 0:
        return Assignment(pairs={}, total_score=0.0)
    # One more match must outweigh any total score: larger than every row's best score
    # summed (the most a whole assignment's score can differ by).
    best_per_row = np.where(allowed, scores, 0.0).max(axis=1)
    match_bonus = float(best_per_row.sum()) + 1.0
    column_mentor = np.repeat(np.arange(n_mentors), slots)
    # Forbidden pairs cost 0, the same as staying unmatched: the solver may park a
    # mentee there when nothing better exists, and such a cell is dropped below.
    value = np.where(allowed, match_bonus + np.nan_to_num(scores), 0.0)
    cost = -value[:, column_mentor]
    rows, cols = linear_sum_assignment(cost)
    pairs = {
        int(row): int(column_mentor[col])
        for row, col in zip(rows, cols, strict=True)
        if allowed[row, column_mentor[col]]
    }
    return Assignment(pairs=pairs, total_score=_total(scores, pairs))


def solve_greedy(
    scores: np.ndarray, capacities: Sequence[int], order: Sequence[int] | None = None
) -> Assignment:
    """Each mentee in turn (in `order`, default row order) takes the best allowed mentor
    who still has a free slot; ties go to the lower column."""
    scores, capacity = _checked(scores, capacities)
    free = capacity.copy()
    pairs: dict[int, int] = {}
    rows = range(scores.shape[0]) if order is None else order
    for row in rows:
        candidates = np.where(~np.isnan(scores[row]) & (free > 0), scores[row], -np.inf)
        if candidates.size == 0 or not np.isfinite(candidates.max()):
            continue
        best = int(np.argmax(candidates))
        pairs[int(row)] = best
        free[best] -= 1
    return Assignment(pairs=pairs, total_score=_total(scores, pairs))
