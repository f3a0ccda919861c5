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

import numpy as np
from django.db.models import Prefetch

from matching.models import MenteeNeeds, MentorProfile, NeedTopic, Proposal, ScoreWeights
from matching.rules import (
    FORMAL,
    MentorRow,
    RuleBook,
    free_slots,
    mentor_candidates,
    mentor_row,
)
from matching.scoring import (
    BUDDY_WEIGHTS,
    MenteeFacts,
    MentorFacts,
    Score,
    Weights,
    score,
    score_matrix,
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


def mentor_facts(values: dict, topic_ids: set[int], site_ids: set[int]) -> MentorFacts:
    """From a `mentor_candidates` row and the offer's topics and sites."""
    consented = values["demographics_consent"]
    return MentorFacts(
        id=values["pk"],
        topic_ids=frozenset(topic_ids),
        position_id=values["position_id"],
        position_name=values["position__name"],
        appointment_date=values["appointment_date"],
        site_ids=frozenset({values["site_id"], *site_ids}),
        gender=values["gender"] if consented else "",
        race_ethnicity=values["race_ethnicity"] if consented else "",
        newcomer=values["new_to_country"],
        trained_elsewhere=not values["trained_here"],
    )


def _offer_links(through, department: Department, column: str) -> dict[int, set[int]]:
    found: dict[int, set[int]] = {}
    for faculty_id, value in (through.objects
                              .filter(mentorprofile__faculty__department=department)
                              .values_list("mentorprofile__faculty_id", column)):
        found.setdefault(faculty_id, set()).add(value)
    return found


@dataclass(frozen=True)
class Candidate:
    mentor: FacultyMember
    score: Score

    @property
    def free(self) -> int:
        return free_slots(self.mentor)


@dataclass(frozen=True)
class Excluded:
    mentor: MentorRow  # a name and an id are all the page shows
    code: str
    reason: str


@dataclass
class Recommendations:
    mentee: FacultyMember
    needs: MenteeNeeds | None
    kind: str
    candidates: list[Candidate]  # the best `limit`, best first, each explained
    excluded: list[Excluded]
    eligible_ids: list[int]  # everyone who passes the rules, best first

    @property
    def eligible_count(self) -> int:
        return len(self.eligible_ids)

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
    mentors: list[MentorRow]
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
        rows = list(mentor_candidates(department, on))
        topics = _offer_links(MentorProfile.topics.through, department, "topic_id")
        sites = _offer_links(MentorProfile.sites.through, department, "site_id")
        return cls(
            department=department, mentors=[mentor_row(values) for values in rows],
            facts={values["pk"]: mentor_facts(values, topics.get(values["pk"], set()),
                                              sites.get(values["pk"], set()))
                   for values in rows},
            rules=RuleBook.for_mentees(mentees, department, on),
            needs=needs_by_person(mentees),
            weights=weights_for(department),
            topic_names=dict(Topic.objects.values_list("pk", "name")),
            on=on,
        )

    def shown(self, ids: Iterable[int]) -> dict[int, FacultyMember]:
        """The mentors a page names, as model instances with their offer and `load`
        (one query, however many)."""
        load = {mentor.pk: mentor.load for mentor in self.mentors}
        people = (FacultyMember.objects.filter(pk__in=set(ids))
                  .select_related("user", "site", "position", "division", "mentor_profile"))
        for person in people:
            person.load = load.get(person.pk, 0)
        return {person.pk: person for person in people}

    def weights_for_kind(self, kind: str) -> Weights:
        return self.weights if kind == FORMAL else BUDDY_WEIGHTS

    def score(self, mentee: FacultyMember, mentor: FacultyMember, kind: str = FORMAL) -> Score:
        facts = mentee_facts(mentee, self.needs.get(mentee.pk))
        return score(facts, self.facts[mentor.pk], weights=self.weights_for_kind(kind),
                     topic_names=self.topic_names, on=self.on)

    def recommend_many(self, mentees: Sequence[FacultyMember], kind: str = FORMAL, *,
                       limit: int = SHORTLIST, with_excluded: bool = True
                       ) -> list[Recommendations]:
        """Every mentor ranked for each mentee at once (NumPy, `score_matrix` and the rules'
        mask); only the best `limit` of each are explained in words."""
        weights = self.weights_for_kind(kind)
        facts = [mentee_facts(mentee, self.needs.get(mentee.pk)) for mentee in mentees]
        mentor_facts_list = [self.facts[m.pk] for m in self.mentors]
        totals = score_matrix(facts, mentor_facts_list, weights=weights, on=self.on)
        allowed = self.rules.allowed_matrix(list(mentees), self.mentors, kind)
        ids = np.array([m.pk for m in self.mentors])
        ranked, dropped = [], []
        for i, mentee in enumerate(mentees):
            eligible = np.flatnonzero(allowed[i])
            # Best first; ties by id, so the order is stable.
            order = eligible[np.lexsort((ids[eligible], -np.round(totals[i, eligible], 6)))]
            ranked.append(order)
            rules = []
            if with_excluded:
                for j in np.flatnonzero(~allowed[i]):
                    rule = self.rules.exclusion(mentee, self.mentors[j], kind)
                    if rule is not None and rule[0] != "self":
                        rules.append((int(j), *rule))
            dropped.append(rules)
        shown = self.shown([int(ids[j]) for order in ranked for j in order[:limit]])
        found = []
        for i, mentee in enumerate(mentees):
            candidates = [Candidate(shown[int(ids[j])], score(
                facts[i], mentor_facts_list[j], weights=weights,
                topic_names=self.topic_names, on=self.on)) for j in ranked[i][:limit]]
            excluded = [Excluded(self.mentors[j], code, reason)
                        for j, code, reason in dropped[i]]
            # Overseers first (the rule people ask about), then by name.
            excluded.sort(key=lambda e: (e.code != "oversees", e.mentor.full_name))
            found.append(Recommendations(
                mentee=mentee, needs=self.needs.get(mentee.pk), kind=kind,
                candidates=candidates, excluded=excluded,
                eligible_ids=[int(ids[j]) for j in ranked[i]]))
        return found

    def recommend(self, mentee: FacultyMember, kind: str = FORMAL, *,
                  limit: int = SHORTLIST) -> Recommendations:
        return self.recommend_many([mentee], kind, limit=limit)[0]


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
