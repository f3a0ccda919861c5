"""The facilitator workspace of one division: who still needs a formal mentor (newest
first) with a top two each, newcomers who could use a buddy, and the proposals in flight.
A fixed number of queries however many people are listed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from matching.models import Proposal
from matching.rules import BUDDY, FORMAL
from matching.selectors.recommendations import Pool, Recommendations, open_proposals_by_mentee
from programs.dates import today
from programs.models import Division, FacultyMember, Mentorship

SHOWN = 50  # people listed at once; the page says how many more there are
STALLED_AFTER_DAYS = 14
BUDDY_WINDOW_DAYS = 730  # newcomers in their first two years


def _without(kind: str, on: datetime.date) -> Exists:
    return Exists(Mentorship.objects.active(on).filter(mentee=OuterRef("pk"), kind=kind))


def unmatched_in(division: Division, on: datetime.date | None = None) -> QuerySet:
    """Active early-career faculty of the division (by the department's career stages)
    without an active formal mentor, newest first."""
    on = on or today()
    early_from, _ = division.department.stage_cutoffs(on)
    return (FacultyMember.objects.filter(division=division,
                                         status=FacultyMember.Status.ACTIVE,
                                         appointment_date__gte=early_from)
            .exclude(_without(FORMAL, on))
            .select_related("user", "site", "position", "department", "division")
            .order_by("-appointment_date", "pk"))


def buddy_seekers(*, department_id: int, division: Division | None = None,
                  on: datetime.date | None = None) -> QuerySet:
    """Newcomers to the country or province, and those trained elsewhere, in their first
    two years and without a buddy (in a division, or the whole department)."""
    on = on or today()
    people = FacultyMember.objects.filter(department_id=department_id)
    if division is not None:
        people = people.filter(division=division)
    return (people.filter(
        status=FacultyMember.Status.ACTIVE,
        appointment_date__gte=on - datetime.timedelta(days=BUDDY_WINDOW_DAYS))
        .filter(Q(new_to_country=True) | Q(trained_here=False))
        .exclude(_without(BUDDY, on))
        .select_related("user", "site", "position", "department", "division")
        .order_by("-appointment_date", "pk"))


def stalled_proposals(division_ids, on: datetime.date | None = None) -> QuerySet:
    on = on or today()
    cutoff = datetime.datetime.combine(on - datetime.timedelta(days=STALLED_AFTER_DAYS),
                                       datetime.time.min, tzinfo=datetime.UTC)
    return Proposal.objects.filter(division_id__in=division_ids, state=Proposal.State.OPEN,
                                   created_at__lt=cutoff)


@dataclass
class Row:
    recommendations: Recommendations
    open_proposals: list[Proposal] = field(default_factory=list)

    @property
    def person(self) -> FacultyMember:
        return self.recommendations.mentee


@dataclass
class Workspace:
    division: Division
    unmatched: list[Row]
    unmatched_total: int
    buddies: list[Row]
    buddies_total: int
    proposals: list[Proposal]
    stalled_ids: set[int]


def workspace_of(division: Division, on: datetime.date | None = None) -> Workspace:
    on = on or today()
    unmatched_qs = unmatched_in(division, on)
    unmatched = list(unmatched_qs[:SHOWN])
    buddy_qs = buddy_seekers(department_id=division.department_id, division=division, on=on)
    buddies = list(buddy_qs[:SHOWN])
    everyone = {p.pk: p for p in [*unmatched, *buddies]}.values()
    pool = Pool.load(division.department, list(everyone), on)
    open_by_mentee = open_proposals_by_mentee(everyone)
    proposals = list(
        Proposal.objects.filter(division=division, state=Proposal.State.OPEN)
        .select_related("mentee__user", "mentor__user").order_by("created_at"))
    stalled_before = on - datetime.timedelta(days=STALLED_AFTER_DAYS)
    formal = pool.recommend_many(unmatched, FORMAL, limit=2, with_excluded=False)
    buddy = pool.recommend_many(buddies, BUDDY, limit=2, with_excluded=False)
    return Workspace(
        division=division,
        unmatched=[Row(recs, [x for x in open_by_mentee.get(recs.mentee.pk, [])
                              if x.kind == FORMAL]) for recs in formal],
        unmatched_total=unmatched_qs.count() if len(unmatched) == SHOWN else len(unmatched),
        buddies=[Row(recs, [x for x in open_by_mentee.get(recs.mentee.pk, [])
                            if x.kind == BUDDY]) for recs in buddy],
        buddies_total=buddy_qs.count() if len(buddies) == SHOWN else len(buddies),
        proposals=proposals,
        stalled_ids={p.pk for p in proposals if p.created_at.date() < stalled_before},
    )
