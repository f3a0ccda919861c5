"""How well a mentor fits a mentee: a weighted score, every part explained in words.

Pure Python on small frozen facts (no database), so the recommendation selector, the
cohort service and the benchmarks score the same way. Hard rules are not here: a pair
that breaks one is never scored (matching/eligibility.py).

Every part earns between 0 and its weight; the score is their sum, out of the sum of
the weights. The identity part is written for facilitators and program admins only
(the `private` flag): it never names a value, and pages for the mentee or the mentor
leave it out.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Weights:
    """Points for each part; program admins edit them (matching.models.ScoreWeights)."""

    topics: float = 40
    position: float = 15
    career_gap: float = 15
    site: float = 10
    identity: float = 10
    newcomer: float = 10

    @property
    def total(self) -> float:
        return (self.topics + self.position + self.career_gap + self.site + self.identity
                + self.newcomer)


BUDDY_WEIGHTS = Weights(topics=0, position=40, career_gap=10, site=40, identity=0,
                        newcomer=10)
"""Buddies are matched lightly, on site and position (issue 9, Buddies)."""


@dataclass(frozen=True)
class MenteeFacts:
    id: int
    topic_ids: tuple[int, ...] = ()  # in priority order, first is most important
    position_id: int | None = None
    position_name: str = ""
    appointment_date: datetime.date | None = None
    site_id: int | None = None
    site_name: str = ""
    wants_same_site: bool = False
    # Opt-ins: the mentee's own consented value, present only when they asked to be
    # matched on it.
    gender: str = ""
    race_ethnicity: str = ""
    newcomer: bool = False  # new to the country or province
    trained_elsewhere: bool = False


@dataclass(frozen=True)
class MentorFacts:
    id: int
    topic_ids: frozenset[int] = frozenset()
    position_id: int | None = None
    position_name: str = ""
    appointment_date: datetime.date | None = None
    site_ids: frozenset[int] = frozenset()  # their own site and the sites they meet at
    gender: str = ""  # the mentor's own consented values only, "" otherwise
    race_ethnicity: str = ""
    newcomer: bool = False
    trained_elsewhere: bool = False


@dataclass(frozen=True)
class ScorePart:
    key: str
    label: str
    points: float
    out_of: float
    words: str
    private: bool = False  # facilitators and program admins only


@dataclass(frozen=True)
class Score:
    parts: tuple[ScorePart, ...] = field(default_factory=tuple)

    @property
    def exact(self) -> float:
        """The unrounded sum: what the cohort solver maximises (`score_matrix`)."""
        return sum(part.points for part in self.parts)

    @property
    def total(self) -> float:
        return round(self.exact, 1)

    @property
    def out_of(self) -> float:
        return round(sum(part.out_of for part in self.parts), 1)

    def public_parts(self) -> tuple[ScorePart, ...]:
        return tuple(part for part in self.parts if not part.private)

    def summary(self, *, private: bool = False) -> str:
        parts = self.parts if private else self.public_parts()
        return "; ".join(part.words for part in parts if part.out_of)


def _years_between(start: datetime.date | None, on: datetime.date) -> float:
    if start is None:
        return 0.0
    return max(0.0, (on - start).days / 365.25)


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def topics_part(mentee: MenteeFacts, mentor: MentorFacts, weight: float,
                topic_names: dict[int, str]) -> ScorePart:
    """Coverage weighted by priority: with n topics the first weighs n, the last 1."""
    wanted = mentee.topic_ids
    if not wanted:
        return ScorePart("topics", "Topics", 0.0, weight,
                         "no topics to match yet (the mentee has not listed any)")
    n = len(wanted)
    weights = [n - rank for rank in range(n)]
    covered = [topic in mentor.topic_ids for topic in wanted]
    share = sum(w for w, hit in zip(weights, covered, strict=True) if hit) / sum(weights)
    hits = sum(covered)
    first = topic_names.get(wanted[0], "your first topic")
    if hits == 0:
        words = f"covers none of your {_count(n, 'topic')}"
    elif covered[0]:
        words = (f"covers {hits} of your {_count(n, 'topic')}, including your first: {first}"
                 if n > 1 else f"covers your topic: {first}")
        if hits == n and n > 1:
            every = "both" if n == 2 else f"all {n} of"
            words = f"covers {every} your topics, including your first: {first}"
    else:
        names = ", ".join(topic_names.get(t, "?") for t, hit in zip(wanted, covered,
                                                                    strict=True) if hit)
        words = f"covers {hits} of your {_count(n, 'topic')} ({names}), not your first: {first}"
    return ScorePart("topics", "Topics", weight * share, weight, words)


def position_part(mentee: MenteeFacts, mentor: MentorFacts, weight: float) -> ScorePart:
    if mentee.position_id is not None and mentee.position_id == mentor.position_id:
        return ScorePart("position", "Position", weight, weight,
                         f"also a {mentor.position_name.lower() or 'colleague in your position'}")
    return ScorePart("position", "Position", 0.0, weight,
                     f"a {mentor.position_name.lower() or 'different position'}, "
                     f"not a {mentee.position_name.lower() or 'match for your position'}")


# Ten to twenty-five years further on is the sweet spot: far enough to have been
# through it, near enough to remember it.
GAP_FULL_FROM, GAP_FULL_TO = 10.0, 25.0


def career_gap_part(mentee: MenteeFacts, mentor: MentorFacts, weight: float,
                    on: datetime.date) -> ScorePart:
    gap = _years_between(mentor.appointment_date, on) - _years_between(
        mentee.appointment_date, on)
    whole = round(gap)
    if gap <= 0:
        share, words = 0.0, "no further into their career than you"
    elif gap < GAP_FULL_FROM:
        share = gap / GAP_FULL_FROM
        words = f"{_count(whole, 'year')} further into their career (ten or more scores best)"
    elif gap <= GAP_FULL_TO:
        share, words = 1.0, f"{_count(whole, 'year')} further into their career"
    else:
        share = max(0.5, 1.0 - (gap - GAP_FULL_TO) / 20.0)
        words = f"{_count(whole, 'year')} further into their career (a wide gap)"
    return ScorePart("career_gap", "Career stage", weight * share, weight, words)


def site_part(mentee: MenteeFacts, mentor: MentorFacts, weight: float) -> ScorePart:
    where = mentee.site_name or "your site"
    if mentee.site_id is not None and mentee.site_id in mentor.site_ids:
        return ScorePart("site", "Site", weight, weight, f"meets at your site ({where})")
    if mentee.wants_same_site:
        return ScorePart("site", "Site", 0.0, weight,
                         f"does not meet at your site ({where}), which you asked for")
    # Not asked for: a different site costs half, since meeting is harder.
    return ScorePart("site", "Site", weight / 2, weight,
                     f"does not meet at your site ({where})")


def identity_part(mentee: MenteeFacts, mentor: MentorFacts, weight: float) -> ScorePart:
    """Only for opted-in wishes, only against the mentor's own consented values, and in
    words that name no value."""
    asked = [(label, mine, theirs) for label, mine, theirs in (
        ("gender", mentee.gender, mentor.gender),
        ("racial or ethnic identity", mentee.race_ethnicity, mentor.race_ethnicity),
    ) if mine.strip()]
    if not asked:
        return ScorePart("identity", "Identity", 0.0, 0.0, "", private=True)
    shared = [label for label, mine, theirs in asked
              if theirs and theirs.strip().casefold() == mine.strip().casefold()]
    share = len(shared) / len(asked)
    if shared:
        words = "shares the " + " and ".join(shared) + " the mentee asked to be matched on"
    else:
        words = "does not share the identity the mentee asked to be matched on"
    return ScorePart("identity", "Identity (opt-in)", weight * share, weight, words,
                     private=True)


def newcomer_part(mentee: MenteeFacts, mentor: MentorFacts, weight: float) -> ScorePart:
    """A bonus when a newcomer, or someone trained elsewhere, meets a mentor who came
    the same way."""
    if not (mentee.newcomer or mentee.trained_elsewhere):
        return ScorePart("newcomer", "Newcomer", 0.0, 0.0, "")
    if mentee.newcomer and mentor.newcomer:
        return ScorePart("newcomer", "Newcomer", weight, weight,
                         "like you, came here from another country or province")
    if mentee.trained_elsewhere and mentor.trained_elsewhere:
        return ScorePart("newcomer", "Newcomer", weight, weight,
                         "like you, trained at another institution")
    return ScorePart("newcomer", "Newcomer", 0.0, weight,
                     "did not come here from elsewhere as you did")


def score(
    mentee: MenteeFacts,
    mentor: MentorFacts,
    *,
    weights: Weights,
    topic_names: dict[int, str],
    on: datetime.date,
) -> Score:
    parts = [
        topics_part(mentee, mentor, weights.topics, topic_names),
        position_part(mentee, mentor, weights.position),
        career_gap_part(mentee, mentor, weights.career_gap, on),
        site_part(mentee, mentor, weights.site),
        identity_part(mentee, mentor, weights.identity),
        newcomer_part(mentee, mentor, weights.newcomer),
    ]
    return Score(parts=tuple(part for part in parts if part.out_of))


def ranked(
    mentee: MenteeFacts,
    mentors: Sequence[MentorFacts],
    *,
    weights: Weights,
    topic_names: dict[int, str],
    on: datetime.date,
) -> list[tuple[MentorFacts, Score]]:
    """Mentors best first; ties by id, so the order is stable."""
    scored = [(mentor, score(mentee, mentor, weights=weights, topic_names=topic_names, on=on))
              for mentor in mentors]
    scored.sort(key=lambda pair: (-pair[1].total, pair[0].id))
    return scored


# --- The same score for a whole cohort at once ---------------------------------------------
# A cohort run scores every mentee against every mentor (a million pairs for 1,000 × 1,000):
# the parts above, part for part, as NumPy arrays. Only the totals; the words are written
# for the pairs chosen. tests/matching/test_scoring.py checks it equals `score(...).exact`.


def _years(dates, on: datetime.date) -> np.ndarray:
    return np.array([0.0 if d is None else max(0.0, (on - d).days / 365.25) for d in dates])


def _codes(values: Sequence[str], table: dict[str, int]) -> np.ndarray:
    """Casefolded strings as integers; "" is -1, which matches nothing."""
    out = []
    for value in values:
        key = value.strip().casefold()
        out.append(-1 if not key else table.setdefault(key, len(table)))
    return np.array(out, dtype=int)


def score_matrix(mentees: Sequence[MenteeFacts], mentors: Sequence[MentorFacts], *,
                 weights: Weights, on: datetime.date) -> np.ndarray:
    """scores[i, j] = score(mentees[i], mentors[j]).exact, for every pair."""
    n, m = len(mentees), len(mentors)
    if n == 0 or m == 0:
        return np.zeros((n, m))
    total = np.zeros((n, m))
    # Topics: coverage weighted by priority (the first of k weighs k, the last 1).
    topic_ids = sorted({t for e in mentees for t in e.topic_ids}
                       | {t for r in mentors for t in r.topic_ids})
    column = {t: k for k, t in enumerate(topic_ids)}
    wanted = np.zeros((n, len(topic_ids)))
    for i, mentee in enumerate(mentees):
        k = len(mentee.topic_ids)
        for rank, topic in enumerate(mentee.topic_ids):
            wanted[i, column[topic]] = (k - rank) / (k * (k + 1) / 2)
    offered = np.zeros((m, len(topic_ids)))
    for j, mentor in enumerate(mentors):
        for topic in mentor.topic_ids:
            offered[j, column[topic]] = 1.0
    total += weights.topics * (wanted @ offered.T)
    # Position.
    positions = {}
    mine = _codes([str(e.position_id or "") for e in mentees], positions)
    theirs = _codes([str(r.position_id or "") for r in mentors], positions)
    total += weights.position * ((mine[:, None] == theirs[None, :]) & (mine[:, None] >= 0))
    # Career gap.
    gap = _years([r.appointment_date for r in mentors], on)[None, :] - _years(
        [e.appointment_date for e in mentees], on)[:, None]
    share = np.where(gap <= 0, 0.0, np.where(
        gap < GAP_FULL_FROM, gap / GAP_FULL_FROM, np.where(
            gap <= GAP_FULL_TO, 1.0, np.maximum(0.5, 1.0 - (gap - GAP_FULL_TO) / 20.0))))
    total += weights.career_gap * share
    # Site: met at the mentee's site, else half unless the mentee asked for their site.
    site_ids = sorted({s for r in mentors for s in r.site_ids}
                      | {e.site_id for e in mentees if e.site_id is not None})
    site_column = {s: k for k, s in enumerate(site_ids)}
    meets = np.zeros((m, len(site_ids)), dtype=bool)
    for j, mentor in enumerate(mentors):
        for site in mentor.site_ids:
            meets[j, site_column[site]] = True
    same = np.zeros((n, m), dtype=bool)
    for i, mentee in enumerate(mentees):
        if mentee.site_id is not None:
            same[i] = meets[:, site_column[mentee.site_id]]
    strict = np.array([e.wants_same_site for e in mentees])[:, None]
    total += np.where(same, weights.site, np.where(strict, 0.0, weights.site / 2))
    # Identity: only opted-in wishes, against mentors' own consented values.
    table: dict[str, int] = {}
    g_mine = _codes([e.gender for e in mentees], table)
    g_theirs = _codes([r.gender for r in mentors], table)
    r_mine = _codes([e.race_ethnicity for e in mentees], table)
    r_theirs = _codes([r.race_ethnicity for r in mentors], table)
    asked = (g_mine >= 0).astype(float) + (r_mine >= 0).astype(float)
    shared = (((g_mine[:, None] == g_theirs[None, :]) & (g_mine[:, None] >= 0)).astype(float)
              + ((r_mine[:, None] == r_theirs[None, :]) & (r_mine[:, None] >= 0)))
    total += weights.identity * np.divide(shared, asked[:, None],
                                          out=np.zeros((n, m)), where=asked[:, None] > 0)
    # Newcomers with a mentor who came the same way.
    new_mine = np.array([e.newcomer for e in mentees])[:, None]
    new_theirs = np.array([r.newcomer for r in mentors])[None, :]
    else_mine = np.array([e.trained_elsewhere for e in mentees])[:, None]
    else_theirs = np.array([r.trained_elsewhere for r in mentors])[None, :]
    total += weights.newcomer * ((new_mine & new_theirs) | (else_mine & else_theirs))
    return total
