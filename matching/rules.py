"""The hard rules of matching, in one place, on top of programs.rules.

A pair that breaks one is never recommended, never put in a cohort run and never
accepted. programs.rules already refuses self, a duplicate active pair, an overseer as
formal mentor, a mentor below the department's minimum rank and a departed person; this
module adds what matters only for a new match (on leave, no offer, closed, full) and
answers for many pairs at once, with each exclusion's reason in words, so the
facilitator can list who was left out and why.

Formal mentors take a slot of their capacity; buddies are lighter and take none, and
the oversight and rank rules, which protect a formal mentee, do not apply to them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from django.db.models import Count, Q, QuerySet

from programs.dates import today
from programs.models import Department, FacultyMember, Mentorship
from programs.rules import below_min_rank, overseers_of

FORMAL = Mentorship.Kind.FORMAL
BUDDY = Mentorship.Kind.BUDDY


class MatchRuleError(Exception):
    """A match refused by a hard rule; `code` says which (full, closed, on_leave, ...)."""

    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def active_load_filter(on: datetime.date) -> Q:
    """Active formal mentorships as mentor: what counts against capacity."""
    return Q(mentorships_as_mentor__kind=FORMAL,
             mentorships_as_mentor__start_date__lte=on) & (
        Q(mentorships_as_mentor__end_date__isnull=True)
        | Q(mentorships_as_mentor__end_date__gt=on))


@dataclass(frozen=True)
class Offer:
    capacity: int
    is_open: bool


@dataclass(frozen=True)
class MentorRow:
    """What the rules and the scores read about one mentor, without a model instance:
    ranking a department's 3,000 mentors must not build 20,000 ORM objects."""

    pk: int
    first_name: str
    last_name: str
    status: str
    rank: str
    load: int
    mentor_profile: Offer

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def full_name(self) -> str:
        return str(self)

    def get_rank_display(self) -> str:
        return str(FacultyMember.Rank(self.rank).label) if self.rank else ""


MENTOR_FIELDS = ("pk", "user__first_name", "user__last_name", "status", "rank", "position_id",
                 "position__name", "appointment_date", "site_id", "new_to_country",
                 "trained_here", "demographics_consent", "gender", "race_ethnicity",
                 "mentor_profile__capacity", "mentor_profile__is_open")


def mentor_candidates(department: Department, on: datetime.date | None = None) -> QuerySet:
    """Everyone in the department who has offered to mentor, as dicts of MENTOR_FIELDS
    with their current formal load (`load`), in one query however many there are."""
    on = on or today()
    return (
        FacultyMember.objects.filter(department=department, mentor_profile__isnull=False)
        .annotate(load=Count("mentorships_as_mentor", filter=active_load_filter(on),
                             distinct=True))
        .order_by("pk").values(*MENTOR_FIELDS, "load")
    )


def mentor_row(values: dict) -> MentorRow:
    return MentorRow(pk=values["pk"], first_name=values["user__first_name"],
                     last_name=values["user__last_name"], status=values["status"],
                     rank=values["rank"], load=values["load"],
                     mentor_profile=Offer(values["mentor_profile__capacity"],
                                          values["mentor_profile__is_open"]))


def free_slots(mentor) -> int:
    """A MentorRow, or a FacultyMember with `load` and its offer loaded."""
    return max(0, mentor.mentor_profile.capacity - mentor.load)


@dataclass(frozen=True)
class Exclusion:
    mentor: FacultyMember
    code: str
    reason: str


