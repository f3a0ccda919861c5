"""Scores and their words: each part earns up to its weight and says why."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from matching.scoring import (
    BUDDY_WEIGHTS,
    MenteeFacts,
    MentorFacts,
    Weights,
    ranked,
    score,
    score_matrix,
)

ON = datetime.date(2026, 9, 1)
NAMES = {1: "grant writing", 2: "teaching", 3: "leadership", 4: "wellness"}


def mentee(**kw):
    base = dict(id=1, topic_ids=(1, 2, 3, 4), position_id=10, position_name="Clinician teacher",
                appointment_date=datetime.date(2026, 7, 1), site_id=5, site_name="General")
    return MenteeFacts(**{**base, **kw})


def mentor(**kw):
    base = dict(id=2, topic_ids=frozenset({1, 2, 3}), position_id=10,
                position_name="Clinician teacher", appointment_date=datetime.date(2012, 7, 1),
                site_ids=frozenset({5}))
    return MentorFacts(**{**base, **kw})


def test_it_says_how_many_topics_and_names_the_first():
    result = score(mentee(), mentor(), weights=Weights(), topic_names=NAMES, on=ON)
    topics = result.parts[0]
    assert topics.words == "covers 3 of your 4 topics, including your first: grant writing"
    assert topics.points == 36.0  # (4 + 3 + 2) / 10 of 40


def test_missing_the_first_topic_says_so():
    result = score(mentee(), mentor(topic_ids=frozenset({2})), weights=Weights(),
                   topic_names=NAMES, on=ON)
    assert result.parts[0].words == (
        "covers 1 of your 4 topics (teaching), not your first: grant writing")


def test_position_career_gap_and_site_are_explained():
    words = score(mentee(), mentor(), weights=Weights(), topic_names=NAMES, on=ON).summary()
    assert "also a clinician teacher" in words
    assert "14 years further into their career" in words
    assert "meets at your site (General)" in words


def test_identity_counts_only_when_asked_and_never_names_the_value():
    plain = score(mentee(), mentor(gender="Woman"), weights=Weights(), topic_names=NAMES, on=ON)
    assert all(part.key != "identity" for part in plain.parts)
    asked = score(mentee(gender="woman"), mentor(gender="Woman"), weights=Weights(),
                  topic_names=NAMES, on=ON)
    identity = next(part for part in asked.parts if part.key == "identity")
    assert identity.points == 10 and identity.private
    assert "oman" not in identity.words
    assert "identity" not in asked.summary()  # the private part is left out by default
    unconsented = score(mentee(gender="woman"), mentor(gender=""), weights=Weights(),
                        topic_names=NAMES, on=ON)
    assert next(p for p in unconsented.parts if p.key == "identity").points == 0


def test_newcomers_get_a_bonus_with_a_mentor_who_came_the_same_way():
    result = score(mentee(newcomer=True), mentor(newcomer=True), weights=Weights(),
                   topic_names=NAMES, on=ON)
    assert next(p for p in result.parts if p.key == "newcomer").points == 10


def test_buddies_weigh_site_and_position():
    result = score(mentee(), mentor(topic_ids=frozenset()), weights=BUDDY_WEIGHTS,
                   topic_names=NAMES, on=ON)
    assert {p.key for p in result.parts} == {"position", "career_gap", "site"}


def test_ranked_is_best_first_and_stable():
    a, b = mentor(id=7), mentor(id=3, topic_ids=frozenset())
    order = ranked(mentee(), [b, a], weights=Weights(), topic_names=NAMES, on=ON)
    assert [m.id for m, _ in order] == [7, 3]


@given(st.lists(st.integers(1, 4), unique=True, max_size=4),
       st.sets(st.integers(1, 4)), st.integers(0, 40), st.booleans())
def test_every_part_stays_within_its_weight(wanted, offered, years, same_site):
    result = score(
        mentee(topic_ids=tuple(wanted), wants_same_site=same_site),
        mentor(topic_ids=frozenset(offered),
               appointment_date=datetime.date(2026 - years, 1, 1)),
        weights=Weights(), topic_names=NAMES, on=ON)
    for part in result.parts:
        assert 0 <= part.points <= part.out_of
        assert part.words
    assert 0 <= result.total <= Weights().total


DATES = st.dates(min_value=datetime.date(1980, 1, 1), max_value=ON)
IDENTITIES = st.sampled_from(["", "Woman", "woman ", "Man", "Black", "South Asian"])


@st.composite
def mentee_facts(draw, id):
    return MenteeFacts(
        id=id, topic_ids=tuple(draw(st.lists(st.integers(1, 6), unique=True, max_size=4))),
        position_id=draw(st.sampled_from([None, 10, 11])), position_name="Teacher",
        appointment_date=draw(DATES), site_id=draw(st.sampled_from([None, 5, 6])),
        site_name="General", wants_same_site=draw(st.booleans()),
        gender=draw(IDENTITIES), race_ethnicity=draw(IDENTITIES),
        newcomer=draw(st.booleans()), trained_elsewhere=draw(st.booleans()))


@st.composite
def mentor_facts(draw, id):
    return MentorFacts(
        id=id, topic_ids=frozenset(draw(st.sets(st.integers(1, 6), max_size=4))),
        position_id=draw(st.sampled_from([None, 10, 11])), position_name="Teacher",
        appointment_date=draw(DATES), site_ids=frozenset(draw(st.sets(st.sampled_from([5, 6, 7])))),
        gender=draw(IDENTITIES), race_ethnicity=draw(IDENTITIES),
        newcomer=draw(st.booleans()), trained_elsewhere=draw(st.booleans()))


@given(st.data(), st.integers(1, 4), st.integers(1, 4))
def test_the_cohort_matrix_is_the_same_score_pair_by_pair(data, n, m):
    mentees = [data.draw(mentee_facts(i)) for i in range(n)]
    mentors = [data.draw(mentor_facts(100 + j)) for j in range(m)]
    weights = Weights(topics=40, position=15, career_gap=15, site=10, identity=10, newcomer=10)
    matrix = score_matrix(mentees, mentors, weights=weights, on=ON)
    for i, mentee in enumerate(mentees):
        for j, mentor in enumerate(mentors):
            expected = score(mentee, mentor, weights=weights, topic_names=NAMES, on=ON).exact
            assert abs(matrix[i, j] - expected) < 1e-9, (mentee, mentor)
