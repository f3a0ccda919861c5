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
    def total(self) -> float:
        return round(sum(part.points for part in self.parts), 1)

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
    return ScorePart("topics", "Topics", round(weight * share, 1), weight, words)


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
    return ScorePart("career_gap", "Career stage", round(weight * share, 1), weight, words)


def site_part(mentee: MenteeFacts, mentor: MentorFacts, weight: float) -> ScorePart:
    where = mentee.site_name or "your site"
    if mentee.site_id is not None and mentee.site_id in mentor.site_ids:
        return ScorePart("site", "Site", weight, weight, f"meets at your site ({where})")
    if mentee.wants_same_site:
        return ScorePart("site", "Site", 0.0, weight,
                         f"does not meet at your site ({where}), which you asked for")
    # Not asked for: a different site costs half, since meeting is harder.
    return ScorePart("site", "Site", round(weight / 2, 1), weight,
                     f"does not meet at your site ({where})")


def identity_part(mentee: MenteeFacts, mentor: MentorFacts, weight: float) -> ScorePart:
    """Only for opted-in wishes, only against the mentor's own consented values, and in
    words that name no value."""
    asked = [(label, mine, theirs) for label, mine, theirs in (
        ("gender", mentee.gender, mentor.gender),
        ("racial or ethnic identity", mentee.race_ethnicity, mentor.race_ethnicity),
    ) if mine]
    if not asked:
        return ScorePart("identity", "Identity", 0.0, 0.0, "", private=True)
    shared = [label for label, mine, theirs in asked
              if theirs and theirs.strip().casefold() == mine.strip().casefold()]
    share = len(shared) / len(asked)
    if shared:
        words = "shares the " + " and ".join(shared) + " the mentee asked to be matched on"
    else:
        words = "does not share the identity the mentee asked to be matched on"
    return ScorePart("identity", "Identity (opt-in)", round(weight * share, 1), weight, words,
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