@dataclass
class RuleBook:
    """What the rules need for a set of mentees, loaded once (three queries)."""

    overseers: dict[int, dict[int, str]]
    active_pairs: set[tuple[int, int]]
    department: Department

    @classmethod
    def for_mentees(cls, mentees: Iterable[FacultyMember], department: Department,
                    on: datetime.date | None = None) -> RuleBook:
        mentees = list(mentees)
        pairs = set(
            Mentorship.objects.active(on).filter(mentee__in=[m.pk for m in mentees])
            .values_list("mentee_id", "mentor_id")
        )
        return cls(overseers=overseers_of(mentees, on), active_pairs=pairs,
                   department=department)

    def exclusion(self, mentee: FacultyMember, mentor: FacultyMember, kind: str = FORMAL
                  ) -> tuple[str, str] | None:
        """(code, reason) for the first hard rule this pair breaks, or None.

        `mentor` comes from `mentor_candidates` (offer and load loaded)."""
        if mentee.pk == mentor.pk:
            return "self", "is the mentee themself"
        if mentor.status == FacultyMember.Status.DEPARTED:
            return "departed", "has left the department"
        if mentor.status == FacultyMember.Status.ON_LEAVE:
            return "on_leave", "is on leave"
        if (mentee.pk, mentor.pk) in self.active_pairs:
            return "duplicate", f"already mentors {mentee}"
        if kind == FORMAL:
            why = self.overseers.get(mentee.pk, {}).get(mentor.pk)
            if why:
                return "oversees", f"oversees the mentee ({why})"
            if below_min_rank(mentor, self.department):
                return "rank", (
                    f"is a {mentor.get_rank_display()}, below the department's minimum for "
                    f"formal mentors ({self.department.get_formal_mentor_min_rank_display()})")
            profile = mentor.mentor_profile
            if not profile.is_open:
                return "closed", "is not taking new mentees"
            if free_slots(mentor) == 0:
                return "full", (f"is at capacity ({mentor.load} of {profile.capacity} "
                                "mentees)")
        return None


    def allowed_matrix(self, mentees: list[FacultyMember], mentors: list[FacultyMember],
                       kind: str = FORMAL) -> np.ndarray:
        """allowed[i, j]: whether `exclusion(mentees[i], mentors[j], kind)` is None, for a
        whole cohort at once (per mentor, then the few pairs the rules name)."""
        Status = FacultyMember.Status
        per_mentor = np.array([mentor.status == Status.ACTIVE for mentor in mentors],
                              dtype=bool)
        if kind == FORMAL:
            per_mentor &= np.array([
                not below_min_rank(mentor, self.department) and mentor.mentor_profile.is_open
                and free_slots(mentor) > 0 for mentor in mentors], dtype=bool)
        allowed = np.repeat(per_mentor[None, :], len(mentees), axis=0)
        column = {mentor.pk: j for j, mentor in enumerate(mentors)}
        paired: dict[int, set[int]] = {}
        for mentee_id, mentor_id in self.active_pairs:
            paired.setdefault(mentee_id, set()).add(mentor_id)
        for i, mentee in enumerate(mentees):
            named = {mentee.pk} | paired.get(mentee.pk, set())
            if kind == FORMAL:
                named |= set(self.overseers.get(mentee.pk, {}))
            for mentor_id in named:
                if mentor_id in column:
                    allowed[i, column[mentor_id]] = False
        return allowed


def check_match(*, mentee: FacultyMember, mentor: FacultyMember, kind: str,
                load: int) -> None:
    """The rules for one pair at the moment it becomes a mentorship; `load` is the
    mentor's current formal load, read under a row lock by the caller. programs.rules
    checks the rest when the mentorship is created."""
    if mentor.status == FacultyMember.Status.ON_LEAVE:
        raise MatchRuleError(f"{mentor} is on leave and cannot take a mentee now.", "on_leave")
    if mentee.status == FacultyMember.Status.ON_LEAVE:
        raise MatchRuleError(f"{mentee} is on leave; the match can wait for their return.",
                             "on_leave")
    if kind != FORMAL:
        return
    profile = getattr(mentor, "mentor_profile", None)
    if profile is None:
        raise MatchRuleError(f"{mentor} has not offered to mentor.", "no_offer")
    if not profile.is_open:
        raise MatchRuleError(f"{mentor} is not taking new mentees.", "closed")
    if load >= profile.capacity:
        raise MatchRuleError(
            f"{mentor} has no free place left: they already mentor {load} of the "
            f"{profile.capacity} mentees they offered to take. Another acceptance took the "
            "last place first; choose another mentor.", "full")


def mentor_load(mentor: FacultyMember, on: datetime.date | None = None) -> int:
    return Mentorship.objects.active(on).formal().filter(mentor=mentor).count()
