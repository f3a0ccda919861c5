"""Recommendations: who could mentor whom, ranked and explained, and who was left out
and why. Reads for the facilitator workspace, the candidate page and the cohort runs.

Everything is loaded in a fixed number of queries, however many mentees or mentors:
the mentees' needs (two), the department's mentors with their offers and loads (three),
the rules' facts (three), the weights (one). Scoring runs in Python (matching.scoring).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Prefetch

from matching.models import MenteeNeeds, NeedTopic, Proposal, ScoreWeights
from matching.rules import FORMAL, RuleBook, free_slots, mentor_candidates
from matching.scoring import (
    BUDDY_WEIGHTS,
    MenteeFacts,
    MentorFacts,
    Score,
    Weights,
    score,
)
from programs.dates import today
from programs.models import Department, FacultyMember, Topic

SHORTLIST = 10


def weights_for(department: Department) -> Weights:
    row, _ = ScoreWeights.objects.get_or_create(department=department)
    return row.as_weights()


def needs_by_person(people: Iterable[FacultyMember]) -> dict[int, MenteeNeeds]:
    """{faculty id: needs} with topics in priority order (two queries)."""
    return {
        needs.faculty_id: needs
        for needs in MenteeNeeds.objects.filter(faculty__in=[p.pk for p in people])
        .prefetch_related(Prefetch("priorities", queryset=NeedTopic.objects.select_related(
            "topic").order_by("priority")))
    }


def _consented(person: FacultyMember, value: str) -> str:
    return value if person.demographics_consent else ""


def mentee_facts(person: FacultyMember, needs: MenteeNeeds | None) -> MenteeFacts:
    topics = tuple(row.topic_id for row in needs.priorities.all()) if needs else ()
    return MenteeFacts(
        id=person.pk,
        topic_ids=topics,
        position_id=person.position_id,
        position_name=person.position.name,
        appointment_date=person.appointment_date,
        site_id=person.site_id,
        site_name=person.site.name,
        wants_same_site=bool(needs and needs.same_site),
        # Identity is used only when the mentee opted in, and only their own consented
        # value; never shown, only compared.
        gender=_consented(person, person.gender)
        if needs and needs.wants_gender_concordance else "",
        race_ethnicity=_consented(person, person.race_ethnicity)
        if needs and needs.wants_identity_concordance else "",
        newcomer=person.new_to_country,
        trained_elsewhere=not person.trained_here,
    )


def mentor_facts(person: FacultyMember) -> MentorFacts:
    profile = person.mentor_profile
    return MentorFacts(
        id=person.pk,
        topic_ids=frozenset(topic.pk for topic in profile.topics.all()),
        position_id=person.position_id,
        position_name=person.position.name,
        appointment_date=person.appointment_date,
        site_ids=frozenset({person.site_id, *(site.pk for site in profile.sites.all())}),
        gender=_consented(person, person.gender),
        race_ethnicity=_consented(person, person.race_ethnicity),
        newcomer=person.new_to_country,
        trained_elsewhere=not person.trained_here,
    )


@dataclass(frozen=True)
class Candidate:
    mentor: FacultyMember
    score: Score

    @property
    def free(self) -> int:
        return free_slots(self.mentor)


@dataclass(frozen=True)
class Excluded:
    mentor: FacultyMember
    code: str
    reason: str


@dataclass
class Recommendations:
    mentee: FacultyMember
    needs: MenteeNeeds | None
    kind: str
    candidates: list[Candidate]
    excluded: list[Excluded]

    @property
    def top_two(self) -> list[Candidate]:
        return self.candidates[:2]

    @property
    def shortlist(self) -> list[Candidate]:
        return self.candidates[:SHORTLIST]


@dataclass
class Pool:
    """A department's mentors and everything needed to rank them for some mentees."""

    department: Department
    mentors: list[FacultyMember]
    facts: dict[int, MentorFacts]
    rules: RuleBook
    needs: dict[int, MenteeNeeds]
    weights: Weights
    topic_names: dict[int, str]
    on: datetime.date

    @classmethod
    def load(cls, department: Department, mentees: Sequence[FacultyMember],
             on: datetime.date | None = None) -> Pool:
        on = on or today()
        mentors = list(mentor_candidates(department, on))
        return cls(
            department=department, mentors=mentors,
            facts={m.pk: mentor_facts(m) for m in mentors},
            rules=RuleBook.for_mentees(mentees, department, on),
            needs=needs_by_person(mentees),
            weights=weights_for(department),
            topic_names=dict(Topic.objects.values_list("pk", "name")),
            on=on,
        )

    def weights_for_kind(self, kind: str) -> Weights:
        return self.weights if kind == FORMAL else BUDDY_WEIGHTS

    def score(self, mentee: FacultyMember, mentor: FacultyMember, kind: str = FORMAL) -> Score:
        facts = mentee_facts(mentee, self.needs.get(mentee.pk))
        return score(facts, self.facts[mentor.pk], weights=self.weights_for_kind(kind),
                     topic_names=self.topic_names, on=self.on)

    def recommend(self, mentee: FacultyMember, kind: str = FORMAL) -> Recommendations:
        facts = mentee_facts(mentee, self.needs.get(mentee.pk))
        weights = self.weights_for_kind(kind)
        candidates, excluded = [], []
        for mentor in self.mentors:
            rule = self.rules.exclusion(mentee, mentor, kind)
            if rule is not None:
                if rule[0] != "self":
                    excluded.append(Excluded(mentor, *rule))
                continue
            candidates.append(Candidate(mentor, score(
                facts, self.facts[mentor.pk], weights=weights, topic_names=self.topic_names,
                on=self.on)))
        candidates.sort(key=lambda c: (-c.score.total, c.mentor.pk))
        # Overseers first (the rule people ask about), then by name.
        excluded.sort(key=lambda e: (e.code != "oversees", e.mentor.full_name))
        return Recommendations(mentee=mentee, needs=self.needs.get(mentee.pk), kind=kind,
                               candidates=candidates, excluded=excluded)


def recommendations_for(mentee: FacultyMember, kind: str = FORMAL,
                        on: datetime.date | None = None) -> Recommendations:
    """One mentee's ranked candidates and the excluded with reasons (fixed queries)."""
    return Pool.load(mentee.department, [mentee], on).recommend(mentee, kind)


def open_proposals_by_mentee(mentees: Iterable[FacultyMember]) -> dict[int, list[Proposal]]:
    found: dict[int, list[Proposal]] = {}
    for proposal in (Proposal.objects.filter(mentee__in=[m.pk for m in mentees],
                                             state=Proposal.State.OPEN)
                     .select_related("mentor__user").order_by("created_at")):
        found.setdefault(proposal.mentee_id, []).append(proposal)
    return found
