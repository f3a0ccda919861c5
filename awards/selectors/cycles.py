"""Reads for cycles: the awards index, one cycle, the ranked results, the recognition wall."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, OuterRef, Prefetch, Q

from awards import access
from awards.models import (
    Award,
    AwardCycle,
    CommitteeMember,
    CriterionScore,
    Nomination,
    Phase,
    Recognition,
    RubricCriterion,
)
from programs.access import Viewer


def cycles_for(viewer: Viewer, on: datetime.date) -> list[AwardCycle]:
    """Every cycle the viewer may see, newest first, with its awards, whether the viewer
    sits on its committee and how many nominations they made in it. Two queries."""
    person_id = viewer.faculty.pk if viewer.faculty is not None else None
    cycles = list(access.cycles_visible_to(viewer)
                  .annotate(on_committee=Exists(CommitteeMember.objects.filter(
                      cycle=OuterRef("pk"), person_id=person_id)),
                            my_nominations=Count("awards__nominations", filter=Q(
                                awards__nominations__nominator_id=person_id)))
                  .prefetch_related(Prefetch("awards", queryset=Award.objects.select_related(
                      "division")))
                  .order_by("-nominations_open", "-pk"))
    for cycle in cycles:
        cycle.current_phase = cycle.phase(on)
        cycle.current_phase_label = Phase(cycle.current_phase).label
    return cycles


def cycle_overview(cycle: AwardCycle) -> dict:
    """The awards (with how many nominations each), the rubric and the committee. Three
    queries."""
    awards = list(cycle.awards.select_related("division")
                  .annotate(nomination_count=Count("nominations")))
    return {
        "awards": awards,
        "rubric": list(cycle.rubric.all()),
        "committee": list(cycle.committee.select_related("person__user", "person__division")),
        "nomination_total": sum(award.nomination_count for award in awards),
    }


def my_nominations(viewer: Viewer, cycle: AwardCycle) -> list[Nomination]:
    if viewer.faculty is None:
        return []
    return list(Nomination.objects.filter(award__cycle=cycle, nominator=viewer.faculty)
                .select_related("award", "nominee__user").annotate(letter_count=Count("letters")))


@dataclass
class RankedNomination:
    nomination: Nomination
    scorecards: int
    mean_total: float | None
    criterion_means: list[float | None] = field(default_factory=list)
    rank: int | None = None


@dataclass
class AwardResults:
    award: Award
    rows: list[RankedNomination]


def ranked_results(cycle: AwardCycle) -> tuple[list[RubricCriterion], list[AwardResults]]:
    """Per award, its nominations ranked by the mean of their scorecards' totals (the ones
    nobody scored last), with the mean per criterion. Four queries, however many."""
    criteria = list(cycle.rubric.all())
    nominations = list(
        Nomination.objects.filter(award__cycle=cycle)
        .select_related("award__division", "nominee__user", "nominee__division",
                        "nominator__user")
        .annotate(scorecard_count=Count("scorecards"), mean_total=Avg("scorecards__total")))
    means = defaultdict(dict)
    for nomination_id, criterion_id, mean in (
            CriterionScore.objects.filter(scorecard__nomination__award__cycle=cycle)
            .values("scorecard__nomination_id", "criterion_id").annotate(mean=Avg("points"))
            .order_by().values_list("scorecard__nomination_id", "criterion_id", "mean")):
        means[nomination_id][criterion_id] = float(mean)
    by_award: dict[int, AwardResults] = {}
    for award in cycle.awards.select_related("division"):
        by_award[award.pk] = AwardResults(award, [])
    for nomination in nominations:
        by_award[nomination.award_id].rows.append(RankedNomination(
            nomination, nomination.scorecard_count,
            float(nomination.mean_total) if nomination.mean_total is not None else None,
            [means[nomination.pk].get(c.pk) for c in criteria]))
    for results in by_award.values():
        results.rows.sort(key=lambda row: (row.mean_total is None, -(row.mean_total or 0),
                                           row.nomination.pk))
        rank, previous = 0, object()
        for index, row in enumerate(results.rows, start=1):
            if row.mean_total is None:
                continue
            if row.mean_total != previous:  # ties share a rank
                rank, previous = index, row.mean_total
            row.rank = rank
    return criteria, list(by_award.values())


@dataclass
class WallCycle:
    cycle: AwardCycle
    winners: list[Recognition]


def wall(viewer: Viewer) -> list[WallCycle]:
    """Published winners who have not opted out, newest cycle first. One query."""
    recognitions = (Recognition.objects
                    .filter(on_wall=True, award__cycle__published_at__isnull=False,
                            award__cycle__in=access.cycles_visible_to(viewer))
                    .select_related("award__cycle", "award__division", "person__user",
                                    "person__division")
                    .order_by("-award__cycle__published_at", "award__cycle_id",
                              "award__division__name", "award__name", "person__user__last_name"))
    grouped: dict[int, WallCycle] = {}
    for recognition in recognitions:
        cycle = recognition.award.cycle
        grouped.setdefault(cycle.pk, WallCycle(cycle, [])).winners.append(recognition)
    return list(grouped.values())


def own_recognitions(viewer: Viewer) -> list[Recognition]:
    """The viewer's own published wins, on the wall or not (they choose here). One query."""
    if viewer.faculty is None:
        return []
    return list(Recognition.objects.filter(person=viewer.faculty)
                .select_related("award__cycle").order_by("-published_at"))
